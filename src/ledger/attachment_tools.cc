#include "ledger/attachment_tools.h"

#include <filesystem>

#include "app/call_store.h"
#include "ledger/attach.h"
#include "ledger/attachment_content.h"
#include "ledger/attachment_files.h"
#include "ledger/tool_support.h"
#include "mcp/schema.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {

/// transactionId or draftId, exactly one.
AttachTarget target_of(const mcp::Args& a) {
  const bool txn = a.has("transactionId"), draft = a.has("draftId");
  if (txn == draft) throw ToolError("give either transactionId or draftId (exactly one)");
  return txn ? AttachTarget{a.str("transactionId"), ""} : AttachTarget{"", a.str("draftId")};
}

std::vector<s::Field> target_fields() {
  return {s::string("transactionId")
              .min_length(1)
              .max_length(64)
              .describe("a posted transaction (txn_…)"),
          s::string("draftId").min_length(1).max_length(64).describe(
              "a draft (drf_…); its attachments move to the transaction when it posts")};
}

/// The bytes and name a call gives: a file from an --attach-dir folder (stdio and
/// the command line only), or the content itself.
std::pair<std::string, std::string> content_of(const mcp::Args& a, mcp::CallContext& ctx) {
  const bool path = a.has("path"), inline_content = a.has("contentBase64");
  if (path == inline_content)
    throw ToolError("give either path or contentBase64 with fileName (exactly one)");
  if (path) {
    if (!app::origin_of(ctx).is_null())
      throw ToolError(
          "path: files on the server are never read over HTTP; send contentBase64 and fileName");
    auto* scope = dynamic_cast<app::StoreScope*>(ctx.scope);
    std::string bytes =
        read_user_file(a.str("path"), scope ? scope->attach_dirs : std::vector<std::string>{});
    std::string name = a.has("fileName") ? a.str("fileName")
                                         : std::filesystem::path(a.str("path")).filename().string();
    return {std::move(bytes), std::move(name)};
  }
  if (!a.has("fileName")) throw ToolError("fileName: required with contentBase64");
  const std::string& text = a.raw().at("contentBase64").get_ref<const std::string&>();
  if (text.size() > (kMaxAttachmentBytes + 2) / 3 * 4)
    throw ToolError(
        "contentBase64: the file is larger than 10 MiB; attachments are at most 10 MiB");
  auto bytes = base64_decode(text);
  if (!bytes)
    throw ToolError(
        "contentBase64: not valid base64 (RFC 4648: A–Z, a–z, 0–9, + and /, '=' padding, no "
        "spaces)");
  return {std::move(*bytes), a.str("fileName")};
}

}  // namespace

std::vector<mcp::ToolSpec> attachment_tools() {
  std::vector<mcp::ToolSpec> tools;
  std::vector<s::Field> attach_fields = target_fields();
  attach_fields.push_back(s::string("path").min_length(1).max_length(4096).describe(
      "a file inside a folder the user named with --attach-dir (stdio and the command line only; "
      "never over HTTP)"));
  attach_fields.push_back(s::string("contentBase64")
                              .min_length(1)
                              .describe("the file's bytes in base64 (up to 10 MiB decoded; over "
                                        "MCP a message is at most 4 MiB)"));
  attach_fields.push_back(
      s::string("fileName")
          .min_length(1)
          .max_length(255)
          .describe(
              "the name to show (required with contentBase64); the type is judged by the content"));
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_attach_file",
      .title = "Attach a receipt",
      .description = "Attach a receipt or other file (PDF, PNG, JPEG, HEIC or UTF-8 text, up to 10 "
                     "MiB) to a transaction "
                     "or a draft. Give transactionId or draftId, and contentBase64 with fileName "
                     "(or, from stdio and the "
                     "command line only, a path inside a folder named with --attach-dir). The type "
                     "is judged by the "
                     "content. Stored once per content (SHA-256); served as the resource "
                     "tally://attachments/{sha256}.",
      .input_schema = s::object_schema(attach_fields),
      .output_schema = object_output(
          {{"attachment", attachment_output_schema()}, {"deduplicated", {{"type", "boolean"}}}},
          {"attachment", "deduplicated"}),
      .annotations = mcp::kIdempotent,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        store::Transaction tx(st.db);
        AttachTarget target = target_of(a);
        require_target(st, target);  // before any file is read
        auto [bytes, name] = content_of(a, ctx);
        Attached done = attach_content(st, target, bytes, name);
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of({{"attachment", attachment_json(done.attachment)},
                               {"deduplicated", done.deduplicated}});
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_list_attachments",
      .title = "List attachments",
      .description = "The files attached to a transaction or a draft (transactionId or draftId), "
                     "oldest first, each "
                     "with its resource URI (tally://attachments/{sha256}).",
      .input_schema = s::object_schema(target_fields()),
      .output_schema = object_output(
          {{"attachments", {{"type", "array"}, {"items", attachment_output_schema()}}}},
          {"attachments"}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        AttachTarget target = target_of(a);
        require_target(st, target);
        json out = json::array();
        for (const auto& link : list_links(st, target)) out.push_back(attachment_json(link));
        return ToolResult::of({{"attachments", std::move(out)}});
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_detach_file",
      .title = "Detach a file",
      .description = "Remove an attachment (attachmentId, att_…) from its transaction or draft. "
                     "The stored file is "
                     "deleted when nothing else links it.",
      .input_schema =
          s::object_schema({s::string("attachmentId").required().min_length(1).max_length(64)}),
      .output_schema = object_output(
          {{"detached", attachment_output_schema()}, {"fileRemoved", {{"type", "boolean"}}}},
          {"detached", "fileRemoved"}),
      .annotations = mcp::kDestructive,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        store::Transaction tx(st.db);
        auto [link, removed] = detach(st, a.str("attachmentId"));
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of({{"detached", attachment_json(link)}, {"fileRemoved", removed}});
      }});
  return tools;
}

mcp::ResourceTemplateSpec attachment_resource_template() {
  return mcp::ResourceTemplateSpec{
      .uri_template = "tally://attachments/{sha}",
      .name = "attachment",
      .title = "Attachment",
      .description =
          "A receipt or other file attached to a transaction or draft (ledger_attach_file), by its "
          "SHA-256.",
      .handler =
          [](const std::string& uri, const std::map<std::string, std::string>& vars,
             mcp::CallContext& ctx) {
            store::Store& st = app::store_of(ctx);
            const std::string& sha = vars.at("sha");
            // Only through this workspace's own links: another workspace's hash names nothing here.
            if (!is_sha256_hex(sha)) throw mcp::ResourceNotFound{uri};
            auto link = find_by_sha(st, sha);
            if (!link) throw mcp::ResourceNotFound{uri};
            std::string bytes;
            try {
              bytes = read_attachment_file(folder_of(st), sha);
            } catch (const ToolError&) {
              throw mcp::ResourceNotFound{uri};
            }
            return json::array({json{
                {"uri", uri}, {"mimeType", link->mime_type}, {"blob", base64_encode(bytes)}}});
          },
      .ttl_ms = 0};
}

}  // namespace tally::ledger
