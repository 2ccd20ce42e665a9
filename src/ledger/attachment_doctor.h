#pragma once
// `tally doctor` for receipts: each linked file is in the attachments folder and
// still hashes to its name; each draft link names a draft that exists.
#include <string>
#include <vector>

#include "store/store.h"

namespace tally::ledger {

std::vector<std::string> check_attachments(store::Store& st);

}  // namespace tally::ledger
