#include "store/clock.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include "util/calendar.h"

namespace tally::store {

namespace {

int two(const std::string& s, std::size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

}  // namespace

std::string Clock::now_iso() const { return format_iso_ms(now_ms()); }

std::string Clock::today() const {
  std::time_t t = static_cast<std::time_t>(now_ms() / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

std::int64_t SystemClock::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool parse_iso_ms(const std::string& text, std::int64_t& ms) {
  if (text.size() == 10) {
    if (!util::is_real_date(text)) return false;
  } else if (!util::is_datetime(text)) {
    return false;
  }
  std::int64_t days = util::day_number(text.substr(0, 10));
  std::int64_t total = days * 86400000;
  if (text.size() == 10) {
    ms = total;
    return true;
  }
  total += (two(text, 11) * 3600LL + two(text, 14) * 60LL + two(text, 17)) * 1000;
  std::size_t i = 19;
  if (i < text.size() && text[i] == '.') {
    int scale = 100;
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      total += (text[i] - '0') * scale;
      scale /= 10;
    }
  }
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    std::int64_t offset = (two(text, i + 1) * 60LL + two(text, i + 4)) * 60000;
    total += text[i] == '+' ? -offset : offset;
  }
  ms = total;
  return true;
}

std::string format_iso_ms(std::int64_t ms) {
  std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  int millis = static_cast<int>(ms - secs * 1000);
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

std::unique_ptr<Clock> clock_from_environment() {
  const char* fixed = std::getenv("TALLY_NOW");
  if (fixed == nullptr || *fixed == '\0') return std::make_unique<SystemClock>();
  std::int64_t ms;
  if (!parse_iso_ms(fixed, ms))
    throw std::invalid_argument(std::string("TALLY_NOW=\"") + fixed +
                                "\" is not an ISO 8601 date-time such as 2026-03-01T12:00:00Z");
  return std::make_unique<FixedClock>(ms);
}

}  // namespace tally::store
