#include "transfer/ofx_reader.h"

#include <map>
#include <stdexcept>

#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::transfer {

namespace {

std::string decode(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&nbsp;", " "}};
  for (const auto& [from, to] : kEntities)
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1))
      s.replace(at, std::string_view(from).size(), to);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\n' || s.back() == '\t')) s.pop_back();
  std::size_t lead = s.find_first_not_of(" \t\r\n");
  return lead == std::string::npos ? "" : s.substr(lead);
}

}  // namespace

bool looks_like_ofx(std::string_view text) {
  std::string_view head = text.substr(0, 4096);
  return head.find("OFXHEADER") != std::string_view::npos || head.find("<OFX>") != std::string_view::npos;
}

OfxStatement parse_ofx(std::string_view text, const std::string& account_currency) {
  if (text.find("<OFX>") == std::string_view::npos)
    throw std::runtime_error("not an OFX/QFX file: no <OFX> element");
  auto cur = store::find_currency(account_currency);
  if (!cur) throw std::runtime_error(account_currency + " is not an ISO 4217 currency code");
  OfxStatement out;
  std::map<std::string, std::string> txn;  // leaf values of the open STMTTRN
  bool in_txn = false;
  std::size_t line = 1, txn_line = 0, i = 0;
  auto finish = [&] {
    std::string at = "line " + std::to_string(txn_line);
    StatementLine l;
    l.line = txn_line;
    l.where = at;
    const std::string& posted = txn["DTPOSTED"];
    if (posted.size() < 8) throw std::runtime_error(at + ": <DTPOSTED> \"" + posted + "\" is not a date (YYYYMMDD…)");
    std::string date = posted.substr(0, 4) + "-" + posted.substr(4, 2) + "-" + posted.substr(6, 2);
    auto parsed = parse_date(date, "%Y-%m-%d");
    if (!parsed) throw std::runtime_error(at + ": <DTPOSTED> \"" + posted + "\" is not a real date (YYYYMMDD…)");
    if (auto problem = util::date_problem(*parsed); !problem.empty())
      throw std::runtime_error(at + ": <DTPOSTED> \"" + posted + "\" " + problem);
    l.date = *parsed;
    std::string error;
    auto minor = store::parse_minor(txn["TRNAMT"], *cur, error);
    if (!minor) throw std::runtime_error(at + ": <TRNAMT> \"" + txn["TRNAMT"] + "\": " + (txn["TRNAMT"].empty() ? "missing" : error));
    l.amount_minor = *minor;
    l.bank_id = txn["FITID"];
    l.payee = !txn["NAME"].empty() ? txn["NAME"] : txn["PAYEE"];
    l.memo = txn["MEMO"];
    if (l.payee.empty()) l.payee = l.memo;
    out.lines.push_back(std::move(l));
    txn.clear();
  };
  while (i < text.size()) {
    std::size_t lt = text.find('<', i);
    for (std::size_t k = i; k < std::min(lt, text.size()); ++k) line += text[k] == '\n';
    if (lt == std::string_view::npos) break;
    std::size_t gt = text.find('>', lt);
    if (gt == std::string_view::npos) throw std::runtime_error("line " + std::to_string(line) + ": a tag is never closed (> missing)");
    std::string tag(text.substr(lt + 1, gt - lt - 1));
    for (std::size_t k = lt; k < gt; ++k) line += text[k] == '\n';
    std::size_t next = text.find('<', gt + 1);
    std::string value(text.substr(gt + 1, (next == std::string_view::npos ? text.size() : next) - gt - 1));
    i = gt + 1;
    if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
    if (tag == "STMTTRN") {
      if (in_txn) finish();
      in_txn = true;
      txn_line = line;
      continue;
    }
    if (tag == "/STMTTRN" || (in_txn && tag == "/BANKTRANLIST")) {
      if (in_txn) finish();
      in_txn = false;
      continue;
    }
    if (tag[0] == '/') continue;
    std::string v = decode(value);
    if (tag == "CURDEF") {
      if (!store::find_currency(v))
        throw std::runtime_error("line " + std::to_string(line) + ": <CURDEF> \"" + v + "\" is not an ISO 4217 currency code");
      out.currency = v;
    } else if (in_txn && !v.empty()) {
      txn[tag] = v;
    }
  }
  if (in_txn) finish();
  return out;
}

}  // namespace tally::transfer
