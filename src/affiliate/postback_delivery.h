#pragma once
// One outbound postback: an HTTP GET of the filled template, with a timeout and
// no redirects followed. Unless private addresses are allowed, the host is resolved
// first, every address checked, and curl is pinned to the checked address, so a
// brand's template can reach neither this machine's services (loopback) nor its
// network (private, link-local, …), whatever the DNS answers the second time.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "affiliate/outbox.h"

namespace tally::affiliate {

struct DeliveryOptions {
  bool allow_private = false;  ///< --allow-private-postbacks
  std::chrono::milliseconds timeout{10'000};
};

/// Sends one delivery. Never throws; the outcome says what happened in words a
/// person can act on (no URL in it: a template may carry the advertiser's token).
/// `abort`, when set, ends a transfer in progress (server shutdown).
AttemptOutcome deliver_postback(const std::string& url, const DeliveryOptions& options,
                                const std::atomic<bool>* abort = nullptr);

/// Why `address` (numeric IPv4 or IPv6) may not be sent to, e.g. "a loopback address";
/// nullopt for a public address.
std::optional<std::string> private_address_reason(const std::string& address);

}  // namespace tally::affiliate
