#pragma once
// Opens the authorization URL for the user: $BROWSER if set (a ':'-separated list; "%s"
// marks where the URL goes), else xdg-open (Linux) or open (macOS). Without a display the
// URL is only printed. It is always printed to stderr too, so a user whose browser did not
// come up can copy it. The browser's own output never reaches stdout (the relay's).
#include <memory>
#include <string>

namespace tally::bridge::oauth {

class BrowserOpener {
 public:
  virtual ~BrowserOpener() = default;
  /// Starts the browser on `url`; does not wait for it to exit.
  virtual void open(const std::string& url) = 0;
};

std::unique_ptr<BrowserOpener> system_browser_opener();

}  // namespace tally::bridge::oauth
