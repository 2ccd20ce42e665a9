#include "auth/commands.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "app/catalogue.h"
#include "app/ledger_file.h"
#include "app/runtime.h"
#include "auth/api_keys.h"
#include "auth/oauth_mappings.h"
#include "auth/workspace.h"
#include "store/database.h"
#include "store/sqlite_error.h"
#include "store/transaction.h"

namespace tally::auth {

namespace {

/// Runs `body`; a bad flag or ledger is the user's mistake: its message on stderr, exit 1.
int run(const char* command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally %s: %s\n", command, store::describe_error(e).c_str());
    return 1;
  }
}

/// "ledger, invoicing" → "ledger,invoicing", each a known toolset.
std::string checked_toolsets(const std::string& list) {
  if (list.empty()) return "";
  std::set<std::string> known;
  std::string choices;
  for (const auto& t : app::all_toolsets()) {
    known.insert(t.name);
    choices += (choices.empty() ? "" : ", ") + t.name;
  }
  std::string out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string name = list.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!known.count(name))
      throw std::invalid_argument("--toolsets: unknown toolset \"" + name + "\" (choose from " +
                                  choices + ")");
    if (("," + out + ",").find("," + name + ",") == std::string::npos)
      out += (out.empty() ? "" : ",") + name;
    start = end + 1;
  }
  return out;
}

std::string scope_text(bool read_only, const std::string& brand, const std::string& toolsets) {
  std::string text = read_only ? "read-only" : "read-write";
  if (!brand.empty()) text += ", brand " + brand;
  text += toolsets.empty() ? ", all toolsets" : ", " + toolsets;
  return text;
}

/// 2026-01-31T12:00:00.000Z → 2026-01-31 12:00 (UTC); "" → "never".
std::string short_time(const std::string& iso) {
  if (iso.empty()) return "never";
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

void print_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    std::printf("%s\n", line.c_str());
  }
}

