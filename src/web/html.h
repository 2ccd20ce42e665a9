#pragma once
// Small pieces every server-rendered page needs: escaping (titles and names
// come from assistants and may hold markup), form bodies and cookies.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally::web {

/// Text safe inside an element or a quoted attribute: & < > " ' escaped.
std::string escape(std::string_view text);

/// An application/x-www-form-urlencoded body (or query): each name's values in order.
using Form = std::map<std::string, std::vector<std::string>>;
Form parse_form(std::string_view body);
/// The first value of `name`, or "" when absent.
std::string form_value(const Form& form, const std::string& name);

/// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

/// `bytes` random bytes from the OS as lower-case hex; throws when the source fails.
std::string random_hex(std::size_t bytes);

/// Equal without revealing where they differ (tokens).
bool same_secret(std::string_view a, std::string_view b);

}  // namespace tally::web
