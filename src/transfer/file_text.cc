#include "transfer/file_text.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tally::transfer {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + " (no such file, or no permission)");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace tally::transfer
