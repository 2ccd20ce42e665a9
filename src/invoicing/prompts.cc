#include "invoicing/prompts.h"

namespace tally::invoicing {

std::vector<mcp::PromptSpec> prompts() {
  return {{.name = "overdue_invoices",
           .title = "Overdue invoices",
           .description = "Which invoices are overdue, by how much, and who to chase",
           .handler = [](const mcp::json&, mcp::CallContext&) {
             return mcp::user_text_prompt(
                 "Overdue invoices",
                 "Which of my invoices are overdue?\n"
                 "1. list_invoices {status: \"overdue\"}, then list_invoices {status: \"partial\"} "
                 "for the part-paid "
                 "ones.\n"
                 "2. get_invoice for each: customer, due date, total and balance due.\n"
                 "3. get_financial_summary: what is outstanding overall.\n"
                 "List them oldest due date first with days overdue, and draft a short, polite "
                 "reminder per "
                 "customer. Record nothing (no payments, no voids) unless I ask.");
           }}};
}

}  // namespace tally::invoicing
