#include "ledger/attachment_doctor.h"

#include <SQLiteCpp/Statement.h>

#include "ledger/attachment_content.h"
#include "ledger/attachment_files.h"
#include "ledger/attachments.h"
#include "mcp/tool.h"

namespace tally::ledger {

std::vector<std::string> check_attachments(store::Store& st) {
  std::vector<std::string> problems;
  if (!st.db.tableExists("attachment")) return problems;
  const std::string folder = attachments_folder(st.db.getFilename());
  for (const auto& [sha, size] : all_stored(st.db)) {
    std::string bytes;
    try {
      bytes = read_attachment_file(folder, sha);
    } catch (const mcp::ToolError&) {
      problems.push_back("attachment " + sha + " is missing from " + folder +
                         " (restore it from a backup, or attach the same file again)");
      continue;
    }
    if (sha256_hex(bytes) != sha)
      problems.push_back("attachment " + sha + " in " + folder +
                         " was changed: its content no longer matches its "
                         "SHA-256 (restore it from a backup)");
    else if (static_cast<std::int64_t>(bytes.size()) != size)
      problems.push_back("attachment " + sha + " is " + std::to_string(bytes.size()) +
                         " bytes, its rows say " + std::to_string(size));
  }
  SQLite::Statement orphans(
      st.db,
      "SELECT a.id, a.draft_id FROM attachment a WHERE a.draft_id IS NOT NULL AND NOT EXISTS "
      "(SELECT 1 FROM txn_draft d WHERE d.id = a.draft_id AND d.ws = a.ws) LIMIT 20");
  while (orphans.executeStep())
    problems.push_back("attachment " + orphans.getColumn(0).getString() + " links draft " +
                       orphans.getColumn(1).getString() + ", which does not exist");
  return problems;
}

}  // namespace tally::ledger
