#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>

#include "transfer/fingerprint.h"
#include "transfer/ofx_reader.h"
#include "transfer/payee_rules.h"
#include "transfer/statement_mapping.h"

using namespace tally::transfer;

namespace {
std::vector<CsvRecord> csv(const char* text) {
  std::string err;
  return *parse_csv(text, ',', err);
}
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("dates parse by format and must exist") {
  CHECK(parse_date("2024-01-31", "%Y-%m-%d") == std::optional<std::string>("2024-01-31"));
  CHECK(parse_date("31/1/2024", "%d/%m/%Y") == std::optional<std::string>("2024-01-31"));
  CHECK(parse_date("01.31.24", "%m.%d.%y") == std::optional<std::string>("2024-01-31"));
  CHECK_FALSE(parse_date("2024-02-30", "%Y-%m-%d"));
  CHECK_FALSE(parse_date("31/01/2024", "%Y-%m-%d"));
  CHECK_FALSE(parse_date("2024-01-31x", "%Y-%m-%d"));
}

TEST_CASE("one signed amount column, exact, with thousands separators and parentheses") {
  ColumnMapping m;
  auto lines = map_csv(csv("Date,Payee,Amount\n2024-01-02,Cafe,-3.50\n2024-01-03,Pay,\"1,234.56\"\n2024-01-04,Fee,(2.00)\n"), m, "USD");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].amount_minor == -350);
  CHECK(lines[1].amount_minor == 123456);
  CHECK(lines[2].amount_minor == -200);
  CHECK(lines[1].where == "line 3");
}

TEST_CASE("debit/credit columns and negate") {
  ColumnMapping m;
  m.debit = "Out";
  m.credit = "In";
  auto lines = map_csv(csv("Date,Payee,Out,In\n2024-01-02,Cafe,3.50,\n2024-01-03,Salary,,100\n"), m, "EUR");
  CHECK(lines[0].amount_minor == -350);
  CHECK(lines[1].amount_minor == 10000);
  ColumnMapping card;
  card.negate = true;
  CHECK(map_csv(csv("Date,Payee,Amount\n2024-01-02,Shop,12.00\n"), card, "USD")[0].amount_minor == -1200);
}

TEST_CASE("bad rows name the line and the column") {
  ColumnMapping m;
  CHECK(error_of([&] { map_csv(csv("Date,Payee,Amount\n2024-01-02,A,1.00\n02/01/2024,B,2.00\n"), m, "USD"); }) ==
        "line 3: column \"Date\": \"02/01/2024\" is not a date in the format %Y-%m-%d (set --date-format)");
  CHECK(error_of([&] { map_csv(csv("Date,Payee,Amount\n2024-01-02,A,1.005\n"), m, "USD"); }) ==
        "line 2: column \"Amount\": \"1.005\" has 3 decimals; USD allows 2");
  CHECK(error_of([&] { map_csv(csv("Date,Payee,Amount\n2024-01-02,A\n"), m, "USD"); }) ==
        "line 2: 2 fields, but the header has 3 (a stray delimiter, or a field that needs quotes?)");
  m.currency = "Currency";
  CHECK(error_of([&] { map_csv(csv("Date,Payee,Amount,Currency\n2024-01-02,A,1.00,XYZ\n"), m, "USD"); }) ==
        "line 2: column \"Currency\": \"XYZ\" is not an ISO 4217 currency code (for example USD, EUR)");
  ColumnMapping missing;
  missing.payee = "Description";
  CHECK(error_of([&] { map_csv(csv("Date,Payee,Amount\n"), missing, "USD"); }) ==
        "line 1: no column \"Description\" in the header (it has \"Date\", \"Payee\", \"Amount\"); map it with a flag or the profile");
}

