#include "transfer/statement_mapping.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::transfer {

namespace {

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

bool read_digits(const std::string& s, std::size_t& i, std::size_t min, std::size_t max, int& out) {
  std::size_t start = i;
  out = 0;
  while (i < s.size() && i - start < max && s[i] >= '0' && s[i] <= '9') out = out * 10 + (s[i++] - '0');
  return i - start >= min;
}

/// "1,234.56" → "1234.56"; "(12.00)" → "-12.00"; "+5" → "5".
std::string tidy_amount(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  if (s.size() > 2 && s.front() == '(' && s.back() == ')') s = "-" + s.substr(1, s.size() - 2);
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  std::string out;
  for (char c : s)
    if (c != ',') out += c;
  return out;
}

}  // namespace

std::optional<std::string> parse_date(const std::string& text, const std::string& format) {
  int y = -1, m = -1, d = -1;
  std::size_t i = 0;
  for (std::size_t f = 0; f < format.size(); ++f) {
    if (format[f] == '%' && f + 1 < format.size()) {
      char spec = format[++f];
      bool ok = spec == 'Y' ? read_digits(text, i, 4, 4, y)
              : spec == 'y' ? read_digits(text, i, 2, 2, y) && ((y += 2000), true)
              : spec == 'm' ? read_digits(text, i, 1, 2, m)
              : spec == 'd' ? read_digits(text, i, 1, 2, d)
                            : false;
      if (!ok) return std::nullopt;
    } else if (i < text.size() && text[i] == format[f]) {
      ++i;
    } else {
      return std::nullopt;
    }
  }
  if (i != text.size() || y < 0 || m < 0 || d < 0) return std::nullopt;
  std::string iso = std::to_string(y) + "-" + two(m) + "-" + two(d);
  if (!util::is_calendar_day(iso)) return std::nullopt;  // a day out of range: the caller says so
  return iso;
}

ColumnMapping load_profile(const std::string& path, ColumnMapping base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the profile " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json p;
  try {
    p = nlohmann::json::parse(buffer.str());
  } catch (const std::exception& e) {
    throw std::runtime_error("profile " + path + ": not JSON: " + e.what());
  }
  if (!p.is_object()) throw std::runtime_error("profile " + path + ": must be one JSON object");
  auto text = [&](const char* key, std::string& into) {
    if (!p.contains(key)) return;
    if (!p[key].is_string()) throw std::runtime_error(std::string("profile ") + path + ": \"" + key + "\" must be a string");
    into = p[key].get<std::string>();
  };
  for (auto& [key, value] : p.items()) {
    static const char* known[] = {"date", "dateFormat", "amount", "debit", "credit", "negate", "payee",
                                  "memo", "currency", "id", "delimiter", "rules", "name"};
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) throw std::runtime_error("profile " + path + ": unknown key \"" + key + "\"");
    (void)value;
  }
  text("date", base.date);
  text("dateFormat", base.date_format);
  text("amount", base.amount);
  text("debit", base.debit);
  text("credit", base.credit);
  text("payee", base.payee);
  text("memo", base.memo);
  text("currency", base.currency);
  text("id", base.id);
  if (p.contains("negate")) {
    if (!p["negate"].is_boolean()) throw std::runtime_error("profile " + path + ": \"negate\" must be true or false");
    base.negate = p["negate"].get<bool>();
  }
  if (p.contains("delimiter")) {
    if (!p["delimiter"].is_string() || p["delimiter"].get<std::string>().size() != 1)
      throw std::runtime_error("profile " + path + ": \"delimiter\" must be one character such as \",\" or \";\"");
    base.delimiter = p["delimiter"].get<std::string>()[0];
  }
  if (p.contains("rules")) {
    if (!p["rules"].is_array()) throw std::runtime_error("profile " + path + ": \"rules\" must be an array");
    for (const auto& r : p["rules"]) {
      if (!r.is_object() || !r.contains("match") || !r.contains("category") || !r["match"].is_string() ||
          !r["category"].is_string())
        throw std::runtime_error("profile " + path + ": each rule is {\"match\": \"text\", \"category\": \"Name\"}");
      base.rules.push_back(parse_rule(r["match"].get<std::string>() + "=" + r["category"].get<std::string>()));
    }
  }
  return base;
}

