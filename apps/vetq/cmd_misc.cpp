// vetq schema / vetq formats: the published contract and the known source formats.
#include <fmt/format.h>

#include "cli.h"
#include "parsers/registry.h"
#include "vetq/embedded.h"
#include "vetq/error.h"

namespace vetq::cli {

Command add_schema(CLI::App* cmd, const Global&) {
  cmd->footer(R"(
JSON Schema draft 2020-12 (schemas/record.schema.json, embedded in this vetq).

Examples:
  vetq schema > record.schema.json
  vetq export | python3 -c 'import sys, json, jsonschema; ...'

Exit codes: 0 success, 2 usage error.)");
  return {cmd, [] {
            stdout_writer()(std::string(embedded::file("record.schema.json")));
            return kExitOk;
          }};
}

Command add_formats(CLI::App* cmd, const Global&) {
  cmd->footer(R"(
Formats are detected by content; 'vetq ingest --format NAME' forces one.

Examples:
  vetq formats

Exit codes: 0 success, 2 usage error.)");
  return {cmd, [] {
            const Write out = stdout_writer();
            for (const auto& f : parsers::all_formats())
              out(fmt::format("{:<14} {}\n", f.name, f.summary));
            return kExitOk;
          }};
}

}  // namespace vetq::cli
