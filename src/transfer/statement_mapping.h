#pragma once
// How a bank's CSV columns become statement lines: which header names hold the
// date (and its format), the amount (one signed column, or debit and credit
// columns), payee, memo, currency and the bank's own id. Given as flags or as
// a profile file (JSON, the same names), one per bank.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "transfer/csv_reader.h"
#include "transfer/payee_rules.h"

namespace tally::transfer {

struct ColumnMapping {
  std::string date = "Date";
  std::string date_format = "%Y-%m-%d";  ///< %Y %m %d %y and literal characters
  std::string amount;                    ///< one signed column; "Amount" when neither it nor debit/credit is set
  std::string debit, credit;             ///< or two unsigned columns: money out, money in
  bool negate = false;                   ///< the bank shows money out as positive
  std::string payee = "Payee";
  std::string memo, currency, id;        ///< optional columns
  char delimiter = ',';
  std::vector<PayeeRule> rules;
};

/// One line of a statement, in the account's terms: + is money in.
struct StatementLine {
  std::size_t line = 0;  ///< file line (CSV) or 0 (OFX: see `where`)
  std::string where;     ///< "line 12" or "transaction 3" for messages
  std::string date;      ///< YYYY-MM-DD
  std::int64_t amount_minor = 0;
  std::string payee;
  std::string memo;
  std::string bank_id;   ///< FITID or the id column; may be empty
};

/// Reads a profile file (JSON object: date, dateFormat, amount, debit, credit,
/// negate, payee, memo, currency, id, delimiter, rules: [{match, category}]) over
/// `base`. Throws std::runtime_error naming the file and the key.
ColumnMapping load_profile(const std::string& path, ColumnMapping base);

/// Parses `text` by `format` into YYYY-MM-DD; nullopt when it does not match or
/// names no real day.
std::optional<std::string> parse_date(const std::string& text, const std::string& format);

/// Maps CSV records (the first is the header) to lines in `currency`. Throws
/// std::runtime_error "line N: column "X": …" at the first bad row.
std::vector<StatementLine> map_csv(const std::vector<CsvRecord>& records, const ColumnMapping& mapping,
                                   const std::string& currency);

}  // namespace tally::transfer
