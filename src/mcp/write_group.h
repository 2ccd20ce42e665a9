#pragma once
// Group commit (issue 9): when write calls queue up behind each other, the
// worker runs several of them inside one storage transaction and makes them
// durable with one sync, sending none of their answers before that sync. Each
// call is still its own unit: inside the group its writes are a savepoint
// (store::Transaction), so a failing or cancelled call undoes only itself.
// The protocol layer knows nothing of SQLite; the application supplies this.
#include <string>

#include "mcp/json_rpc.h"

namespace tally::mcp {

class WriteGroup {
 public:
  virtual ~WriteGroup() = default;
  /// Opens the group's transaction.
  virtual void begin() = 0;
  /// Makes every write of the group durable. False when the group was lost
  /// (rolled back by the storage engine or failing to commit): nothing of it
  /// is kept, and its answers must say so.
  [[nodiscard]] virtual bool commit() = 0;
  /// Why the last commit() failed, in words for a person ("the disk is full …"); "" if unknown.
  [[nodiscard]] virtual std::string failure() const { return ""; }
};

/// The answer to send for `answer` when its group was lost: a success must not
/// stand, so it becomes an internal error; errors stay as they were.
inline json lost_write_answer(const json& answer, const std::string& why = "") {
  if (!answer.contains("result")) return answer;
  return make_error(answer["id"], ErrorCode::kInternalError,
                    "Internal error: the ledger could not make this write durable" + (why.empty() ? "" : ": " + why) +
                        "; nothing was changed. The server log has the details.");
}

}  // namespace tally::mcp
