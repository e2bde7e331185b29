// vetq export: every matching record in full, as NDJSON, JSON, CSV or an xlsx workbook.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "cli.h"
#include "output/record_writer.h"
#include "output/xlsx_writer.h"
#include "query/editions.h"
#include "query/query.h"
#include "vetq/error.h"
#include "vetq/json.h"

namespace vetq::cli {

namespace {

struct ExportArgs {
  FilterInput filter;
  std::string format = "ndjson";
  std::string output;  // -o: a file instead of stdout
  bool json_cells = false;
  bool bom = false;
  std::optional<std::string> edition;
};

// -o FILE for the text formats: every write checked, the file closed (and checked) at the end.
class FileOutput {
 public:
  explicit FileOutput(std::string path) : path_(std::move(path)) {
    f_ = std::fopen(path_.c_str(), "wb");
    if (!f_) fail("cannot create");
  }
  ~FileOutput() {
    if (f_) std::fclose(f_);
  }
  Write writer() {
    return [this](std::string_view s) {
      if (std::fwrite(s.data(), 1, s.size(), f_) != s.size()) fail("cannot write");
    };
  }
  void close() {
    std::FILE* f = f_;
    f_ = nullptr;
    if (std::fclose(f) != 0) fail("cannot write");
  }

 private:
  [[noreturn]] void fail(const char* what) {
    throw Error(
        fmt::format("{}: {}: {} — check the path and the disk", path_, what, std::strerror(errno)));
  }
  std::string path_;
  std::FILE* f_ = nullptr;
};

// The ids to export: without --kind every kind, policies first, then reports.
std::vector<std::pair<std::string, std::vector<std::string>>> ids_by_kind(Store& store,
                                                                          const FilterInput& filter,
                                                                          bool kind_given) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const char* kind : {"policy", "report"}) {
    if (kind_given && filter.kind != kind &&
        !(filter.kind == "section" && std::string_view(kind) == "report"))
      continue;
    FilterInput in = filter;
    in.kind = kind;
    out.emplace_back(kind, matching_ids(store, resolve_filter(store, in)));
  }
  return out;
}

void add_output_options(CLI::App* cmd, ExportArgs& a) {
  const std::string out = "Output";
  cmd->add_option("-f,--format", a.format, "ndjson (default), json, csv or xlsx (needs -o)")
      ->transform(one_of({"ndjson", "json", "csv", "xlsx"}, "format"))
      ->type_name("FORMAT")
      ->group(out);
  cmd->add_option("-o,--output", a.output, "Write to FILE instead of stdout")
      ->type_name("FILE")
      ->check(non_empty("-o"))
      ->group(out);
  cmd->add_flag("--json-cells", a.json_cells,
                "csv: the top-level fields with lists and objects as JSON, nothing cut")
      ->group(out);
  cmd->add_flag("--bom", a.bom, "csv: start with a UTF-8 byte order mark (Excel on Windows)")
      ->group(out);
}

}  // namespace

Command add_export(CLI::App* cmd, const Global& g) {
  auto a = std::make_shared<ExportArgs>();
  add_filter_options(cmd, a->filter);
  add_edition_option(cmd, a->edition);
  add_output_options(cmd, *a);
  cmd->footer(R"(
Every record as 'vetq show --format json' prints it: without --kind every kind, policies
first, then reports.
csv has flat cells: a column per field (an object's members as source_path, project_name),
lists joined with '; ' (timeline '2019 Implementation', target groups 'Learners: Adult
learners', categories 'category: sub-category', bodies 'name (from–until)'), a report's
sections as their text. --json-cells gives the earlier form (structures as JSON).
xlsx writes a workbook: a 'policies' sheet of the flat columns, a sheet per list dimension
(timeline, target_groups, categories, bodies, priorities: a row per record and item, with
kind and id), a 'reports' sheet; header rows frozen, filters on.
A cell holds at most 32,767 characters (Excel's limit): longer text in csv and xlsx is cut
with a marker '[…cut: …]' and a warning naming the record and the column.

Examples:
  vetq export > corpus.ndjson
  vetq export --country France --format json | jq length
  vetq export --format csv --bom -o corpus.csv
  vetq export --format xlsx -o corpus.xlsx
  vetq export --edition 2023 > corpus-2023.ndjson

Exit codes: 0 success (no records too), 1 failure, 2 usage error.)");
  return {cmd, [a, cmd, &g] {
            if (a->format == "xlsx" && a->output.empty())
              throw UsageError("--format xlsx writes a file — name it with -o FILE.xlsx");
            if ((a->json_cells || a->bom) && a->format != "csv")
              throw UsageError(fmt::format("{} applies to --format csv only",
                                           a->json_cells ? "--json-cells" : "--bom"));
            Store store = open_store(g, OpenMode::kRead);
            apply_edition(store, a->edition, a->filter.text.has_value());
            const auto ids = ids_by_kind(store, a->filter, cmd->get_option("--kind")->count() > 0);
            const std::string name = a->output.empty() ? "<stdout>" : a->output;
            RecordWriterOptions options;
            options.json_cells = a->json_cells;
            options.bom = a->bom;
            options.on_cut = [&g, name](const std::string& id, const std::string& column,
                                        std::size_t length) {
              if (g.quiet) return;
              say(
                  fmt::format("{}:0: warning: record {}: {} has {} characters, cut to 32,767 (a "
                              "spreadsheet cell's limit) — the whole text: vetq show {} --format "
                              "json\n",
                              name, id, column, length, id));
            };
            std::optional<FileOutput> file;
            if (!a->output.empty() && a->format != "xlsx") file.emplace(a->output);
            std::unique_ptr<RecordWriter> writer;
            if (a->format == "xlsx") {
              writer = make_xlsx_writer(a->output, options.on_cut);
            } else {
              const RecordFormat format = a->format == "json"  ? RecordFormat::kJson
                                          : a->format == "csv" ? RecordFormat::kCsv
                                                               : RecordFormat::kNdjson;
              writer = make_record_writer(format, file ? file->writer() : stdout_writer(), options);
            }
            for (const auto& [kind, list] : ids)
              if (!list.empty()) writer->expect(kind);
            for (const auto& [kind, list] : ids)
              for (const auto& id : list)
                if (const auto r = store.get(id)) writer->record(published_record(*r));
            writer->end();
            if (file) file->close();
            return kExitOk;
          }};
}

}  // namespace vetq::cli
