#include "web/attachment_pages.h"

#include "ledger/attach.h"
#include "ledger/attachment_content.h"
#include "ledger/attachment_files.h"
#include "mcp/tool.h"
#include "web/html.h"

namespace tally::web {

namespace {

/// A file name as a header's quoted ASCII fallback: anything else becomes '_'.
std::string ascii_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7F && c != '"' && c != '\\') ? c : '_';
  }
  return out;
}

/// RFC 5987 percent-encoding for filename*.
std::string percent_encoded(const std::string& name) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '.' ||
        c == '-' || c == '_')
      out += c;
    else
      out += '%', out += hex[u >> 4], out += hex[u & 15];
  }
  return out;
}

}  // namespace

std::string attachments_html(store::Store& st, const ledger::AttachTarget& target) {
  if (!st.db.tableExists("attachment")) return "";
  auto links = ledger::list_links(st, target);
  if (links.empty()) return "";
  std::string h = "<h2>Attachments</h2><ul class=\"attachments\">";
  for (const auto& a : links)
    h += "<li><a href=\"/inbox/attachments/" + escape(a.sha256) + "\" download=\"" +
         escape(a.file_name) + "\">" + escape(a.file_name) + "</a> <small>" + escape(a.mime_type) +
         ", " + std::to_string(a.size) + " bytes</small></li>";
  return h + "</ul>";
}

std::optional<http::Response> attachment_download(store::Store& st, const std::string& sha) {
  if (!ledger::is_sha256_hex(sha)) return std::nullopt;
  auto link = ledger::find_by_sha(st, sha);
  if (!link) return std::nullopt;
  std::string bytes;
  try {
    bytes = ledger::read_attachment_file(ledger::folder_of(st), sha);
  } catch (const mcp::ToolError&) {
    return std::nullopt;
  }
  // Always a download, never rendered in the inbox's origin: a text or PDF
  // an assistant attached cannot run as a page here.
  return http::Response{
      200,
      {{"Content-Type", link->mime_type},
       {"Content-Disposition", "attachment; filename=\"" + ascii_name(link->file_name) +
                                   "\"; filename*=UTF-8''" + percent_encoded(link->file_name)},
       {"X-Content-Type-Options", "nosniff"},
       {"Content-Security-Policy", "default-src 'none'; sandbox"},
       {"Cache-Control", "no-store"}},
      std::move(bytes)};
}

}  // namespace tally::web
