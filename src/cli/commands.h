#pragma once
// The `tally` subcommands. Each returns the process exit status.
#include <string>

#include "app/runtime.h"

namespace tally::cli {

struct LogOptions {
  std::string level = "warn";
  std::string file;
};

struct ServeOptions {
  app::RuntimeOptions runtime;
  LogOptions log;
  std::size_t page_size = 0;
};

int serve(const ServeOptions& options);
int list_tools(const app::RuntimeOptions& options);
int call_tool(const app::RuntimeOptions& options, const std::string& tool, const std::string& arguments);
int init_ledger(const app::RuntimeOptions& options, const std::string& currency);
int doctor(const app::RuntimeOptions& options);

/// Sends spdlog output to stderr, or to `file` when given; never to stdout.
void configure_logging(const LogOptions& options);

}  // namespace tally::cli
