#include "web/money_html.h"

#include "store/currency.h"
#include "store/money.h"
#include "web/html.h"

namespace tally::web {

std::string money_html(std::int64_t minor, const std::string& currency) {
  auto c = store::find_currency(currency);
  int exponent = c ? c->exponent : 2;
  return "<data class=\"money\" value=\"" + std::to_string(minor) + "\" data-currency=\"" +
         escape(currency) + "\" data-exponent=\"" + std::to_string(exponent) + "\">" +
         escape(store::format_minor(minor, exponent) + " " + currency) + "</data>";
}

}  // namespace tally::web
