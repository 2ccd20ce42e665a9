#include "ledger/tags.h"

#include "mcp/tool.h"

namespace tally::ledger {

std::string require_tag(const std::string& text, const std::string& param) {
  bool ok = !text.empty() && text.size() <= 64;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '/' || c == ':'))
      ok = false;
  if (!ok)
    throw mcp::ToolError(param + ": \"" + text.substr(0, 80) + (text.size() > 80 ? "…" : "") +
                         "\" is not a tag (1–64 ASCII letters, digits, -, _, / and :)");
  return text;
}

std::string fold_tag(const std::string& tag) {
  std::string out = tag;
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string> tags_of(store::Store& st, std::int64_t txn_seq) {
  store::Prepared q =
      st.prepared("SELECT tag FROM txn_tag WHERE txn_seq = ? ORDER BY created_at, tag_fold");
  q.bind(1, txn_seq);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

void add_tag(store::Store& st, std::int64_t txn_seq, const std::string& tag) {
  {
    store::Prepared has =
        st.prepared("SELECT count(*), sum(tag_fold = ?) FROM txn_tag WHERE txn_seq = ?");
    has.bind(1, fold_tag(tag));
    has.bind(2, txn_seq);
    has.executeStep();
    if (has.getColumn(1).getInt64() > 0) return;
    if (static_cast<std::size_t>(has.getColumn(0).getInt64()) >= kMaxTags)
      throw mcp::ToolError("A transaction takes at most " + std::to_string(kMaxTags) +
                           " tags; remove one first.");
  }
  store::Prepared ins =
      st.prepared("INSERT INTO txn_tag (txn_seq, tag, tag_fold, created_at) VALUES (?, ?, ?, ?)");
  ins.bind(1, txn_seq);
  ins.bind(2, tag);
  ins.bind(3, fold_tag(tag));
  ins.bind(4, st.clock.now_iso());
  ins.exec();
}

bool remove_tag(store::Store& st, std::int64_t txn_seq, const std::string& tag) {
  store::Prepared del = st.prepared("DELETE FROM txn_tag WHERE txn_seq = ? AND tag_fold = ?");
  del.bind(1, txn_seq);
  del.bind(2, fold_tag(tag));
  return del.exec() > 0;
}

}  // namespace tally::ledger
