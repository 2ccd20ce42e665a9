#include "web/page_response.h"

#include "web/html.h"
#include "web/inbox_pages.h"

namespace tally::web {

http::Headers page_headers() {
  return {{"Content-Type", "text/html; charset=utf-8"},
          {"Content-Security-Policy",
           "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self'; "
           "form-action 'self'; "
           "frame-ancestors 'none'; base-uri 'none'"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "same-origin"},
          {"X-Frame-Options", "DENY"},
          {"Cache-Control", "no-store"}};
}

http::Response page(unsigned status, std::string html) {
  return http::Response{status, page_headers(), std::move(html)};
}

http::Response see_other(const std::string& location, http::Headers extra) {
  http::Headers h = page_headers();
  h.emplace_back("Location", location);
  for (auto& e : extra) h.push_back(std::move(e));
  return http::Response{303, std::move(h), ""};
}

http::Response refusal(unsigned status, const std::string& message) {
  return page(status, html_page("Refused",
                                "<h1>Refused</h1><p>" + escape(message) +
                                    "</p><p><a href=\"/inbox\">Back to the inbox</a></p>",
                                nullptr));
}

http::Response asset(const char* content_type, const std::string& body) {
  return http::Response{200,
                        {{"Content-Type", content_type},
                         {"X-Content-Type-Options", "nosniff"},
                         {"Cache-Control", "max-age=300"}},
                        body};
}

}  // namespace tally::web
