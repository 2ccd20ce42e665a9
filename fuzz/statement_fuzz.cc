// Target (c): bank statements as `tally import` reads them — the text check,
// OFX/QFX (SGML and XML), RFC 4180 CSV and the column mapping with its date
// formats, amounts in one or two columns and payee rules. Invariants: every
// refusal is an exception with a message (never a crash); every mapped line has
// a real calendar day and an amount within Money's bound; CSV written with
// csv_field reads back as the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/money.h"
#include "transfer/csv_reader.h"
#include "transfer/ofx_reader.h"
#include "transfer/payee_rules.h"
#include "transfer/statement_mapping.h"
#include "util/calendar.h"

namespace {

using namespace tally::transfer;

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s: %.*s\n", what,
               static_cast<int>(detail.size() > 500 ? 500 : detail.size()), detail.data());
  std::abort();
}

void check_lines(const std::vector<StatementLine>& lines) {
  for (const auto& l : lines) {
    if (!tally::util::is_calendar_day(l.date))
      fail("a statement line without a calendar day", l.date);
    if (l.amount_minor > tally::store::kMaxMinor || l.amount_minor < -tally::store::kMaxMinor)
      fail("a statement amount beyond kMaxMinor", l.where);
  }
}

void check_round_trip(const std::vector<CsvRecord>& records) {
  std::string text;
  for (const auto& r : records) {
    // One empty field is written as a blank line, which the reader skips by design.
    if (r.fields.size() == 1 && r.fields[0].empty()) return;
    for (std::size_t i = 0; i < r.fields.size(); ++i)
      text += (i ? "," : "") + csv_field(r.fields[i]);
    text += '\n';
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) return;  // a leading BOM is skipped on reading
  std::string error;
  auto again = parse_csv(text, ',', error);
  if (!again) fail("CSV written by csv_field does not read back", error);
  if (again->size() != records.size()) fail("CSV round trip changed the record count", text);
  for (std::size_t i = 0; i < records.size(); ++i)
    if ((*again)[i].fields != records[i].fields) fail("CSV round trip changed a record", text);
}

ColumnMapping mapping_for(std::uint8_t flags) {
  ColumnMapping m;
  switch (flags & 3) {
    case 0:
      m.amount = "Amount";
      break;
    case 1:
      m.debit = "Debit";
      m.credit = "Credit";
      break;
    case 2:
      m.amount = "Amount";
      m.negate = true;
      m.memo = "Memo";
      m.id = "Id";
      break;
    default:
      m.amount = "Amount";
      m.currency = "Currency";
      m.date_format = "%d/%m/%y";
      break;
  }
  if (flags & 4) m.delimiter = ';';
  if (flags & 8) m.date_format = "%m.%d.%Y";
  m.rules.push_back(parse_rule("coffee=Dining"));
  m.rules.push_back(parse_rule("RENT=Housing"));
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 32 * 1024) return -1;
  const std::uint8_t flags = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string currency = flags & 16 ? "JPY" : flags & 32 ? "KWD" : "USD";
  const ColumnMapping mapping = mapping_for(flags);

  // What parse_date makes of the text under each format a profile might name.
  for (const char* format : {"%Y-%m-%d", "%d/%m/%y", "%m.%d.%Y", "%Y%m%d"})
    if (auto day = parse_date(std::string(text.substr(0, 40)), format);
        day && !tally::util::is_calendar_day(*day))
      fail("parse_date made a day that is not one", *day);

  if (auto bad = not_text(text)) {
    if (bad->empty()) fail("not_text refused without a reason", text);
    return 0;
  }
  if (looks_like_ofx(text) || (flags & 64)) {
    try {
      OfxStatement s = parse_ofx(text, currency);
      check_lines(s.lines);
    } catch (const std::runtime_error&) {
    }
    return 0;
  }
  std::string error;
  auto records = parse_csv(text, mapping.delimiter, error);
  if (!records) {
    if (error.empty()) fail("parse_csv refused without a reason", text);
    return 0;
  }
  if (mapping.delimiter == ',') check_round_trip(*records);
  if (records->empty()) return 0;
  (void)duplicate_header((*records)[0]);
  try {
    auto lines = map_csv(*records, mapping, currency);
    check_lines(lines);
    for (const auto& l : lines) (void)categorize(mapping.rules, l.payee);
  } catch (const std::runtime_error&) {
  }
  return 0;
}
