// `tally serve --http`: the same tools over Streamable HTTP (issue 16).
#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "app/call_executor.h"
#include "cli/commands.h"
#include "http/server.h"
#include "mcp/dispatcher.h"
#include "mcp/http_endpoint.h"
#include "store/database.h"
#include "store/statistics.h"
#include "web/routes.h"

namespace tally::cli {

namespace {

struct Listen {
  std::string host = "127.0.0.1";
  unsigned short port = 8765;
};

Listen parse_listen(const std::string& text) {
  Listen l;
  std::string port = text;
  if (auto colon = text.rfind(':'); colon != std::string::npos) {
    l.host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (l.host.size() > 2 && l.host.front() == '[' && l.host.back() == ']') l.host = l.host.substr(1, l.host.size() - 2);
    if (l.host == "localhost") l.host = "127.0.0.1";
  }
  char* end = nullptr;
  long p = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p < 0 || p > 65535)
    throw std::invalid_argument("--http takes [HOST:]PORT, e.g. 8765 or 127.0.0.1:8765; \"" + text + "\" is not one");
  l.port = static_cast<unsigned short>(p);
  return l;
}

bool is_loopback_address(const std::string& host) { return host.rfind("127.", 0) == 0 || host == "::1"; }

}  // namespace

int serve_http(const ServeOptions& options) {
  const sigset_t signals = block_stop_signals();

  const HttpServeOptions& web = options.http;
  const Listen listen = parse_listen(web.listen);
  const bool loopback = is_loopback_address(listen.host);

  app::Runtime runtime(options.runtime);
  if (!runtime.backup_path().empty()) spdlog::info("ledger backed up to {} before migrating", runtime.backup_path());
#ifdef TALLY_TEST_TOOLS
  runtime.registry().set_check_output(true);
#endif

  web::Routes routes(runtime, web, loopback);  // auth, keys and the routes' checks
  if (!loopback && !routes.auth_on())
    throw std::invalid_argument(
        "refusing to listen on " + listen.host +
        " without authentication: anyone who can reach it could read and change the ledger. Create a key "
        "(`tally keys create --name NAME`) or give --oauth-issuer; without either, Tally serves only a loopback "
        "address such as 127.0.0.1");
  if (!loopback && web.public_url.empty())
    throw std::invalid_argument("--public-url is needed to serve on " + listen.host +
                                " (the URL clients use, e.g. https://books.example.com): it is the MCP resource "
                                "that tokens are checked against and the Host that requests must name");

  mcp::DispatchOptions dispatch_options;
  dispatch_options.info = server_info(runtime);
  dispatch_options.page_size = options.page_size;
  dispatch_options.private_lists = [&routes] { return routes.auth_on(); };
  mcp::Dispatcher dispatcher(std::move(dispatch_options), runtime.registry(), runtime.offerings());

  if (store::is_read_only(runtime.db()))
    spdlog::warn(
        "the ledger {} is read-only for you: reads answer; writes are refused, and schedules "
        "wait, until it is writable",
        options.runtime.db_path);
  // Recurring transactions (issue 20): created before the first answer, while
  // this thread still has the writer; then on the writer, on the minute's tick.
  for (const auto& line : runtime.catch_up(runtime.db())) spdlog::info("{}", line);

  app::CallExecutor::Options exec_options;
  exec_options.db_path = options.runtime.db_path;
  exec_options.readers = web.readers;
  app::CallExecutor executor(exec_options, runtime.db(), runtime.store().clock, runtime.store().ids);
  mcp::HttpEndpoint endpoint(dispatcher);

  http::Options http_options;
  http_options.host = listen.host;
  http_options.port = listen.port;
  http_options.tls_cert = web.tls_cert;
  http_options.tls_key = web.tls_key;
  http_options.sse_keepalive = std::chrono::milliseconds(web.sse_keepalive_ms);
  // The access log is written whatever --log-level says: one line per request, to
  // the same place as the other logs (stderr or --log-file).
  http_options.access_log = options.log.file.empty() ? spdlog::stderr_logger_mt("access")
                                                     : spdlog::basic_logger_mt("access", options.log.file);
  http_options.access_log->set_level(spdlog::level::info);
  http_options.access_log->set_pattern("%Y-%m-%dT%H:%M:%S.%e %v");
  http::Server server(http_options, routes.router(endpoint, executor));

  const std::string scheme = web.tls_cert.empty() ? "http" : "https";
  routes.set_default_public_url(scheme + "://127.0.0.1:" + std::to_string(server.port()));
  std::fprintf(stderr, "tally: serving MCP at %s://%s:%u/mcp (ledger %s)\n", scheme.c_str(),
               listen.host.find(':') != std::string::npos ? ("[" + listen.host + "]").c_str() : listen.host.c_str(),
               server.port(), options.runtime.db_path.c_str());
  if (!routes.auth_on())
    std::fputs("tally: no API key or OAuth issuer is configured, so every account on this machine can use this "
               "server; it listens only on loopback. `tally keys create` turns authentication on.\n",
               stderr);
  std::fflush(stderr);
  if (web.on_listening) web.on_listening(server.port());
  runtime.registry().prefetch();  // listening: now the tools, before the first client asks

  std::shared_ptr<void> postbacks = start_postback_sender(options, runtime);

  // Keys' last use is written from the writer, at most once a minute: reads never write.
  std::mutex tick_mu;
  std::condition_variable tick_cv;
  bool done = false;
  std::thread ticker([&] {
    std::unique_lock lock(tick_mu);
    while (!tick_cv.wait_for(lock, std::chrono::minutes(1), [&] { return done; })) {
      executor.on_writer([&routes](SQLite::Database& db) { routes.flush_due(db); });
      executor.on_writer([&runtime](SQLite::Database& db) {
        for (const auto& line : runtime.catch_up(db)) spdlog::info("{}", line);
      });
    }
  });

  std::thread([&, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {}: stopping", sig);
    // Stop accepting and let calls in flight finish (up to 10 s); held listens end
    // with their closing result.
    endpoint.close_listens();
    server.stop(std::chrono::seconds(10));
  }).detach();

  server.run();
  {
    std::lock_guard lock(tick_mu);
    done = true;
  }
  tick_cv.notify_all();
  ticker.join();
  postbacks.reset();  // ends a delivery in progress and gives up the lease for the next server
  dispatcher.stop();  // what still runs past the grace period is cancelled and rolled back
  executor.stop();
  routes.flush(runtime.db());
  if (!options.runtime.read_only)  // statistics for a ledger grown by tool calls
    if (std::string e = store::refresh_statistics(runtime.db()); !e.empty())
      spdlog::warn("planner statistics not refreshed: {}", e);
  return 0;
}

}  // namespace tally::cli
