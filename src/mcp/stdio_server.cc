#include "mcp/stdio_server.h"

#include <chrono>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "mcp/era.h"
#include "mcp/line_reader.h"
#include "mcp/message_kind.h"

namespace tally::mcp {

namespace {

std::string strip_nlohmann_prefix(std::string text) {
  // "[json.exception.parse_error.101] parse error at …" → "parse error at …"
  if (!text.empty() && text[0] == '[') {
    auto end = text.find("] ");
    if (end != std::string::npos) text.erase(0, end + 2);
  }
  return text;
}

}  // namespace

StdioServer::StdioServer(StdioOptions options, Dispatcher& dispatcher, Sink& out, Binding binding)
    : options_(std::move(options)), dispatcher_(dispatcher), out_(out), binding_(binding) {}

void StdioServer::serve(int in_fd) {
  std::thread reader([this, in_fd] { read_loop(in_fd); });
  run_worker();
  if (stopping_) reader.detach();  // it may be blocked in read(); the process is ending
  else reader.join();
}

void StdioServer::stop() {
  {
    std::lock_guard lock(mu_);
    dispatcher_.close_listens(session_, out_);
    dispatcher_.stop();
    // Set under the lock, after the closures are written: the worker sees it only under
    // this lock, so serve() cannot return (and the process exit) before they are out.
    stopping_ = true;
  }
  cv_.notify_all();
  space_cv_.notify_all();
}

void StdioServer::on_worker(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || input_done_) return;
    queue_.push_back(Job{nullptr, {}, std::move(task)});
  }
  cv_.notify_one();
}

void StdioServer::read_loop(int in_fd) {
  LineReader reader(in_fd, options_.max_line_bytes);
  std::string line;
  while (!stopping_) {
    auto status = reader.next(line);
    if (status == LineReader::Status::kEof) break;
    if (status == LineReader::Status::kTooLong) {
      out_.send(make_error(nullptr, ErrorCode::kInvalidRequest,
                           "Invalid Request: message longer than " +
                               std::to_string(options_.max_line_bytes / (1024 * 1024)) + " MiB; it was dropped"));
      continue;
    }
    on_line(line);
  }
  session_.closed = true;
  std::lock_guard lock(mu_);
  input_done_ = true;
  cv_.notify_all();
}

void StdioServer::on_line(std::string_view line) {
  std::string error;
  auto parsed = parse_line(line, error);
  if (!parsed) {
    // A number beyond a double's range is valid JSON: answer under its id, so the
    // client is not left waiting, and say how to send it.
    json id = overflow_request_id(line, error);
    if (!id.is_null())
      out_.send(make_error(id, ErrorCode::kInvalidParams,
                           "Invalid params: a number in this request is too large to read; send amounts "
                           "as decimal strings such as \"12.50\""));
    else
      out_.send(make_error(nullptr, ErrorCode::kParseError, "Parse error: " + strip_nlohmann_prefix(error)));
    return;
  }
  if (parsed->value.is_array()) {  // batches need the session's version: the worker decides
    enqueue(Job{std::move(parsed->value), std::move(parsed->decimals)});
    return;
  }
  on_object(std::move(parsed->value), std::move(parsed->decimals));
}

void StdioServer::on_object(json message, DecimalLexemes decimals) {
  MessageKind kind;
  if (auto error = check_message(message, kind)) {
    if (kind != MessageKind::kNotification) out_.send(*error);
    else spdlog::debug("dropped a malformed notification");
    return;
  }
  if (kind == MessageKind::kResponse) {
    if (!session_.client_requests().deliver(message, session_.owner()))
      spdlog::debug("ignored a response to an unknown request");
    return;
  }
  const std::string& method = message["method"].get_ref<const std::string&>();
  if (kind == MessageKind::kNotification && method == "notifications/cancelled") {
    session_.cancel(message.value("params", json::object()));
    return;
  }
  if (kind == MessageKind::kRequest) {
    const bool modern = era_of(message) == Era::kModern;
    if (method == "ping" && !modern) {  // answered at once, even while a tool runs (A10)
      out_.send(make_result(message["id"], json::object()));
      return;
    }
    if (!session_.begin_call(message["id"], method != "initialize", modern && method == "subscriptions/listen")) {
      out_.send(make_error(message["id"], ErrorCode::kInvalidRequest,
                           "Invalid Request: id " + to_line(message["id"]) + " is already used by a request in progress"));
      return;
    }
  }
  enqueue(Job{std::move(message), std::move(decimals)});
}

void StdioServer::enqueue(Job job) {
  std::unique_lock lock(mu_);
  // Back-pressure: a client that pipelines thousands of requests is read only
  // as fast as they are answered, so memory stays flat. Never while a tool
  // waits for the client's answer to a request of ours: that answer is behind.
  space_cv_.wait(lock, [&] {
    return queue_.size() < options_.max_queued || !session_.client_requests().empty() || stopping_;
  });
  queue_.push_back(std::move(job));
  cv_.notify_one();
}

void StdioServer::run_worker() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      // A tool waiting for the client's answer blocks the reader's queue: wake it often.
      cv_.wait(lock, [&] { return !queue_.empty() || input_done_ || stopping_; });
      if (stopping_ || queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    space_cv_.notify_one();
    if (job.task) {
      job.task();
      continue;
    }
    if (options_.write_group && dispatcher_.is_write_call(job.message))
      run_write_group(job);
    else
      run_job(job);
  }
}

bool StdioServer::next_is_write() {
  return !queue_.empty() && !queue_.front().task && dispatcher_.is_write_call(queue_.front().message);
}

void StdioServer::run_write_group(Job& first) {
  // Alone in the queue: the call commits by itself, as without grouping.
  bool alone;
  {
    std::lock_guard lock(mu_);
    alone = !next_is_write();
  }
  if (alone) {
    run_job(first);
    return;
  }
  std::vector<json> answers;
  auto run = [&](Job& job) {
    if (auto response = dispatcher_.process(job.message, job.decimals, session_, out_, binding_))
      answers.push_back(std::move(*response));
  };
  options_.write_group->begin();
  run(first);
  // Once stopping, no new call joins; those already in the group are committed and answered.
  for (std::size_t n = 1; n < options_.max_group && !stopping_; ++n) {
    Job next;
    {
      std::lock_guard lock(mu_);
      if (!next_is_write()) break;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    space_cv_.notify_one();
    run(next);
  }
  const bool durable = options_.write_group->commit();
  spdlog::debug("a group of {} write calls {}", answers.size(), durable ? "committed with one sync" : "was lost");
  if (!durable) {
    // Nothing of the group was kept: every answer that reported success must not stand.
    for (json& answer : answers) answer = lost_write_answer(answer, options_.write_group->failure());
  }
  for (const json& answer : answers) out_.send(answer);
}

void StdioServer::run_job(Job& job) {
  if (job.message.is_array()) {
    json responses = dispatcher_.process_batch(job.message, job.decimals, session_, out_, binding_);
    if (!responses.is_null()) out_.send(responses);
    return;
  }
  if (auto response = dispatcher_.process(job.message, job.decimals, session_, out_, binding_)) out_.send(*response);
}

}  // namespace tally::mcp
