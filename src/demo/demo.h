#pragma once
// `tally demo`: a ledger with realistic data for all four toolsets, so every
// example question in the README has something to answer from.
//
// Everything is created through the real tools (and, for affiliate ingest, the
// functions behind `tally affiliate click|postback|payouts`), so it is data the
// tools themselves accept and `tally doctor` passes. Dates are relative to the
// clock's today (TALLY_NOW when set), so "overdue", "this month" and "due
// soon" always mean something; with a fixed TALLY_NOW and TALLY_SEED the
// result is the same file content every run.
#include "app/runtime.h"

namespace tally::demo {

/// Fills the runtime's fresh ledger with the demo data, all in one transaction:
/// either all of it is there or none. Throws std::runtime_error naming the step.
void fill(app::Runtime& runtime);

}  // namespace tally::demo
