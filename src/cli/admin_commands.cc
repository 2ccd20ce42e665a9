// `tally tools`, `tally init` and `tally doctor`.
#include <cstdio>

#include "store/transaction.h"

#include "cli/commands.h"
#include "store/currency.h"

namespace tally::cli {

int list_tools(const app::RuntimeOptions& options) {
  app::RuntimeOptions in_memory = options;
  in_memory.db_path = ":memory:";  // the catalogue needs no ledger
  app::Runtime runtime(in_memory);
  for (const auto& t : runtime.registry().tools()) {
    std::string line = t.description.substr(0, t.description.find_first_of(".\n"));
    std::printf("%-36s %-5s %s\n", t.name.c_str(), t.annotations.read_only ? "read" : "write",
                line.c_str());
  }
  return 0;
}

int init_ledger(const app::RuntimeOptions& options, const std::string& currency) {
  if (!store::find_currency(currency)) {
    std::fprintf(stderr, "tally init: %s is not an ISO 4217 currency code (for example USD, EUR, JPY)\n",
                 currency.c_str());
    return 2;
  }
  app::Runtime runtime(options);
  store::Transaction tx(runtime.db());
  for (const auto& t : runtime.toolsets())
    if (t.init) t.init(runtime.store(), currency);
  tx.commit();
  std::printf("Ledger ready: %s (workspace %s, currency %s)\n", options.db_path.c_str(),
              options.workspace.c_str(), currency.c_str());
  return 0;
}

int doctor(const app::RuntimeOptions& options) {
  app::Runtime runtime(options);
  int violations = 0;
  for (const auto& t : runtime.toolsets()) {
    if (!t.doctor) continue;
    for (const auto& problem : t.doctor(runtime.store())) {
      std::printf("%s: %s\n", t.name.c_str(), problem.c_str());
      ++violations;
    }
  }
  if (violations == 0) {
    std::printf("ok: every invariant holds (%s)\n", options.db_path.c_str());
    return 0;
  }
  std::printf("%d invariant%s violated\n", violations, violations == 1 ? "" : "s");
  return 1;
}

}  // namespace tally::cli
