#include "affiliate/audit.h"

#include <cstdlib>

#include <SQLiteCpp/Statement.h>

#include "app/call_store.h"

namespace tally::affiliate {

Actor mcp_actor(const Brand& brand, const mcp::CallContext& ctx) {
  const mcp::json& info = ctx.client_info();
  mcp::json client = mcp::json::object();
  if (info.is_object()) {
    if (info.contains("name")) client["name"] = info["name"];
    if (info.contains("version")) client["version"] = info["version"];
  }
  // Over HTTP the caller's address, user agent and credential (seed 002's audit context).
  const mcp::json& origin = app::origin_of(ctx);
  if (origin.is_object())
    for (const auto& [key, value] : origin.items()) client[key] = value;
  return {"mcp:" + brand.slug, client.dump()};
}

Actor cli_actor() {
  const char* user = std::getenv("USER");
  return {std::string("cli:") + (user && *user ? user : "local"), R"({"name":"tally-cli"})"};
}

void record_audit(store::Store& st, const Brand& brand, const Actor& actor, const AuditEntry& e) {
  SQLite::Statement q(st.db,
                      "INSERT INTO tr_audit_event (brand_id, at, actor, tool, target_type, target_id, "
                      "before_json, after_json, reason, client) VALUES (?,?,?,?,?,?,?,?,?,?)");
  q.bind(1, brand.id);
  q.bind(2, st.clock.now_iso());
  q.bind(3, actor.name);
  q.bind(4, e.tool);
  q.bind(5, e.target_type);
  q.bind(6, e.target_id);
  if (e.before.is_null()) q.bind(7); else q.bind(7, e.before.dump());
  if (e.after.is_null()) q.bind(8); else q.bind(8, e.after.dump());
  if (e.reason) q.bind(9, *e.reason); else q.bind(9);
  q.bind(10, actor.client);
  q.exec();
}

mcp::json audit_rows(store::Store& st, const Brand& brand) {
  SQLite::Statement q(st.db,
                      "SELECT seq, at, actor, tool, target_type, target_id, before_json, after_json, reason, "
                      "client FROM tr_audit_event WHERE brand_id = ? ORDER BY seq");
  q.bind(1, brand.id);
  mcp::json rows = mcp::json::array();
  auto parsed = [](const SQLite::Column& c) -> mcp::json {
    return c.isNull() ? mcp::json(nullptr) : mcp::json::parse(c.getString());
  };
  while (q.executeStep()) {
    rows.push_back({{"seq", q.getColumn(0).getInt64()},
                    {"at", q.getColumn(1).getString()},
                    {"actor", q.getColumn(2).getString()},
                    {"tool", q.getColumn(3).getString()},
                    {"targetType", q.getColumn(4).getString()},
                    {"targetId", q.getColumn(5).getString()},
                    {"before", parsed(q.getColumn(6))},
                    {"after", parsed(q.getColumn(7))},
                    {"reason", q.getColumn(8).isNull() ? mcp::json(nullptr) : mcp::json(q.getColumn(8).getString())},
                    {"client", parsed(q.getColumn(9))}});
  }
  return rows;
}

}  // namespace tally::affiliate
