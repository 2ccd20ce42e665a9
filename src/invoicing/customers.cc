#include "invoicing/customers.h"
#include "app/call_store.h"

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "invoicing/common.h"
#include "invoicing/fts_query.h"
#include "invoicing/output_schema.h"
#include "invoicing/tools.h"
#include "mcp/schema.h"
#include "util/text.h"

namespace tally::invoicing {

namespace s = mcp::schema;
using mcp::json;

namespace {

constexpr int kSearchLimit = 25;
constexpr const char* kColumns =
    "c.seq, c.id, c.name, c.organization, c.email, c.phone, c.address, c.notes, c.created_at, c.updated_at";

Customer read_customer(SQLite::Statement& q) {
  Customer c;
  c.seq = q.getColumn(0).getInt64();
  c.id = q.getColumn(1).getString();
  c.name = q.getColumn(2).getString();
  c.organization = opt_text(q.getColumn(3));
  c.email = opt_text(q.getColumn(4));
  c.phone = opt_text(q.getColumn(5));
  c.address = opt_text(q.getColumn(6));
  c.notes = opt_text(q.getColumn(7));
  c.created_at = q.getColumn(8).getString();
  c.updated_at = q.getColumn(9).getString();
  return c;
}

std::optional<std::string> email_arg(const mcp::Args& a) {
  auto email = text_arg(a, "email");
  if (email) {
    std::size_t at = email->find('@');
    if (at == std::string::npos || at == 0 || at + 1 == email->size() || email->find(' ') != std::string::npos)
      throw mcp::ToolError("email: \"" + *email + "\" is not an e-mail address");
  }
  return email;
}

void write_customer(store::Store& st, const Customer& c, bool insert) {
  store::Prepared q = st.prepared(
      insert ? "INSERT INTO customer (name, organization, email, phone, phone_digits, address, notes, "
                      "created_at, updated_at, id, ws) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    : "UPDATE customer SET name = ?, organization = ?, email = ?, phone = ?, phone_digits = ?, "
                      "address = ?, notes = ?, created_at = ?, updated_at = ? WHERE id = ? AND ws = ?");
  q.bind(1, c.name);
  bind_opt(q, 2, c.organization);
  bind_opt(q, 3, c.email);
  bind_opt(q, 4, c.phone);
  q.bind(5, c.phone ? phone_digits(*c.phone) : std::string());
  bind_opt(q, 6, c.address);
  bind_opt(q, 7, c.notes);
  q.bind(8, c.created_at);
  q.bind(9, c.updated_at);
  q.bind(10, c.id);
  q.bind(11, st.workspace_id);
  q.exec();
}

mcp::ToolResult search_customers(store::Store& st, const mcp::Args& a) {
  std::string query = a.str("query");
  std::string match = fts_match_query(st.db.getHandle(), query);
  if (match.empty()) throw mcp::ToolError("query: needs at least one letter or digit to search for");
  // bm25 weights: a hit in the name counts most, then organization, email, phone.
  store::Prepared q = st.prepared(std::string("SELECT ") + kColumns +
                                 " FROM customer_fts f JOIN customer c ON c.seq = f.rowid"
                                 " WHERE customer_fts MATCH ? AND c.ws = ?"
                                 " ORDER BY bm25(customer_fts, 10.0, 6.0, 3.0, 2.0, 2.0), c.seq LIMIT ?");
  q.bind(1, match);
  q.bind(2, st.workspace_id);
  q.bind(3, kSearchLimit + 1);
  json rows = json::array();
  bool truncated = false;
  while (q.executeStep()) {
    if (static_cast<int>(rows.size()) == kSearchLimit) {
      truncated = true;
      break;
    }
    rows.push_back(customer_json(read_customer(q)));
  }
  return mcp::ToolResult::of(
      {{"query", query}, {"customers", rows}, {"count", rows.size()}, {"truncated", truncated}});
}

mcp::ToolResult create_customer(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  Customer c;
  auto name = text_arg(a, "name");
  if (!name) throw mcp::ToolError("name: must not be blank");
  if (auto problem = util::name_problem(*name); !problem.empty()) throw mcp::ToolError("name: " + problem);
  c.name = *name;
  c.organization = text_arg(a, "organization");
  c.email = email_arg(a);
  c.phone = text_arg(a, "phone");
  c.address = text_arg(a, "address");
  c.notes = text_arg(a, "notes");
  store::Transaction tx(st.db);
  c.id = st.ids.next("cus");
  c.created_at = c.updated_at = st.clock.now_iso();
  write_customer(st, c, true);
  ctx.check_cancelled();
  tx.commit();
  return mcp::ToolResult::of(customer_json(*find_customer(st, c.id)));
}

mcp::ToolResult update_customer(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  auto found = find_customer(st, a.str("customerId"));
  if (!found) throw mcp::ToolError("Customer not found: \"" + a.str("customerId") + "\"");
  Customer c = *found;
  if (a.has("name")) {
    auto name = text_arg(a, "name");
    if (!name) throw mcp::ToolError("name: must not be blank");
    if (auto problem = util::name_problem(*name); !problem.empty()) throw mcp::ToolError("name: " + problem);
  if (auto problem = util::name_problem(*name); !problem.empty()) throw mcp::ToolError("name: " + problem);
    c.name = *name;
  }
  if (a.present("organization")) c.organization = text_arg(a, "organization");
  if (a.present("email")) c.email = email_arg(a);
  if (a.present("phone")) c.phone = text_arg(a, "phone");
  if (a.present("address")) c.address = text_arg(a, "address");
  if (a.present("notes")) c.notes = text_arg(a, "notes");
  c.updated_at = st.clock.now_iso();
  write_customer(st, c, false);
  ctx.check_cancelled();
  tx.commit();
  return mcp::ToolResult::of(customer_json(c));
}

std::vector<s::Field> customer_fields(bool creating) {
  auto name = s::string("name").min_length(1).max_length(200).describe("Contact or customer name");
  if (creating) name.required();
  auto text = [&](const char* key, int max, const char* what) {
    auto f = s::string(key).max_length(max).describe(what);
    if (!creating) f.nullable();
    return f;
  };
  return {name,
          text("organization", 200, "Company or organization"),
          text("email", 200, "E-mail address"),
          text("phone", 50, "Phone number, any formatting"),
          text("address", 500, "Postal address"),
          text("notes", 2000, "Free-form notes")};
}

}  // namespace

std::optional<Customer> find_customer(store::Store& st, const std::string& id) {
  store::Prepared q = st.prepared(std::string("SELECT ") + kColumns + " FROM customer c WHERE c.id = ? AND c.ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) return std::nullopt;
  return read_customer(q);
}

json customer_json(const Customer& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"organization", json_or_null(c.organization)},
          {"email", json_or_null(c.email)},
          {"phone", json_or_null(c.phone)},
          {"address", json_or_null(c.address)},
          {"notes", json_or_null(c.notes)},
          {"createdAt", c.created_at},
          {"updatedAt", c.updated_at}};
}

