#pragma once
// Customers: the rows invoices are billed to, searched with FTS5 (see fts_query.h).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "mcp/tool.h"
#include "store/store.h"

namespace tally::invoicing {

struct Customer {
  std::int64_t seq = 0;
  std::string id;
  std::string name;
  std::optional<std::string> organization, email, phone, address, notes;
  std::string created_at, updated_at;
};

/// The customer with this id in the workspace, or nullopt.
std::optional<Customer> find_customer(store::Store& st, const std::string& id);
mcp::json customer_json(const Customer& c);
mcp::json customer_schema();

}  // namespace tally::invoicing
