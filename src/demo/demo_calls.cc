#include "demo/demo_calls.h"

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "app/run_tool.h"

namespace tally::demo {

DemoCalls::DemoCalls(app::Runtime& runtime) : runtime_(runtime) {}

mcp::json DemoCalls::operator()(const std::string& tool, const mcp::json& arguments) {
  const mcp::ToolSpec* spec = runtime_.registry().find(tool);
  if (spec == nullptr) throw std::runtime_error("demo data: no tool " + tool);
  mcp::json result = app::call_in_process(runtime_, *spec, arguments, {}, "tally-demo");
  if (result.value("isError", false)) {
    std::string text = result["content"].empty() ? "" : result["content"][0].value("text", "");
    throw std::runtime_error("demo data: " + tool + ": " + text);
  }
  return result.value("structuredContent", mcp::json::object());
}

std::string DemoCalls::day(int offset) const {
  using namespace std::chrono;
  sys_days today = floor<days>(sys_time<milliseconds>(milliseconds(runtime_.store().clock.now_ms())));
  year_month_day d{today + days(offset)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return text;
}

std::int64_t DemoCalls::ms_ago(int days_ago, int hours_ago) const {
  return runtime_.store().clock.now_ms() - (std::int64_t{days_ago} * 24 + hours_ago) * 3'600'000;
}

}  // namespace tally::demo
