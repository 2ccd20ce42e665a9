#include "app/catalogue.h"

#include <sstream>

#include "affiliate/toolset.h"
#include "invoicing/toolset.h"
#include "ledger/toolset.h"
#include "rewards/toolset.h"
#include <stdexcept>

namespace tally::app {

std::vector<Toolset> all_toolsets() {
  return {ledger::toolset(), rewards::toolset(), invoicing::toolset(), affiliate::toolset()};
}

std::vector<Toolset> select_toolsets(const std::string& names) {
  std::vector<Toolset> all = all_toolsets();
  if (names.empty() || names == "all") return all;
  std::vector<std::string> wanted;
  std::stringstream list(names);
  for (std::string name; std::getline(list, name, ',');)
    if (!name.empty()) wanted.push_back(name);
  for (const auto& name : wanted) {
    bool known = false;
    for (const auto& t : all) known = known || t.name == name;
    if (!known) {
      std::string choices;
      for (const auto& t : all) choices += (choices.empty() ? "" : ", ") + t.name;
      throw std::invalid_argument("unknown toolset '" + name + "' (choose from: " + choices + ")");
    }
  }
  std::vector<Toolset> picked;  // catalogue order, whatever order they were named in
  for (auto& t : all)
    for (const auto& name : wanted)
      if (t.name == name) {
        picked.push_back(std::move(t));
        break;
      }
  return picked;
}

}  // namespace tally::app
