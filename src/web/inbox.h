#pragma once
// The Automation inbox on `tally serve --http` (issue 18): /inbox pages where a
// person signs in with an API key that may write, then reviews, edits, posts
// and deletes drafts. Sessions live in memory (an HttpOnly, SameSite=Strict
// cookie); every POST carries the session's CSRF token; reads run on a reader,
// changes through the same tools assistants call, on the writer.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "app/call_executor.h"
#include "app/runtime.h"
#include "http/message.h"
#include "http/reply.h"
#include "web/gate.h"
#include "web/inbox_pages.h"
#include "web/sign_in_guard.h"

namespace tally::web {

class Inbox {
 public:
  /// `local`: who the sign-in link exchange runs as before a session exists.
  Inbox(app::Runtime& runtime, Gate& gate, app::Principal local);

  static bool handles(const std::string& path) {
    return path == "/inbox" || path.rfind("/inbox/", 0) == 0;
  }
  /// Served only with the ledger toolset.
  bool available() const { return available_; }
  /// From the headers: 405 for other methods; 403 for a cross-site Origin (a
  /// page's own origin, by its Host, is fine; `origin_ok` covers --allow-origin).
  std::optional<http::Response> admit(const http::Head& head, bool origin_ok) const;
  void handle(const http::Request& request, std::shared_ptr<http::Reply> reply,
              app::CallExecutor& executor);

 private:
  static constexpr const char* kCookie = "tally_inbox";
  struct Session {
    app::Principal who;
    std::string key_id;  ///< the API key signed in with; "" for a `tally inbox` link
    std::string csrf;
    std::string flash;
    bool flash_error = false;
    std::chrono::steady_clock::time_point expires;
  };
  // inbox_session.cc: sessions in memory, each with its CSRF token and one flash message.
  std::optional<std::string> session_id(const http::Request& request);
  void set_flash(const std::string& sid, std::string message, bool error);
  /// A new session for `who`: its cookie header value.
  std::string start_session(app::Principal who, bool tls, std::string key_id = "");
  /// The key exists and is not revoked (checked on every request: revoking ends sessions).
  bool key_valid(const std::string& key_id);
  /// Its own read connection: its PRAGMA data_version moves when anyone commits.
  long long data_version();

  // inbox_sign_in.cc: the sign-in form (with its login-CSRF token), a key, a `tally inbox` link.
  void show_sign_in(const http::Head& request, const std::shared_ptr<http::Reply>& reply,
                    unsigned status, const std::string& error);
  void sign_in(const http::Request& request, const std::shared_ptr<http::Reply>& reply);
  void open_link(const http::Request& request, std::shared_ptr<http::Reply> reply,
                 app::CallExecutor& executor);

  /// inbox_reads.cc: the GET pages.
  void serve_read(const http::Request& request, std::shared_ptr<http::Reply> reply,
                  app::CallExecutor& executor, const Session& session, PageContext ctx);
  /// inbox_changes.cc: the POST actions, after the CSRF check.
  void serve_change(const http::Request& request, std::shared_ptr<http::Reply> reply,
                    app::CallExecutor& executor, const Session& session, const std::string& sid,
                    const Form& form, const PageContext& ctx);

  app::Runtime& runtime_;
  Gate& gate_;
  app::Principal local_;
  SignInGuard guard_;
  std::mutex watch_mu_;
  std::unique_ptr<SQLite::Database> watch_db_;
  bool available_ = false;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;
};

}  // namespace tally::web
