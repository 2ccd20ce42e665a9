#include "ledger/commands.h"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/run_tool.h"
#include "app/runtime.h"
#include "ledger/drafts.h"
#include "ledger/preview.h"
#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"
#include "store/transaction.h"

namespace tally::ledger {

using mcp::json;

void add_commands(CLI::App& root, app::CommandEnv& env) {
  auto* draft = root.add_subcommand("draft", "Pending Extrack drafts: list them, preview or post one");
  draft->require_subcommand(1);

  auto limit = std::make_shared<int>(20);
  auto* list = draft->add_subcommand("list", "List pending drafts, newest first");
  list->add_option("--limit", *limit, "How many (1-100)")->capture_default_str()->check(CLI::Range(1, 100));
  env.add_ledger_flags(list);
  list->callback([&env, limit] {
    env.set_action([&env, limit] {
      return app::run_tool(env.options, "draft list", "extrack_list_transaction_drafts", json{{"limit", *limit}});
    });
  });

  auto id = std::make_shared<std::string>();
  auto allow = std::make_shared<bool>(false);
  auto* post = draft->add_subcommand("post", "Post a pending draft to the ledger and remove it");
  post->add_option("draftId", *id, "The draft's id (drf_...)")->required();
  post->add_flag("--allow-overpayment", *allow, "A repayment may exceed what the person owes");
  env.add_ledger_flags(post);
  post->callback([&env, id, allow] {
    env.set_action([&env, id, allow] {
      return app::run_tool(env.options, "draft post", "extrack_post_transaction_draft",
                      json{{"draftId", *id}, {"allowOverpayment", *allow}});
    });
  });

  auto* show = draft->add_subcommand("preview", "Show what posting a draft would write; writes nothing");
  show->add_option("draftId", *id, "The draft's id (drf_...)")->required();
  show->add_flag("--allow-overpayment", *allow, "A repayment may exceed what the person owes");
  env.add_ledger_flags(show);
  show->callback([&env, id, allow] {
    env.set_action([&env, id, allow] { return print_preview(env.options, *id, *allow); });
  });

  // Twins of ledger_reconcile_account and ledger_assert_balance (issue 20): same code path, same errors.
  struct Reconcile {
    std::string account, date, balance;
    std::vector<std::string> clear;
    bool finish = false;
  };
  auto r = std::make_shared<Reconcile>();
  auto* reconcile = root.add_subcommand("reconcile", "Reconcile an account with a bank statement (JSON output)");
  reconcile->add_option("accountId", r->account, "The account's id (acc_...)")->required();
  reconcile->add_option("--statement-date", r->date, "The statement's closing date, YYYY-MM-DD")->required();
  reconcile->add_option("--balance", r->balance, "The statement's closing balance, e.g. 1520.40")->required();
  reconcile->add_option("--clear", r->clear, "Mark this transaction's postings on the account cleared (repeatable)");
  reconcile->add_flag("--finish", r->finish, "Mark the cleared postings reconciled (only when the difference is 0)");
  env.add_ledger_flags(reconcile);
  reconcile->callback([&env, r] {
    env.set_action([&env, r] {
      json args{{"accountId", r->account}, {"statementDate", r->date}, {"statementBalance", r->balance},
                {"finish", r->finish}};
      if (!r->clear.empty()) args["transactionIds"] = r->clear;
      return app::run_tool(env.options, "reconcile", "ledger_reconcile_account", args);
    });
  });

  auto b = std::make_shared<Reconcile>();
  auto* assert_balance =
      root.add_subcommand("assert-balance", "Record that an account held a balance at the end of a day (JSON output)");
  assert_balance->add_option("accountId", b->account, "The account's id (acc_...)")->required();
  assert_balance->add_option("--date", b->date, "YYYY-MM-DD")->required();
  assert_balance->add_option("--balance", b->balance, "The balance at the end of that day, e.g. 1520.40")->required();
  env.add_ledger_flags(assert_balance);
  assert_balance->callback([&env, b] {
    env.set_action([&env, b] {
      return app::run_tool(env.options, "assert-balance", "ledger_assert_balance",
                           json{{"accountId", b->account}, {"date", b->date}, {"balance", b->balance}});
    });
  });
}

int print_preview(const app::RuntimeOptions& options, const std::string& draft_id, bool allow_overpayment) {
  app::Runtime runtime(options);
  store::Store& st = runtime.store();
  try {
    store::Transaction tx(st.db);  // the preview's own writes are undone; this takes the write lock once
    auto d = find_draft(st, draft_id);
    Preview p = preview(st, draft_id, allow_overpayment);
    auto text = [](std::int64_t minor, const std::string& currency) {
      return store::format_minor(minor, store::find_currency(currency)->exponent) + " " + currency;
    };
    std::printf("Posting %s \"%s\" (%s) would write:\n", draft_id.c_str(), d->title.c_str(), d->date.c_str());
    for (const auto& one : p.postings) {
      std::string name = one.account_name + (one.account_id.empty() ? " (new)" : "");
      std::printf("  %-32s %18s%s%s\n", name.c_str(), text(one.amount_minor, one.currency).c_str(),
                  one.memo.empty() ? "" : "  ", one.memo.c_str());
    }
    if (!p.lent.empty()) std::printf("Lent balances (what each person owes you):\n");
    for (const auto& c : p.lent)
      std::printf("  %-32s %s -> %s\n", c.person_name.c_str(), text(c.before_minor, c.currency).c_str(),
                  text(c.after_minor, c.currency).c_str());
    return 0;
  } catch (const mcp::ToolError& e) {
    std::fprintf(stderr, "tally draft preview: %s\n", e.what());
    return 1;
  }
}

}  // namespace tally::ledger
