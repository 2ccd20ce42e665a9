#pragma once
// The attachment operations every surface shares (the MCP tools, `tally attach`,
// the inbox pages): store the content, then link it, inside the caller's write
// transaction; unlink, and drop the file when nothing links it any more.
#include <string>
#include <vector>

#include "ledger/attachments.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

struct Attached {
  Attachment attachment;
  bool deduplicated = false;  ///< the same bytes were already linked to this record
};

/// Checks `bytes` (size, type by content) and `file_name`, stores the file
/// beside the ledger and links it to `target`. The caller holds the write
/// transaction. ToolError for bad input, before anything is written.
Attached attach_content(store::Store& st, const AttachTarget& target, const std::string& bytes,
                        const std::string& file_name);

/// Removes link `id`; returns it, and whether its file went too.
std::pair<Attachment, bool> detach(store::Store& st, const std::string& id);

/// A deleted draft's links, and the files nothing else links.
void drop_draft_links(store::Store& st, const std::string& draft_id);

/// The attachments folder of the store's ledger; ToolError for an in-memory one.
std::string folder_of(store::Store& st);

/// `tally://attachments/<sha>`.
std::string attachment_uri(const std::string& sha);

/// {id, sha256, fileName, mimeType, size, transactionId | draftId, uri, createdAt}.
mcp::json attachment_json(const Attachment& a);
mcp::json attachment_output_schema();

}  // namespace tally::ledger
