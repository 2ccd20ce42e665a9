#pragma once
// The rows of an entity file as JSON objects, each with where it came from:
// `.csv` (a header row; a cell's text is typed by the tool's input schema, and
// nested values are JSON text), `.json` (one array of objects) or `.jsonl`
// (one object per line). Fractional numbers keep their source text, so money
// is never read through a double.
#include <functional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "mcp/message_parser.h"

namespace tally::transfer {

struct EntityRow {
  std::string where;  ///< "line 12" (CSV, JSONL) or "element 3" (JSON, 0-based index)
  mcp::ParsedLine parsed;
};

/// Calls `each` with every row of `text`, named `file` (its extension picks the
/// format), one at a time so a million rows are never all in memory.
/// `input_schema` types CSV cells; `extra_fields` are accepted as text columns
/// beside the schema's. Throws std::runtime_error "line N: …" / "element N: …"
/// at the first row that is not an object or not JSON.
void for_each_entity_row(const std::string& file, const std::string& text, const mcp::json& input_schema,
                         const std::vector<std::string>& extra_fields, const std::function<void(EntityRow&)>& each);

}  // namespace tally::transfer
