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

namespace {

// The rows of a count for scripts and people: a sink, the bar chart or the cross-table.
std::string count_text(const std::vector<Count>& counts, const std::string& d1,
                       const std::string& d2, const std::string& format, const Global& g,
                       bool to_file) {
  std::string text;
  const Write out = [&text](std::string_view s) { text += s; };
  const ChartOptions chart{to_file ? 0 : output_width(), !to_file && use_color(g, 1)};
  if (!format.empty() && format != "table") {
    auto sink = make_sink(row_format(format), out);
    write_counts(counts, d1, d2, *sink, d1 == facets::kYear, d2 == facets::kYear);
  } else if (d2.empty()) {
    write_bar_chart(counts, d1, chart, out);
  } else {
    write_cross_table(counts, d1, d2, chart, out);
  }
  return text;
}

}  // namespace

Command add_stats(CLI::App* cmd, const Global& g) {
  struct Args {
    FilterInput filter;
    std::vector<std::string> by;
    std::string format, output;
    ChartFileArgs chart;
    std::optional<std::string> edition;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--by", a->by,
                  "Dimension: country, year, stage, category, subcategory, "
                  "target-group, audience, type, subsystem, priority, body")
      ->required()
      ->allow_extra_args(false)
      ->type_name("DIM");
  add_filter_options(cmd, a->filter);
  cmd->add_option("-f,--format", a->format,
                  "table (default: a bar chart or cross-table), json, ndjson, csv, tsv; "
                  "svg, png or pdf: the chart as a file")
      ->transform(one_of({"table", "json", "ndjson", "csv", "tsv", "svg", "png", "pdf"}, "format"))
      ->type_name("FORMAT");
  add_output_option(cmd, a->output);
  add_chart_options(cmd, a->chart);
  add_edition_option(cmd, a->edition);
  cmd->footer(R"(
One --by draws a sorted bar chart; two --by print a cross-table (rows: the first), drawn
as a heat map in svg, png and pdf. Counts are records (a policy counts once per value it has).
-o FILE.svg (.png, .pdf) without --format draws that format.

Examples:
  vetq stats --by category --country France     thematic categories of French policies
  vetq stats --by category --country France -o fig.svg
  vetq stats --by country --by stage --year 2020 --format png --dpi 192 -o stages.png
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
            const auto image = image_format(a->format, a->output);
            if (!image) {
              write_result(count_text(counts, d1, d2, a->format, g, !a->output.empty()), a->output,
                           false);
              return kExitOk;
            }
            const std::string title = chart_title(filter, d1, d2);
            const ImageOptions o = image_options(*image, a->chart);
            write_result(d2.empty() ? draw_chart(bar_chart(counts, title), o)
                                    : draw_chart(heat_map(counts, title), o),
                         a->output, *image != ImageFormat::kSvg);
            return kExitOk;
          }};
}

Command add_facets(CLI::App* cmd, const Global& g) {
  struct Args {
    std::string dim;
    std::string kind = "policy";
    OutputFormat format = OutputFormat::kTable;
  };
  auto a = std::make_shared<Args>();
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
            opt.width = output_width();
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

Command add_timeline(CLI::App* cmd, const Global& g) {
  struct Args {
    FilterInput filter;
    std::string format, output;
    ChartFileArgs chart;
  };
  auto a = std::make_shared<Args>();
  add_filter_options(cmd, a->filter, false);
  cmd->add_option("-f,--format", a->format,
                  "text (default: the terminal chart); svg, png or pdf: a Gantt chart")
      ->transform(one_of({"text", "svg", "png", "pdf"}, "format"))
      ->type_name("FORMAT");
  add_output_option(cmd, a->output);
  add_chart_options(cmd, a->chart);
  cmd->footer(R"(
One row per policy, one column per year, one glyph per stage (legend below the chart); as
svg, png or pdf a Gantt chart coloured by stage. -o FILE.svg (.png, .pdf) without --format
draws that format.

Examples:
  vetq timeline --country France
  vetq timeline --country France --format png -o t.png
  vetq timeline --category 'European and international' --year 2015..2024

Exit codes: 0 success, 1 failure, 2 usage error.)");
  return {
      cmd, [a, &g] {
        Store store = open_store(g, OpenMode::kRead);
        const Filter filter = resolve_filter(store, a->filter);
        Gantt chart = gantt_chart(timelines(store, filter), "", filter.year_lo(), filter.year_hi());
        const auto image = image_format(a->format, a->output);
        if (!image) {
          std::string text;
          const bool to_file = !a->output.empty();
          if (!chart.rows.empty())
            write_timeline_chart(chart.rows, chart.lo, chart.hi,
                                 {to_file ? 0 : output_width(), !to_file && use_color(g, 1)},
                                 [&text](std::string_view s) { text += s; });
          write_result(text, a->output, false);
          return kExitOk;
        }
        const std::string what = describe(filter);
        chart.title = "Policy developments by year and stage" + (what.empty() ? "" : " — " + what);
        write_result(draw_chart(chart, image_options(*image, a->chart)), a->output,
                     *image != ImageFormat::kSvg);
        return kExitOk;
      }};
}

}  // namespace vetq::cli
