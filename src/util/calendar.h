#pragma once
// Calendar checks done in C++ because SQLite's date() accepts 2024-02-30 (domain.md §0).
#include <string_view>

namespace tally::util {

/// YYYY-MM-DD naming a day that exists (leap years included).
bool is_real_date(std::string_view text);
/// An ISO 8601 date-time: a real date, T, hh:mm:ss, optional fraction, optional Z or ±hh:mm.
bool is_datetime(std::string_view text);

}  // namespace tally::util
