#include "mcp/session.h"

#include <spdlog/spdlog.h>

namespace tally::mcp {

std::future<json> ClientRequests::expect(const std::string& key, std::string owner) {
  std::lock_guard lock(mu_);
  auto& p = pending_[key];
  p.owner = std::move(owner);
  p.answer = std::promise<json>();
  return p.answer.get_future();
}

bool ClientRequests::deliver(const json& message, const std::string& owner) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(to_line(message["id"]));
  if (it == pending_.end() || it->second.owner != owner) return false;
  it->second.answer.set_value(message);
  pending_.erase(it);
  return true;
}

void ClientRequests::forget(const std::string& key) {
  std::lock_guard lock(mu_);
  pending_.erase(key);
}

bool ClientRequests::empty() const {
  std::lock_guard lock(mu_);
  return pending_.empty();
}

Session::Session(std::shared_ptr<ClientRequests> requests, std::string owner)
    : requests_(std::move(requests)), owner_(std::move(owner)) {}

std::shared_ptr<Session::Call> Session::begin_call(const json& id, bool cancellable, bool held) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = in_flight_.try_emplace(to_line(id));
  if (!inserted) return nullptr;
  it->second = std::make_shared<Call>();
  it->second->id = id;
  it->second->cancellable = cancellable;
  it->second->held = held;
  return it->second;
}

std::shared_ptr<Session::Call> Session::find_call(const json& id) const {
  std::lock_guard lock(mu_);
  auto it = in_flight_.find(to_line(id));
  return it == in_flight_.end() ? nullptr : it->second;
}

void Session::end_call(const json& id) {
  std::lock_guard lock(mu_);
  in_flight_.erase(to_line(id));
}

void Session::cancel(const json& params) {
  if (!params.is_object() || !params.contains("requestId") || !is_valid_id(params["requestId"]))
    return;  // malformed cancellations are ignored (A8)
  std::lock_guard lock(mu_);
  auto it = in_flight_.find(to_line(params["requestId"]));
  if (it == in_flight_.end() || !it->second->cancellable) return;
  it->second->cancelled = true;
  // A listen ends silently; no tool runs under it. A running tool sees the flag at its
  // next statement (the runner's progress check) or its next check_cancelled().
  if (it->second->held && it->second->open) in_flight_.erase(it);
}

bool Session::open_held(Call& call) {
  std::lock_guard lock(mu_);
  if (call.cancelled) return false;
  call.open = true;
  return true;
}

}  // namespace tally::mcp
