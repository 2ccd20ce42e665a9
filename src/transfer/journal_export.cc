#include "transfer/journal_export.h"

#include <map>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "ledger/rate_math.h"
#include "ledger/tags.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::transfer {

namespace {

const char* root_of(const std::string& type) {
  if (type == "asset") return "Assets";
  if (type == "liability") return "Liabilities";
  if (type == "equity") return "Equity";
  if (type == "income") return "Income";
  return "Expenses";
}

std::string beancount_component(const std::string& part) {
  std::string out;
  for (char c : part) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    out += ok ? c : '-';
  }
  if (out.empty()) out = "X";
  if (out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  if (!(out[0] >= 'A' && out[0] <= 'Z')) out = "X" + out;  // beancount: a component starts with a capital or digit
  return out;
}

/// One line of text: journals end a description or comment at a line break.
std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : one_line(s)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string journal_account(const std::string& name, const std::string& type, const std::string& currency,
                            bool ambiguous, JournalFormat format) {
  std::string root = root_of(type);
  std::string full = name.rfind(root + ":", 0) == 0 ? name : root + ":" + name;
  if (ambiguous) full += ":" + currency;
  std::string out;
  std::size_t start = 0;
  for (;;) {
    std::size_t colon = full.find(':', start);
    std::string part = full.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (format == JournalFormat::beancount) {
      part = beancount_component(part);
    } else {
      part = one_line(part);
      for (std::size_t at = part.find("  "); at != std::string::npos; at = part.find("  ")) part.erase(at, 1);
      for (char& c : part)
        if (c == ';') c = ',';  // hledger reads ; as a comment
      if (part.empty()) part = "_";
    }
    out += (out.empty() ? "" : ":") + part;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return out;
}

void export_journal(store::Store& st, JournalFormat format, std::ostream& out) {
  struct Acct {
    std::string journal_name;
    std::string currency;
  };
  std::map<std::int64_t, Acct> accounts;
  std::map<std::string, int> exponents;
  {
    std::map<std::string, int> currencies_per_name;
    SQLite::Statement names(st.db, "SELECT name_fold, count(DISTINCT currency) FROM account WHERE ws = ? GROUP BY name_fold");
    names.bind(1, st.workspace_id);
    while (names.executeStep()) currencies_per_name[names.getColumn(0).getString()] = names.getColumn(1).getInt();
    SQLite::Statement q(st.db, "SELECT seq, name, name_fold, type, currency FROM account WHERE ws = ? ORDER BY seq");
    q.bind(1, st.workspace_id);
    while (q.executeStep()) {
      std::string currency = q.getColumn(4).getString();
      bool ambiguous = currencies_per_name[q.getColumn(2).getString()] > 1;
      accounts[q.getColumn(0).getInt64()] = {
          journal_account(q.getColumn(1).getString(), q.getColumn(3).getString(), currency, ambiguous, format), currency};
      auto c = store::find_currency(currency);
      exponents[currency] = c ? c->exponent : 0;
    }
  }
  auto amount = [&](std::int64_t minor, const std::string& currency) {
    return store::format_minor(minor, exponents[currency]) + " " + currency;
  };

  out << (format == JournalFormat::beancount ? ";; " : "; ") << "Tally ledger, workspace " << one_line(st.workspace)
      << ": every posted transaction, amounts exact.\n\n";
  for (const auto& [code, exponent] : exponents) {
    if (format == JournalFormat::hledger) {
      // The sample amount sets the display precision: the currency's minor units.
      out << "commodity " << (exponent == 0 ? std::string("1000.") : "1000." + std::string(static_cast<std::size_t>(exponent), '0'))
          << " " << code << "\n";
    } else {
      out << "1970-01-01 commodity " << code << "\n";
    }
  }
  out << "\n";
  for (const auto& [seq, a] : accounts)
    out << (format == JournalFormat::beancount ? "1970-01-01 open " : "account ") << a.journal_name
        << (format == JournalFormat::beancount ? " " + a.currency : "") << "\n";
  out << "\n";

  // Exchange rates (issue 20): hledger `P DATE BASE RATE QUOTE`, beancount
  // `DATE price BASE RATE QUOTE`, the rate's exact decimal text.
  {
    SQLite::Statement p(st.db, "SELECT date, base, quote, rate_numerator, rate_scale FROM price WHERE ws = ? "
                               "ORDER BY date, base, quote");
    p.bind(1, st.workspace_id);
    bool any = false;
    while (p.executeStep()) {
      any = true;
      if (format == JournalFormat::beancount)
        out << p.getColumn(0).getString() << " price ";
      else
        out << "P " << p.getColumn(0).getString() << " ";
      out << p.getColumn(1).getString() << " "
          << ledger::rate_text({p.getColumn(3).getInt64(), p.getColumn(4).getInt()}) << " "
          << p.getColumn(2).getString() << "\n";
    }
    if (any) out << "\n";
  }

  // Balance assertions ("held X at the end of D", issue 20), each written once every
  // transaction of its day is: hledger as a zero posting with `= X` after them,
  // beancount as a balance directive on D + 1 (it checks at the start of a day).
  struct Assertion {
    std::string date;
    std::int64_t account_seq;
    std::int64_t balance_minor;
  };
  std::vector<Assertion> assertions;
  {
    SQLite::Statement b(st.db, "SELECT date, account_seq, balance_minor FROM balance_assertion WHERE ws = ? "
                               "ORDER BY date, account_seq");
    b.bind(1, st.workspace_id);
    while (b.executeStep())
      assertions.push_back({b.getColumn(0).getString(), b.getColumn(1).getInt64(), b.getColumn(2).getInt64()});
  }
  std::size_t next_assertion = 0;
  auto assertions_before = [&](const std::string& date) {  // every assertion dated before `date` (empty: all)
    for (; next_assertion < assertions.size() && (date.empty() || assertions[next_assertion].date < date);
         ++next_assertion) {
      const Assertion& x = assertions[next_assertion];
      const Acct& a = accounts[x.account_seq];
      if (format == JournalFormat::beancount) {
        out << util::add_days(x.date, 1) << " balance " << a.journal_name << "  " << amount(x.balance_minor, a.currency)
            << "\n\n";
      } else {
        out << x.date << " Balance assertion  ; tally-assertion:\n    " << a.journal_name << "  "
            << amount(0, a.currency) << " = " << amount(x.balance_minor, a.currency) << "\n\n";
      }
    }
  };

  SQLite::Statement q(st.db,
                      "SELECT t.seq, t.id, t.date, t.description, p.account_seq, p.amount_minor, p.currency, p.memo, "
                      "t.payee FROM txn t JOIN posting p ON p.txn_seq = t.seq WHERE t.ws = ? ORDER BY t.date, t.seq, p.id");
  q.bind(1, st.workspace_id);
  std::int64_t current = -1;
  while (q.executeStep()) {
    std::int64_t seq = q.getColumn(0).getInt64();
    if (seq != current) {
      if (current != -1) out << "\n";
      current = seq;
      assertions_before(q.getColumn(2).getString());
      std::string description = q.getColumn(3).getString();
      // The payee when it adds something (imports use it as the description too).
      std::string payee = q.getColumn(8).getString();
      if (payee == description) payee.clear();
      std::vector<std::string> tags = ledger::tags_of(st, seq);
      if (format == JournalFormat::beancount) {
        // beancount tags are #[A-Za-z0-9-_/.]: a tag with ':' is kept only in tally-tags.
        out << q.getColumn(2).getString() << " *";
        if (!payee.empty()) out << " " << quoted(payee);
        out << " " << quoted(description);
        std::string all;
        for (const auto& tag : tags) {
          if (tag.find(':') == std::string::npos) out << " #" << tag;
          all += (all.empty() ? "" : " ") + tag;
        }
        out << "\n  tally-id: " << quoted(q.getColumn(1).getString()) << "\n";
        if (!all.empty()) out << "  tally-tags: " << quoted(all) << "\n";
      } else {
        auto clean = [](std::string text) {
          text = one_line(text);
          for (char& ch : text)
            if (ch == ';' || ch == '|') ch = ',';  // hledger would start a comment, or split payee | note
          return text;
        };
        description = clean(description);
        if (!payee.empty()) description = clean(payee) + " | " + description;
        if (!description.empty() && (description[0] == '*' || description[0] == '!' || description[0] == '('))
          description = "- " + description;  // hledger would read a status mark or a code
        // hledger tags are name:value in the comment; "trip:lisbon" reads as tag trip, value lisbon.
        std::string tag_text;
        for (const auto& tag : tags) tag_text += ", " + (tag.find(':') == std::string::npos ? tag + ":" : tag);
        out << q.getColumn(2).getString() << " " << description << "  ; tally-id:" << q.getColumn(1).getString()
            << tag_text << "\n";
      }
    }
    const Acct& a = accounts[q.getColumn(4).getInt64()];
    out << "    " << a.journal_name << "  " << amount(q.getColumn(5).getInt64(), q.getColumn(6).getString());
    std::string memo = q.getColumn(7).getString();
    if (!memo.empty()) out << "  ; " << one_line(memo);
    out << "\n";
  }
  if (current != -1) out << "\n";
  assertions_before("");
}

}  // namespace tally::transfer
