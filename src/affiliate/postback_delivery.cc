#include "affiliate/postback_delivery.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <array>
#include <cstring>
#include <memory>
#include <vector>

#include "affiliate/curl_library.h"

#include "tally_version.h"

namespace tally::affiliate {

namespace {

// Deleters that reach libcurl through the library loaded on first use.
struct CurlDeleter {
  const CurlLibrary* lib;
  void operator()(CURL* c) const { lib->easy_cleanup(c); }
};
struct SlistDeleter {
  const CurlLibrary* lib;
  void operator()(curl_slist* l) const { lib->slist_free_all(l); }
};
struct UrlDeleter {
  const CurlLibrary* lib;
  void operator()(CURLU* u) const { lib->url_cleanup(u); }
};
struct AddrDeleter {
  void operator()(addrinfo* a) const { freeaddrinfo(a); }
};

/// The advertiser's answer body is not needed: read and drop it, at most 64 KiB.
size_t discard(char*, size_t size, size_t n, void* seen) {
  auto* total = static_cast<size_t*>(seen);
  *total += size * n;
  return *total > 64 * 1024 ? 0 : size * n;
}

int on_progress(void* abort, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* flag = static_cast<const std::atomic<bool>*>(abort);
  return flag != nullptr && flag->load() ? 1 : 0;
}

std::optional<std::string> part(const CurlLibrary& lib, CURLU* u, CURLUPart which) {
  char* value = nullptr;
  if (lib.url_get(u, which, &value, 0) != CURLUE_OK || value == nullptr) return std::nullopt;
  std::string out(value);
  lib.free(value);
  return out;
}

bool in_v4(std::uint32_t ip, const char* net, int bits) {
  in_addr a{};
  inet_pton(AF_INET, net, &a);
  std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (ip & mask) == (ntohl(a.s_addr) & mask);
}

std::optional<std::string> v4_reason(std::uint32_t ip) {
  struct Range {
    const char* net;
    int bits;
    const char* what;
  };
  static constexpr std::array<Range, 13> kRanges = {
      {{"0.0.0.0", 8, "an unspecified address"},
       {"10.0.0.0", 8, "a private address"},
       {"100.64.0.0", 10, "a shared (carrier-grade NAT) address"},
       {"127.0.0.0", 8, "a loopback address"},
       {"169.254.0.0", 16, "a link-local address"},
       {"172.16.0.0", 12, "a private address"},
       {"192.0.0.0", 24, "a reserved address"},
       {"192.168.0.0", 16, "a private address"},
       {"198.18.0.0", 15, "a benchmarking address"},
       {"224.0.0.0", 4, "a multicast address"},
       {"240.0.0.0", 4, "a reserved address"},
       {"192.0.2.0", 24, "a documentation address"},
       {"198.51.100.0", 24, "a documentation address"}}};
  for (const auto& r : kRanges)
    if (in_v4(ip, r.net, r.bits)) return std::string(r.what);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> private_address_reason(const std::string& address) {
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return v4_reason(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return "not an IP address";
  const unsigned char* b = v6.s6_addr;
  static constexpr unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 16) == 0) return "an unspecified address";
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return "a loopback address";
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4 address.
  if (std::memcmp(b, kZero, 10) == 0 &&
      ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0))) {
    std::uint32_t ip = (std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) |
                       (std::uint32_t{b[14]} << 8) | b[15];
    if (auto why = v4_reason(ip)) return why;
    return std::nullopt;
  }
  if ((b[0] & 0xfe) == 0xfc) return "a unique local (private) address";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "a link-local address";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "a site-local address";
  if (b[0] == 0xff) return "a multicast address";
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
    return "a documentation address";
  return std::nullopt;
}

