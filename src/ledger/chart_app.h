#pragma once
// ledger_chart's MCP Apps view (issue 18; SEP-1865, @modelcontextprotocol/ext-apps):
// one self-contained HTML document, compiled in, that a host renders in a
// sandboxed iframe and hands the tool's result through postMessage JSON-RPC
// (ui/initialize, ui/notifications/initialized, ui/notifications/tool-result).
// It draws the SVG the tool returned and the numbers as a table; clients without
// Apps keep the embedded SVG in the result's content.
#include <string>

#include "mcp/resource_registry.h"

namespace tally::ledger {

inline constexpr const char* kChartAppUri = "ui://tally/chart";
inline constexpr const char* kChartAppMime = "text/html;profile=mcp-app";

/// The HTML document: inline script and style only, no other origin.
const std::string& chart_app_html();

/// The resource resources/list names and resources/read serves.
mcp::ResourceSpec chart_app_resource();

}  // namespace tally::ledger
