#pragma once
// Charts as files (SVG, PNG, PDF) drawn with cairo, text laid out with Pango: a horizontal bar
// chart, a heat-map table and a Gantt timeline. Plain values in, the file's bytes out; the
// counts come from lib/query. The drawing code lives in the module libvetq_draw.so
// (draw_module.h), opened on first use, so that the commands that draw nothing start without
// cairo's and Pango's libraries.
#include <string>
#include <utility>
#include <vector>

#include "output/charts.h"

namespace vetq {

enum class ImageFormat { kSvg, kPng, kPdf };

/// Sizes are CSS pixels (1/96 inch): an SVG has them as its pixel size, a PDF page is
/// width x height in those units (0.75 pt each), a PNG has width * dpi / 96 pixels and states
/// its DPI in a pHYs chunk.
struct ImageOptions {
  ImageFormat format = ImageFormat::kSvg;
  int width = 0;   // 0: kDefaultWidth
  int height = 0;  // 0: as tall as the chart needs; smaller than that scales the chart down
  int dpi = 96;
  std::string id_prefix = "c";  // SVG: prefix of every id, so charts can share one HTML page
  bool xml_declaration = true;  // SVG: false for a chart inlined in HTML
};

inline constexpr int kDefaultWidth = 800;

/// One dimension: a bar per value, in the given order, values written at the bars.
struct BarChart {
  std::string title;
  std::vector<std::pair<std::string, long>> bars;
};

/// Two dimensions: a row per first value, a column per second value, cells shaded by count.
struct HeatMap {
  std::string title;
  std::vector<std::string> rows, cols;
  std::vector<std::vector<long>> counts;  // [row][col]
};

/// One row per policy, one column per year lo..hi, cells coloured by stage, a legend.
struct Gantt {
  std::string title;
  std::vector<PolicyTimeline> rows;
  int lo = 0, hi = 0;
};

/// The charts of counts from lib/query (count_by: most frequent first): bars in that order; a
/// heat map with rows in that order and columns sorted.
BarChart bar_chart(const std::vector<Count>& counts, std::string title);
HeatMap heat_map(const std::vector<Count>& counts, std::string title);
/// Years lo..hi: those of the timelines, within [year_lo, year_hi].
Gantt gantt_chart(std::vector<PolicyTimeline> rows, std::string title, int year_lo = 0,
                  int year_hi = 9999);

/// The file's bytes. Throws vetq::Error when the module cannot be loaded or cairo fails.
std::string draw_chart(const BarChart& chart, const ImageOptions& options);
std::string draw_chart(const HeatMap& chart, const ImageOptions& options);
std::string draw_chart(const Gantt& chart, const ImageOptions& options);

/// The Okabe–Ito palette (readable with every common colour-vision deficiency): a colour per
/// timeline stage, in the order of the taxonomy; a stage not in the list is grey.
struct StageColor {
  const char* stage;
  const char* hex;
};
inline constexpr StageColor kStageColors[] = {
    {"Design", "#56B4E9"},    {"Legislative process", "#CC79A7"}, {"Approved/Agreed", "#F0E442"},
    {"Pilot", "#E69F00"},     {"Implementation", "#009E73"},      {"Discontinued", "#D55E00"},
    {"Completed", "#0072B2"},
};
inline constexpr const char* kOtherStageColor = "#999999";
inline constexpr const char* kBarColor = "#0072B2";  // Okabe–Ito blue

}  // namespace vetq
