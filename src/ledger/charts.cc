#include "ledger/charts.h"
#include "util/text.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>

#include <SQLiteCpp/Statement.h>

#include "ledger/accounts.h"
#include "ledger/categories.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"

namespace tally::ledger {

namespace {

/// Okabe–Ito (safe for the common colour-blindnesses), ordered so neighbours also
/// differ in lightness, which survives grayscale.
constexpr const char* kColours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                    "#56B4E9", "#D55E00", "#F0E442", "#000000"};

std::vector<std::string> month_list(const std::string& today, int count) {
  int year = std::stoi(today.substr(0, 4));
  int month = std::stoi(today.substr(5, 2));
  std::vector<std::string> out(static_cast<std::size_t>(count));
  for (int i = count - 1; i >= 0; --i) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    out[static_cast<std::size_t>(i)] = buf;
    if (--month == 0) {
      month = 12;
      --year;
    }
  }
  return out;
}

std::string money_text(std::int64_t minor, const std::string& currency) {
  auto c = store::find_currency(currency);
  return store::format_minor(minor, c ? c->exponent : 2) + " " + currency;
}

/// Sums per (series name, currency, month index) from rows of (month, currency, name, minor).
std::vector<ChartSeries> collect(SQLite::Statement& q, const std::vector<std::string>& months,
                                 bool negate) {
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> sums;
  while (q.executeStep()) {
    std::string month = q.getColumn(0).getString();
    auto at = std::find(months.begin(), months.end(), month);
    if (at == months.end()) continue;
    auto& v = sums[{q.getColumn(2).getString(), q.getColumn(1).getString()}];
    v.resize(months.size(), 0);
    v[static_cast<std::size_t>(at - months.begin())] +=
        negate ? -q.getColumn(3).getInt64() : q.getColumn(3).getInt64();
  }
  std::vector<ChartSeries> out;
  for (auto& entry : sums)
    out.push_back(ChartSeries{entry.first.first, entry.first.second, std::move(entry.second)});
  return out;
}

/// Balances at each month end, from rows of (month, currency, name, minor) that are monthly
/// movements.
std::vector<ChartSeries> running(SQLite::Statement& q, const std::vector<std::string>& months) {
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> moves;
  while (q.executeStep()) {
    std::string month = q.getColumn(0).getString();
    auto& v = moves[{q.getColumn(2).getString(), q.getColumn(1).getString()}];
    v.resize(months.size(), 0);
    // Movements before the first month carry into it.
    auto at = std::upper_bound(months.begin(), months.end(), month);
    if (at == months.begin() && month != months.front()) {
      v[0] += q.getColumn(3).getInt64();
      continue;
    }
    if (month > months.back()) continue;
    v[static_cast<std::size_t>(at - months.begin() - 1)] += q.getColumn(3).getInt64();
  }
  std::vector<ChartSeries> out;
  for (auto& entry : moves) {
    std::vector<std::int64_t> balance(months.size(), 0);
    std::int64_t total = 0;
    for (std::size_t i = 0; i < months.size(); ++i) balance[i] = total += entry.second[i];
    out.push_back(ChartSeries{entry.first.first, entry.first.second, std::move(balance)});
  }
  return out;
}

}  // namespace

