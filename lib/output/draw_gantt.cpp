// Inside libvetq_draw.so: the timeline as a Gantt chart, a row per policy, a column per year
// (four-digit years), cells coloured by stage, a legend of the stages shown.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <set>

#include "output/draw_canvas.h"

namespace vetq::draw {

namespace {

Rgb color_of(const std::string& stage) {
  for (const auto& s : kStageColors)
    if (stage == s.stage) return rgb(s.hex);
  return rgb(kOtherStageColor);
}

// Four-digit years over the columns; every k-th year when a column is narrower than a year.
double draw_years(cairo_t* cr, const Gantt& c, double x0, double cw, double y) {
  const double year_w = Text(cr, "0000", 11).width() + 6;
  const int step = std::max(1, static_cast<int>(std::ceil(year_w / cw)));
  double h = 0;
  for (int yr = c.lo; yr <= c.hi; ++yr) {
    if ((yr - c.lo) % step != 0) continue;
    const Text t(cr, std::to_string(yr), 11, false, std::max(cw, year_w), PANGO_ALIGN_CENTER);
    const double cx = x0 + cw * (yr - c.lo) + cw / 2;
    t.draw(cr, cx - t.width() / 2, y, kInk);
    h = std::max(h, t.height());
  }
  return y + h + 4;
}

// The stages of one year as horizontal strips of the cell.
void draw_cell(cairo_t* cr, const PolicyTimeline& p, int year, double x, double y, double w,
               double h, std::set<std::string>& used) {
  std::vector<std::string> stages;
  for (const auto& t : p.timeline)
    if (t.year == year) stages.push_back(t.stage);
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const double strip = h / static_cast<double>(stages.size());
    fill_rect(cr, x, y + strip * i, w, strip, color_of(stages[i]));
    used.insert(stages[i]);
  }
}

double draw_legend(cairo_t* cr, const std::set<std::string>& used, double y, double width) {
  double x = kMargin;
  double line = 0;
  for (const auto& s : kStageColors) {
    if (!used.count(s.stage)) continue;
    const Text t(cr, s.stage, 12);
    if (x + 20 + t.width() > width - kMargin && x > kMargin) {
      x = kMargin;
      y += line + 6;
    }
    fill_rect(cr, x, y + (t.height() - 12) / 2, 12, 12, rgb(s.hex));
    t.draw(cr, x + 17, y, kInk);
    x += 17 + t.width() + 18;
    line = std::max(line, t.height());
  }
  return y + line + kMargin;
}

double paint_gantt(cairo_t* cr, const Gantt& c, double width) {
  double y = draw_title(cr, c.title, width);
  if (c.rows.empty()) return draw_empty(cr, y, width);
  const double label_w = std::min(width * 0.42, 330.0);
  const double x0 = kMargin + label_w + 10;
  const int years = std::max(1, c.hi - c.lo + 1);
  const double cw = (width - kMargin - x0) / years;
  y = draw_years(cr, c, x0, cw, y);
  std::set<std::string> used;
  for (const auto& p : c.rows) {
    const Text title(cr, p.title, 12, false, label_w);
    const Text sub(cr, fmt::format("{} · {}", p.id, p.country), 10.5, false, label_w);
    const double row = std::max(title.height() + sub.height(), 22.0) + 8;
    fill_rect(cr, kMargin, y + row - 0.5, width - 2 * kMargin, 0.5, kRule);
    title.draw(cr, kMargin, y + 4, kInk);
    sub.draw(cr, kMargin, y + 4 + title.height(), kMuted);
    for (int yr = c.lo; yr <= c.hi; ++yr)
      draw_cell(cr, p, yr, x0 + cw * (yr - c.lo) + 0.5, y + 4, cw - 1, row - 8, used);
    y += row;
  }
  return draw_legend(cr, used, y + 10, width);
}

std::vector<std::string> gantt_desc(const Gantt& c) {
  std::vector<std::string> out;
  for (const auto& p : c.rows) {
    std::string stages;
    for (const auto& t : p.timeline)
      if (t.year >= c.lo && t.year <= c.hi)
        stages += fmt::format("{}{} {}", stages.empty() ? "" : ", ", t.year, t.stage);
    out.push_back(fmt::format("{} ({}, {}): {}", p.title, p.id, p.country, stages));
  }
  return out;
}

}  // namespace

std::string gantt(const Gantt& c, const ImageOptions& o, std::string* error) {
  try {
    return render([&](cairo_t* cr, double w) { return paint_gantt(cr, c, w); }, o, c.title,
                  gantt_desc(c));
  } catch (const std::exception& e) {
    *error = e.what();
  }
  return {};
}

}  // namespace vetq::draw
