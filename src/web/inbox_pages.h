#pragma once
// The inbox's HTML (issue 18), rendered on the server from the ledger: forms
// that work with JavaScript off, every text escaped, no inline script or style.
#include <string>

#include "store/store.h"
#include "web/html.h"

namespace tally::web {

struct PageContext {
  std::string csrf;   ///< goes into every POST form
  std::string flash;  ///< one message from the last action, shown once
  bool flash_error = false;
  long long live_version =
      -1;  ///< the ledger's data_version when rendered; the script reloads when it moves
};

/// A whole HTML document around `main`.
std::string html_page(const std::string& title, const std::string& main,
                      const PageContext* signed_in);

/// The sign-in form; `guard_field` is its login-CSRF token (web/sign_in_guard.h).
std::string sign_in_page(const std::string& error, const std::string& guard_field);

/// Pending drafts newest first, grouped by the day they were staged.
std::string inbox_page(store::Store& st, const PageContext& ctx);

/// One draft: its fields, what posting writes (needs the writer: ledger::preview
/// writes and rolls back), and the edit form. `typed` and `error` redisplay a
/// failed edit; "" when none.
std::string draft_page(store::Store& st, const PageContext& ctx, const std::string& draft_id,
                       const Form* typed, const std::string& error);

/// The page's CSS and script, served at /inbox/assets/inbox.css and inbox.js.
const std::string& inbox_css();
const std::string& inbox_js();

}  // namespace tally::web
