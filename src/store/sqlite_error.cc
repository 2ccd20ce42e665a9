#include "store/sqlite_error.h"

#include <string_view>

#include <sqlite3.h>

namespace tally::store {

namespace {

/// "UNIQUE constraint failed: account.ws, account.name_fold" → "account (ws, name_fold)".
std::string constrained_columns(std::string_view what) {
  auto colon = what.find(": ");
  if (colon == std::string_view::npos) return "";
  std::string_view list = what.substr(colon + 2);
  std::string table, columns;
  while (!list.empty()) {
    auto comma = list.find(", ");
    std::string_view item = list.substr(0, comma);
    auto dot = item.find('.');
    if (dot != std::string_view::npos) {
      if (table.empty()) table = item.substr(0, dot);
      if (!columns.empty()) columns += ", ";
      columns += item.substr(dot + 1);
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 2);
  }
  if (table.empty()) return "";
  return table + " (" + columns + ")";
}

std::string constraint_message(const SQLite::Exception& e) {
  std::string where = constrained_columns(e.what());
  std::string of = where.empty() ? "" : " of " + where;
  switch (e.getExtendedErrorCode()) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return "a record with the same key" + of +
             " already exists, so nothing was saved. If this repeats a request that already "
             "succeeded, "
             "there is nothing to do; otherwise change the value that must be unique";
    case SQLITE_CONSTRAINT_NOTNULL:
      return "a required value" + of + " is missing, so nothing was saved; supply it and retry";
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return "the change refers to a record that does not exist, or removes one that others still "
             "refer to, "
             "so nothing was saved; check the ids and retry";
    case SQLITE_CONSTRAINT_CHECK:
      return "a value is outside what the ledger allows, so nothing was saved; check the values "
             "and retry";
    default:
      return "the change breaks a rule of the ledger, so nothing was saved; check the values and "
             "retry";
  }
}

}  // namespace

bool is_busy(const SQLite::Exception& e) {
  int primary = e.getErrorCode() & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

std::string read_only_ledger_message() {
  return "the ledger cannot be written (a read-only file, folder or file system), so the change "
         "was not saved; reads still answer. Make the ledger and its folder writable (chmod u+w) "
         "and retry";
}

std::string describe_sqlite_error(const SQLite::Exception& e) {
  std::string text;
  switch (e.getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      text =
          "the ledger is busy: another Tally process (an import, a backup or another server) is "
          "writing to "
          "it; retry when it finishes";
      break;
    case SQLITE_CONSTRAINT:
      text = constraint_message(e);
      break;
    case SQLITE_FULL:
      text =
          "the disk is full (or a file size limit was reached), so the change was not saved; free "
          "some space "
          "and retry";
      break;
    case SQLITE_READONLY:
      text = read_only_ledger_message();
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      text =
          "the ledger file is damaged, so the request was not carried out; run `tally doctor`, and "
          "if it "
          "confirms, put back a backup with `tally restore`";
      break;
    case SQLITE_INTERRUPT:
      text =
          "the request was interrupted (cancelled) before it finished, so nothing was saved; retry "
          "if it "
          "is still wanted";
      break;
    case SQLITE_IOERR:
      text =
          "reading or writing the ledger file failed (an I/O error: a failing disk, a removed "
          "drive or a "
          "full file system), so the change was not saved; check the disk and retry";
      break;
    case SQLITE_CANTOPEN:
      text =
          "the ledger file or its journal (-wal, -shm) cannot be opened; check that the file and "
          "its folder "
          "exist and are yours, then retry";
      break;
    case SQLITE_NOMEM:
      text =
          "Tally ran out of memory, so the request was not carried out; retry with a smaller "
          "request";
      break;
    case SQLITE_TOOBIG:
      text = "a value is too large to store, so nothing was saved; shorten it and retry";
      break;
    default:
      text =
          "the ledger refused the request, so nothing was saved; retry, and run `tally doctor` if "
          "it "
          "happens again";
      break;
  }
  if (e.getErrorCode() >= 0)
    text += " (SQLite error " + std::to_string(e.getExtendedErrorCode()) + ")";
  return text;
}

std::string describe_error(const std::exception& e) {
  if (const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e))
    return describe_sqlite_error(*sqlite);
  return e.what();
}

}  // namespace tally::store
