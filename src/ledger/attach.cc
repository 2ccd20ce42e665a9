#include "ledger/attach.h"

#include "ledger/attachment_content.h"
#include "ledger/attachment_files.h"
#include "mcp/tool.h"
#include "util/text.h"

namespace tally::ledger {

using mcp::json;
using mcp::ToolError;

std::string folder_of(store::Store& st) {
  const std::string path = st.db.getFilename();
  if (path.empty() || path == ":memory:")
    throw ToolError("attachments need a ledger file (this ledger is in memory)");
  return attachments_folder(path);
}

std::string attachment_uri(const std::string& sha) {
  return "tally://attachments/" + sha;
}

Attached attach_content(store::Store& st, const AttachTarget& target, const std::string& bytes,
                        const std::string& file_name) {
  if (file_name.empty()) throw ToolError("fileName: must not be empty");
  if (file_name[0] == '.')
    throw ToolError("fileName: \"" + file_name +
                    "\" is a dotfile; hidden files are never attached");
  if (file_name.find('/') != std::string::npos || file_name.find('\\') != std::string::npos)
    throw ToolError("fileName: \"" + file_name + "\" is a path; give only the file's name");
  if (auto problem = util::name_problem(file_name, 255); !problem.empty())
    throw ToolError("fileName: " + problem);
  if (bytes.empty()) throw ToolError("the file is empty; there is nothing to attach");
  if (bytes.size() > kMaxAttachmentBytes)
    throw ToolError("the file is " + std::to_string(bytes.size()) +
                    " bytes; attachments are at most 10 MiB (10485760 bytes)");
  auto mime = sniff_mime_type(bytes);
  if (!mime)
    throw ToolError("\"" + file_name +
                    "\" is not a PDF, PNG, JPEG, HEIC or UTF-8 text file (judged by its "
                    "content, not its name); only those are attached");
  require_target(st, target);
  const std::string sha = sha256_hex(bytes);
  const std::string folder = folder_of(st);
  // The file first (temporary name, fsync, rename), then the row: a crash in
  // between leaves at most a file nothing links, never a link to nothing. It
  // is written again when missing, so a lost file is restored by attaching it again.
  store_attachment_file(folder, sha, bytes);
  if (auto existing = find_link(st, target, sha)) return Attached{*existing, true};
  return Attached{
      insert_link(st, target, sha, file_name, *mime, static_cast<std::int64_t>(bytes.size())),
      false};
}

std::pair<Attachment, bool> detach(store::Store& st, const std::string& id) {
  auto link = find_link_by_id(st, id);
  if (!link) throw ToolError("Attachment not found: attachmentId \"" + id + "\"");
  const bool unused = delete_link(st, *link);
  // Removed under the write lock, so no attach of the same bytes runs in between;
  // if this transaction were rolled back after, doctor names the missing file and
  // attaching the same bytes again puts it back.
  if (unused) remove_attachment_file(folder_of(st), link->sha256);
  return {*link, unused};
}

void drop_draft_links(store::Store& st, const std::string& draft_id) {
  for (const auto& link : list_links(st, AttachTarget{"", draft_id})) detach(st, link.id);
}

json attachment_json(const Attachment& a) {
  json out{{"id", a.id},
           {"sha256", a.sha256},
           {"fileName", a.file_name},
           {"mimeType", a.mime_type},
           {"size", a.size},
           {"uri", attachment_uri(a.sha256)},
           {"createdAt", a.created_at}};
  if (!a.transaction_id.empty()) out["transactionId"] = a.transaction_id;
  if (!a.draft_id.empty()) out["draftId"] = a.draft_id;
  return out;
}

json attachment_output_schema() {
  json str{{"type", "string"}};
  return {{"type", "object"},
          {"properties",
           {{"id", str},
            {"sha256", str},
            {"fileName", str},
            {"mimeType", str},
            {"size", {{"type", "integer"}}},
            {"uri", str},
            {"createdAt", str},
            {"transactionId", str},
            {"draftId", str}}},
          {"required", {"id", "sha256", "fileName", "mimeType", "size", "uri", "createdAt"}}};
}

}  // namespace tally::ledger
