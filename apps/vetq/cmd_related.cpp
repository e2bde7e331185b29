// vetq related: report sections and the policies that bear on them, with the evidence.
#include <fmt/format.h>

#include "cli.h"
#include "output/links.h"
#include "query/related.h"
#include "vetq/error.h"

namespace vetq::cli {

Command add_related(CLI::App* cmd, const Global& g) {
  struct Args {
    std::string id;
    std::optional<int> section;
    long limit = 20;
    OutputFormat format = OutputFormat::kTable;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("id", a->id, "Report or policy id")->required();
  cmd->add_option("--section", a->section, "Only this section of the report (its ordinal)")
      ->type_name("N");
  cmd->add_option("--limit", a->limit, "At most N links (default 20; -1: all)")->type_name("N");
  add_format_option(cmd, a->format, "table (default), json, ndjson, csv or tsv");
  cmd->footer(R"(
Links are ranked by evidence that can be shown; a link without evidence is never made:
  name       3  a named thing in both texts: an acronym or programme name written the same
                (CléA, COPANEF, Erasmus+), a programme or organisation the report names, a
                responsible body of the policy
  legal_act  3  a legal act with the same date in both texts (decree of 13 February 2015)
  category, subcategory, target_group
             1  a label the section's words gave it that the policy has
  word          full-text similarity x 10 (shared words weighed by rarity; the three heaviest
                are listed); words alone make no link
Each evidence item names the term and where it is: the line (or lines) of the report's
paragraph, the policy's field (and year of a year note) and the line of its paragraph (for
bodies and labels, the lines of the part that lists them).
A report's candidates: the policies of its country and those naming one of its names.
Order: score, then report, section, policy id (the same every run).

Examples:
  vetq related 2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes
  vetq related 2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes --section 7 --format json
  vetq related 28832                      the report sections that discuss policy 28832
  vetq related 28832 --format json | jq '.[].evidence[] | select(.kind == "name") | .term'

Exit codes: 0 success (no links too), 1 unknown id or section (or a failure), 2 usage error.)");
  return {cmd, [a, &g] {
            Store store = open_store(g, OpenMode::kRead);
            const Json links = related(store, a->id, {a->section, a->limit});
            const Write out = stdout_writer();
            if (a->format == OutputFormat::kJson) {
              out(dump(links, 2) + "\n");
            } else if (a->format == OutputFormat::kNdjson) {
              for (const auto& l : links) out(dump(l) + "\n");
            } else {
              SinkOptions opt;
              opt.width = terminal_width();
              opt.color = use_color(g, 1);
              auto sink = make_sink(a->format, out, opt);
              write_link_rows(links, *sink);
            }
            return kExitOk;
          }};
}

}  // namespace vetq::cli
