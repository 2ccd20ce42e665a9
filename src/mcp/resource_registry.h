#pragma once
// Resources are data like tools: a ResourceSpec is one fixed URI, a
// ResourceTemplateSpec a family (RFC 6570 level 1, `{name}` per path segment).
// Both have a handler that gets the CallContext, so it can reach the caller's
// store (app::store_of). The registry serves resources/list,
// resources/templates/list and resources/read for both eras; completion/complete
// asks a template variable's completer.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/prompt_registry.h"

namespace tally::mcp {

/// Returns the ReadResourceResult's "contents" array (at least one entry:
/// {uri, mimeType, text} or {uri, mimeType, blob}). Throw ResourceNotFound when the
/// URI names nothing (a template's variables that match no record).
using ResourceHandler = std::function<json(const std::string& uri, CallContext& ctx)>;
using TemplateHandler = std::function<json(
    const std::string& uri, const std::map<std::string, std::string>& variables, CallContext& ctx)>;

/// A URI that names no resource: −32602 with data.uri (SEP-2164).
struct ResourceNotFound {
  std::string uri;
};

struct ResourceSpec {
  std::string uri;
  std::string name;
  std::string title = {};
  std::string description = {};
  std::string mime_type = {};
  ResourceHandler handler = nullptr;
  /// How long a modern client may cache a read (ttlMs); 0: ask again each time.
  std::int64_t ttl_ms = 0;
};

struct ResourceTemplateSpec {
  std::string uri_template;  ///< e.g. "tally://attachments/{sha}"
  std::string name;
  std::string title = {};
  std::string description = {};
  std::string mime_type = {};
  TemplateHandler handler = nullptr;
  std::map<std::string, Completer> complete = {};  ///< per variable
  std::int64_t ttl_ms = 0;
};

/// The variables of `uri` when it matches `uri_template` (each `{name}` takes one
/// non-empty run of characters other than '/'), else nullopt.
std::optional<std::map<std::string, std::string>> match_template(std::string_view uri_template,
                                                                 std::string_view uri);

class ResourceRegistry {
 public:
  /// Throws std::invalid_argument on a duplicate URI or template. Not after sharing.
  void add(ResourceSpec spec);
  void add_template(ResourceTemplateSpec spec);
  bool empty() const { return resources_.empty() && templates_.empty(); }
  bool has_templates() const { return !templates_.empty(); }

  json list(const json& cursor) const;
  json list_templates(const json& cursor) const;
  /// Fixed resources first, then the first template that matches. Returns the
  /// ReadResourceResult and the ttlMs of what served it. Unknown: RpcError −32602, data.uri.
  json read(const std::string& uri, CallContext& ctx, std::int64_t& ttl_ms) const;
  /// Whether `uri` is a fixed resource or matches a template (resources/subscribe).
  bool knows(std::string_view uri) const;
  const ResourceTemplateSpec* find_template(std::string_view uri_template) const;

 private:
  std::vector<ResourceSpec> resources_;
  std::vector<ResourceTemplateSpec> templates_;
};

/// The error of SEP-2164 for a URI that names no resource.
RpcError resource_not_found(const std::string& uri);

}  // namespace tally::mcp
