#pragma once
// The inbox's HTTP answers: every page carries the same strict headers (a CSP
// with no inline script and no other origin, no framing, no caching).
#include <string>

#include "http/message.h"

namespace tally::web {

/// The headers of every inbox page.
http::Headers page_headers();
/// An HTML page with `status`.
http::Response page(unsigned status, std::string html);
/// 303 to `location`, with `extra` headers (Set-Cookie).
http::Response see_other(const std::string& location, http::Headers extra = {});
/// A short page saying why nothing happened, with a link back to the inbox.
http::Response refusal(unsigned status, const std::string& message);
/// A compiled-in asset (CSS, script) with its content type.
http::Response asset(const char* content_type, const std::string& body);

}  // namespace tally::web
