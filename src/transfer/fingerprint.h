#pragma once
// The import id of a statement line (domain.md §3): the bank's own id when the
// file has one, else sha256(account|date|amount|payee) plus an occurrence
// counter, so two identical coffees on one day stay two transactions while a
// re-import of the same file matches each to itself.
#include <cstdint>
#include <map>
#include <string>

namespace tally::transfer {

/// Hex SHA-256 of `account|date|amount_minor|payee`.
std::string fingerprint(const std::string& account_id, const std::string& date, std::int64_t amount_minor,
                        const std::string& payee);

/// Hands out import ids for one file, counting repeats of a fingerprint.
class ImportIds {
 public:
  /// `bank:<id>` when the bank gave one; else `fp:<sha256>#<n>`, n = 1, 2, … per
  /// repeat of the same fingerprint within this file.
  std::string next(const std::string& account_id, const std::string& bank_id, const std::string& date,
                   std::int64_t amount_minor, const std::string& payee);

 private:
  std::map<std::string, int> seen_;
};

}  // namespace tally::transfer
