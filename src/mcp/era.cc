#include "mcp/era.h"

namespace tally::mcp {

Era era_of(const json& message) {
  if (!message.is_object()) return Era::kLegacy;
  auto params = message.find("params");
  if (params == message.end() || !params->is_object()) return Era::kLegacy;
  auto meta = params->find("_meta");
  if (meta == params->end() || !meta->is_object()) return Era::kLegacy;
  return meta->contains(meta_key::kProtocolVersion) ? Era::kModern : Era::kLegacy;
}

}  // namespace tally::mcp
