// Inside libvetq_draw.so: the bar chart and the heat-map table, and the module's entry point.
#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "output/draw_canvas.h"
#include "output/draw_module.h"

namespace vetq::draw {

namespace {

constexpr double kLabelSize = 12.5;
constexpr double kBarThickness = 18;

double draw_footnote(cairo_t* cr, const std::string& text, double y, double width) {
  const Text t(cr, text, 10.5, false, width - 2 * kMargin);
  t.draw(cr, kMargin, y, kMuted);
  return y + t.height() + kMargin;
}

double paint_bars(cairo_t* cr, const BarChart& c, double width) {
  double y = draw_title(cr, c.title, width);
  if (c.bars.empty()) return draw_empty(cr, y, width);
  long max = 1;
  double natural = 0, value_w = 0;
  for (const auto& [label, n] : c.bars) {
    max = std::max(max, n);
    natural = std::max(natural, Text(cr, label, kLabelSize).width());
    value_w = std::max(value_w, Text(cr, std::to_string(n), kLabelSize, true).width());
  }
  const double label_w = std::min(natural, width * 0.42);
  const double x0 = kMargin + label_w + 10;
  const double length = std::max(20.0, width - kMargin - x0 - value_w - 8);
  const double top = y;
  for (const auto& [label, n] : c.bars) {
    const Text l(cr, label, kLabelSize, false, label_w, PANGO_ALIGN_RIGHT);
    const double row = std::max(l.height(), kBarThickness) + 8;
    l.draw(cr, kMargin, y + (row - l.height()) / 2, kInk);
    const double bar = length * static_cast<double>(n) / static_cast<double>(max);
    fill_rect(cr, x0, y + (row - kBarThickness) / 2, bar, kBarThickness, rgb(kBarColor));
    const Text v(cr, std::to_string(n), kLabelSize, true);
    v.draw(cr, x0 + bar + 6, y + (row - v.height()) / 2, kInk);
    y += row;
  }
  fill_rect(cr, x0 - 1, top, 1, y - top, kRule);
  return draw_footnote(cr, "Counts are records: a policy counts once for each value it has.",
                       y + 10, width);
}

// White for no records, Okabe–Ito blue for the largest count.
Rgb shade(long n, long max) {
  const Rgb lo = rgb("#EAF3FA"), hi = rgb(kBarColor);
  if (n == 0) return {1, 1, 1};
  const double t = max <= 1 ? 1.0 : 0.15 + 0.85 * static_cast<double>(n - 1) / (max - 1);
  return {lo.r + (hi.r - lo.r) * t, lo.g + (hi.g - lo.g) * t, lo.b + (hi.b - lo.b) * t};
}

double paint_heat(cairo_t* cr, const HeatMap& c, double width) {
  double y = draw_title(cr, c.title, width);
  if (c.rows.empty()) return draw_empty(cr, y, width);
  long max = 1;
  for (const auto& row : c.counts)
    for (long n : row) max = std::max(max, n);
  double natural = 0;
  for (const auto& r : c.rows) natural = std::max(natural, Text(cr, r, 12).width());
  const double label_w = std::min(natural, width * 0.3);
  const double x0 = kMargin + label_w + 8;
  const double cw =
      (width - kMargin - x0) / static_cast<double>(std::max<std::size_t>(1, c.cols.size()));
  double header = 0;
  for (const auto& col : c.cols)
    header = std::max(header, Text(cr, col, 11, false, cw - 4, PANGO_ALIGN_CENTER).height());
  for (std::size_t j = 0; j < c.cols.size(); ++j) {
    const Text t(cr, c.cols[j], 11, false, cw - 4, PANGO_ALIGN_CENTER);
    t.draw(cr, x0 + cw * j + 2, y + header - t.height(), kInk);
  }
  y += header + 6;
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const Text l(cr, c.rows[i], 12, false, label_w, PANGO_ALIGN_RIGHT);
    const double row = std::max(l.height() + 6, 24.0);
    l.draw(cr, kMargin, y + (row - l.height()) / 2, kInk);
    for (std::size_t j = 0; j < c.cols.size(); ++j) {
      const long n = c.counts[i][j];
      fill_rect(cr, x0 + cw * j, y, cw, row, kRule);
      fill_rect(cr, x0 + cw * j + 0.5, y + 0.5, cw - 1, row - 1, shade(n, max));
      if (n == 0) continue;
      const Text v(cr, std::to_string(n), 12, true, cw, PANGO_ALIGN_CENTER);
      const bool dark = static_cast<double>(n) / static_cast<double>(max) > 0.5;
      v.draw(cr, x0 + cw * j, y + (row - v.height()) / 2, dark ? Rgb{1, 1, 1} : kInk);
    }
    y += row;
  }
  return draw_footnote(cr, "Counts are records: a policy counts once for each pair of values.",
                       y + 10, width);
}

template <class Chart, class Paint, class Desc>
std::string guarded(const Chart& c, const ImageOptions& o, std::string* error, Paint paint,
                    Desc desc) {
  try {
    return render([&](cairo_t* cr, double w) { return paint(cr, c, w); }, o, c.title, desc(c));
  } catch (const std::exception& e) {
    *error = e.what();
  }
  return {};
}

std::vector<std::string> bar_desc(const BarChart& c) {
  std::vector<std::string> out;
  for (const auto& [label, n] : c.bars) out.push_back(fmt::format("{}: {}", label, n));
  return out;
}

std::vector<std::string> heat_desc(const HeatMap& c) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < c.rows.size(); ++i)
    for (std::size_t j = 0; j < c.cols.size(); ++j)
      out.push_back(fmt::format("{} / {}: {}", c.rows[i], c.cols[j], c.counts[i][j]));
  return out;
}

std::string bar(const BarChart& c, const ImageOptions& o, std::string* error) {
  return guarded(c, o, error, paint_bars, bar_desc);
}

std::string heat(const HeatMap& c, const ImageOptions& o, std::string* error) {
  return guarded(c, o, error, paint_heat, heat_desc);
}

}  // namespace

std::string gantt(const Gantt& c, const ImageOptions& o, std::string* error);  // draw_gantt.cpp

}  // namespace vetq::draw

extern "C" __attribute__((visibility("default"))) const void* vetq_draw_api_v1() {
  static const vetq::DrawApi api = {vetq::draw::bar, vetq::draw::heat, vetq::draw::gantt};
  return &api;
}