void add_keys(CLI::App& root, app::CommandEnv& env) {
  auto* keys =
      root.add_subcommand("keys", "API keys for `tally serve --http`: create, list, revoke");
  keys->require_subcommand(1);
  keys->footer(
      "A key is shown once, when created; the ledger keeps only its SHA-256.\n"
      "Clients send it as: Authorization: Bearer tly_…");
  auto add_db = [&env](CLI::App* cmd) {
    cmd->add_option("--db", env.options.db_path, "Ledger file (env TALLY_DB)")
        ->capture_default_str();
  };

  auto spec = std::make_shared<NewKey>();
  auto* create = keys->add_subcommand("create", "Create a key and print it (once) on stdout");
  create->add_option("--name", spec->name, "What the key is for, e.g. \"laptop\" or \"zapier\"")
      ->required();
  create
      ->add_option("--workspace", spec->workspace,
                   "Workspace the key acts in; created when missing")
      ->capture_default_str();
  create->add_option("--brand", spec->brand,
                     "Affiliate brand (slug) the key's affiliate tools act on");
  create->add_flag("--read-only", spec->read_only, "The key sees and calls only read tools");
  create->add_option("--toolsets", spec->toolsets,
                     "Comma-separated toolsets the key may use: ledger, rewards, invoicing, "
                     "affiliate (default all)");
  create->add_option(
      "--timezone", spec->timezone,
      "IANA time zone of a new workspace, e.g. Europe/Berlin (default: this machine's)");
  add_db(create);
  create->footer(
      "Example: KEY=$(tally keys create --name laptop --workspace acme --timezone "
      "America/New_York)");
  create->callback([&env, spec] {
    env.set_action([&env, spec] {
      return run("keys create", [&] {
        NewKey k = *spec;
        k.toolsets = checked_toolsets(k.toolsets);
        app::LedgerFile ledger = app::open_ledger(env.options.db_path);
        CreatedKey made = create_key(*ledger.db, k, *ledger.clock, *ledger.ids);
        std::printf("%s\n", made.secret.c_str());
        std::fflush(stdout);
        std::fprintf(
            stderr,
            "Created %s \"%s\" for workspace \"%s\" (%stime zone %s), %s.\n"
            "The key above is shown only now; Tally keeps only its SHA-256. Clients send it as\n"
            "  Authorization: Bearer tly_…\n",
            made.id.c_str(), k.name.c_str(), made.workspace.c_str(),
            made.workspace_created ? "new, " : "", made.timezone.c_str(),
            scope_text(k.read_only, k.brand, k.toolsets).c_str());
        return 0;
      });
    });
  });

  auto as_json = std::make_shared<bool>(false);
  auto* list =
      keys->add_subcommand("list", "List keys: name, id, workspace, scope, created, last used");
  list->add_flag("--json", *as_json, "One JSON array instead of a table");
  add_db(list);
  list->callback([&env, as_json] {
    env.set_action([&env, as_json] {
      return run("keys list", [&] {
        app::LedgerFile ledger = app::open_ledger(env.options.db_path);
        auto rows = list_keys(*ledger.db);
        if (*as_json) {
          nlohmann::json out = nlohmann::json::array();
          for (const auto& r : rows)
            out.push_back(
                {{"id", r.id},
                 {"name", r.name},
                 {"workspace", r.workspace},
                 {"brand", r.brand.empty() ? nlohmann::json() : nlohmann::json(r.brand)},
                 {"readOnly", r.read_only},
                 {"toolsets", r.toolsets.empty() ? nlohmann::json() : nlohmann::json(r.toolsets)},
                 {"createdAt", r.created_at},
                 {"lastUsedAt",
                  r.last_used_at.empty() ? nlohmann::json() : nlohmann::json(r.last_used_at)},
                 {"revokedAt",
                  r.revoked_at.empty() ? nlohmann::json() : nlohmann::json(r.revoked_at)}});
          std::printf("%s\n", out.dump(2).c_str());
          return 0;
        }
        if (rows.empty()) {
          std::fprintf(stderr, "No keys yet. Create one: tally keys create --name NAME\n");
          return 0;
        }
        std::vector<std::vector<std::string>> table{
            {"NAME", "ID", "WORKSPACE", "SCOPE", "CREATED (UTC)", "LAST USED", "STATUS"}};
        for (const auto& r : rows)
          table.push_back(
              {r.name, r.id, r.workspace, scope_text(r.read_only, r.brand, r.toolsets),
               short_time(r.created_at), short_time(r.last_used_at),
               r.revoked_at.empty() ? "active" : "revoked " + short_time(r.revoked_at)});
        print_table(table);
        return 0;
      });
    });
  });

  auto id = std::make_shared<std::string>();
  auto* revoke = keys->add_subcommand(
      "revoke", "Revoke a key; running servers refuse it from their next request");
  revoke->add_option("id", *id, "The key's id (key_…, from tally keys list)")->required();
  add_db(revoke);
  revoke->callback([&env, id] {
    env.set_action([&env, id] {
      return run("keys revoke", [&] {
        app::LedgerFile ledger = app::open_ledger(env.options.db_path);
        switch (revoke_key(*ledger.db, *id, ledger.clock->now_iso())) {
          case RevokeResult::revoked:
            std::printf("Revoked %s. Requests with it are refused from now on.\n", id->c_str());
            return 0;
          case RevokeResult::already_revoked:
            std::printf("%s was already revoked.\n", id->c_str());
            return 0;
          case RevokeResult::not_found:
            break;
        }
        std::fprintf(stderr, "tally keys revoke: no key %s in %s (tally keys list shows the ids)\n",
                     id->c_str(), env.options.db_path.c_str());
        return 1;
      });
    });
  });
}

