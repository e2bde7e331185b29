// vetq stats / facets / timeline: counts and charts for people (and rows for scripts).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "cli.h"
#include "vetq/error.h"
#include "query/query.h"
#include "vetq/text.h"

namespace vetq::cli {

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

void print_bars(const std::vector<Count>& counts, const std::string& dim, bool color,
                const Write& out) {
  long max = 0;
  int label_w = display_width(dim);
  for (const auto& c : counts) {
    max = std::max(max, c.n);
    label_w = std::min(std::max(label_w, display_width(c.a)), 60);
  }
  const int term = terminal_width();
  const int bar_w = std::max(10, (term > 0 ? term : 100) - label_w - 10);
  out(fmt::format("{}{}{}\n", color ? "\x1b[1m" : "", dim, color ? "\x1b[0m" : ""));
  for (const auto& c : counts) {
    std::string label = c.a;
    if (display_width(label) > label_w)
      label = std::string(prefix_by_width(label, label_w - 1)) + "…";
    const std::string pad(static_cast<std::size_t>(label_w - display_width(label)), ' ');
    out(fmt::format("{}{}  {:>4}  {}\n", label, pad, c.n, bar(c.n, max, std::min(bar_w, 50))));
  }
}

}  // namespace

Command add_stats(CLI::App& root, const Global& g) {
  struct Args {
    FilterInput filter;
    std::vector<std::string> by;
    OutputFormat format = OutputFormat::kTable;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = root.add_subcommand("stats", "Count records by one or two dimensions");
  cmd->add_option("--by", a->by,
                  "Dimension: country, year, stage, category, subcategory, "
                  "target-group, audience, type, subsystem, priority, body")
      ->required()
      ->allow_extra_args(false)
      ->type_name("DIM");
  add_filter_options(cmd, a->filter);
  add_format_option(cmd, a->format,
                    "table (default: a bar chart or cross-table), json, ndjson, csv, tsv");
  cmd->footer(R"(
One --by draws a sorted bar chart; two --by print a cross-table (rows: the first).
Counts are records (a policy counts once per value it has).

Examples:
  vetq stats --by category --country France     thematic categories of French policies
  vetq stats --by country --by stage --year 2020
  vetq stats --by target-group --format csv

Exit codes: 0 success, 1 failure, 2 usage error.)");
  return {cmd, [a, &g] {
            if (a->by.size() > 2) throw UsageError("--by: give one or two dimensions");
            Store store = open_store(g, OpenMode::kRead);
            const Filter filter = resolve_filter(store, a->filter);
            const std::string d1 = resolve_dimension(a->by[0]);
            const std::string d2 = a->by.size() > 1 ? resolve_dimension(a->by[1]) : "";
            const auto counts = count_by(store, filter, d1, d2);
            const Write out = stdout_writer();
            if (d2.empty()) {
              if (a->format == OutputFormat::kTable) {
                print_bars(counts, d1, use_color(g, 1), out);
                return kExitOk;
              }
              auto sink = make_sink(a->format, out);
              const std::vector<std::string> cols = {d1, "count"};
              sink->begin(cols);
              for (const auto& c : counts) {
                const std::vector<Value> row = {c.a, static_cast<std::int64_t>(c.n)};
                sink->row(row);
              }
              sink->end();
              return kExitOk;
            }
            if (a->format != OutputFormat::kTable) {
              auto sink = make_sink(a->format, out);
              const std::vector<std::string> cols = {d1, d2, "count"};
              sink->begin(cols);
              for (const auto& c : counts) {
                const std::vector<Value> row = {c.a, c.b, static_cast<std::int64_t>(c.n)};
                sink->row(row);
              }
              sink->end();
              return kExitOk;
            }
            std::vector<std::string> rows, cols;
            std::map<std::pair<std::string, std::string>, long> cell;
            for (const auto& c : counts) {
              if (std::find(rows.begin(), rows.end(), c.a) == rows.end()) rows.push_back(c.a);
              if (std::find(cols.begin(), cols.end(), c.b) == cols.end()) cols.push_back(c.b);
              cell[{c.a, c.b}] = c.n;
            }
            std::sort(cols.begin(), cols.end());
            SinkOptions opt;
            opt.width = terminal_width();
            opt.color = use_color(g, 1);
            auto sink = make_sink(OutputFormat::kTable, out, opt);
            std::vector<std::string> header = {d1 + " \\ " + d2};
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
            return kExitOk;
          }};
}

Command add_facets(CLI::App& root, const Global& g) {
  struct Args {
    std::string dim;
    std::string kind = "policy";
    OutputFormat format = OutputFormat::kTable;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd =
      root.add_subcommand("facets", "List the distinct values of a dimension, with counts");
  cmd->add_option("dim", a->dim,
                  "country, year, stage, category, subcategory, target-group, "
                  "audience, type, subsystem, framework, priority, body, region")
      ->required();
  cmd->add_option("--kind", a->kind, "policy (default) or report")
      ->check(CLI::IsMember({"policy", "report"}, CLI::ignore_case));
  add_format_option(cmd, a->format, "table (default), json, ndjson, csv or tsv");
  cmd->footer(R"(
Examples:
  vetq facets target-group          the target-group labels in the database
  vetq facets country --format json

Exit codes: 0 success, 1 failure, 2 usage error.)");
  return {cmd, [a, &g] {
            Store store = open_store(g, OpenMode::kRead);
            const std::string dim = resolve_dimension(a->dim);
            SinkOptions opt;
            opt.width = terminal_width();
            opt.color = use_color(g, 1);
            auto sink = make_sink(a->format, stdout_writer(), opt);
            const std::vector<std::string> cols = {dim, "count"};
            sink->begin(cols);
            for (const auto& [value, n] : store.facet_values(dim, a->kind)) {
              const std::vector<Value> row = {value, static_cast<std::int64_t>(n)};
              sink->row(row);
            }
            sink->end();
            return kExitOk;
          }};
}

Command add_timeline(CLI::App& root, const Global& g) {
  auto a = std::make_shared<FilterInput>();
  CLI::App* cmd =
      root.add_subcommand("timeline", "Chart policies by year and stage in the terminal");
  add_filter_options(cmd, *a, false);
  cmd->footer(R"(
One row per policy, one column per year, one glyph per stage (legend below the chart).

Examples:
  vetq timeline --country France
  vetq timeline --category 'European and international' --year 2015..2024

Exit codes: 0 success, 1 failure, 2 usage error.)");
  return {cmd, [a, &g] {
            Store store = open_store(g, OpenMode::kRead);
            Filter filter = resolve_filter(store, *a);
            const auto rows = timelines(store, filter);
            const Write out = stdout_writer();
            if (rows.empty()) return kExitOk;
            int lo = 9999, hi = 0;
            for (const auto& r : rows)
              for (const auto& t : r.timeline) {
                lo = std::min(lo, t.year);
                hi = std::max(hi, t.year);
              }
            if (filter.year_from) lo = std::max(lo, *filter.year_from);
            if (filter.year_to) hi = std::min(hi, *filter.year_to);
            static const std::map<std::string, std::string> kGlyph = {
                {"Design", "◇"},   {"Legislative process", "§"}, {"Approved/Agreed", "✓"},
                {"Pilot", "○"},    {"Implementation", "●"},      {"Discontinued", "✕"},
                {"Completed", "■"}};
            const int term = terminal_width();
            const int label_w = std::clamp((term > 0 ? term : 100) - 2 * (hi - lo + 1) - 2, 20, 50);
            std::string header(static_cast<std::size_t>(label_w), ' ');
            header += " ";
            for (int y = lo; y <= hi; ++y)
              header += (y % 5 == 0 || y == lo)
                            ? std::to_string(y % 100).insert(0, y % 100 < 10 ? "0" : "")
                            : "  ";
            out(header + "\n");
            std::set<std::string> used;
            for (const auto& r : rows) {
              std::string label = r.id + " " + r.country + " " + r.title;
              if (display_width(label) > label_w)
                label = std::string(prefix_by_width(label, label_w - 1)) + "…";
              label += std::string(static_cast<std::size_t>(label_w - display_width(label)), ' ');
              std::string line = label + " ";
              for (int y = lo; y <= hi; ++y) {
                std::string glyph = "·";
                for (const auto& t : r.timeline) {
                  if (t.year != y) continue;
                  auto it = kGlyph.find(t.stage);
                  glyph = it == kGlyph.end() ? "?" : it->second;
                  used.insert(t.stage);
                }
                line += glyph + " ";
              }
              while (!line.empty() && line.back() == ' ') line.pop_back();
              out(line + "\n");
            }
            std::string legend = "\n";
            for (const auto& [stage, glyph] : kGlyph)
              if (used.count(stage)) legend += glyph + " " + stage + "   ";
            while (!legend.empty() && legend.back() == ' ') legend.pop_back();
            out(legend + "\n");
            return kExitOk;
          }};
}

}  // namespace vetq::cli
