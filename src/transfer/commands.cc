#include "transfer/commands.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

#include "app/runtime.h"
#include "store/database.h"
#include "store/sqlite_error.h"
#include "store/transaction.h"
#include "transfer/backup.h"
#include "transfer/entity_import.h"
#include "transfer/file_text.h"
#include "transfer/journal_export.h"
#include "transfer/statement_import.h"
#include "transfer/table_export.h"

namespace tally::transfer {

namespace {

/// Runs `body`; a bad file or flag is the user's mistake: its message on stderr, exit 1.
int run(const char* command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally %s: %s\n", command, store::describe_error(e).c_str());
    return 1;
  }
}

/// An import is one transaction: its changed pages stay in the page cache until
/// the commit, and past SQLite's default 2 MB they spill to the WAL and are read
/// back with pread on every later touch (a million invoices: 370 MB changed, the
/// import slowing as it grows; bench/notes.md). A bounded larger cache for the
/// import's own process keeps the B-trees' hot pages in memory. Its price, at
/// most this much memory while a large import runs, is said in the README.
void size_cache_for_import(SQLite::Database& db) {
  if (const char* kib = std::getenv("TALLY_IMPORT_CACHE_KIB"); kib && *kib)
    db.exec(std::string("PRAGMA cache_size = -") + std::to_string(std::strtoll(kib, nullptr, 10)));
  else
    db.exec("PRAGMA cache_size = -65536");  // KiB: 64 MiB
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

struct BankArgs {
  StatementOptions options;
  std::string profile;
  std::vector<std::string> rules;
  std::string delimiter;
  bool amount_set = false;
};

void add_bank_command(CLI::App& import, app::CommandEnv& env) {
  auto a = std::make_shared<BankArgs>();
  ColumnMapping& m = a->options.mapping;
  auto* bank = import.add_subcommand("bank", "Import a bank statement (CSV with a column mapping, OFX or QFX) into an account");
  bank->add_option("file", a->options.file, "The statement: .csv, .ofx or .qfx")->required();
  bank->add_option("--account", a->options.account, "The account it belongs to: acc_… id or name (e.g. Checking)")->required();
  bank->add_option("--profile", a->profile, "A bank profile (JSON): column mapping and payee rules; flags override it");
  bank->add_option("--format", a->options.format, "csv, ofx or qfx (default: from the extension)")
      ->check(CLI::IsMember({"csv", "ofx", "qfx"}));
  bank->add_option("--date-column", m.date, "Header of the date column")->capture_default_str();
  bank->add_option("--date-format", m.date_format, "Its format: %Y %m %d %y and literal text, e.g. %d/%m/%Y")
      ->capture_default_str();
  bank->add_option("--amount-column", m.amount, "One signed amount column (default Amount)");
  bank->add_option("--debit-column", m.debit, "Or: the money-out column …");
  bank->add_option("--credit-column", m.credit, "… and the money-in column");
  bank->add_flag("--negate", m.negate, "The bank shows money out as positive (credit card statements)");
  bank->add_option("--payee-column", m.payee, "Header of the payee column")->capture_default_str();
  bank->add_option("--memo-column", m.memo, "Header of a memo column");
  bank->add_option("--currency-column", m.currency, "Header of a currency column (checked against the account's)");
  bank->add_option("--id-column", m.id, "Header of the bank's transaction id column (best duplicate detection)");
  bank->add_option("--delimiter", a->delimiter, "Field separator (default ,)");
  bank->add_option("--rule", a->rules, "TEXT=Category: payees containing TEXT (any case) go to Category; repeatable");
  bank->add_flag("--dry-run", a->options.dry_run, "Show what would be posted; change nothing");
  env.add_ledger_flags(bank);
  bank->callback([&env, a, bank] {
    env.set_action([&env, a, bank] {
      return run("import bank", [&] {
        StatementOptions o = a->options;
        if (!a->profile.empty()) {
          ColumnMapping from_profile = load_profile(a->profile, ColumnMapping{});
          // Flags given on the command line win over the profile.
          auto keep = [&](const char* flag, std::string& field, const std::string& profile_value) {
            if (bank->count(flag) == 0) field = profile_value;
          };
          keep("--date-column", o.mapping.date, from_profile.date);
          keep("--date-format", o.mapping.date_format, from_profile.date_format);
          keep("--amount-column", o.mapping.amount, from_profile.amount);
          keep("--debit-column", o.mapping.debit, from_profile.debit);
          keep("--credit-column", o.mapping.credit, from_profile.credit);
          keep("--payee-column", o.mapping.payee, from_profile.payee);
          keep("--memo-column", o.mapping.memo, from_profile.memo);
          keep("--currency-column", o.mapping.currency, from_profile.currency);
          keep("--id-column", o.mapping.id, from_profile.id);
          if (bank->count("--negate") == 0) o.mapping.negate = from_profile.negate;
          o.mapping.delimiter = from_profile.delimiter;
          o.mapping.rules = from_profile.rules;
        }
        if (!a->delimiter.empty()) {
          std::string d = a->delimiter == "\\t" || a->delimiter == "tab" ? "\t" : a->delimiter;
          if (d.size() != 1) throw std::runtime_error("--delimiter must be one character such as , or ;");
          o.mapping.delimiter = d[0];
        }
        std::vector<PayeeRule> rules;  // --rule flags first: the command line is the more specific
        for (const auto& r : a->rules) rules.push_back(parse_rule(r));
        rules.insert(rules.end(), o.mapping.rules.begin(), o.mapping.rules.end());
        o.mapping.rules = rules;

        app::Runtime rt(env.options);
        size_cache_for_import(rt.db());
        std::optional<store::Transaction> dry;  // a dry run rolls back everything
        if (o.dry_run) dry.emplace(rt.db());
        auto started = std::chrono::steady_clock::now();
        StatementReport r = import_statement(rt.store(), o);
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        for (const auto& line : r.preview) std::printf("%s\n", line.c_str());
        std::string skipped;
        if (r.duplicate_in_file + r.already_imported > 0)
          skipped = "; skipped " + plural(r.duplicate_in_file, "duplicate", "duplicates") + " within the file and " +
                    plural(r.already_imported, "line", "lines") + " already imported";
        std::printf("%s %s into %s (%s) from %s%s.\n", o.dry_run ? "Dry run: would import" : "Imported",
                    plural(r.posted, "transaction", "transactions").c_str(), r.account_name.c_str(), r.currency.c_str(),
                    o.file.c_str(), skipped.c_str());
        std::fprintf(stderr, "tally import bank: %zu lines in %.2f s\n", r.lines, seconds);
        return 0;
      });
    });
  });
}

void add_entity_commands(CLI::App& import, app::CommandEnv& env) {
  for (const auto& kind : entity_kinds()) {
    auto file = std::make_shared<std::string>();
    auto dry_run = std::make_shared<bool>(false);
    std::string what = kind.tool.empty() ? "the affiliate ingest path" : kind.tool;
    auto* cmd = import.add_subcommand(kind.name, "Import " + kind.name + " (each row's fields: those of " + what + ")");
    cmd->add_option("file", *file, ".csv (header row), .json (an array of objects) or .jsonl (one object per line)")
        ->required();
    cmd->add_flag("--dry-run", *dry_run, "Check every row; change nothing");
    env.add_ledger_flags(cmd);
    const EntityKind* k = &kind;
    cmd->callback([&env, k, file, dry_run] {
      env.set_action([&env, k, file, dry_run] {
        std::string command = "import " + k->name;
        return run(command.c_str(), [&] {
          app::Runtime rt(env.options);
          size_cache_for_import(rt.db());
          std::optional<store::Transaction> dry;  // a dry run rolls back everything
          if (*dry_run) dry.emplace(rt.db());
          auto started = std::chrono::steady_clock::now();
          EntityReport r = import_entities(rt.store(), rt.toolsets(), *k, *file, *dry_run);
          // A bulk load outdates the planner's statistics (ledger migration 4 took
          // them once); a sampled ANALYZE, well under a second at a million rows,
          // keeps a word search starting from its matches.
          if (!*dry_run && r.imported > 0) rt.db().exec("PRAGMA analysis_limit = 1000; ANALYZE");
          double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          std::string skipped = r.already_imported > 0
                                    ? "; skipped " + plural(r.already_imported, "row", "rows") + " whose id was already imported"
                                    : "";
          std::printf("%s %s from %s%s.\n", *dry_run ? "Dry run: would import" : "Imported",
                      plural(r.imported, "row", "rows").c_str(), file->c_str(), skipped.c_str());
          std::fprintf(stderr, "tally %s: %zu rows in %.2f s\n", command.c_str(), r.rows, seconds);
          return 0;
        });
      });
    });
  }
}

struct ExportArgs {
  std::string format, out;
  bool force = false;
};

/// Refuses an --out that would destroy the ledger (or its journal files) or an existing
/// file without --force, or that is not a regular file: checked before the ledger opens.
void check_export_target(const std::string& out, const std::string& ledger, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  require_regular_or_absent(out);
  if (!fs::exists(out, ec)) return;
  for (const std::string& file : {ledger, ledger + "-wal", ledger + "-shm"})
    if (fs::exists(file, ec) && fs::equivalent(out, file, ec))
      throw std::runtime_error("--out " + out + " is the ledger" + (file == ledger ? "" : "'s journal file") +
                               " itself; writing the export there would destroy it. Choose another file");
  if (!force) throw std::runtime_error(out + " already exists; pass --force to replace it");
}

void add_export_command(CLI::App& root, app::CommandEnv& env) {
  auto a = std::make_shared<ExportArgs>();
  auto* exp = root.add_subcommand("export", "Write the ledger out: an hledger or beancount journal, CSV of postings, or a JSON dump");
  exp->add_option("--format", a->format, "hledger, beancount, csv or json")
      ->required()
      ->check(CLI::IsMember({"hledger", "beancount", "csv", "json"}));
  exp->add_option("--out", a->out, "Write to this file (default: stdout)");
  exp->add_flag("--force", a->force, "With --out: replace the file if it exists");
  env.add_ledger_flags(exp);
  exp->callback([&env, a] {
    env.set_action([&env, a] {
      return run("export", [&] {
        store::require_existing_ledger(env.options.db_path);
        if (!a->out.empty()) check_export_target(a->out, env.options.db_path, a->force);
        app::Runtime rt(env.options);
        // Written beside --out and renamed over it when complete: a failed export leaves
        // no half file and the old one, if any, in place.
        std::string temp = a->out.empty() ? "" : a->out + ".export-" + std::to_string(::getpid()) + ".tmp";
        std::ofstream file;
        if (!temp.empty()) {
          file.open(temp, std::ios::binary | std::ios::trunc);
          if (!file) throw std::runtime_error("cannot write " + a->out + " (check that its folder exists and is yours)");
        }
        std::ostream& out = a->out.empty() ? std::cout : file;
        try {
          if (a->format == "hledger") export_journal(rt.store(), JournalFormat::hledger, out);
          else if (a->format == "beancount") export_journal(rt.store(), JournalFormat::beancount, out);
          else if (a->format == "csv") export_csv(rt.store(), out);
          else export_json(rt.store(), out);
          out.flush();
          if (!out) throw std::runtime_error("writing the export failed (disk full?)");
          if (!temp.empty()) {
            file.close();
            std::filesystem::rename(temp, a->out);
          }
        } catch (...) {
          std::error_code ignored;
          if (!temp.empty()) std::filesystem::remove(temp, ignored);
          throw;
        }
        return 0;
      });
    });
  });
}

void add_backup_commands(CLI::App& root, app::CommandEnv& env) {
  auto target = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* backup = root.add_subcommand("backup", "Copy the ledger to PATH, consistently, while it stays in use (VACUUM INTO)");
  backup->add_option("path", *target, "Where to write the copy")->required();
  backup->add_flag("--force", *force, "Replace PATH if it exists");
  env.add_ledger_flags(backup);
  backup->callback([&env, target, force] {
    env.set_action([&env, target, force] {
      return run("backup", [&] {
        for (const auto& line : backup_ledger(env.options.db_path, *target, *force))
          std::fprintf(stderr, "tally backup: %s\n", line.c_str());
        std::printf("Backed up %s to %s\n", env.options.db_path.c_str(), target->c_str());
        return 0;
      });
    });
  });
  auto source = std::make_shared<std::string>();
  auto* restore = root.add_subcommand("restore", "Replace the ledger with a backup (the current one is kept beside it)");
  restore->add_option("path", *source, "A backup made by `tally backup`")->required();
  env.add_ledger_flags(restore);
  restore->callback([&env, source] {
    env.set_action([&env, source] {
      return run("restore", [&] {
        std::vector<std::string> warnings;
        std::string kept =
            restore_ledger(env.options.db_path, *source, file_stamp(*store::clock_from_environment()), &warnings);
        for (const auto& line : warnings) std::fprintf(stderr, "tally restore: %s\n", line.c_str());
        std::printf("Restored %s from %s%s\n", env.options.db_path.c_str(), source->c_str(),
                    kept.empty() ? "" : ("; the previous ledger is kept as " + kept).c_str());
        return 0;
      });
    });
  });
}

}  // namespace

void add_commands(CLI::App& root, app::CommandEnv& env) {
  auto* import = root.add_subcommand("import", "Import a bank statement (`import bank`) or an entity file (`import cards FILE`, …)");
  import->require_subcommand(1);
  add_bank_command(*import, env);
  add_entity_commands(*import, env);
  add_export_command(root, env);
  add_backup_commands(root, env);
}

}  // namespace tally::transfer
