#include "http/negotiation.h"
#include "http/message.h"

#include <cstdlib>

namespace tally::http {
namespace {

// "type/subtype" of a media type, without parameters, lower-cased.
std::string media_type(std::string_view value) {
  return lower(trim(value.substr(0, value.find(';'))));
}

// q of one media range; 1 when absent, 0 when unreadable.
double quality(std::string_view range) {
  auto semicolon = range.find(';');
  while (semicolon != std::string_view::npos) {
    range = range.substr(semicolon + 1);
    semicolon = range.find(';');
    auto param = trim(range.substr(0, semicolon));
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      std::string number(trim(param.substr(2)));
      char* end = nullptr;
      double q = std::strtod(number.c_str(), &end);
      return end == number.c_str() ? 0 : q;
    }
  }
  return 1;
}

}  // namespace

bool accepts(std::string_view accept, std::string_view type) {
  const std::string wanted = lower(type);
  const std::string family = wanted.substr(0, wanted.find('/')) + "/*";
  while (true) {
    auto comma = accept.find(',');
    auto range = accept.substr(0, comma);
    auto name = media_type(range);
    if ((name == wanted || name == family || name == "*/*") && quality(range) > 0) return true;
    if (comma == std::string_view::npos) return false;
    accept = accept.substr(comma + 1);
  }
}

PostNegotiation negotiate_post(std::optional<std::string_view> content_type,
                               std::optional<std::string_view> accept) {
  PostNegotiation out;
  if (!content_type || media_type(*content_type) != "application/json") {
    out.status = 415;
    out.message = "Content-Type must be application/json";
    return out;
  }
  if (!accept || trim(*accept).empty()) {
    out.json = out.sse = true;
    return out;
  }
  out.json = accepts(*accept, "application/json");
  out.sse = accepts(*accept, "text/event-stream");
  if (!out.json && !out.sse) {
    out.status = 406;
    out.message = "Accept must allow application/json or text/event-stream";
  }
  return out;
}

}  // namespace tally::http
