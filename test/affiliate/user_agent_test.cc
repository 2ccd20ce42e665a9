#include <doctest/doctest.h>

#include "affiliate/user_agent.h"

using tally::affiliate::device_class;
using tally::affiliate::is_link_preview;

TEST_CASE("device class: tablets before phones; unknown agents are desktops") {
  CHECK(device_class("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Mobile/15E148") == "tablet");
  CHECK(device_class("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Safari/537.36") ==
        "tablet");
  CHECK(device_class(
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile Safari/537.36") ==
        "mobile");
  CHECK(device_class("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)") == "mobile");
  CHECK(device_class("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0") == "desktop");
  CHECK(device_class("") == "desktop");
  CHECK(device_class("curl/7.88.1") == "desktop");
}

TEST_CASE("link previews are bots; browsers are not") {
  CHECK(is_link_preview("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"));
  CHECK(is_link_preview(
      "Mozilla/5.0 (Macintosh) facebookexternalhit/1.1 Facebot Twitterbot/1.0"));  // iMessage
  CHECK(
      is_link_preview("Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5"));  // Teams
  CHECK(is_link_preview("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"));
  CHECK_FALSE(
      is_link_preview("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1"));
  CHECK_FALSE(is_link_preview(""));
}
