#pragma once
// MCP over Streamable HTTP (http.md §1): POST /mcp, both eras, stateless.
// Each POST stands alone: a legacy request gets a fresh session at the version
// its MCP-Protocol-Version header names (absent: 2025-03-26), a modern one is
// served from its envelope after the header checks (-32020). The answer is
// application/json, or an SSE stream once the call sends a notification or a
// request to the client. A client closing a modern stream cancels the call.
// Where calls run is the application's: HttpCaller::schedule.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "http/message.h"
#include "http/reply.h"
#include "mcp/dispatcher.h"

namespace tally::mcp {

/// Who sent a request, as the server established it.
struct HttpCaller {
  std::string owner;                  ///< credential id ("" without auth): who may answer our requests
  const ToolAccess* access = nullptr;  ///< null: every tool
  http::Headers extra_headers;        ///< on every response (CORS)
  /// Looks at each request before it runs (credentials the body decides on: a
  /// public call without one, a write with a read-only token); a response refuses it.
  std::function<std::optional<http::Response>(const json& request)> vet;
  /// Runs `work` where a call of this caller belongs (a reader, or the writer for
  /// writes) and hands its answer to `done` (a write's after its commit).
  std::function<void(bool write, std::function<std::optional<json>(CallScope*)> work,
                     std::function<void(std::optional<json>)> done)>
      schedule;
};

class HttpEndpoint {
 public:
  explicit HttpEndpoint(Dispatcher& dispatcher);
  ~HttpEndpoint();

  /// A request to the MCP path (any method; only POST is served).
  void handle(const http::Request& request, std::shared_ptr<http::Reply> reply, HttpCaller caller);

  /// Shutdown: held listens get their closing result and end.
  void close_listens();

  struct Exchange;  // one POST in flight

 private:
  Dispatcher& dispatcher_;
  std::mutex mu_;
  std::set<std::shared_ptr<Exchange>> held_;
  std::shared_ptr<ClientRequests> client_requests_ = std::make_shared<ClientRequests>();
  // Calls in flight by owner + id, for legacy notifications/cancelled sent in another POST.
  std::map<std::string, std::weak_ptr<Session>> in_flight_;
};

}  // namespace tally::mcp