json customer_schema() {
  return out::object({{"id", out::str("customer id, cus_…")},
                      {"name", out::str()},
                      {"organization", out::opt_str()},
                      {"email", out::opt_str()},
                      {"phone", out::opt_str()},
                      {"address", out::opt_str()},
                      {"notes", out::opt_str()},
                      {"createdAt", out::str()},
                      {"updatedAt", out::str()}},
                     {"id", "name"});
}

std::vector<mcp::ToolSpec> customer_tools() {
  std::vector<mcp::ToolSpec> tools;
  tools.push_back(
      {.name = "search_customers",
       .title = "Search customers",
       .description = "Search customers by name, organization, email, or phone. Uses full-text search. "
                      "Every word is matched as a prefix, punctuation is ignored, and a phone number matches "
                      "with or without formatting. Best matches first (at most 25).",
       .input_schema = s::object_schema({s::string("query").required().min_length(1).max_length(200).describe(
           "Search term")}),
       .output_schema = out::object({{"query", out::str()},
                                     {"customers", out::array(customer_schema(), "best match first")},
                                     {"count", out::integer()},
                                     {"truncated", out::boolean("more customers matched than shown")}},
                                    {"customers", "count", "truncated"}),
       .annotations = mcp::kRead,
       .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return search_customers(st, a); }});
  tools.push_back({.name = "invoicing_create_customer",
                   .title = "Create a customer",
                   .description = "Add a customer invoices can be billed to. Returns it with its id (cus_…).",
                   .input_schema = s::object_schema(customer_fields(true)),
                   .output_schema = customer_schema(),
                   .annotations = mcp::kCreate,
                   .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return create_customer(st, a, ctx); }});
  std::vector<s::Field> update = customer_fields(false);
  update.insert(update.begin(), s::string("customerId").required().max_length(64).describe("The customer's id (cus_…)"));
  tools.push_back({.name = "invoicing_update_customer",
                   .title = "Update a customer",
                   .description = "Change a customer's details. Only the fields given change; null clears one.",
                   .input_schema = s::object_schema(update),
                   .output_schema = customer_schema(),
                   .annotations = mcp::kUpdate,
                   .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx); return update_customer(st, a, ctx); }});
  return tools;
}

}  // namespace tally::invoicing
