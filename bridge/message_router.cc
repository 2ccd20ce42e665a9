#include "message_router.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "upstream_error.h"

namespace tally::bridge {

MessageRouter::Method MessageRouter::method_of(const std::string& name) {
  if (name == "initialize") return Method::initialize;
  if (name == "tools/list") return Method::tools_list;
  return Method::other;
}

void MessageRouter::track(const ClientMessage& message) {
  std::lock_guard lock(mutex_);
  if (message.kind == MessageKind::request) {
    pending_[id_key(message.raw_id)] = method_of(message.method);
  } else {
    for (const auto& id : message.batch_request_ids) pending_[id_key(id)] = Method::other;
  }
}

MessageRouter::Delivered MessageRouter::deliver(std::string_view json) {
  Envelope env = peek_envelope(json);
  if (env.kind == MessageKind::batch) {
    deliver_batch(json);
    return {};
  }
  if (env.kind != MessageKind::response) {
    if (env.kind == MessageKind::invalid) {
      spdlog::debug("server sent a non-JSON-RPC event ({} bytes), dropped", json.size());
      return {};
    }
    // Methods and ids only: message bodies may hold the user's data.
    spdlog::debug("server -> client {} {}", env.method, env.id);
    out_.write_line(json);
    return {};
  }
  Delivered result{true, id_key(env.id)};
  Method method = Method::other;
  {
    std::lock_guard lock(mutex_);
    if (auto slot = bridge_.find(result.key); slot != bridge_.end()) {
      slot->second.done = true;
      slot->second.response.assign(json);
      if (slot->second.method == Method::initialize) {
        // The re-initialize may settle on a different version; later headers follow it.
        note_initialize_result(json);
      }
      bridge_cv_.notify_all();
      return result;
    }
    if (auto it = pending_.find(result.key); it != pending_.end()) {
      method = it->second;
      pending_.erase(it);
    }
  }
  spdlog::debug("server -> client response {}", env.id);
  if (method == Method::initialize) note_initialize_result(json);
  if (method == Method::tools_list && filter_.active()) {
    std::string filtered;
    if (filter_.filter_tools_list(json, filtered)) {
      out_.write_line(filtered);
      return result;
    }
  }
  out_.write_line(json);
  return result;
}

void MessageRouter::deliver_batch(std::string_view json) {
  auto batch = nlohmann::json::parse(json, nullptr, false);
  if (batch.is_array()) {
    std::lock_guard lock(mutex_);
    for (const auto& item : batch)
      if (item.is_object() && item.contains("id")) pending_.erase(id_key(item["id"].dump()));
  }
  out_.write_line(json);
}

void MessageRouter::note_initialize_result(std::string_view response) {
  auto msg = nlohmann::json::parse(response, nullptr, false);
  if (!msg.is_object()) return;
  auto result = msg.find("result");
  if (result == msg.end() || !result->is_object()) return;
  auto version = result->find("protocolVersion");
  if (version != result->end() && version->is_string())
    session_.set_protocol_version(version->get<std::string>());
}

void MessageRouter::fail(std::string_view raw_id, std::string_view message) {
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(id_key(raw_id));
    if (it == pending_.end()) return;  // already answered
    pending_.erase(it);
  }
  spdlog::debug("answering {} with an error: {}", raw_id, message);
  out_.write_line(jsonrpc_error(raw_id, kUpstreamErrorCode, message));
}

void MessageRouter::fail(const ClientMessage& message, std::string_view error) {
  if (message.kind == MessageKind::request) {
    fail(message.raw_id, error);
  } else {
    for (const auto& id : message.batch_request_ids) fail(id, error);
  }
}

void MessageRouter::fail_all(std::string_view message) {
  std::unordered_map<std::string, Method> unanswered;
  {
    std::lock_guard lock(mutex_);
    unanswered.swap(pending_);
  }
  for (const auto& [key, method] : unanswered)
    out_.write_line(jsonrpc_error(key, kUpstreamErrorCode, message));
}

bool MessageRouter::is_pending(const std::string& key) const {
  std::lock_guard lock(mutex_);
  return pending_.count(key) != 0;
}

void MessageRouter::respond(std::string_view raw_id, std::string_view json) {
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(id_key(raw_id));
    if (it == pending_.end()) return;  // already answered (or cancelled by shutdown)
    pending_.erase(it);
  }
  out_.write_line(json);
}

bool MessageRouter::take_client_response(std::string_view json) {
  Envelope env = peek_envelope(json);
  if (env.kind != MessageKind::response) return false;
  std::lock_guard lock(mutex_);
  auto slot = bridge_.find(id_key(env.id));
  if (slot == bridge_.end()) return false;
  slot->second.done = true;
  slot->second.response.assign(json);
  bridge_cv_.notify_all();
  return true;
}

std::string MessageRouter::open_bridge_request(std::string method) {
  std::lock_guard lock(mutex_);
  std::string raw_id = "\"bridge-" + std::to_string(next_bridge_id_++) + "\"";
  bridge_[raw_id] = BridgeSlot{method_of(method), false, {}};
  return raw_id;
}

std::optional<std::string> MessageRouter::await_bridge_response(
    const std::string& raw_id, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  bridge_cv_.wait_until(lock, deadline, [&] {
    auto it = bridge_.find(raw_id);
    return abandoned_ || it == bridge_.end() || it->second.done;
  });
  auto it = bridge_.find(raw_id);
  if (it == bridge_.end()) return std::nullopt;
  std::optional<std::string> response;
  if (it->second.done) response = std::move(it->second.response);
  bridge_.erase(it);
  return response;
}

std::optional<std::string> MessageRouter::ask_client(
    const std::string& raw_id, const std::string& request,
    std::chrono::steady_clock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    ++asking_client_;
  }
  out_.write_line(request);
  auto answer = await_bridge_response(raw_id, deadline);
  std::lock_guard lock(mutex_);
  --asking_client_;
  return answer;
}

bool MessageRouter::asking_client() const {
  std::lock_guard lock(mutex_);
  return asking_client_ > 0;
}

void MessageRouter::abandon_bridge_requests() {
  std::lock_guard lock(mutex_);
  abandoned_ = true;
  bridge_cv_.notify_all();
}

}  // namespace tally::bridge