void add_oauth(CLI::App& root, app::CommandEnv& env) {
  auto* oauth = root.add_subcommand("oauth", "Map OAuth token claim values to workspaces");
  oauth->require_subcommand(1);
  oauth->footer(
      "With --oauth-issuer, a token's --workspace-claim value (default: sub) picks the\n"
      "workspace; a value that is not mapped gets 403 naming it.");
  auto add_db = [&env](CLI::App* cmd) {
    cmd->add_option("--db", env.options.db_path, "Ledger file (env TALLY_DB)")
        ->capture_default_str();
  };

  auto spec = std::make_shared<NewMapping>();
  auto* map =
      oauth->add_subcommand("map", "Map a claim value (a user's sub, a group) to a workspace");
  map->add_option("value", spec->value, "The claim's value, e.g. a Cognito group name")->required();
  map->add_option("--workspace", spec->workspace, "Workspace; created when missing")->required();
  map->add_option("--brand", spec->brand, "Affiliate brand (slug) its affiliate tools act on");
  map->add_flag("--read-only", spec->read_only, "Tokens mapped here see and call only read tools");
  map->add_option("--timezone", spec->timezone,
                  "IANA time zone of a new workspace (default: this machine's)");
  add_db(map);
  map->footer(
      "Example: tally oauth map acme-admins --workspace acme   (with --workspace-claim "
      "cognito:groups)");
  map->callback([&env, spec] {
    env.set_action([&env, spec] {
      return run("oauth map", [&] {
        app::LedgerFile ledger = app::open_ledger(env.options.db_path);
        MapResult r = map_claim_value(*ledger.db, *spec, ledger.clock->now_iso());
        std::printf("%s \"%s\" → workspace \"%s\" (%stime zone %s), %s.\n",
                    r.replaced ? "Re-mapped" : "Mapped", spec->value.c_str(),
                    spec->workspace.c_str(), r.workspace_created ? "new, " : "", r.timezone.c_str(),
                    (std::string(spec->read_only ? "read-only" : "read-write") +
                     (spec->brand.empty() ? "" : ", brand " + spec->brand))
                        .c_str());
        return 0;
      });
    });
  });

  auto* list = oauth->add_subcommand("list", "List the mapped claim values");
  add_db(list);
  list->callback([&env] {
    env.set_action([&env] {
      return run("oauth list", [&] {
        app::LedgerFile ledger = app::open_ledger(env.options.db_path);
        auto rows = list_mappings(*ledger.db);
        if (rows.empty()) {
          std::fprintf(stderr, "No mappings yet. Add one: tally oauth map VALUE --workspace W\n");
          return 0;
        }
        std::vector<std::vector<std::string>> table{
            {"VALUE", "WORKSPACE", "SCOPE", "CREATED (UTC)"}};
        for (const auto& r : rows)
          table.push_back({r.value, r.workspace,
                           std::string(r.read_only ? "read-only" : "read-write") +
                               (r.brand.empty() ? "" : ", brand " + r.brand),
                           short_time(r.created_at)});
        print_table(table);
        return 0;
      });
    });
  });

  auto value = std::make_shared<std::string>();
  auto* unmap = oauth->add_subcommand("unmap", "Remove a mapping; tokens with that value get 403");
  unmap->add_option("value", *value, "The mapped claim value")->required();
  add_db(unmap);
  unmap->callback([&env, value] {
    env.set_action([&env, value] {
      return run("oauth unmap", [&] {
        app::LedgerFile ledger = app::open_ledger(env.options.db_path);
        if (unmap_claim_value(*ledger.db, *value)) {
          std::printf("Unmapped \"%s\".\n", value->c_str());
          return 0;
        }
        std::fprintf(stderr,
                     "tally oauth unmap: \"%s\" is not mapped (tally oauth list shows them)\n",
                     value->c_str());
        return 1;
      });
    });
  });
}

/// `tally init --timezone TZ`: sets (or creates) the workspace's zone before
/// init's own work runs, so main needs no change.
void add_init_timezone(CLI::App& root, app::CommandEnv& env) {
  CLI::App* init = root.get_subcommand("init");
  auto zone = std::make_shared<std::string>();
  init->add_option("--timezone", *zone,
                   "IANA time zone of the workspace, e.g. Europe/Berlin (default: this machine's)");
  init->callback([&env, zone] {
    if (zone->empty()) return;
    try {
      app::LedgerFile ledger = app::open_ledger(env.options.db_path);
      store::Transaction tx(*ledger.db);
      Workspace ws =
          open_or_create_workspace(*ledger.db, env.options.workspace, "", ledger.clock->now_iso());
      set_workspace_timezone(*ledger.db, ws.id, *zone);
      tx.commit();
    } catch (const std::exception& e) {
      throw CLI::ValidationError(e.what());
    }
  });
}

}  // namespace

void add_commands(CLI::App& root, app::CommandEnv& env) {
  add_keys(root, env);
  add_oauth(root, env);
  add_init_timezone(root, env);
}

}  // namespace tally::auth
