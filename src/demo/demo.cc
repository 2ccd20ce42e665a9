#include "demo/demo.h"

#include "demo/demo_calls.h"
#include "store/transaction.h"

namespace tally::demo {

void fill(app::Runtime& runtime) {
  // One transaction: quick (one fsync) and all-or-nothing. Each tool's own
  // transaction nests inside it as a savepoint.
  store::Transaction tx(runtime.db());
  runtime.init_toolsets("USD", "tally-demo");  // what `tally init` does
  DemoCalls call(runtime);
  add_personal(call);
  add_cards(call);
  add_affiliate(call);
  add_trip(call);  // last, so the ids the README shows for the rest stay put
  tx.commit();
}

void fill_business(app::Runtime& runtime) {
  store::Transaction tx(runtime.db());
  runtime.init_toolsets("USD", "tally-demo", "invoicing");
  DemoCalls call(runtime);
  add_business(call);
  tx.commit();
}

}  // namespace tally::demo