ChartData chart_data(store::Store& st, const std::string& kind, int months,
                     const std::optional<std::string>& category,
                     const std::optional<std::string>& account) {
  if (std::find(std::begin(kChartKinds), std::end(kChartKinds), kind) == std::end(kChartKinds))
    throw mcp::ToolError(
        "kind: \"" + kind +
        "\" is not a chart (spending_by_category, income_vs_expenses, net_worth, lent_balances)");
  if (months < 1 || months > 120) throw mcp::ToolError("months: must be between 1 and 120");
  ChartData out;
  out.kind = kind;
  out.months = month_list(st.clock.today(), months);
  const std::string from = out.months.front() + "-01", to = out.months.back() + "-31";
  if (kind == "spending_by_category") {
    std::optional<Category> only;
    if (category) only = resolve_category(st, *category, "expense", "categoryName");
    SQLite::Statement q(
        st.db,
        "SELECT substr(p.date, 1, 7), p.currency, c.name, SUM(p.amount_minor) FROM posting p "
        "JOIN account a ON a.seq = p.account_seq JOIN category c ON c.id = a.category_id "
        "WHERE p.ws = ?1 AND a.type = 'expense' AND p.date BETWEEN ?2 AND ?3 "
        "AND (?4 IS NULL OR c.id = ?4) GROUP BY 1, 2, 3 ORDER BY 3, 2");
    q.bind(1, st.workspace_id);
    q.bind(2, from);
    q.bind(3, to);
    if (only)
      q.bind(4, only->id);
    else
      q.bind(4);
    out.series = collect(q, out.months, false);
  } else if (kind == "income_vs_expenses") {
    SQLite::Statement q(
        st.db,
        "SELECT substr(p.date, 1, 7), p.currency, CASE a.type WHEN 'income' THEN 'Income' ELSE "
        "'Expenses' END, SUM(CASE a.type WHEN 'income' THEN -p.amount_minor ELSE p.amount_minor "
        "END) "
        "FROM posting p JOIN account a ON a.seq = p.account_seq WHERE p.ws = ?1 AND a.type IN "
        "('income', 'expense') AND p.date BETWEEN ?2 AND ?3 GROUP BY 1, 2, 3 ORDER BY 3 DESC, 2");
    q.bind(1, st.workspace_id);
    q.bind(2, from);
    q.bind(3, to);
    out.series = collect(q, out.months, false);
  } else if (kind == "net_worth") {
    std::optional<Account> one;
    if (account) one = require_account(st, *account, "accountId");
    SQLite::Statement q(
        st.db,
        "SELECT substr(p.date, 1, 7), p.currency, 'Net worth', SUM(p.amount_minor) FROM posting p "
        "JOIN account a ON a.seq = p.account_seq WHERE p.ws = ?1 AND a.type IN ('asset', "
        "'liability') AND p.date <= ?2 AND (?3 IS NULL OR a.seq = ?3) GROUP BY 1, 2 ORDER BY 2, 1");
    q.bind(1, st.workspace_id);
    q.bind(2, to);
    if (one)
      q.bind(3, one->seq);
    else
      q.bind(3);
    out.series = running(q, out.months);
  } else {
    SQLite::Statement q(
        st.db,
        "SELECT substr(p.date, 1, 7), p.currency, pe.name, SUM(p.amount_minor) FROM posting p "
        "JOIN account a ON a.seq = p.account_seq JOIN person pe ON pe.id = a.person_id "
        "WHERE p.ws = ?1 AND a.subtype = 'lent' AND p.date <= ?2 GROUP BY 1, 2, 3 ORDER BY 3, 2, "
        "1");
    q.bind(1, st.workspace_id);
    q.bind(2, to);
    out.series = running(q, out.months);
  }
  return out;
}

mcp::json chart_json(const ChartData& data) {
  mcp::json series = mcp::json::array();
  for (const auto& s : data.series) {
    auto currency = *store::find_currency(s.currency);
    mcp::json values = mcp::json::array();
    for (auto v : s.values) values.push_back(store::money_json(v, currency));
    series.push_back({{"name", s.name}, {"currency", s.currency}, {"values", values}});
  }
  return {{"kind", data.kind}, {"months", data.months}, {"series", series}};
}

