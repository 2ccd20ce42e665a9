#include "ledger/tag_search_tools.h"

#include "app/call_store.h"
#include "ledger/accounts.h"
#include "ledger/categories.h"
#include "ledger/people.h"
#include "ledger/tags.h"
#include "ledger/tool_support.h"
#include "ledger/transactions.h"
#include "mcp/schema.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/fts_terms.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {

std::int64_t require_txn(store::Store& st, const std::string& id) {
  store::Prepared q = st.prepared("SELECT seq FROM txn WHERE id = ? AND ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) throw ToolError("Transaction not found: transactionId \"" + id + "\"");
  return q.getColumn(0).getInt64();
}

ToolResult tag_tool(store::Store& st, const mcp::Args& a, bool add) {
  std::string id = a.str("transactionId");
  std::string tag = require_tag(a.str("tag"), "tag");
  std::int64_t seq = require_txn(st, id);
  bool changed = true;
  if (add)
    add_tag(st, seq, tag);
  else
    changed = remove_tag(st, seq, tag);
  json out{{"transactionId", id}, {"tags", tags_of(st, seq)}};
  if (!add) out["removed"] = changed;
  return ToolResult::of(std::move(out));
}

// A decimal filter amount, exact, zero allowed.
std::int64_t filter_amount(const mcp::Args& a, std::string_view key, const std::string& currency) {
  std::string text = a.decimal_text(key);
  std::string error;
  auto minor = store::parse_minor(text, *store::find_currency(currency), error);
  if (!minor) throw ToolError(a.path_of(key) + ": " + error);
  if (*minor < 0) throw ToolError(a.path_of(key) + ": must be 0 or more (got \"" + text + "\")");
  return *minor;
}

ToolResult search_tool(store::Store& st, const mcp::Args& a) {
  TxnFilter f;
  f.limit = static_cast<int>(a.integer("limit"));
  f.start_date = a.opt_str("startDate");
  f.end_date = a.opt_str("endDate");
  if (f.start_date && f.end_date && *f.start_date > *f.end_date)
    throw ToolError("startDate (" + *f.start_date + ") is after endDate (" + *f.end_date + ")");
  if (auto c = a.opt_str("cursor")) {
    f.before = decode_cursor(*c);
    if (!f.before) throw ToolError("cursor: not a cursor this tool returned");
  }
  if (auto q = a.opt_str("query")) {
    f.match = util::fts_prefix_terms(st.db.getHandle(), *q);
    if (f.match->empty())
      throw ToolError("query: \"" + *q + "\" has no letters or digits to search for");
  }
  if (auto t = a.opt_str("tag")) f.tag_fold = fold_tag(require_tag(*t, "tag"));
  if (a.has("minAmount") || a.has("maxAmount")) {
    f.amount_currency =
        a.has("currency") ? require_currency(a.str("currency"), "currency") : base_currency(st);
    if (a.has("minAmount")) f.min_amount = filter_amount(a, "minAmount", *f.amount_currency);
    if (a.has("maxAmount")) f.max_amount = filter_amount(a, "maxAmount", *f.amount_currency);
    if (f.min_amount && f.max_amount && *f.min_amount > *f.max_amount)
      throw ToolError("minAmount is above maxAmount");
  } else if (a.has("currency")) {
    throw ToolError("currency: only used with minAmount or maxAmount");
  }
  if (a.has("accountId")) f.account_seq = require_account(st, a.str("accountId"), "accountId").seq;
  if (a.has("personId")) {
    Person p = require_person(st, a.str("personId"), "personId");
    f.by_person = true;
    store::Prepared q =
        st.prepared("SELECT seq FROM account WHERE ws = ? AND person_id = ? AND subtype = 'lent'");
    q.bind(1, st.workspace_id);
    q.bind(2, p.id);
    while (q.executeStep()) f.person_account_seqs.push_back(q.getColumn(0).getInt64());
  }
  if (a.has("categoryName")) {
    std::string name = a.str("categoryName");
    std::optional<Category> c;
    try {
      c = resolve_category(st, name, "expense", "categoryName");
    } catch (const ToolError&) {
      try {
        c = resolve_category(st, name, "income", "categoryName");
      } catch (const ToolError&) {
        throw ToolError("Category not found: categoryName \"" + name +
                        "\" matches no expense or income category");
      }
    }
    f.by_category = true;
    store::Prepared q = st.prepared("SELECT seq FROM account WHERE ws = ? AND category_id = ?");
    q.bind(1, st.workspace_id);
    q.bind(2, c->id);
    while (q.executeStep()) f.category_account_seqs.push_back(q.getColumn(0).getInt64());
  }
  if (!f.searching() && !f.account_seq && !f.by_person && !f.start_date && !f.end_date)
    throw ToolError(
        "Give a query or at least one filter (tag, amounts, account, category, person or dates).");
  TxnPage page = list_transactions(st, f);
  json out{{"transactions", page.transactions},
           {"total", page.total},
           {"totalIsExact", page.total_is_exact},
           {"truncated", page.truncated}};
  if (page.next_cursor) out["nextCursor"] = *page.next_cursor;
  return ToolResult::of(std::move(out));
}

