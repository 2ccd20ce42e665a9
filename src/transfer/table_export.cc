#include "transfer/table_export.h"

#include <set>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "store/currency.h"
#include "store/money.h"
#include "transfer/csv_reader.h"

namespace tally::transfer {

bool is_secret_column(const std::string& column) {
  for (const char* word : {"secret", "token", "password", "api_key"})
    if (column.find(word) != std::string::npos) return true;
  return false;
}

void export_csv(store::Store& st, std::ostream& out) {
  out << "date,transaction_id,description,account,account_type,amount,currency,memo,source\n";
  SQLite::Statement q(st.db,
                      "SELECT t.date, t.id, t.description, a.name, a.type, p.amount_minor, p.currency, p.memo, t.source "
                      "FROM txn t JOIN posting p ON p.txn_seq = t.seq JOIN account a ON a.seq = p.account_seq "
                      "WHERE t.ws = ? ORDER BY t.date, t.seq, p.id");
  q.bind(1, st.workspace_id);
  while (q.executeStep()) {
    auto c = store::find_currency(q.getColumn(6).getString());
    out << q.getColumn(0).getString() << ',' << q.getColumn(1).getString() << ',' << csv_field(q.getColumn(2).getString())
        << ',' << csv_field(q.getColumn(3).getString()) << ',' << q.getColumn(4).getString() << ','
        << store::format_minor(q.getColumn(5).getInt64(), c ? c->exponent : 0) << ',' << q.getColumn(6).getString() << ','
        << csv_field(q.getColumn(7).getString()) << ',' << csv_field(q.getColumn(8).getString()) << '\n';
  }
}

void export_json(store::Store& st, std::ostream& out) {
  std::vector<std::string> tables;
  std::set<std::string> virtual_tables;
  {
    SQLite::Statement q(st.db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (q.executeStep()) {
      std::string name = q.getColumn(0).getString();
      std::string sql = q.getColumn(1).isNull() ? "" : q.getColumn(1).getString();
      if (sql.rfind("CREATE VIRTUAL", 0) == 0) virtual_tables.insert(name);
      else tables.push_back(name);
    }
  }
  auto shadow = [&](const std::string& name) {
    for (const auto& v : virtual_tables)
      for (const char* suffix : {"_data", "_idx", "_content", "_docsize", "_config"})
        if (name == v + suffix) return true;
    return false;
  };
  out << "{\"format\":\"tally-dump\",\"version\":1,\"tables\":{";
  bool first_table = true;
  for (const auto& table : tables) {
    if (shadow(table) || table == "id_stream") continue;  // id_stream: bookkeeping of seeded test runs
    out << (first_table ? "\n" : ",\n") << nlohmann::json(table).dump() << ":[";
    first_table = false;
    SQLite::Statement q(st.db, "SELECT * FROM \"" + table + "\"");
    std::vector<std::string> columns;
    std::vector<bool> secret;
    for (int c = 0; c < q.getColumnCount(); ++c) {
      columns.push_back(q.getColumnName(c));
      secret.push_back(is_secret_column(columns.back()));
    }
    bool first_row = true;
    while (q.executeStep()) {
      nlohmann::json row = nlohmann::json::object();
      for (int c = 0; c < q.getColumnCount(); ++c) {
        auto col = q.getColumn(c);
        const std::string& name = columns[static_cast<std::size_t>(c)];
        if (col.isNull()) row[name] = nullptr;
        else if (secret[static_cast<std::size_t>(c)]) row[name] = "[redacted]";
        else if (col.isInteger()) row[name] = col.getInt64();
        else if (col.isFloat()) row[name] = col.getDouble();
        else if (col.isBlob()) row[name] = "[blob " + std::to_string(col.getBytes()) + " bytes]";
        else row[name] = col.getString();
      }
      out << (first_row ? "\n" : ",\n") << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      first_row = false;
    }
    out << "]";
  }
  out << "\n}}\n";
}

}  // namespace tally::transfer
