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

/// The workspace Blue Fig Catering's books live in, apart from the personal ones,
/// so a personal income statement holds no business sales or supplies.
inline constexpr const char* kBusinessWorkspace = "blue-fig-catering";

/// Fills the runtime's fresh ledger (the personal workspace) with the demo data:
/// ledger, cards and the affiliate brand, all in one transaction: either all of
/// it is there or none. Throws std::runtime_error naming the step.
void fill(app::Runtime& runtime);
/// Fills a runtime opened on kBusinessWorkspace with Blue Fig Catering's
/// invoicing, in one transaction.
void fill_business(app::Runtime& runtime);

}  // namespace tally::demo
