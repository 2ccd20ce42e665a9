#include "ledger/post_hooks.h"

#include <mutex>
#include <utility>
#include <vector>

namespace tally::ledger {

namespace {

struct Registry {
  std::mutex mutex;  // runtimes are built before threads serve, but tests build many
  std::vector<std::pair<std::string, PostHook>> hooks;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void register_post_hook(const std::string& owner, PostHook hook) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  for (auto& entry : r.hooks)
    if (entry.first == owner) {
      entry.second = std::move(hook);
      return;
    }
  r.hooks.emplace_back(owner, std::move(hook));
}

void run_post_hooks(store::Store& st, const PostedTxn& posted) {
  Registry& r = registry();
  std::vector<PostHook> hooks;
  {
    std::lock_guard lock(r.mutex);
    for (const auto& entry : r.hooks) hooks.push_back(entry.second);
  }
  for (const auto& hook : hooks) hook(st, posted);
}

}  // namespace tally::ledger