AttemptOutcome deliver_postback(const std::string& url, const DeliveryOptions& options,
                                const std::atomic<bool>* abort) {
  AttemptOutcome out;
  const CurlLibrary* lib = curl_library(out.error);
  if (lib == nullptr) return out;  // not permanent: installing libcurl4 lets a retry go
  auto refuse = [&out](std::string why) {
    out.permanent = true;
    out.error = std::move(why);
    return out;
  };

  std::unique_ptr<CURLU, UrlDeleter> parsed(lib->url(), UrlDeleter{lib});
  if (!parsed || lib->url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return refuse("refused: the postback URL is not a valid URL");
  auto scheme = part(*lib, parsed.get(), CURLUPART_SCHEME);
  auto host = part(*lib, parsed.get(), CURLUPART_HOST);
  if (!scheme || (*scheme != "http" && *scheme != "https"))
    return refuse("refused: only http and https URLs are sent");
  if (!host || host->empty()) return refuse("refused: the postback URL has no host");
  std::string port = part(*lib, parsed.get(), CURLUPART_PORT).value_or(*scheme == "https" ? "443" : "80");
  std::string bare =
      host->size() > 2 && host->front() == '[' ? host->substr(1, host->size() - 2) : *host;

  std::unique_ptr<curl_slist, SlistDeleter> pin(nullptr, SlistDeleter{lib});
  if (!options.allow_private) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = getaddrinfo(bare.c_str(), port.c_str(), &hints, &found); rc != 0) {
      out.error = "could not resolve " + bare + ": " + gai_strerror(rc);
      return out;
    }
    std::unique_ptr<addrinfo, AddrDeleter> list(found);
    std::string chosen;
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
      char text[INET6_ADDRSTRLEN] = {};
      const void* raw =
          a->ai_family == AF_INET
              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
              : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
      if (inet_ntop(a->ai_family, raw, text, sizeof text) == nullptr) continue;
      // One private answer refuses the host: a name that mixes them is not an advertiser's.
      if (auto why = private_address_reason(text))
        return refuse("refused: " + bare + " is " + *why + " (" + text +
                      "); tally serve --allow-private-postbacks allows it");
      if (chosen.empty()) chosen = a->ai_family == AF_INET6 ? "[" + std::string(text) + "]" : text;
    }
    if (chosen.empty()) {
      out.error = "could not resolve " + bare + " to an address";
      return out;
    }
    // Connect to exactly the address just checked (no second DNS answer).
    pin.reset(lib->slist_append(nullptr, (bare + ":" + port + ":" + chosen).c_str()));
  }

  std::unique_ptr<CURL, CurlDeleter> curl(lib->easy_init(), CurlDeleter{lib});
  if (!curl) {
    out.error = "could not start an HTTP request";
    return out;
  }
  CURL* c = curl.get();
  size_t seen = 0;
  const std::string agent = std::string("Tally/") + TALLY_VERSION + " postback";
  lib->easy_setopt(c, CURLOPT_URL, url.c_str());
  if (pin) lib->easy_setopt(c, CURLOPT_RESOLVE, pin.get());
  lib->easy_setopt(c, CURLOPT_NOPROXY, "*");  // a proxy would connect where we did not check
  lib->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  lib->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  lib->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  lib->easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  lib->easy_setopt(c, CURLOPT_USERAGENT, agent.c_str());
  lib->easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  lib->easy_setopt(c, CURLOPT_WRITEDATA, &seen);
  lib->easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  lib->easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  lib->easy_setopt(c, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(abort));
  CURLcode rc = lib->easy_perform(c);
  long status = 0;
  lib->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 0) out.http_status = static_cast<int>(status);
  if (rc == CURLE_WRITE_ERROR && status >= 200 && status < 300)
    rc = CURLE_OK;  // a long body, still an answer
  if (rc != CURLE_OK) {
    out.error = rc == CURLE_ABORTED_BY_CALLBACK
                    ? "stopped: the server was shutting down"
                    : std::string("could not deliver: ") + lib->easy_strerror(rc);
    return out;
  }
  if (status >= 200 && status < 300) {
    out.delivered = true;
    return out;
  }
  out.error = status >= 300 && status < 400
                  ? "the advertiser answered HTTP " + std::to_string(status) +
                        " (a redirect, which postbacks do not follow)"
                  : "the advertiser answered HTTP " + std::to_string(status);
  return out;
}

}  // namespace tally::affiliate
