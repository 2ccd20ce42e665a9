#pragma once
// Prompts are data like tools (docs/style.md §4): a PromptSpec names the prompt,
// its arguments and a handler that builds the messages. The registry serves
// `prompts/list` and `prompts/get` for both eras; completion/complete asks an
// argument's completer for suggestions.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/tool.h"

namespace tally::mcp {

/// Suggestions for a partly typed value. `arguments` holds what the client already
/// filled in (completion/complete's context.arguments, an object). Runs with the
/// caller's context, so it may read the caller's store (app::store_of).
using Completer = std::function<std::vector<std::string>(const std::string& value,
                                                         const json& arguments, CallContext& ctx)>;

struct PromptArgument {
  std::string name;
  std::string description = {};
  bool required = false;
  Completer complete = nullptr;  ///< null: no suggestions
};

/// Returns a GetPromptResult: {"messages": [...]} and optionally "description".
/// `arguments` is an object of strings (required ones checked). May call
/// mcp::ask() for input (input.h) (protocol-2026.md: an input_required result in the modern era).
using PromptHandler = std::function<json(const json& arguments, CallContext& ctx)>;

struct PromptSpec {
  std::string name;
  std::string title = {};
  std::string description = {};
  std::vector<PromptArgument> arguments = {};
  PromptHandler handler = nullptr;
  /// Its text leads to write tools (split a bill records a transaction). A
  /// read-only caller (`serve --read-only`, a read-only key) is not offered it:
  /// not listed, and prompts/get says why; unless `read_only_handler` gives a
  /// text that leads to none, which that caller gets instead.
  bool writes = false;
  PromptHandler read_only_handler = nullptr;
};

class PromptRegistry {
 public:
  /// Throws std::invalid_argument on a duplicate or empty name. Not after sharing.
  void add(PromptSpec spec);
  void add_all(std::vector<PromptSpec> specs);
  bool empty() const { return prompts_.empty(); }
  const PromptSpec* find(std::string_view name) const;
  /// The whole server is read-only (`serve --read-only`): every caller is.
  void set_read_only(bool read_only) { read_only_ = read_only; }
  /// Whether a caller (read-only or not; the server's setting counts too) is offered it.
  bool offered(const PromptSpec& prompt, bool read_only) const;

  /// One `prompts/list` result (one page: a cursor is refused as invalid) of
  /// what the caller is offered.
  json list(const json& cursor, bool read_only = false) const;
  /// Checks the arguments (an object of strings, required ones present; RpcError
  /// −32602 otherwise) and runs the handler. An unknown name, or one the caller is
  /// not offered, is −32602 too.
  json get(const json& params, CallContext& ctx, bool read_only = false) const;

 private:
  std::vector<PromptSpec> prompts_;
  bool read_only_ = false;
};

/// A GetPromptResult of one user message holding `text`: what most prompts are.
json user_text_prompt(const std::string& description, const std::string& text);

/// The one-page lists refuse every cursor (prompts, resources).
void refuse_cursor(const json& cursor, std::string_view list);

}  // namespace tally::mcp
