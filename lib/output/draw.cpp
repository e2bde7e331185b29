// Opens libvetq_draw.so (draw_module.h) on first use (vetq/module.h).
#include "output/draw.h"

#include <fmt/format.h>

#include <algorithm>

#include "output/draw_module.h"
#include "vetq/error.h"
#include "vetq/module.h"

namespace vetq {

namespace {

const DrawApi& draw_api() {
  static const DrawApi* api = [] {
    std::string error;
    const ModuleLocation where{"libvetq_draw.so", VETQ_DRAW_MODULE_FROM_BIN, VETQ_DRAW_MODULE};
    if (const void* api = module_api(where, kVetqDrawSymbol, &error))
      return static_cast<const DrawApi*>(api);
    throw Error(fmt::format(
        "drawing (libvetq_draw.so) cannot be loaded: {} — reinstall vetq with its drawing "
        "module, or use --format table, json or csv",
        error));
  }();
  return *api;
}

std::string checked(std::string bytes, const std::string& error) {
  if (!error.empty()) throw Error("cannot draw the chart: " + error);
  return bytes;
}

}  // namespace

BarChart bar_chart(const std::vector<Count>& counts, std::string title) {
  BarChart c{std::move(title), {}};
  for (const auto& n : counts) c.bars.emplace_back(n.a, n.n);
  return c;
}

HeatMap heat_map(const std::vector<Count>& counts, std::string title) {
  HeatMap h{std::move(title), {}, {}, {}};
  for (const auto& c : counts) {
    if (std::find(h.rows.begin(), h.rows.end(), c.a) == h.rows.end()) h.rows.push_back(c.a);
    if (std::find(h.cols.begin(), h.cols.end(), c.b) == h.cols.end()) h.cols.push_back(c.b);
  }
  std::sort(h.cols.begin(), h.cols.end());
  h.counts.assign(h.rows.size(), std::vector<long>(h.cols.size(), 0));
  for (const auto& c : counts) {
    const auto i = std::find(h.rows.begin(), h.rows.end(), c.a) - h.rows.begin();
    const auto j = std::find(h.cols.begin(), h.cols.end(), c.b) - h.cols.begin();
    h.counts[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = c.n;
  }
  return h;
}

Gantt gantt_chart(std::vector<PolicyTimeline> rows, std::string title, int year_lo, int year_hi) {
  int lo = 9999, hi = 0;
  for (const auto& r : rows)
    for (const auto& t : r.timeline) {
      lo = std::min(lo, t.year);
      hi = std::max(hi, t.year);
    }
  Gantt g{std::move(title), std::move(rows), std::max(lo, year_lo), std::min(hi, year_hi)};
  if (g.lo > g.hi) g.lo = g.hi = 0;
  return g;
}

std::string draw_chart(const BarChart& chart, const ImageOptions& options) {
  std::string error;
  auto bytes = draw_api().bar(chart, options, &error);
  return checked(std::move(bytes), error);
}

std::string draw_chart(const HeatMap& chart, const ImageOptions& options) {
  std::string error;
  auto bytes = draw_api().heat(chart, options, &error);
  return checked(std::move(bytes), error);
}

std::string draw_chart(const Gantt& chart, const ImageOptions& options) {
  std::string error;
  auto bytes = draw_api().gantt(chart, options, &error);
  return checked(std::move(bytes), error);
}

}  // namespace vetq
