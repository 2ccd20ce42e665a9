#pragma once
// Receipts on the inbox's transaction and draft pages (issue 21 item 1): a list
// of links, each downloading the file through the session like every inbox
// page (`/inbox/attachments/<sha256>`), found through the session workspace's
// own attachment rows.
#include <optional>
#include <string>

#include "http/message.h"
#include "ledger/attachments.h"
#include "store/store.h"

namespace tally::web {

/// The "Attachments" section for a transaction or draft; "" when it has none.
std::string attachments_html(store::Store& st, const ledger::AttachTarget& target);

/// The download of `sha` when the workspace links it, else nullopt (404).
std::optional<http::Response> attachment_download(store::Store& st, const std::string& sha);

}  // namespace tally::web