std::vector<StatementLine> map_csv(const std::vector<CsvRecord>& records, const ColumnMapping& mapping,
                                   const std::string& currency) {
  if (records.empty()) throw std::runtime_error("the file has no header row");
  const CsvRecord& header = records.front();
  if (auto dup = duplicate_header(header)) throw std::runtime_error(*dup);
  auto column = [&](const std::string& name, bool required) -> int {
    if (name.empty()) return -1;
    for (std::size_t i = 0; i < header.fields.size(); ++i)
      if (header.fields[i] == name) return static_cast<int>(i);
    if (!required) return -1;
    std::string have;
    for (const auto& f : header.fields) have += (have.empty() ? "\"" : ", \"") + f + "\"";
    throw std::runtime_error("line " + std::to_string(header.line) + ": no column \"" + name +
                             "\" in the header (it has " + have + "); map it with a flag or the profile");
  };
  const bool split = !mapping.debit.empty() || !mapping.credit.empty();
  int c_date = column(mapping.date, true);
  int c_amount = split ? -1 : column(mapping.amount.empty() ? "Amount" : mapping.amount, true);
  int c_debit = split ? column(mapping.debit, !mapping.debit.empty()) : -1;
  int c_credit = split ? column(mapping.credit, !mapping.credit.empty()) : -1;
  int c_payee = column(mapping.payee, true);
  int c_memo = column(mapping.memo, true);
  int c_currency = column(mapping.currency, true);
  int c_id = column(mapping.id, true);
  auto cur = store::find_currency(currency);
  if (!cur) throw std::runtime_error(currency + " is not an ISO 4217 currency code");

  std::vector<StatementLine> out;
  out.reserve(records.size());
  for (std::size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    std::string at = "line " + std::to_string(rec.line);
    if (rec.fields.size() != header.fields.size())
      throw std::runtime_error(at + ": " + std::to_string(rec.fields.size()) + " fields, but the header has " +
                               std::to_string(header.fields.size()) + " (a stray delimiter, or a field that needs quotes?)");
    auto cell = [&](int c) -> const std::string& { return rec.fields[static_cast<std::size_t>(c)]; };
    auto money = [&](int c, const std::string& name) -> std::int64_t {
      std::string error;
      std::string text = tidy_amount(cell(c));
      auto minor = store::parse_minor(text, *cur, error);
      if (!minor) throw std::runtime_error(at + ": column \"" + name + "\": " + error);
      return *minor;
    };
    StatementLine line;
    line.line = rec.line;
    line.where = at;
    auto date = parse_date(cell(c_date), mapping.date_format);
    if (!date)
      throw std::runtime_error(at + ": column \"" + mapping.date + "\": \"" + cell(c_date) +
                               "\" is not a date in the format " + mapping.date_format + " (set --date-format)");
    if (auto problem = util::date_problem(*date); !problem.empty())
      throw std::runtime_error(at + ": column \"" + mapping.date + "\": \"" + cell(c_date) + "\" " + problem);
    line.date = *date;
    if (c_currency >= 0) {
      const std::string& code = cell(c_currency);
      if (!store::find_currency(code))
        throw std::runtime_error(at + ": column \"" + mapping.currency + "\": \"" + code +
                                 "\" is not an ISO 4217 currency code (for example USD, EUR)");
      if (code != currency)
        throw std::runtime_error(at + ": column \"" + mapping.currency + "\": " + code + " differs from the account's currency " +
                                 currency + " (import it into a " + code + " account)");
    }
    if (split) {
      std::int64_t out_minor = c_debit >= 0 && !cell(c_debit).empty() ? money(c_debit, mapping.debit) : 0;
      std::int64_t in_minor = c_credit >= 0 && !cell(c_credit).empty() ? money(c_credit, mapping.credit) : 0;
      if (out_minor < 0) out_minor = -out_minor;
      if (in_minor < 0) in_minor = -in_minor;
      line.amount_minor = in_minor - out_minor;
    } else {
      line.amount_minor = money(c_amount, mapping.amount.empty() ? "Amount" : mapping.amount);
    }
    if (mapping.negate) line.amount_minor = -line.amount_minor;
    line.payee = cell(c_payee);
    if (c_memo >= 0) line.memo = cell(c_memo);
    if (c_id >= 0) line.bank_id = cell(c_id);
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace tally::transfer
