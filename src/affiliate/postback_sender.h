#pragma once
// The background sender of outbound postbacks (issue 17). Every long-running
// `tally serve` with the affiliate toolset runs one on a connection of its own, so
// sending never holds up ingest. Of all servers on one ledger only the holder of
// the lease row sends, so no two send the same delivery; a stopped server gives
// the lease up, a killed one loses it when it expires.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "affiliate/outbox.h"
#include "affiliate/postback_delivery.h"
#include "store/clock.h"

namespace tally::affiliate {

struct SenderOptions {
  DeliveryOptions delivery;
  RetryPolicy retry;
  std::chrono::milliseconds poll{500};  ///< how often it looks for work written by other processes
};

class PostbackSender {
 public:
  /// Starts the thread; it opens `db_path` itself. `clock` (which must outlive the
  /// sender) stamps deliveredAt, so TALLY_NOW runs print the same bytes.
  PostbackSender(std::string db_path, SenderOptions options, const store::Clock& clock);
  /// Stops: ends a transfer in progress, gives up the lease, joins.
  ~PostbackSender();
  PostbackSender(const PostbackSender&) = delete;
  PostbackSender& operator=(const PostbackSender&) = delete;

 private:
  void run();
  const std::string db_path_;
  const store::Clock& clock_;
  const SenderOptions options_;
  const std::string holder_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::atomic<bool> abort_{false};
  std::thread thread_;
};

}  // namespace tally::affiliate
