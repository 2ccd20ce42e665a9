#include "store/store.h"

#include "store/timezone.h"

namespace tally::store {

std::string Store::today() {
  Prepared q = prepared("SELECT timezone FROM workspace WHERE id = ?");
  q->bind(1, workspace_id);
  // No row: a Store made before its workspace exists (init); the process's zone then.
  if (!q->executeStep()) return clock.today();
  const std::string zone = q->getColumn(0).getString();
  try {
    return local_day(zone, clock.now_ms());
  } catch (const std::exception&) {
    return clock
        .today();  // a zone this machine's tz database lacks: the process's zone, not a failed call
  }
}

}  // namespace tally::store
