// vetq show / vetq export: full records as stored.
#include <fmt/format.h>

#include "cli.h"
#include "vetq/error.h"
#include "vetq/json.h"
#include "query/query.h"

namespace vetq::cli {

namespace {

Json history_json(const StoredRecord& r) {
  Json h = Json::array();
  for (const auto& e : r.history) {
    h.push_back({{"edition", e.edition ? Json(*e.edition) : Json(nullptr)},
                 {"source_path", e.source_path},
                 {"sha256", e.source_sha256},
                 {"ingested_at", e.ingested_at},
                 {"replaced_at", e.replaced_at}});
  }
  return h;
}

// The stored document plus what the store knows about it.
Json full_record(const StoredRecord& r) {
  Json doc = r.doc;
  doc["source"]["ingested_at"] = r.ingested_at;
  doc["versions"] = history_json(r);  // "history" is a report's own version table
  return doc;
}

void print_text(const Json& doc, const Write& write) {
  auto line = [&](const std::string& k, const Json& v) {
    if (v.is_null() || (v.is_array() && v.empty())) return;
    write(fmt::format("{}: {}\n", k, v.is_string() ? v.get<std::string>() : v.dump()));
  };
  for (const auto& [k, v] : doc.items()) {
    if (v.is_array() && !v.empty() && v.front().is_object()) {
      write(k + ":\n");
      for (const auto& item : v) {
        std::string parts;
        for (const auto& [ik, iv] : item.items()) {
          if (iv.is_null()) continue;
          if (!parts.empty()) parts += ", ";
          parts += ik + "=" + (iv.is_string() ? iv.get<std::string>() : iv.dump());
        }
        write("  - " + parts + "\n");
      }
    } else if (v.is_string() && v.get<std::string>().find('\n') != std::string::npos) {
      write(k + ":\n");
      std::string text = v.get<std::string>();
      std::size_t pos = 0;
      while (pos <= text.size()) {
        const auto nl = text.find('\n', pos);
        write("  " + text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos) +
              "\n");
        if (nl == std::string::npos) break;
        pos = nl + 1;
      }
    } else {
      line(k, v);
    }
  }
}

}  // namespace

Command add_show(CLI::App& root, const Global& g) {
  auto id = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd =
      root.add_subcommand("show", "Print one full record with its provenance and history");
  cmd->add_option("id", *id, "Policy or report id")->required();
  cmd->add_option("-f,--format", *format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}, CLI::ignore_case));
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
            const Json doc = full_record(*r);
            const Write out = stdout_writer();
            if (*format == "json")
              out(dump(doc, 2) + "\n");
            else
              print_text(doc, out);
            return kExitOk;
          }};
}

Command add_export(CLI::App& root, const Global& g) {
  struct Args {
    FilterInput filter;
    std::string format = "ndjson";
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = root.add_subcommand("export", "Print full records that match filters (no limit)");
  add_filter_options(cmd, a->filter);
  cmd->add_option("-f,--format", a->format, "ndjson (default), json or csv")
      ->check(CLI::IsMember({"ndjson", "json", "csv"}, CLI::ignore_case));
  cmd->footer(R"(
Every record as 'vetq show --format json' prints it; csv flattens the top-level fields
(lists joined with '; ', objects as JSON).

Examples:
  vetq export > corpus.ndjson
  vetq export --country France --format json | jq length
  vetq export --kind report --format json

Exit codes: 0 success (no records too), 1 failure, 2 usage error.)");
  return {cmd, [a, &g] {
            Store store = open_store(g, OpenMode::kRead);
            Filter filter = resolve_filter(store, a->filter);
            const auto ids = matching_ids(store, filter);
            const Write out = stdout_writer();
            std::unique_ptr<RowSink> csv;
            std::vector<std::string> columns;
            bool first = true;
            if (a->format == "json") out("[");
            for (const auto& id : ids) {
              const auto r = store.get(id);
              if (!r) continue;
              const Json doc = full_record(*r);
              if (a->format == "ndjson") {
                out(dump(doc) + "\n");
              } else if (a->format == "json") {
                out(std::string(first ? "\n  " : ",\n  ") + dump(doc));
              } else {
                if (!csv) {
                  csv = make_sink(OutputFormat::kCsv, out);
                  for (const auto& [k, v] : doc.items()) columns.push_back(k);
                  csv->begin(columns);
                }
                std::vector<Value> row;
                for (const auto& c : columns) {
                  const Json& v = doc.contains(c) ? doc[c] : Json();
                  if (v.is_null())
                    row.emplace_back(std::monostate{});
                  else if (v.is_string())
                    row.emplace_back(v.get<std::string>());
                  else if (v.is_number_integer())
                    row.emplace_back(v.get<std::int64_t>());
                  else if (v.is_array() && std::all_of(v.begin(), v.end(),
                                                       [](const Json& x) { return x.is_string(); }))
                    row.emplace_back(v.get<std::vector<std::string>>());
                  else
                    row.emplace_back(dump(v));
                }
                csv->row(row);
              }
              first = false;
            }
            if (a->format == "json") out(first ? "]\n" : "\n]\n");
            if (csv) csv->end();
            return kExitOk;
          }};
}

}  // namespace vetq::cli
