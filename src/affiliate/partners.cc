#include "affiliate/partners.h"

#include <SQLiteCpp/Statement.h>

#include "mcp/tool.h"
#include "util/text.h"

namespace tally::affiliate {

std::optional<Partner> find_partner(store::Store& st, const Brand& brand, const std::string& partner_id) {
  SQLite::Statement q(st.db,
                      "SELECT id, name, email, status, created_at FROM tr_partner WHERE id = ? AND brand_id = ?");
  q.bind(1, partner_id);
  q.bind(2, brand.id);
  if (!q.executeStep()) return std::nullopt;
  Partner p{q.getColumn(0).getString(), q.getColumn(1).getString(), std::nullopt, q.getColumn(3).getString(),
            q.getColumn(4).getString()};
  if (!q.getColumn(2).isNull()) p.email = q.getColumn(2).getString();
  return p;
}

Partner require_partner(store::Store& st, const Brand& brand, const std::string& partner_id) {
  auto p = find_partner(st, brand, partner_id);
  if (!p) throw mcp::ToolError("Partner not found.");
  return *p;
}

mcp::json partner_json(const Partner& p) {
  return {{"partnerId", p.id},
          {"name", p.name},
          {"email", p.email ? mcp::json(*p.email) : mcp::json(nullptr)},
          {"status", p.status},
          {"createdAt", p.created_at}};
}

Partner add_partner(store::Store& st, const Brand& brand, const std::string& name,
                    const std::optional<std::string>& email, const std::string& status) {
  if (auto problem = util::name_problem(name, 120); !problem.empty()) throw mcp::ToolError("name: " + problem);
  Partner p{st.ids.next("ptn"), name, email, status, st.clock.now_iso()};
  SQLite::Statement q(st.db,
                      "INSERT INTO tr_partner (id, brand_id, name, email, status, created_at) VALUES (?,?,?,?,?,?)");
  q.bind(1, p.id);
  q.bind(2, brand.id);
  q.bind(3, p.name);
  if (email) q.bind(4, *email); else q.bind(4);
  q.bind(5, p.status);
  q.bind(6, p.created_at);
  q.exec();
  return p;
}

}  // namespace tally::affiliate
