#include "app/call_executor.h"

#include <sqlite3.h>

#include <spdlog/spdlog.h>

#include "app/call_store.h"
#include "app/ledger_write_group.h"
#include "mcp/write_group.h"

namespace tally::app {

CallExecutor::CallExecutor(Options options, SQLite::Database& writer, const store::Clock& clock,
                           store::IdSource& ids)
    : options_(std::move(options)), writer_db_(writer), clock_(clock), ids_(ids) {
  threads_.emplace_back([this] { writer_loop(); });
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.readers); ++i)
    threads_.emplace_back([this] { reader_loop(); });
}

CallExecutor::~CallExecutor() { stop(); }

void CallExecutor::submit(bool write, Principal who, Work work, Done done) {
  {
    std::lock_guard lock(mu_);
    (write ? writes_ : reads_).push_back(Job{write, std::move(who), std::move(work), std::move(done), nullptr});
  }
  (write ? write_cv_ : read_cv_).notify_one();
}

void CallExecutor::on_writer(std::function<void(SQLite::Database&)> task) {
  {
    std::lock_guard lock(mu_);
    writes_.push_back(Job{true, {}, nullptr, nullptr, std::move(task)});
  }
  write_cv_.notify_one();
}

void CallExecutor::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  read_cv_.notify_all();
  write_cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

CallExecutor::Connection CallExecutor::open_reader() const {
  Connection c;
  // Read-only and query-only: a read tool that tried to write would fail loudly
  // here instead of taking the write lock behind the writer's back.
  c.owned = std::make_unique<SQLite::Database>(options_.db_path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  c.owned->exec("PRAGMA query_only = ON");
  c.owned->setBusyTimeout(5000);
  c.db = c.owned.get();
  return c;
}

bool CallExecutor::ready() const {
  try {
    Connection c = open_reader();
    SQLite::Statement q(*c.db, "SELECT count(*) FROM sqlite_schema");
    return q.executeStep();
  } catch (const std::exception& e) {
    spdlog::warn("readiness check failed: {}", e.what());
    return false;
  }
}

std::optional<mcp::json> CallExecutor::run(Connection& c, Job& job) {
  StoreScope scope(store::Store{*c.db, clock_, ids_, job.who.workspace_id, job.who.workspace, job.who.brand,
                                c.statements});
  scope.origin = job.who.origin;
  return job.work(&scope);
}

void CallExecutor::reader_loop() {
  std::optional<Connection> connection;  // opened on the first read: idle servers hold none
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      read_cv_.wait(lock, [&] { return stopping_ || !reads_.empty(); });
      if (reads_.empty()) return;
      job = std::move(reads_.front());
      reads_.pop_front();
    }
    std::optional<mcp::json> answer;
    try {
      if (!connection) connection = open_reader();
      answer = run(*connection, job);
    } catch (const std::exception& e) {
      spdlog::error("a read could not run: {}", e.what());
      answer = std::nullopt;
      connection.reset();
    }
    job.done(std::move(answer));
  }
}

void CallExecutor::writer_loop() {
  Connection connection;
  connection.db = &writer_db_;
  LedgerWriteGroup group(writer_db_);
  for (;;) {
    std::vector<Job> batch;
    {
      std::unique_lock lock(mu_);
      write_cv_.wait(lock, [&] { return stopping_ || !writes_.empty(); });
      if (writes_.empty()) return;
      // Calls that queued up behind each other share one commit (and one sync).
      while (!writes_.empty() && batch.size() < options_.max_group) {
        if (writes_.front().task && !batch.empty()) break;  // maintenance runs alone
        batch.push_back(std::move(writes_.front()));
        writes_.pop_front();
        if (batch.back().task) break;
      }
    }
    if (batch.front().task) {
      try {
        batch.front().task(writer_db_);
      } catch (const std::exception& e) {
        spdlog::warn("a writer task failed: {}", e.what());
      }
      continue;
    }
    std::vector<std::optional<mcp::json>> answers;
    answers.reserve(batch.size());
    const bool grouped = batch.size() > 1;
    bool durable = true;
    if (grouped) group.begin();
    for (auto& job : batch) {
      try {
        answers.push_back(run(connection, job));
      } catch (const std::exception& e) {
        spdlog::error("a write could not run: {}", e.what());
        answers.emplace_back(std::nullopt);
      }
    }
    if (grouped) durable = group.commit();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto& answer = answers[i];
      if (!durable && answer) answer = mcp::lost_write_answer(*answer, group.failure());
      batch[i].done(std::move(answer));
    }
  }
}

}  // namespace tally::app
