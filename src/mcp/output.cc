#include "mcp/output.h"

#include <cerrno>
#include <unistd.h>

namespace tally::mcp {

void Output::send(const json& message) { write_line(to_line(message)); }

std::string result_line(const json& id, std::string_view result) {
  std::string line = "{\"id\":" + to_line(id) + ",\"jsonrpc\":\"2.0\",\"result\":";
  line.append(result);
  line.push_back('}');
  return line;
}

void Output::send_result(const json& id, std::string_view result) { write_line(result_line(id, result)); }

void Output::write_line(std::string line) {
  line.push_back('\n');
  std::lock_guard lock(mu_);
  if (broken_) return;
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      broken_ = true;  // the client closed its end; nothing more can be said
      return;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

bool Output::alive() const {
  std::lock_guard lock(mu_);
  return !broken_;
}

}  // namespace tally::mcp
