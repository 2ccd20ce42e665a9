#pragma once
// Logging policy: stdout is never a log destination. By default only errors
// reach stderr (hosts like IntelliJ treat any stderr as failure); --silent
// turns even those off; --debug adds a log file with every message's
// direction and method (never header values or tokens).
#include <string>

#include "cli_options.h"

namespace tally::bridge {

/// Installs the default spdlog logger. Returns false (with `error`) when the
/// debug log file cannot be opened.
bool configure_logging(const BridgeOptions& options, std::string& error);

}  // namespace tally::bridge
