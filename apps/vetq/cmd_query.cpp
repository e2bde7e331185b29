// vetq query: filters -> rows -> a formatter.
#include <fmt/format.h>

#include "cli.h"
#include "query/editions.h"
#include "query/query.h"
#include "vetq/error.h"

namespace vetq::cli {

namespace {

struct QueryArgs {
  FilterInput filter;
  std::string fields;
  QueryShape shape;
  OutputFormat format = OutputFormat::kTable;
  bool crlf = false;
  bool no_headers = false;
  std::optional<std::string> edition;
};

std::vector<std::string> split_fields(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s + ",") {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  return out;
}

}  // namespace

Command add_query(CLI::App* cmd, const Global& g) {
  auto a = std::make_shared<QueryArgs>();
  add_filter_options(cmd, a->filter);
  const std::string out = "Output";
  add_edition_option(cmd, a->edition);
  add_format_option(cmd, a->format, "table (default), json, ndjson, csv or tsv");
  cmd->add_option("--fields", a->fields, "Columns to print, comma-separated (see below)")
      ->group(out)
      ->type_name("LIST");
  cmd->add_option("--sort", a->shape.sort,
                  "Sort by a column; prefix - for descending (-first_year)")
      ->group(out)
      ->type_name("FIELD");
  cmd->add_option("--limit", a->shape.limit, "At most N rows")->group(out)->type_name("N");
  cmd->add_option("--offset", a->shape.offset, "Skip the first N rows")->group(out)->type_name("N");
  cmd->add_flag("--crlf", a->crlf, "CSV/TSV: end lines with CRLF")->group(out);
  cmd->add_flag("--no-headers", a->no_headers, "CSV/TSV/table: no header row")->group(out);
  cmd->footer(fmt::format(R"(
Fields: policy: {}
        report: {}
        section: {}

Examples:
  vetq query --country France
  vetq query --country Belgium --year 2015..2018 --format json
  vetq query --category Governance --target-group 'Adult learners' --fields id,title,categories
  vetq query --text qualeduc --format ndjson | jq .id
  vetq query --kind section --text 'apprenticeship mobility'
  vetq query --country FR --format csv > french.csv
  vetq query --country France --edition 2023       as the 2023 update had them

Exit codes: 0 success (no rows too), 1 failure, 2 usage error (unknown value: the closest
            known values are suggested).)",
                          fmt::join(available_fields(Kind::kPolicy), ","),
                          fmt::join(available_fields(Kind::kReport), ","),
                          fmt::join(available_fields(Kind::kSection), ",")));
  return {cmd, [a, &g] {
            Store store = open_store(g, OpenMode::kRead);
            apply_edition(store, a->edition, a->filter.text.has_value());
            QueryShape shape = a->shape;
            shape.fields = split_fields(a->fields);
            SinkOptions opt;
            opt.crlf = a->crlf;
            opt.headers = !a->no_headers;
            opt.width = output_width();
            opt.color = use_color(g, 1);
            auto sink = make_sink(a->format, stdout_writer(), opt);
            run_typed_query(store, a->filter, shape, *sink);
            return kExitOk;
          }};
}

}  // namespace vetq::cli