std::string chart_svg(const ChartData& data, const std::string& title) {
  const int width = 640, height = 320, left = 70, right = 10, top = 30, bottom = 60;
  const int plot_w = width - left - right, plot_h = height - top - bottom;
  // The legend wraps onto more rows under the chart rather than running off it.
  std::vector<std::pair<double, int>> legend;
  {
    double x = left;
    int row = 0;
    for (const auto& s : data.series) {
      double w = 24 + 6.5 * static_cast<double>(s.name.size() + s.currency.size() + 3);
      if (x + w > width - right && x > left) {
        x = left;
        ++row;
      }
      legend.emplace_back(x, row);
      x += w;
    }
  }
  const int legend_rows = legend.empty() ? 1 : legend.back().second + 1;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height + (legend_rows - 1) * 16) +
                    "\" role=\"img\" aria-labelledby=\"chart-" + data.kind +
                    "\" class=\"chart\" font-family=\"sans-serif\" "
                    "font-size=\"11\" fill=\"currentColor\">";
  svg += "<title id=\"chart-" + data.kind + "\">" + util::markup_escape(title) + "</title>";
  svg += "<text x=\"" + std::to_string(left) +
         "\" y=\"18\" font-size=\"13\" font-weight=\"bold\">" + util::markup_escape(title) + "</text>";
  bool any = false;
  for (const auto& s : data.series)
    for (auto v : s.values) any = any || v != 0;
  if (!any) {
    svg += "<text x=\"" + std::to_string(width / 2) + "\" y=\"" + std::to_string(height / 2) +
           "\" text-anchor=\"middle\">No data for these months</text></svg>";
    return svg;
  }
  const bool bars = data.kind == "spending_by_category" || data.kind == "income_vs_expenses";
  const bool stacked = data.kind == "spending_by_category";
  // Groups within a month: stacked charts stack per currency, the others stand side by side.
  std::vector<std::string> groups;
  for (const auto& s : data.series) {
    std::string g = stacked ? s.currency : s.name + " " + s.currency;
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  std::int64_t hi = 0, lo = 0;
  const std::size_t n = data.months.size();
  for (std::size_t m = 0; m < n; ++m) {
    std::map<std::string, std::int64_t> stack;
    for (const auto& s : data.series) {
      std::int64_t v = s.values[m];
      if (bars) {
        std::int64_t& h = stack[stacked ? s.currency : s.name + s.currency];
        h += std::max<std::int64_t>(v, 0);
        hi = std::max(hi, h);
      } else {
        hi = std::max(hi, v);
        lo = std::min(lo, v);
      }
    }
  }
  if (hi == lo) hi = lo + 1;
  auto y_of = [&](std::int64_t v) {
    return top + static_cast<double>(hi - v) * plot_h / static_cast<double>(hi - lo);
  };
  auto fmt = [](double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", d);
    return std::string(buf);
  };
  // Grid and axis labels: four steps, in the first series' currency units.
  const std::string unit_currency = data.series.front().currency;
  for (int i = 0; i <= 4; ++i) {
    std::int64_t v = lo + (hi - lo) * i / 4;
    double y = y_of(v);
    svg += "<line stroke=\"#999\" stroke-width=\".5\" stroke-dasharray=\"2 3\" x1=\"" +
           std::to_string(left) + "\" x2=\"" + std::to_string(width - right) + "\" y1=\"" + fmt(y) +
           "\" y2=\"" + fmt(y) + "\"/>";
    svg +=
        "<text x=\"" + std::to_string(left - 4) + "\" y=\"" + fmt(y + 4) +
        "\" text-anchor=\"end\">" +
        util::markup_escape(money_text(v, unit_currency).substr(0, money_text(v, unit_currency).find(' '))) +
        "</text>";
  }
  svg += "<line stroke=\"currentColor\" x1=\"" + std::to_string(left) + "\" x2=\"" +
         std::to_string(width - right) + "\" y1=\"" + fmt(y_of(0)) + "\" y2=\"" + fmt(y_of(0)) +
         "\"/>";
  const double slot = static_cast<double>(plot_w) / static_cast<double>(n);
  const std::size_t label_every = n <= 12 ? 1 : (n + 11) / 12;
  for (std::size_t m = 0; m < n; ++m)
    if (m % label_every == 0)
      svg += "<text x=\"" + fmt(left + slot * (static_cast<double>(m) + 0.5)) + "\" y=\"" +
             std::to_string(height - bottom + 14) + "\" text-anchor=\"middle\">" +
             util::markup_escape(data.months[m]) + "</text>";
  // Legend under the axis labels.
  for (std::size_t i = 0; i < data.series.size(); ++i) {
    const auto& s = data.series[i];
    std::string colour = kColours[i % std::size(kColours)];
    std::string label = s.name + " (" + s.currency + ")";
    double lx = legend[i].first;
    int dy = legend[i].second * 16;
    svg += "<rect x=\"" + fmt(lx) + "\" y=\"" + std::to_string(height - 26 + dy) +
           "\" width=\"10\" height=\"10\" fill=\"" + colour + "\"/><text x=\"" + fmt(lx + 14) +
           "\" y=\"" + std::to_string(height - 17 + dy) + "\">" + util::markup_escape(label) + "</text>";
  }
  if (bars) {
    const double group_w = slot * 0.8 / static_cast<double>(groups.size());
    for (std::size_t m = 0; m < n; ++m) {
      std::map<std::string, std::int64_t> base;
      for (std::size_t i = 0; i < data.series.size(); ++i) {
        const auto& s = data.series[i];
        std::int64_t v = std::max<std::int64_t>(s.values[m], 0);
        std::string g = stacked ? s.currency : s.name + " " + s.currency;
        auto gi =
            static_cast<std::size_t>(std::find(groups.begin(), groups.end(), g) - groups.begin());
        std::int64_t& under = base[g];
        double x =
            left + slot * static_cast<double>(m) + slot * 0.1 + group_w * static_cast<double>(gi);
        double y1 = y_of(under + v), y0 = y_of(under);
        under += v;
        if (s.values[m] == 0) continue;
        svg += "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y1) + "\" width=\"" +
               fmt(std::max(group_w - 1, 1.0)) + "\" height=\"" + fmt(std::max(y0 - y1, 0.5)) +
               "\" fill=\"" + kColours[i % std::size(kColours)] + "\"><title>" +
               util::markup_escape(data.months[m] + " · " + s.name + ": " +
                          money_text(s.values[m], s.currency)) +
               "</title></rect>";
      }
    }
  } else {
    for (std::size_t i = 0; i < data.series.size(); ++i) {
      const auto& s = data.series[i];
      std::string colour = kColours[i % std::size(kColours)];
      std::string points;
      for (std::size_t m = 0; m < n; ++m)
        points +=
            fmt(left + slot * (static_cast<double>(m) + 0.5)) + "," + fmt(y_of(s.values[m])) + " ";
      svg += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\"" +
             points + "\"/>";
      for (std::size_t m = 0; m < n; ++m)
        svg += "<circle cx=\"" + fmt(left + slot * (static_cast<double>(m) + 0.5)) + "\" cy=\"" +
               fmt(y_of(s.values[m])) + "\" r=\"3\" fill=\"" + colour + "\"><title>" +
               util::markup_escape(data.months[m] + " · " + s.name + ": " +
                          money_text(s.values[m], s.currency)) +
               "</title></circle>";
    }
  }
  return svg + "</svg>";
}

}  // namespace tally::ledger
