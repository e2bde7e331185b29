// vetq stats / facets / timeline: counts and charts for people (and rows for scripts).
#include <fmt/format.h>

#include <algorithm>

#include "cli.h"
#include "query/editions.h"
#include "query/query.h"
#include "store/facets.h"
#include "vetq/error.h"
#include "vetq/text.h"

namespace vetq::cli {

Command add_stats(CLI::App& root, const Global& g) {
  struct Args {
    FilterInput filter;
    std::vector<std::string> by;
    OutputFormat format = OutputFormat::kTable;
    std::optional<std::string> edition;
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
  add_edition_option(cmd, a->edition);
  add_format_option(cmd, a->format,
                    "table (default: a bar chart or cross-table), json, ndjson, csv, tsv");
  cmd->footer(R"(
One --by draws a sorted bar chart; two --by print a cross-table (rows: the first).
Counts are records (a policy counts once per value it has).

Examples:
  vetq stats --by category --country France     thematic categories of French policies
  vetq stats --by country --by stage --year 2020
  vetq stats --by target-group --format csv
  vetq stats --by stage --country France --edition 2023

Exit codes: 0 success, 1 failure, 2 usage error.)");
  return {cmd, [a, &g] {
            if (a->by.size() > 2) throw UsageError("--by: give one or two dimensions");
            Store store = open_store(g, OpenMode::kRead);
            apply_edition(store, a->edition, a->filter.text.has_value());
            const Filter filter = resolve_filter(store, a->filter);
            const std::string d1 = resolve_dimension(a->by[0]);
            const std::string d2 = a->by.size() > 1 ? resolve_dimension(a->by[1]) : "";
            const auto counts = count_by(store, filter, d1, d2);
            const Write out = stdout_writer();
            const ChartOptions chart{terminal_width(), use_color(g, 1)};
            if (a->format != OutputFormat::kTable) {
              auto sink = make_sink(a->format, out);
              write_counts(counts, d1, d2, *sink, d1 == facets::kYear, d2 == facets::kYear);
            } else if (d2.empty()) {
              write_bar_chart(counts, d1, chart, out);
            } else {
              write_cross_table(counts, d1, d2, chart, out);
            }
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
      ->transform(one_of({"policy", "report"}, "kind"));
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
  return {
      cmd, [a, &g] {
        Store store = open_store(g, OpenMode::kRead);
        Filter filter = resolve_filter(store, *a);
        const auto rows = timelines(store, filter);
        if (rows.empty()) return kExitOk;
        int lo = 9999, hi = 0;
        for (const auto& r : rows)
          for (const auto& t : r.timeline) {
            lo = std::min(lo, t.year);
            hi = std::max(hi, t.year);
          }
        lo = std::max(lo, filter.year_lo());
        hi = std::min(hi, filter.year_hi());
        write_timeline_chart(rows, lo, hi, {terminal_width(), use_color(g, 1)}, stdout_writer());
        return kExitOk;
      }};
}

}  // namespace vetq::cli
