#include "output/links.h"

#include <fmt/format.h>

namespace vetq {

namespace {

std::string place(const Json& p) {
  std::string out;
  if (p.contains("field")) out = p["field"].get<std::string>();
  if (p.contains("year")) out += " " + p["year"].dump();
  if (!out.empty()) out += " ";
  if (p.contains("line")) return out + "line " + p["line"].dump();
  return out + fmt::format("lines {}-{}", p["lines"][0].dump(), p["lines"][1].dump());
}

}  // namespace

std::string evidence_text(const Json& e) {
  return fmt::format("{} {}: report {}, policy {}", e["kind"].get<std::string>(),
                     e["term"].get<std::string>(), place(e["report"]), place(e["policy"]));
}

void write_link_rows(const Json& links, RowSink& out) {
  const std::vector<std::string> columns = {"report", "section",  "heading", "policy",
                                            "score",  "evidence", "title"};
  out.begin(columns);
  for (const auto& l : links) {
    std::vector<std::string> evidence;
    for (const auto& e : l["evidence"]) evidence.push_back(evidence_text(e));
    const Json& title = l["policy"]["title"];
    const std::vector<Value> row = {
        l["report"].get<std::string>(),
        static_cast<std::int64_t>(l["section"]["ordinal"].get<int>()),
        l["section"]["heading"].get<std::string>(),
        l["policy"]["id"].get<std::string>(),
        l["score"].get<double>(),
        std::move(evidence),
        title.is_string() ? Value(title.get<std::string>()) : Value(std::monostate{})};
    out.row(row);
  }
  out.end();
}

}  // namespace vetq
