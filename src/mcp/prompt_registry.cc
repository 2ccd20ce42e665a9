#include "mcp/prompt_registry.h"

#include <stdexcept>

namespace tally::mcp {

void refuse_cursor(const json& cursor, std::string_view list) {
  if (!cursor.is_null())
    throw RpcError(ErrorCode::kInvalidParams,
                   "Invalid cursor: " + std::string(list) + " has one page; send no cursor");
}

json user_text_prompt(const std::string& description, const std::string& text) {
  return {{"description", description},
          {"messages",
           json::array({{{"role", "user"}, {"content", {{"type", "text"}, {"text", text}}}}})}};
}

void PromptRegistry::add(PromptSpec spec) {
  if (spec.name.empty()) throw std::invalid_argument("a prompt needs a name");
  if (find(spec.name) != nullptr)
    throw std::invalid_argument("duplicate prompt '" + spec.name + "'");
  prompts_.push_back(std::move(spec));
}

void PromptRegistry::add_all(std::vector<PromptSpec> specs) {
  for (auto& s : specs) add(std::move(s));
}

const PromptSpec* PromptRegistry::find(std::string_view name) const {
  for (const auto& p : prompts_)
    if (p.name == name) return &p;
  return nullptr;
}

bool PromptRegistry::offered(const PromptSpec& prompt, bool read_only) const {
  return !prompt.writes || prompt.read_only_handler || !(read_only || read_only_);
}

json PromptRegistry::list(const json& cursor, bool read_only) const {
  refuse_cursor(cursor, "prompts/list");
  json prompts = json::array();
  for (const auto& p : prompts_) {
    if (!offered(p, read_only)) continue;
    json entry{{"name", p.name}};
    if (!p.title.empty()) entry["title"] = p.title;
    if (!p.description.empty()) entry["description"] = p.description;
    if (!p.arguments.empty()) {
      json args = json::array();
      for (const auto& a : p.arguments) {
        json arg{{"name", a.name}, {"required", a.required}};
        if (!a.description.empty()) arg["description"] = a.description;
        args.push_back(std::move(arg));
      }
      entry["arguments"] = std::move(args);
    }
    prompts.push_back(std::move(entry));
  }
  return json{{"prompts", std::move(prompts)}};
}

json PromptRegistry::get(const json& params, CallContext& ctx, bool read_only) const {
  auto name = params.find("name");
  if (name == params.end() || !name->is_string())
    throw RpcError(ErrorCode::kInvalidParams,
                   "Invalid params: prompts/get needs \"name\" (a string)");
  const PromptSpec* prompt = find(name->get_ref<const std::string&>());
  if (prompt == nullptr)
    throw RpcError(ErrorCode::kInvalidParams, "Unknown prompt: " + name->get<std::string>() +
                                                  " (prompts/list names the prompts)");
  if (!offered(*prompt, read_only))
    throw RpcError(
        ErrorCode::kInvalidParams,
        "Prompt " + prompt->name + " leads to tools that change the books, and this " +
            (read_only_ ? "server is read-only (serve --read-only)" : "key is read-only") +
            ": it is not offered here");
  json arguments = params.value("arguments", json::object());
  if (arguments.is_null()) arguments = json::object();
  if (!arguments.is_object())
    throw RpcError(ErrorCode::kInvalidParams,
                   "Invalid params: \"arguments\" must be an object of strings");
  for (const auto& [key, value] : arguments.items())
    if (!value.is_string())
      throw RpcError(ErrorCode::kInvalidParams,
                     "Invalid params: prompt argument \"" + key + "\" must be a string");
  for (const auto& a : prompt->arguments)
    if (a.required && !arguments.contains(a.name))
      throw RpcError(ErrorCode::kInvalidParams, "Invalid params: prompt " + prompt->name +
                                                    " needs the argument \"" + a.name + "\"");
  const bool read_only_text = prompt->writes && (read_only || read_only_);
  json result = (read_only_text ? prompt->read_only_handler : prompt->handler)(arguments, ctx);
  if (!result.contains("description") && !prompt->description.empty())
    result["description"] = prompt->description;
  return result;
}

}  // namespace tally::mcp
