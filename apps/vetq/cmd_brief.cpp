// vetq brief: the records that match the filters as one self-contained HTML page.
#include <fmt/format.h>

#include <tuple>

#include "cli.h"
#include "output/brief.h"
#include "query/query.h"
#include "vetq/error.h"

namespace vetq::cli {

namespace {

// Policies, then reports (as `export` without --kind), as `show --format json` prints them.
std::vector<Json> brief_records(Store& store, const FilterInput& filter) {
  std::vector<Json> out;
  for (const char* kind : {"policy", "report"}) {
    FilterInput in = filter;
    in.kind = kind;
    for (const auto& id : matching_ids(store, resolve_filter(store, in)))
      if (const auto r = store.get(id)) out.push_back(published_record(*r));
  }
  return out;
}

// The category chart and the timeline chart of the policies, inline SVG; "" when empty.
std::pair<std::string, std::string> brief_charts(Store& store, const Filter& filter) {
  ImageOptions o;
  o.xml_declaration = false;
  std::string categories, timeline;
  const auto counts = count_by(store, filter, "category", "");
  if (!counts.empty()) {
    o.id_prefix = "categories";
    categories = draw_chart(bar_chart(counts, chart_title(filter, "category", "")), o);
  }
  const std::string what = describe(filter);
  Gantt g =
      gantt_chart(timelines(store, filter),
                  "Policy developments by year and stage" + (what.empty() ? "" : " — " + what),
                  filter.year_lo(), filter.year_hi());
  if (!g.rows.empty()) {
    o.id_prefix = "timeline";
    timeline = draw_chart(g, o);
  }
  return {categories, timeline};
}

}  // namespace

Command add_brief(CLI::App* cmd, const Global& g) {
  struct Args {
    FilterInput filter;
    std::string output;
  };
  auto a = std::make_shared<Args>();
  add_filter_options(cmd, a->filter, false);
  cmd->add_option("-o,--output", a->output, "The HTML file to write (- for stdout)")
      ->required()
      ->type_name("FILE.html")
      ->check(non_empty("output file"));
  cmd->footer(R"(
One page to pass on or print: the filters, counts and editions; the thematic categories
and the timeline as charts; a table of contents; a section per policy (stages, bodies,
target groups, categories, priorities, background, objectives, description with its year
notes, further reading, citation and link) and per report (metadata, SWOT,
recommendations). Inline CSS with a print style; no scripts, nothing loaded from elsewhere.

Examples:
  vetq brief --country France -o france.html
  vetq brief --category 'Digital transition' --year 2019..2024 -o digital.html

Exit codes: 0 success (no records too), 1 failure, 2 usage error.)");
  return {cmd, [a, &g] {
            Store store = open_store(g, OpenMode::kRead);
            const Filter filter = resolve_filter(store, a->filter);
            BriefInput in;
            in.filters = describe(filter);
            in.title = "VET policy developments" + (in.filters.empty() ? "" : " — " + in.filters);
            in.records = brief_records(store, a->filter);
            std::tie(in.category_chart, in.timeline_chart) = brief_charts(store, filter);
            in.generator = "vetq " VETQ_VERSION;
            write_result(write_brief(in), a->output, false);
            return kExitOk;
          }};
}

}  // namespace vetq::cli
