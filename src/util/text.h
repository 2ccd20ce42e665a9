#pragma once
// The one check for text that people read as a name: account, category,
// person, customer, vendor, item, card, perk, offer, partner and brand names,
// titles, and --workspace. Such text reaches terminals, CSV files, hledger
// journals and other people's screens, so it may not carry control characters
// (NUL, ESC and BEL sequences), bidirectional overrides that make text read
// backwards, or be made only of invisible characters.
#include <cstddef>
#include <string>
#include <string_view>

namespace tally::util {

/// Why `text` cannot be a name, or "" when it can. The reason reads after the
/// field's name: "name: must not contain control characters (found U+001B)".
/// Reasons: must not be blank; must be at most N characters (got M); is not valid
/// UTF-8; must not contain control characters (found U+XXXX); must not contain
/// bidirectional controls (found U+XXXX); must contain a visible character (it
/// has only spaces or invisible characters). `max_chars` 0: no length limit.
std::string name_problem(std::string_view text, std::size_t max_chars = 0);

/// The first sentence of a description, for one-line listings: up to the first line
/// break, or the first ". " before a capital letter that does not end "e.g." or "i.e.".
std::string first_sentence(std::string_view text);

/// `text` safe inside HTML or XML text and quoted attributes: & < > " ' as entities.
/// Draft titles and names come from assistants and may hold markup (the inbox, the
/// charts' SVG, the click handler's refusal pages all use this one).
std::string markup_escape(std::string_view text);

}  // namespace tally::util
