#include "mcp/tool_registry.h"

#include <stdexcept>

#include "mcp/json_text.h"
#include "mcp/schema.h"
#include "mcp/tool_name.h"

namespace tally::mcp {

namespace {
constexpr std::string_view kCursorPrefix = "tally-page-";
}

namespace {

void check_and_append(std::vector<ToolSpec>& tools, ToolSpec spec) {
  if (!is_valid_tool_name(spec.name))
    throw std::invalid_argument("tool name '" + spec.name + "' is not 1-128 of [A-Za-z0-9_.-]");
  for (const auto& t : tools)
    if (t.name == spec.name) throw std::invalid_argument("duplicate tool '" + spec.name + "'");
  if (spec.input_schema.is_null()) spec.input_schema = json{{"type", "object"}, {"additionalProperties", false}};
  tools.push_back(std::move(spec));
}

}  // namespace

bool ToolAccess::sees(const ToolSpec& tool) const {
  if (read_only && !tool.annotations.read_only) return false;
  if (toolsets.empty()) return true;
  for (const auto& t : toolsets)
    if (t == tool.toolset) return true;
  return false;
}

std::string ToolAccess::key() const {
  std::string k = read_only ? "ro:" : "rw:";
  for (const auto& t : toolsets) k += t + ",";
  return k;
}

void ToolRegistry::add(ToolSpec spec) {
  if (loader_) throw std::logic_error("ToolRegistry::add after load_async");
  check_and_append(added_, std::move(spec));
}

void ToolRegistry::add_all(std::vector<ToolSpec> specs) {
  for (auto& s : specs) add(std::move(s));
}

void ToolRegistry::load_async(std::function<std::vector<ToolSpec>()> load) { loader_ = std::move(load); }

void ToolRegistry::prefetch() const {
  if (!loader_) return;
  std::call_once(started_, [this] {
    loading_ = std::async(std::launch::async, [load = loader_] {
      std::vector<ToolSpec> tools;
      for (auto& spec : load()) check_and_append(tools, std::move(spec));
      return tools;
    }).share();
  });
}

const std::vector<ToolSpec>& ToolRegistry::tools() const {
  if (!loader_) return added_;
  prefetch();
  return loading_.get();
}

const ToolSpec* ToolRegistry::find(std::string_view name) const {
  for (const auto& t : tools())
    if (t.name == name) return &t;
  return nullptr;
}

json ToolRegistry::describe(const ToolSpec& tool, Version version) {
  json entry{{"name", tool.name}};
  if (has_titles(version) && !tool.title.empty()) entry["title"] = tool.title;
  entry["description"] = tool.description;
  entry["inputSchema"] = tool.input_schema;
  if (has_structured_content(version) && !tool.output_schema.is_null())
    entry["outputSchema"] = tool.output_schema;
  if (has_annotations(version)) {
    json a{{"readOnlyHint", tool.annotations.read_only},
           {"destructiveHint", tool.annotations.destructive},
           {"idempotentHint", tool.annotations.idempotent},
           {"openWorldHint", tool.annotations.open_world}};
    if (!tool.title.empty()) a["title"] = tool.title;
    entry["annotations"] = std::move(a);
  }
  if (!tool.meta.is_null()) entry["_meta"] = tool.meta;
  return entry;
}

json ToolRegistry::list(Version version, const json& cursor, std::size_t page_size,
                        const ToolAccess* access) const {
  const auto v = static_cast<std::size_t>(version);
  std::call_once(described_once_[v], [&] {
    json all = json::array();
    for (const auto& t : tools()) all.push_back(describe(t, version));
    described_[v] = std::move(all);
  });
  const json* cache = &described_[v];
  json visible;  // a narrower view is rare (restricted keys): filtered per call
  if (access != nullptr && (access->read_only || !access->toolsets.empty())) {
    visible = json::array();
    const auto& all = tools();
    for (std::size_t i = 0; i < all.size(); ++i)
      if (access->sees(all[i])) visible.push_back((*cache)[i]);
    cache = &visible;
  }
  std::size_t offset = 0;
  if (!cursor.is_null()) {
    const std::string* text = cursor.is_string() ? &cursor.get_ref<const std::string&>() : nullptr;
    bool ok = text && text->size() > kCursorPrefix.size() && text->rfind(kCursorPrefix, 0) == 0;
    if (ok) {
      std::string digits = text->substr(kCursorPrefix.size());
      ok = digits.size() <= 6 && digits.find_first_not_of("0123456789") == std::string::npos;
      if (ok) offset = std::stoul(digits);
      ok = ok && offset > 0 && offset < cache->size();
    }
    if (!ok) throw RpcError(ErrorCode::kInvalidParams, "Invalid cursor: pass back a nextCursor from an earlier tools/list, or none");
  }
  std::size_t end = page_size == 0 ? cache->size() : std::min(cache->size(), offset + page_size);
  json page = json::array();
  for (std::size_t i = offset; i < end; ++i) page.push_back((*cache)[i]);
  json result{{"tools", std::move(page)}};
  if (end < cache->size()) result["nextCursor"] = std::string(kCursorPrefix) + std::to_string(end);
  return result;
}

json error_result(const std::string& message) {
  return json{{"content", json::array({json{{"type", "text"}, {"text", message}}})},
              {"isError", true}};
}

json ToolRegistry::call(const ToolSpec& tool, json arguments, const DecimalLexemes& decimals,
                        std::string_view arguments_pointer, CallContext& context,
                        Version version) const {
  if (auto problem = schema::validate(tool.input_schema, arguments)) return error_result(*problem);
  Args args(arguments, &decimals, std::string(arguments_pointer));
  ToolResult r;
  try {
    r = runner_ ? runner_(tool, args, context) : tool.handler(args, context);
  } catch (const ToolError& e) {
    return error_result(e.what());
  }
  if (!r.content.is_null()) {
    json out{{"content", std::move(r.content)}};
    // Blocks beside a result object (a chart's SVG and its numbers): both go out.
    if (!r.structured.is_null() && has_structured_content(version)) out["structuredContent"] = std::move(r.structured);
    if (r.is_error) out["isError"] = true;
    return out;
  }
  if (check_output_ && !tool.output_schema.is_null()) {
    json copy = r.object();
    if (auto problem = schema::validate(tool.output_schema, copy))
      throw std::logic_error(tool.name + " returned a result outside its outputSchema: " + *problem);
  }
  // Compact: the text block is for the model, and indentation costs it tokens
  // and the server bytes (a 50-row page is a third smaller).
  // A result the tool wrote as text is serialised once: the text block is that
  // text as a JSON string, structuredContent the text itself (see to_line).
  const bool raw = !r.structured_text.empty();
  json text = raw ? raw_json(JsonText().string_of_json(r.structured_text).take())
                  : json(r.structured.dump(-1, ' ', false, json::error_handler_t::replace));
  json out{{"content", json::array({json{{"type", "text"}, {"text", std::move(text)}}})}};
  if (has_structured_content(version))
    out["structuredContent"] = raw ? raw_json(std::move(r.structured_text)) : std::move(r.structured);
  if (r.is_error) out["isError"] = true;
  return out;
}

}  // namespace tally::mcp
