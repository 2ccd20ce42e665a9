// The pre-update hook is declared only with this macro; Debian's libsqlite3 is
// built with it (meson.build checks the library has the function).
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "store/write_journal.h"

#include <cstring>

namespace tally::store::journal {

namespace {

thread_local std::vector<Frame> frames;

/// The innermost frame on `db`, searching from the top (frames of two
/// connections may interleave on one thread).
Frame* innermost(sqlite3* db) {
  for (auto it = frames.rbegin(); it != frames.rend(); ++it)
    if (it->db == db) return &*it;
  return nullptr;
}

TableChanges& changes_of(Frame& f, const char* table) {
  for (auto& c : f.changes)
    if (c.table == table) return c;
  TableChanges c;
  c.table = table;
  f.changes.push_back(std::move(c));
  return f.changes.back();
}

void on_change(void*, sqlite3* db, int op, const char* schema, const char* table, sqlite3_int64,
               sqlite3_int64) {
  if (frames.empty() || std::strcmp(schema, "main") != 0) return;  // temp tables are no one's books
  Frame* f = frames.back().db == db ? &frames.back() : innermost(db);
  if (f == nullptr) return;
  TableChanges& c = changes_of(*f, table);
  if (op == SQLITE_INSERT)
    ++c.inserted;
  else if (op == SQLITE_DELETE)
    ++c.deleted;
  else
    ++c.updated;
}

/// Removes the innermost frame on `db` and returns it.
Frame pop(sqlite3* db) {
  for (auto it = frames.end(); it != frames.begin();) {
    --it;
    if (it->db == db) {
      Frame f = std::move(*it);
      frames.erase(it);
      return f;
    }
  }
  return Frame{};
}

}  // namespace

void begin(sqlite3* db) {
  // Installing the hook is one pointer store under the connection's mutex; done at
  // each outermost begin so every connection has it whichever way it was opened.
  if (innermost(db) == nullptr) sqlite3_preupdate_hook(db, &on_change, nullptr);
  Frame f;
  f.db = db;
  frames.push_back(std::move(f));
}

void commit(sqlite3* db) {
  Frame done = pop(db);
  Frame* parent = innermost(db);
  if (parent == nullptr || done.recorded) return;
  for (const auto& c : done.changes) {
    TableChanges& p = changes_of(*parent, c.table.c_str());
    p.inserted += c.inserted;
    p.updated += c.updated;
    p.deleted += c.deleted;
  }
  for (auto& n : done.notes) parent->notes.push_back(std::move(n));
}

void rollback(sqlite3* db) {
  pop(db);
}

std::size_t depth() {
  return frames.size();
}

Frame& frame_at(std::size_t index) {
  return frames.at(index);
}

void note(sqlite3* db, nlohmann::json n) {
  if (Frame* f = innermost(db)) f->notes.push_back(std::move(n));
}

}  // namespace tally::store::journal
