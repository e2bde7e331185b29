// vetq diff / vetq changes: policies across the editions of the timeline.
#include <fmt/format.h>

#include "cli.h"
#include "output/diff_text.h"
#include "query/editions.h"
#include "vetq/error.h"

namespace vetq::cli {

Command add_diff(CLI::App* cmd, const Global& g) {
  struct Args {
    std::string id;
    std::optional<std::string> from, to;
    std::string format = "text";
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("id", a->id, "Policy id")->required();
  cmd->add_option("--from", a->from, "The older edition: '2023 update' or 2023")
      ->type_name("EDITION");
  cmd->add_option("--to", a->to, "The newer edition (default: the newest)")->type_name("EDITION");
  cmd->add_option("-f,--format", a->format, "text (default) or json")
      ->transform(one_of({"text", "json"}, "format"));
  cmd->footer(R"(
Without --from and --to: the two newest versions. Compared: title, type, country, subsystem,
timeline (years added or removed, stage moves: '2024: Pilot → Implementation'), bodies
(added, removed, validity changed), target groups, categories, sub-categories, priorities,
background, objectives, description, year notes (new years; a changed text as its removed
(-) and added (+) paragraphs), further reading, url. The edition and the citation tell the
versions apart and are not compared.

JSON: {"id", "from": {"edition", "sha256", "ingested_at"}, "to": {...},
       "changes": [{"field", "added": [...], "removed": [...]} | {"field", "before", "after"}]}
a stage move also has "year", a changed body validity "name"; empty changes: same content.

Examples:
  vetq diff 28238
  vetq diff 28238 --from 2023 --to '2024 update'
  vetq diff 28238 --format json | jq '.changes[] | select(.field == "timeline")'

Exit codes: 0 success (no changes too), 1 unknown id, a single version or no version of an
            edition asked (or a failure), 2 usage error.)");
  return {cmd, [a, &g] {
            Store store = open_store(g, OpenMode::kRead);
            const Json diff = diff_versions(store, a->id, a->from, a->to);
            if (a->format == "json")
              stdout_writer()(dump(diff, 2) + "\n");
            else
              write_diff_text(diff, stdout_writer());
            return kExitOk;
          }};
}

Command add_changes(CLI::App* cmd, const Global& g) {
  struct Args {
    std::string from, to;
    FilterInput filter;
    OutputFormat format = OutputFormat::kTable;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--from", a->from, "The older edition: '2023 update' or 2023")
      ->required()
      ->type_name("EDITION");
  cmd->add_option("--to", a->to, "The newer edition")->required()->type_name("EDITION");
  add_filter_options(cmd, a->filter, false);
  add_format_option(cmd, a->format, "table (default), json, ndjson, csv or tsv");
  cmd->footer(R"(
Each policy as its newest stored version at or before each edition. One row per change:
  new          a policy with no version at or before --from (after: its edition)
  not_carried  a policy with no version after --from up to --to (before: its last edition)
  stage        a timeline year's stage moved (before/after; empty where the year is new or gone)
  year_note    a year note new in --to (after: its text)
  body         a responsible body added, removed or with its validity changed
Filters choose the policies: those that match as of --from or as of --to (a filter value
may be one of either edition).
Columns: id, country, change, year, before, after, title.

Examples:
  vetq changes --from 2023 --to 2024
  vetq changes --from 2023 --to 2024 --country France --stage Implementation
  vetq changes --from 2023 --to 2024 --format json |
    jq '.[] | select(.change == "stage" and .before == "Pilot" and .after == "Implementation")'
  vetq changes --from '2023 update' --to '2024 update' --format csv > changes.csv

Exit codes: 0 success (no changes too), 1 an edition no stored policy has (or a failure),
            2 usage error.)");
  return {cmd, [a, &g] {
            Store store = open_store(g, OpenMode::kRead);
            const int from = stored_edition(store, a->from, "--from");
            const int to = stored_edition(store, a->to, "--to");
            if (from >= to) {
              throw UsageError(
                  fmt::format("--from '{}' is not older than --to '{}' — give the "
                              "older edition first",
                              a->from, a->to));
            }
            const Filter filter = resolve_changes_filter(store, a->filter, from, to);
            SinkOptions opt;
            opt.width = terminal_width();
            opt.color = use_color(g, 1);
            auto sink = make_sink(a->format, stdout_writer(), opt);
            run_changes(store, filter, from, to, *sink);
            return kExitOk;
          }};
}

}  // namespace vetq::cli
