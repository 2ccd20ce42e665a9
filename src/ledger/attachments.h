#pragma once
// An attachment is a link from a transaction or a draft to stored content
// (attachment_files.h): one row per link, in the caller's workspace. The same
// bytes attached twice to one record are one link; attached to two records,
// two links to one file. A draft's links move to its transaction when it posts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace tally::ledger {

struct Attachment {
  std::string id;  ///< att_…
  std::string sha256;
  std::string file_name;
  std::string mime_type;
  std::int64_t size = 0;
  std::string transaction_id;  ///< one of these two is set
  std::string draft_id;
  std::string created_at;
};

/// Which record: exactly one of the two.
struct AttachTarget {
  std::string transaction_id;
  std::string draft_id;
};

/// Checks the target exists in the workspace; ToolError otherwise.
void require_target(store::Store& st, const AttachTarget& target);

/// The existing link of these bytes to `target`, if any.
std::optional<Attachment> find_link(store::Store& st, const AttachTarget& target,
                                    const std::string& sha);

/// Inserts a link row (the file is already stored).
Attachment insert_link(store::Store& st, const AttachTarget& target, const std::string& sha,
                       const std::string& file_name, const std::string& mime_type,
                       std::int64_t size);

std::vector<Attachment> list_links(store::Store& st, const AttachTarget& target);

/// The link `id` in the workspace.
std::optional<Attachment> find_link_by_id(store::Store& st, const std::string& id);

/// Deletes the link; true when no link anywhere (any workspace) still names its content.
bool delete_link(store::Store& st, const Attachment& link);

/// A link of the workspace to `sha` (how resources and pages find content).
std::optional<Attachment> find_by_sha(store::Store& st, const std::string& sha);

/// Moves a draft's links to the transaction it posted as (draft_posting.cc).
void move_draft_links(store::Store& st, const std::string& draft_id,
                      const std::string& transaction_id);

/// Every distinct stored hash (all workspaces) with its size, for doctor and backup.
std::vector<std::pair<std::string, std::int64_t>> all_stored(SQLite::Database& db);

}  // namespace tally::ledger
