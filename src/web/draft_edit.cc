#include "web/draft_edit.h"

namespace tally::web {

mcp::json edit_changes(const Form& form, const std::string& draft_id, const std::string& kind) {
  mcp::json c{{"draftId", draft_id}};
  auto text = [&](const char* name, bool clearable) {
    auto it = form.find(name);
    if (it == form.end() || it->second.empty()) return;
    const std::string& v = it->second.front();
    if (v.empty()) {
      if (clearable) c[name] = nullptr;
    } else {
      c[name] = v;
    }
  };
  text("title", false);
  text("date", false);
  for (const char* amount : {"expenseAmount", "incomeAmount", "totalAmount", "amount"})
    text(amount, false);
  text("accountId", false);
  text("debitAccountId", false);
  text("creditAccountId", false);
  text("categoryName", true);
  text("payee", true);
  text("externalReference", true);
  text("type", false);
  text("personId", false);
  if (auto allow = form.find("allowOverpayment"); allow != form.end() && kind == "repayment")
    c["allowOverpayment"] = !allow->second.empty() && allow->second.back() == "1";
  // Switching between expense and income: the amount goes to the new type's field.
  if (c.contains("type") && c["type"] != kind) {
    const char* from = kind == "income" ? "incomeAmount" : "expenseAmount";
    const char* to = c["type"] == "income" ? "incomeAmount" : "expenseAmount";
    if (c.contains(from)) {
      c[to] = c[from];
      if (std::string(from) != to) c.erase(from);
    }
  }
  if (c.contains("type") && c["type"] == kind) c.erase("type");
  if (auto tags = form.find("tags"); tags != form.end() && !tags->second.empty()) {
    mcp::json list = mcp::json::array();
    std::string rest = tags->second.front();
    while (!rest.empty()) {
      auto comma = rest.find(',');
      std::string tag = rest.substr(0, comma);
      rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
      auto first = tag.find_first_not_of(' ');
      if (first == std::string::npos) continue;
      list.push_back(tag.substr(first, tag.find_last_not_of(' ') - first + 1));
    }
    c["tags"] = list;  // [] clears them
  }
  if (kind == "expense" || kind == "split_expense") {
    mcp::json shares = mcp::json::array();
    auto people = form.find("person");
    auto amounts = form.find("share");
    if (people != form.end())
      for (std::size_t i = 0; i < people->second.size(); ++i) {
        const std::string& who = people->second[i];
        std::string share =
            amounts != form.end() && i < amounts->second.size() ? amounts->second[i] : "";
        if (who.empty() && share.empty()) continue;
        shares.push_back({{"personId", who}, {"amount", share}});
      }
    c[kind == "expense" ? "splits" : "allocations"] = shares;
  }
  if (c.contains("type") && c["type"] == "income") c.erase("splits");  // an income carries no IOUs
  return c;
}

}  // namespace tally::web
