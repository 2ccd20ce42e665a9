#pragma once
// Where HTTP calls run (issue 16): reads in parallel on a pool of read-only
// connections (WAL snapshots), each thread with its own connection and
// statement cache, opened on first use; writes on the one writer connection,
// queued and group-committed, their answers released only after the commit.
// Each call is bound to its caller's workspace (Principal) on the connection
// of the thread that runs it.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "mcp/json_rpc.h"
#include "mcp/tool.h"
#include "store/clock.h"
#include "store/ids.h"
#include "store/statement_cache.h"

namespace tally::app {

/// The workspace (and affiliate brand) a credential gives access to.
struct Principal {
  std::int64_t workspace_id = 0;
  std::string workspace;
  std::string brand;
  /// Who called, for audit rows (issue 17: address, user agent, credential id); null over stdio.
  mcp::json origin = nullptr;
};

class CallExecutor {
 public:
  using Work = std::function<std::optional<mcp::json>(mcp::CallScope*)>;
  using Done = std::function<void(std::optional<mcp::json>)>;

  struct Options {
    std::string db_path;
    std::size_t readers = 4;
    std::size_t max_group = 128;
  };

  /// `writer` is the migrated ledger connection; this object owns its use from now on.
  CallExecutor(Options options, SQLite::Database& writer, const store::Clock& clock, store::IdSource& ids);
  ~CallExecutor();
  CallExecutor(const CallExecutor&) = delete;
  CallExecutor& operator=(const CallExecutor&) = delete;

  /// Queues `work` for a reader (write = false) or the writer; `done` gets its
  /// answer (a write's only once it is durable; a lost group's successes become errors).
  void submit(bool write, Principal who, Work work, Done done);
  /// Runs `task` on the writer thread with the writer connection (key last-used
  /// flushes, schedule catch-up): never on a read path.
  void on_writer(std::function<void(SQLite::Database&)> task);
  /// Whether a fresh read connection can open the ledger and answer (/readyz).
  bool ready() const;
  /// Finishes what is queued, then stops the threads.
  void stop();

 private:
  struct Job {
    bool write = false;
    Principal who;
    Work work;
    Done done;
    std::function<void(SQLite::Database&)> task;  // writer maintenance, instead of work
  };
  struct Connection {
    std::unique_ptr<SQLite::Database> owned;
    SQLite::Database* db = nullptr;
    std::shared_ptr<store::StatementCache> statements = std::make_shared<store::StatementCache>();
  };

  void reader_loop();
  void writer_loop();
  std::optional<mcp::json> run(Connection& c, Job& job);
  Connection open_reader() const;

  Options options_;
  SQLite::Database& writer_db_;
  const store::Clock& clock_;
  store::IdSource& ids_;

  std::mutex mu_;
  std::condition_variable read_cv_, write_cv_;
  std::deque<Job> reads_, writes_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tally::app
