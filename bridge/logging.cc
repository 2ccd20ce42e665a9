#include "logging.h"

#include <filesystem>
#include <memory>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace tally::bridge {

bool configure_logging(const BridgeOptions& options, std::string& error) {
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  console->set_level(options.silent ? spdlog::level::off : spdlog::level::err);
  console->set_pattern("tally-bridge: %v");
  sinks.push_back(console);
  if (options.debug) {
    try {
      std::filesystem::path path(options.log_file);
      if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path());
        std::filesystem::permissions(path.parent_path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace);
      }
      auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.log_file, false);
      file->set_level(spdlog::level::debug);
      file->set_pattern("%Y-%m-%d %H:%M:%S.%e [%P:%t] %l %v");
      sinks.push_back(file);
    } catch (const std::exception& e) {
      error = "cannot open the debug log " + options.log_file + ": " + e.what();
      return false;
    }
  }
  auto logger = std::make_shared<spdlog::logger>("tally-bridge", sinks.begin(), sinks.end());
  logger->set_level(options.debug ? spdlog::level::debug : spdlog::level::err);
  logger->flush_on(spdlog::level::debug);
  spdlog::set_default_logger(logger);
  return true;
}

}  // namespace tally::bridge
