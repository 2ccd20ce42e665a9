#include "affiliate/outbox_command.h"

#include <cstdio>
#include <memory>

#include "affiliate/brand.h"
#include "affiliate/outbox.h"
#include "affiliate/postback_delivery.h"
#include "app/runtime.h"
#include "store/clock.h"

namespace tally::affiliate {

namespace {

struct OutboxArgs {
  bool failed = false;
  std::int64_t retry = 0;
  bool allow_private = false;
  int limit = 100;
};

int retry_one(store::Store& st, const Brand& brand, const OutboxArgs& args) {
  auto row = find_outbox_row(st.db, brand.id, args.retry);
  if (!row)
    throw mcp::ToolError("outbox entry " + std::to_string(args.retry) + " not found in brand " +
                         brand.slug);
  if (row->state == "delivered")
    throw mcp::ToolError("outbox entry " + std::to_string(row->id) + " was delivered at " +
                         row->delivered_at.value_or("?") + "; nothing to send");
  std::int64_t now = wall_clock_ms();
  if (!claim_for_retry(st.db, *row, now))
    throw mcp::ToolError("outbox entry " + std::to_string(row->id) +
                         " was delivered meanwhile; nothing to send");
  DeliveryOptions options;
  options.allow_private = args.allow_private;
  AttemptOutcome outcome = deliver_postback(row->url, options);
  record_attempt(st.db, *row, outcome, RetryPolicy{}, wall_clock_ms(), st.clock.now_iso(), true);
  auto after = find_outbox_row(st.db, brand.id, row->id);
  std::printf("%s\n", outbox_row_json(*after).dump(2).c_str());
  if (outcome.delivered) return 0;
  std::fprintf(stderr, "tally affiliate outbox: entry %lld not delivered: %s\n",
               static_cast<long long>(row->id), outcome.error.c_str());
  return 1;
}

}  // namespace

void add_outbox_command(CLI::App& parent, app::CommandEnv& env) {
  auto args = std::make_shared<OutboxArgs>();
  auto* outbox = parent.add_subcommand(
      "outbox",
      "List the brand's outbound postbacks (newest first), or send one again now with --retry");
  outbox->add_flag("--failed", args->failed,
                   "Only the ones that gave up (after their last attempt)");
  outbox
      ->add_option("--retry", args->retry,
                   "Send this entry (its outboxId) now, whatever its next attempt")
      ->check(CLI::PositiveNumber);
  outbox->add_flag("--allow-private-postbacks", args->allow_private,
                   "With --retry: allow loopback and private addresses (as tally serve's flag)");
  outbox->add_option("--limit", args->limit, "At most this many entries")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  env.add_ledger_flags(outbox);
  outbox->callback([&env, args] {
    env.set_action([&env, args] {
      app::Runtime rt(env.options);
      store::Store& st = rt.store();
      try {
        Brand brand = resolve_brand(st);
        if (args->retry != 0) return retry_one(st, brand, *args);
        mcp::json rows = mcp::json::array();
        for (const auto& row : list_outbox(st.db, brand.id, args->failed, args->limit)) {
          mcp::json item = outbox_row_json(row);
          item["nextAttemptAt"] = row.state == "queued"
                                      ? mcp::json(store::format_iso_ms(row.next_attempt_ms))
                                      : mcp::json(nullptr);
          rows.push_back(std::move(item));
        }
        std::printf("%s\n", rows.dump(2).c_str());
        return 0;
      } catch (const mcp::ToolError& e) {
        std::fprintf(stderr, "tally affiliate outbox: %s\n", e.what());
        return 1;
      }
    });
  });
}

}  // namespace tally::affiliate
