#pragma once
// IANA time zone names for workspaces: the system's default and the check that
// a name exists in the zoneinfo database, so a typo fails at `tally init`, not
// silently as UTC at the first "today".
#include <cstdint>
#include <string>

namespace tally::store {

/// The zoneinfo folder: $TZDIR when set, else /usr/share/zoneinfo.
std::string zoneinfo_dir();

/// The system's zone: TZ (an IANA name, optionally with a leading ':'), else
/// /etc/timezone, else the target of /etc/localtime, else "UTC". Names that are
/// not in the zoneinfo database are skipped.
std::string system_timezone();

/// "" when `name` is a zone in the zoneinfo database, else a sentence for the user.
std::string check_timezone(const std::string& name);

/// The local calendar day (YYYY-MM-DD) of the instant `ms` (epoch ms) in the IANA
/// zone `zone`. Throws std::runtime_error for a zone the database does not have.
std::string local_day(const std::string& zone, std::int64_t ms);

}  // namespace tally::store
