#include "output/charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "vetq/text.h"

namespace vetq {

namespace {

// A horizontal bar of `n` out of `max` in `width` cells, with eighth-block precision.
std::string bar(long n, long max, int width) {
  if (max <= 0 || width <= 0) return {};
  static const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  const long eighths = (n * width * 8 + max / 2) / max;
  std::string out;
  for (long i = 0; i < eighths / 8; ++i) out += "█";
  out += kEighths[eighths % 8];
  if (out.empty() && n > 0) out = "▏";
  return out;
}

// `label` cut with "…" or padded to `width` display columns.
std::string fit(std::string label, int width) {
  if (display_width(label) > width) label = std::string(prefix_by_width(label, width - 1)) + "…";
  return label + std::string(static_cast<std::size_t>(width - display_width(label)), ' ');
}

// The glyph of each stage, in the order of the stages of development.
const std::vector<std::pair<std::string, std::string>>& stage_glyphs() {
  static const std::vector<std::pair<std::string, std::string>> kGlyphs = {
      {"Design", "◇"},   {"Legislative process", "§"}, {"Approved/Agreed", "✓"},
      {"Pilot", "○"},    {"Implementation", "●"},      {"Discontinued", "✕"},
      {"Completed", "■"}};
  return kGlyphs;
}

}  // namespace

void write_bar_chart(const std::vector<Count>& counts, const std::string& dim,
                     const ChartOptions& options, const Write& out) {
  long max = 0;
  int label_w = display_width(dim);
  for (const auto& c : counts) {
    max = std::max(max, c.n);
    label_w = std::min(std::max(label_w, display_width(c.a)), 60);
  }
  const int bar_w = std::max(10, (options.width > 0 ? options.width : 100) - label_w - 10);
  out(fmt::format("{}{}{}\n", options.color ? "\x1b[1m" : "", dim, options.color ? "\x1b[0m" : ""));
  for (const auto& c : counts)
    out(fmt::format("{}  {:>4}  {}\n", fit(c.a, label_w), c.n, bar(c.n, max, std::min(bar_w, 50))));
}

void write_cross_table(const std::vector<Count>& counts, const std::string& dim1,
                       const std::string& dim2, const ChartOptions& options, const Write& out) {
  std::vector<std::string> rows, cols;
  std::map<std::pair<std::string, std::string>, long> cell;
  for (const auto& c : counts) {
    if (std::find(rows.begin(), rows.end(), c.a) == rows.end()) rows.push_back(c.a);
    if (std::find(cols.begin(), cols.end(), c.b) == cols.end()) cols.push_back(c.b);
    cell[{c.a, c.b}] = c.n;
  }
  std::sort(cols.begin(), cols.end());
  SinkOptions opt;
  opt.width = options.width;
  opt.color = options.color;
  auto sink = make_sink(OutputFormat::kTable, out, opt);
  std::vector<std::string> header = {dim1 + " \\ " + dim2};
  header.insert(header.end(), cols.begin(), cols.end());
  sink->begin(header);
  for (const auto& r : rows) {
    std::vector<Value> row = {r};
    for (const auto& c : cols) {
      auto it = cell.find({r, c});
      row.emplace_back(it == cell.end() ? Value(std::string("·"))
                                        : Value(static_cast<std::int64_t>(it->second)));
    }
    sink->row(row);
  }
  sink->end();
}

void write_timeline_chart(const std::vector<PolicyTimeline>& rows, int lo, int hi,
                          const ChartOptions& options, const Write& out) {
  const auto& glyphs = stage_glyphs();
  const int term = options.width > 0 ? options.width : 100;
  const int label_w = std::clamp(term - 2 * (hi - lo + 1) - 2, 20, 50);
  std::string header(static_cast<std::size_t>(label_w), ' ');
  header += " ";
  for (int y = lo; y <= hi; ++y)
    header += (y % 5 == 0 || y == lo) ? fmt::format("{:02}", y % 100) : "  ";
  out(header + "\n");
  std::set<std::string> used;
  for (const auto& r : rows) {
    std::string line = fit(r.id + " " + r.country + " " + r.title, label_w) + " ";
    for (int y = lo; y <= hi; ++y) {
      std::string glyph = "·";
      for (const auto& t : r.timeline) {
        if (t.year != y) continue;
        auto it = std::find_if(glyphs.begin(), glyphs.end(),
                               [&](const auto& g) { return g.first == t.stage; });
        glyph = it == glyphs.end() ? "?" : it->second;
        used.insert(t.stage);
      }
      line += glyph + " ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out(line + "\n");
  }
  std::string legend = "\n";
  for (const auto& [stage, glyph] : glyphs)
    if (used.count(stage)) legend += glyph + " " + stage + "   ";
  while (!legend.empty() && legend.back() == ' ') legend.pop_back();
  out(legend + "\n");
}

void write_counts(const std::vector<Count>& counts, const std::string& dim1,
                  const std::string& dim2, RowSink& sink, bool numeric1, bool numeric2) {
  auto cell = [](const std::string& v, bool numeric) -> Value {
    if (numeric && !v.empty() &&
        std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return static_cast<std::int64_t>(std::stoll(v));
    return v;
  };
  std::vector<std::string> cols = {dim1};
  if (!dim2.empty()) cols.push_back(dim2);
  cols.push_back("count");
  sink.begin(cols);
  for (const auto& c : counts) {
    std::vector<Value> row = {cell(c.a, numeric1)};
    if (!dim2.empty()) row.push_back(cell(c.b, numeric2));
    row.emplace_back(static_cast<std::int64_t>(c.n));
    sink.row(row);
  }
  sink.end();
}

}  // namespace vetq
