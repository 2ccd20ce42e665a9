#pragma once
// What the relay knows about the upstream session: Mcp-Session-Id, the
// negotiated protocol version (sent as MCP-Protocol-Version after initialize)
// and the client's initialize, cached to open a new session after a 404.
// `generation` counts sessions so concurrent 404s re-initialize only once.
#include <cstdint>
#include <mutex>
#include <string>

namespace tally::bridge {

class SessionState {
 public:
  struct View {
    std::string session_id;
    std::string protocol_version;
    std::uint64_t generation = 0;
  };

  View view() const {
    std::lock_guard lock(mutex_);
    return {session_id_, protocol_version_, generation_};
  }
  std::uint64_t generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }
  std::string session_id() const {
    std::lock_guard lock(mutex_);
    return session_id_;
  }

  void set_session_id(std::string id) {
    std::lock_guard lock(mutex_);
    session_id_ = std::move(id);
  }
  void set_protocol_version(std::string version) {
    std::lock_guard lock(mutex_);
    protocol_version_ = std::move(version);
  }
  /// Forgets the session (after a 404 or a lost legacy stream) and starts a new generation.
  void start_new_session() {
    std::lock_guard lock(mutex_);
    session_id_.clear();
    ++generation_;
  }

  void remember_initialize(const std::string& request) {
    std::lock_guard lock(mutex_);
    initialize_ = request;
  }
  bool has_initialize() const {
    std::lock_guard lock(mutex_);
    return !initialize_.empty();
  }
  /// The cached initialize request with its id replaced by `raw_id`.
  std::string initialize_with_id(const std::string& raw_id) const;

 private:
  mutable std::mutex mutex_;
  std::string session_id_;
  std::string protocol_version_;
  std::string initialize_;
  std::uint64_t generation_ = 0;
};

}  // namespace tally::bridge
