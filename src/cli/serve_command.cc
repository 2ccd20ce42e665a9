#include <condition_variable>
#include <csignal>
#include <mutex>
#include <cstdio>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "affiliate/postback_sender.h"
#include "app/ledger_write_group.h"
#include "cli/client_config.h"
#include "cli/commands.h"
#include "mcp/output.h"
#include "app/call_store.h"
#include "mcp/dispatcher.h"
#include "mcp/stdio_server.h"
#include "store/database.h"
#include "store/statistics.h"
#include "tally_version.h"


namespace tally::cli {

void configure_logging(const LogOptions& options) {
  std::shared_ptr<spdlog::logger> logger;
  if (!options.file.empty())
    logger = spdlog::basic_logger_mt("tally", options.file);
  else
    logger = spdlog::stderr_logger_mt("tally");
  logger->set_level(spdlog::level::from_str(options.level));
  spdlog::set_default_logger(logger);
}

mcp::ServerInfo server_info(const app::Runtime& runtime) {
  mcp::ServerInfo info;
  info.version = TALLY_VERSION;
  info.description =
      "Local double-entry ledger for personal spending, card rewards, invoicing and affiliate "
      "tracking, served from one SQLite file.";
  info.instructions = runtime.instructions();
  return info;
}

std::shared_ptr<void> start_postback_sender(const ServeOptions& options, app::Runtime& runtime) {
  bool affiliate = false;
  for (const auto& toolset : runtime.toolsets()) affiliate = affiliate || toolset.name == "affiliate";
  if (!affiliate || options.runtime.read_only) return nullptr;
  affiliate::SenderOptions sender;
  sender.delivery.allow_private = options.postbacks.allow_private;
  sender.retry.base_ms = options.postbacks.retry_base_ms;
  sender.retry.max_attempts = options.postbacks.attempts;
  return std::make_shared<affiliate::PostbackSender>(options.runtime.db_path, sender, runtime.store().clock);
}

sigset_t block_stop_signals() {
  // Signals go to one thread that asks the server to stop (sigwait); the others never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return signals;
}

int serve(const ServeOptions& options) {
  const sigset_t signals = block_stop_signals();

  app::Runtime runtime(options.runtime);
  if (!runtime.backup_path().empty())
    spdlog::info("ledger backed up to {} before migrating", runtime.backup_path());
#ifdef TALLY_TEST_TOOLS
  runtime.registry().set_check_output(true);  // test builds prove every result matches its schema
#endif
  if (isatty(STDIN_FILENO))
    std::fputs(connection_help(options.runtime.db_path).c_str(), stderr);

  mcp::DispatchOptions dispatch_options;
  dispatch_options.info = server_info(runtime);
  dispatch_options.page_size = options.page_size;
  mcp::Dispatcher dispatcher(std::move(dispatch_options), runtime.registry(), runtime.offerings());
  mcp::StdioOptions stdio_options;
  stdio_options.write_group = std::make_shared<app::LedgerWriteGroup>(runtime.db());
  mcp::Output out(STDOUT_FILENO);
  // stdio serves one workspace (--workspace) on one connection: every call binds to it.
  app::StoreScope scope(runtime.store());
  scope.attach_dirs = runtime.attach_dirs();
  mcp::StdioServer server(std::move(stdio_options), dispatcher, out, mcp::Binding{&scope, nullptr});

  std::shared_ptr<void> postbacks = start_postback_sender(options, runtime);

  if (store::is_read_only(runtime.db()))
    spdlog::warn(
        "the ledger {} is read-only for you: reads answer; writes are refused, and schedules "
        "wait, until it is writable",
        options.runtime.db_path);
  // Recurring transactions (issue 20): what came due is created before the first
  // answer, then once a minute on the worker, between calls.
  for (const auto& line : runtime.catch_up(runtime.db())) spdlog::info("{}", line);
  std::mutex tick_mu;
  std::condition_variable tick_cv;
  bool done = false;
  std::thread ticker([&] {
    std::unique_lock lock(tick_mu);
    while (!tick_cv.wait_for(lock, std::chrono::minutes(1), [&] { return done; }))
      server.on_worker([&runtime] {
        for (const auto& line : runtime.catch_up(runtime.db())) spdlog::info("{}", line);
      });
  });

  std::thread([&server, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {}: stopping", sig);
    server.stop();
  }).detach();

  server.serve(STDIN_FILENO);
  {
    std::lock_guard lock(tick_mu);
    done = true;
  }
  tick_cv.notify_all();
  ticker.join();
  postbacks.reset();  // ends a delivery in progress and gives up the lease for the next server
  // Statistics for a ledger grown by tool calls (off the per-call path; the
  // worker has finished, so this thread alone uses the connection).
  if (!options.runtime.read_only)
    if (std::string e = store::refresh_statistics(runtime.db()); !e.empty())
      spdlog::warn("planner statistics not refreshed: {}", e);
  if (server.stopping()) {
    // The reader thread may still be blocked in read(): end without unwinding under it.
    // The worker has finished, so any cancelled call's transaction was rolled back, and
    // every commit is already durable (synchronous=FULL); WAL needs no clean close.
    std::_Exit(0);
  }
  return 0;
}

}  // namespace tally::cli