json tags_output() {
  return {
      {"type", "object"},
      {"properties",
       {{"transactionId", {{"type", "string"}}},
        {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"removed", {{"type", "boolean"}, {"description", "false when the tag was not there"}}}}},
      {"required", {"transactionId", "tags"}}};
}

}  // namespace

std::vector<mcp::ToolSpec> tag_search_tools() {
  std::vector<mcp::ToolSpec> tools;
  auto tag_fields = [] {
    return s::object_schema({s::string("transactionId").required().min_length(1).max_length(64),
                             s::string("tag").required().min_length(1).max_length(64).describe(
                                 "1–64 ASCII letters, digits, -, _, / and :, e.g. trip:lisbon")});
  };
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_tag_transaction",
      .title = "Tag a transaction",
      .description = "Add a tag to a posted transaction (at most 50; tagging twice, in any case, "
                     "changes nothing). "
                     "Tags sit beside the transaction: its postings are never touched.",
      .input_schema = tag_fields(),
      .output_schema = tags_output(),
      .annotations = mcp::kIdempotent,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return tag_tool(app::store_of(ctx), a, true);
      }});
  tools.push_back(mcp::ToolSpec{.name = "ledger_untag_transaction",
                                .title = "Untag a transaction",
                                .description = "Remove a tag (any case) from a posted transaction; "
                                               "`removed` is false when it was not there.",
                                .input_schema = tag_fields(),
                                .output_schema = tags_output(),
                                .annotations = mcp::kUpdate,
                                .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
                                  return tag_tool(app::store_of(ctx), a, false);
                                }});

  json list_out = {
      {"type", "object"},
      {"properties",
       {{"transactions", {{"type", "array"}, {"items", transaction_output_schema()}}},
        {"total",
         {{"type", "integer"},
          {"description", "matches, all pages (capped at 10,000 when not exact)"}}},
        {"totalIsExact",
         {{"type", "boolean"}, {"description", "false when more than 10,000 matched"}}},
        {"truncated", {{"type", "boolean"}, {"description", "more pages follow"}}},
        {"nextCursor", {{"type", "string"}}}}},
      {"required", {"transactions", "total", "totalIsExact", "truncated"}}};
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_search_transactions",
      .title = "Search transactions",
      .description =
          "Find posted transactions by words in their description, payee, memos and tags (every "
          "word "
          "must match, as a word or its start; any text is safe to pass) and by filters: tag, "
          "amount "
          "range (a posting of that size in `currency`), account, category, person, dates. Newest "
          "first; pass nextCursor back as cursor.",
      .input_schema = s::object_schema(
          {s::string("query").min_length(1).max_length(200).describe("e.g. \"amazon refund\""),
           s::string("tag").min_length(1).max_length(64),
           s::decimal("minAmount").describe("in `currency`, inclusive"),
           s::decimal("maxAmount").describe("in `currency`, inclusive"),
           s::string("currency")
               .min_length(3)
               .max_length(3)
               .describe("of the amounts; default the workspace's"),
           s::string("accountId").min_length(1).max_length(64),
           s::string("categoryName").min_length(1).max_length(120),
           s::string("personId").min_length(1).max_length(64), s::date("startDate"),
           s::date("endDate"), s::integer("limit").min(1).max(500).def(50),
           s::string("cursor").min_length(1).max_length(64).describe(
               "nextCursor of the previous page")}),
      .output_schema = list_out,
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return search_tool(app::store_of(ctx), a);
      }});
  return tools;
}

}  // namespace tally::ledger
