// vetq show: one full record as stored.
#include <fmt/format.h>

#include "cli.h"
#include "output/record_writer.h"
#include "query/query.h"
#include "vetq/error.h"
#include "vetq/json.h"

namespace vetq::cli {

Command add_show(CLI::App& root, const Global& g) {
  auto id = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd =
      root.add_subcommand("show", "Print one full record with its provenance and history");
  cmd->add_option("id", *id, "Policy or report id")->required();
  cmd->add_option("-f,--format", *format, "text (default) or json")
      ->transform(one_of({"text", "json"}, "format"));
  cmd->footer(R"(
Examples:
  vetq show 28238
  vetq show 28238 --format json | jq '.timeline[] | select(.stage == "Implementation") | .year'

Exit codes: 0 found, 1 no record with this id (or a failure), 2 usage error.)");
  return {cmd, [id, format, &g] {
            Store store = open_store(g, OpenMode::kRead);
            auto r = store.get(*id);
            if (!r) {
              throw Error(
                  fmt::format("{}: no policy or report with id '{}' — list ids with "
                              "'vetq query'",
                              store.path(), *id));
            }
            auto out = make_record_writer(
                *format == "json" ? RecordFormat::kJsonObject : RecordFormat::kText,
                stdout_writer());
            out->record(published_record(*r));
            out->end();
            return kExitOk;
          }};
}

}  // namespace vetq::cli
