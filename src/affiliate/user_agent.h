#pragma once
// What the click handler reads from a User-Agent (issue 17): the device class an
// offer's targeting names, and whether the request is a link-preview bot (Slack,
// Teams, iMessage, …) unfurling a shared link rather than a person clicking it.
#include <string>
#include <string_view>

namespace tally::affiliate {

/// "tablet", "mobile" or "desktop"; anything unknown (or empty) counts as desktop.
std::string device_class(std::string_view user_agent);

/// True for the crawlers that fetch a link to preview it; their requests record no click.
bool is_link_preview(std::string_view user_agent);

}  // namespace tally::affiliate
