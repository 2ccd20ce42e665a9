#include "affiliate/user_agent.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace tally::affiliate {

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
  return it != haystack.end();
}

}  // namespace

std::string device_class(std::string_view ua) {
  // Tablets first: iPads and Android tablets also say "Mobile" or "Android".
  if (contains(ua, "ipad") || contains(ua, "tablet") || contains(ua, "kindle") ||
      contains(ua, "silk/") || (contains(ua, "android") && !contains(ua, "mobile")))
    return "tablet";
  if (contains(ua, "mobi") || contains(ua, "iphone") || contains(ua, "ipod") ||
      contains(ua, "android") || contains(ua, "windows phone"))
    return "mobile";
  return "desktop";
}

bool is_link_preview(std::string_view ua) {
  // Apple's iMessage previews send "facebookexternalhit … Facebot Twitterbot"; Teams sends
  // SkypeUriPreview.
  static constexpr std::array<std::string_view, 16> kPreviewers = {
      "slackbot",    "slack-imgproxy",  "twitterbot",       "facebookexternalhit",
      "facebot",     "discordbot",      "telegrambot",      "whatsapp",
      "linkedinbot", "skypeuripreview", "microsoftpreview", "googlebot",
      "bingbot",     "applebot",        "embedly",          "redditbot"};
  return std::any_of(kPreviewers.begin(), kPreviewers.end(),
                     [&](std::string_view p) { return contains(ua, p); });
}

}  // namespace tally::affiliate
