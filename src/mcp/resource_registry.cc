#include "mcp/resource_registry.h"

#include <stdexcept>

namespace tally::mcp {

std::optional<std::map<std::string, std::string>> match_template(std::string_view tpl,
                                                                 std::string_view uri) {
  std::map<std::string, std::string> vars;
  std::size_t t = 0, u = 0;
  while (t < tpl.size()) {
    if (tpl[t] != '{') {
      if (u >= uri.size() || uri[u] != tpl[t]) return std::nullopt;
      ++t, ++u;
      continue;
    }
    std::size_t close = tpl.find('}', t);
    if (close == std::string_view::npos) return std::nullopt;
    std::string name(tpl.substr(t + 1, close - t - 1));
    std::size_t end = u;
    while (end < uri.size() && uri[end] != '/' &&
           (close + 1 >= tpl.size() || uri[end] != tpl[close + 1]))
      ++end;
    if (end == u) return std::nullopt;
    vars[name] = std::string(uri.substr(u, end - u));
    t = close + 1;
    u = end;
  }
  if (u != uri.size()) return std::nullopt;
  return vars;
}

RpcError resource_not_found(const std::string& uri) {
  return RpcError(ErrorCode::kInvalidParams,
                  "Resource not found: " + uri + " (resources/list names the resources)",
                  json{{"uri", uri}});
}

void ResourceRegistry::add(ResourceSpec spec) {
  if (spec.uri.empty() || spec.name.empty())
    throw std::invalid_argument("a resource needs a uri and a name");
  for (const auto& r : resources_)
    if (r.uri == spec.uri) throw std::invalid_argument("duplicate resource '" + spec.uri + "'");
  resources_.push_back(std::move(spec));
}

void ResourceRegistry::add_template(ResourceTemplateSpec spec) {
  if (spec.uri_template.empty() || spec.name.empty())
    throw std::invalid_argument("a resource template needs a uriTemplate and a name");
  if (find_template(spec.uri_template) != nullptr)
    throw std::invalid_argument("duplicate resource template '" + spec.uri_template + "'");
  templates_.push_back(std::move(spec));
}

const ResourceTemplateSpec* ResourceRegistry::find_template(std::string_view uri_template) const {
  for (const auto& t : templates_)
    if (t.uri_template == uri_template) return &t;
  return nullptr;
}

namespace {

template <class Spec>
void describe(json& entry, const Spec& s) {
  entry["name"] = s.name;
  if (!s.title.empty()) entry["title"] = s.title;
  if (!s.description.empty()) entry["description"] = s.description;
  if (!s.mime_type.empty()) entry["mimeType"] = s.mime_type;
}

}  // namespace

json ResourceRegistry::list(const json& cursor) const {
  refuse_cursor(cursor, "resources/list");
  json out = json::array();
  for (const auto& r : resources_) {
    json entry{{"uri", r.uri}};
    describe(entry, r);
    out.push_back(std::move(entry));
  }
  return json{{"resources", std::move(out)}};
}

json ResourceRegistry::list_templates(const json& cursor) const {
  refuse_cursor(cursor, "resources/templates/list");
  json out = json::array();
  for (const auto& t : templates_) {
    json entry{{"uriTemplate", t.uri_template}};
    describe(entry, t);
    out.push_back(std::move(entry));
  }
  return json{{"resourceTemplates", std::move(out)}};
}

bool ResourceRegistry::knows(std::string_view uri) const {
  for (const auto& r : resources_)
    if (r.uri == uri) return true;
  for (const auto& t : templates_)
    if (match_template(t.uri_template, uri)) return true;
  return false;
}

json ResourceRegistry::read(const std::string& uri, CallContext& ctx, std::int64_t& ttl_ms) const {
  json contents;
  try {
    bool served = false;
    for (const auto& r : resources_)
      if (r.uri == uri) {
        contents = r.handler(uri, ctx);
        ttl_ms = r.ttl_ms;
        served = true;
        break;
      }
    if (!served)
      for (const auto& t : templates_)
        if (auto vars = match_template(t.uri_template, uri)) {
          contents = t.handler(uri, *vars, ctx);
          ttl_ms = t.ttl_ms;
          served = true;
          break;
        }
    if (!served) throw resource_not_found(uri);
  } catch (const ResourceNotFound& e) {
    throw resource_not_found(e.uri.empty() ? uri : e.uri);
  }
  // SEP-2164: never an empty contents array; a handler that found nothing says so.
  if (!contents.is_array() || contents.empty()) throw resource_not_found(uri);
  return json{{"contents", std::move(contents)}};
}

}  // namespace tally::mcp
