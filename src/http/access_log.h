#pragma once
// The access-log line: method, path (never the query string, which may carry
// a token), status, duration and the route's fields. Never headers or bodies.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::http {

/// e.g. `POST /mcp 200 12ms tool=add_transaction key=k_1`. Control characters
/// and spaces from the client are escaped (\xNN) so one request is one line.
std::string access_log_line(std::string_view method, std::string_view path, unsigned status,
                            long long duration_ms,
                            const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace tally::http
