#pragma once
// OFX/QFX bank statements: SGML (v1, unclosed leaf tags after an
// OFXHEADER block) and XML (v2). Only what an import needs is read: the
// statement currency (CURDEF) and each STMTTRN's DTPOSTED, TRNAMT, FITID,
// NAME/PAYEE and MEMO. QFX is OFX with an Intuit header, read the same way.
#include <string>
#include <string_view>
#include <vector>

#include "transfer/statement_mapping.h"

namespace tally::transfer {

struct OfxStatement {
  std::string currency;  ///< CURDEF; empty when absent
  std::vector<StatementLine> lines;
};

/// Reads the statement; amounts are parsed in `account_currency`. Throws
/// std::runtime_error "line N: …" naming the transaction's line and the tag.
OfxStatement parse_ofx(std::string_view text, const std::string& account_currency);

/// True when the text starts like OFX (OFXHEADER: or <?xml … <OFX>).
bool looks_like_ofx(std::string_view text);

}  // namespace tally::transfer