TEST_CASE("fingerprints: the bank id wins; otherwise repeats in a file count up") {
  ImportIds ids;
  CHECK(ids.next("acc_1", "FIT9", "2024-01-02", -350, "Cafe") == "bank:FIT9");
  std::string first = ids.next("acc_1", "", "2024-01-02", -350, "Cafe");
  std::string second = ids.next("acc_1", "", "2024-01-02", -350, "Cafe");
  CHECK(first.substr(0, 3) == "fp:");
  CHECK(first.substr(first.size() - 2) == "#1");
  CHECK(second.substr(second.size() - 2) == "#2");
  CHECK(first.substr(0, first.size() - 2) == second.substr(0, second.size() - 2));
  ImportIds again;  // a re-import of the same file makes the same ids
  CHECK(again.next("acc_1", "", "2024-01-02", -350, "Cafe") == first);
  CHECK(fingerprint("acc_1", "2024-01-02", -350, "Cafe") != fingerprint("acc_2", "2024-01-02", -350, "Cafe"));
}

TEST_CASE("payee rules: first match, any case") {
  std::vector<PayeeRule> rules = {parse_rule("WHOLE FOODS=Groceries"), parse_rule("foods=Other")};
  CHECK(categorize(rules, "Whole Foods Market #12") == std::optional<std::string>("Groceries"));
  CHECK(categorize(rules, "Seafoods") == std::optional<std::string>("Other"));
  CHECK_FALSE(categorize(rules, "Cafe"));
  CHECK(error_of([] { parse_rule("nothing"); }) == "--rule \"nothing\": write TEXT=Category, e.g. \"whole foods=Groceries\"");
}

TEST_CASE("OFX v1 (SGML) and v2 (XML) read the same transactions") {
  const char* sgml =
      "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS>\n<CURDEF>USD\n<BANKTRANLIST>\n"
      "<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20240102120000[-5:EST]\n<TRNAMT>-3.50\n<FITID>A1\n<NAME>Cafe &amp; Co\n</STMTTRN>\n"
      "<STMTTRN>\n<TRNTYPE>CREDIT\n<DTPOSTED>20240103\n<TRNAMT>100.00\n<FITID>A2\n<NAME>Salary\n<MEMO>January\n</STMTTRN>\n"
      "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n";
  const char* xml =
      "<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>"
      "<CURDEF>USD</CURDEF><BANKTRANLIST>\n<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240102</DTPOSTED><TRNAMT>-3.50</TRNAMT>"
      "<FITID>A1</FITID><NAME>Cafe &amp; Co</NAME></STMTTRN>\n<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240103</DTPOSTED>"
      "<TRNAMT>100.00</TRNAMT><FITID>A2</FITID><NAME>Salary</NAME><MEMO>January</MEMO></STMTTRN>\n"
      "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n";
  for (const char* text : {sgml, xml}) {
    CHECK(looks_like_ofx(text));
    OfxStatement s = parse_ofx(text, "USD");
    CHECK(s.currency == "USD");
    REQUIRE(s.lines.size() == 2);
    CHECK(s.lines[0].date == "2024-01-02");
    CHECK(s.lines[0].amount_minor == -350);
    CHECK(s.lines[0].payee == "Cafe & Co");
    CHECK(s.lines[0].bank_id == "A1");
    CHECK(s.lines[1].amount_minor == 10000);
    CHECK(s.lines[1].memo == "January");
  }
  CHECK(parse_ofx(sgml, "USD").lines[1].where == "line 16");
}

TEST_CASE("OFX errors name the line and the tag") {
  const char* bad = "OFXHEADER:100\n\n<OFX>\n<STMTTRN>\n<DTPOSTED>20240230\n<TRNAMT>1.00\n</STMTTRN>\n</OFX>\n";
  CHECK(error_of([&] { parse_ofx(bad, "USD"); }) == "line 4: <DTPOSTED> \"20240230\" is not a real date (YYYYMMDD…)");
  const char* amount = "OFXHEADER:100\n\n<OFX>\n<STMTTRN>\n<DTPOSTED>20240202\n<TRNAMT>abc\n</STMTTRN>\n</OFX>\n";
  CHECK(error_of([&] { parse_ofx(amount, "USD"); }).rfind("line 4: <TRNAMT> \"abc\": ", 0) == 0);
  CHECK(error_of([] { parse_ofx("hello", "USD"); }) == "not an OFX/QFX file: no <OFX> element");
}
