#include "output/diff_text.h"

#include <fmt/format.h>

#include "vetq/policy_diff.h"

namespace vetq {

namespace {

std::string text(const Json& v) {
  if (v.is_null()) return "(none)";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// One element of a list field, as the page writes it.
std::string item(const std::string& field, const Json& v) {
  if (!v.is_object()) return text(v);
  if (field == "timeline") return fmt::format("{}: {}", text(v["year"]), text(v["stage"]));
  if (field == "bodies") return body_label(v);
  if (field == "target_groups")
    return fmt::format("{} › {}", text(v["audience"]), text(v["group"]));
  if (field == "priorities") return fmt::format("{} › {}", text(v["framework"]), text(v["item"]));
  if (field == "year_notes")
    return fmt::format("{} ({}): {}", text(v["year"]), text(v["stage"]), text(v["text"]));
  return v.dump();
}

std::string validity(const Json& span) {
  Json body = span;
  body["name"] = "";
  const std::string label = body_label(body);
  return label.empty() ? "always" : label.substr(2, label.size() - 3);
}

std::string version(const Json& v) {
  return fmt::format("{} (source {}, ingested {})", text(v["edition"]),
                     text(v["sha256"]).substr(0, 12), text(v["ingested_at"]));
}

void write_change(const Json& c, const Write& write) {
  const std::string field = c["field"].get<std::string>();
  const bool list = c.contains("added") && !c.contains("before");
  if (list) {
    for (const auto& v : c["added"]) write(fmt::format("{}: + {}\n", field, item(field, v)));
    for (const auto& v : c["removed"]) write(fmt::format("{}: - {}\n", field, item(field, v)));
  } else if (c.contains("name")) {
    write(fmt::format("{}: {}: {} → {}\n", field, text(c["name"]), validity(c["before"]),
                      validity(c["after"])));
  } else if (c.contains("added")) {  // a changed text: its paragraphs
    write(c.contains("year") ? fmt::format("{} {}: changed\n", field, text(c["year"]))
                             : fmt::format("{}: changed\n", field));
    for (const auto& p : c["removed"]) write(fmt::format("  - {}\n", text(p)));
    for (const auto& p : c["added"]) write(fmt::format("  + {}\n", text(p)));
  } else if (c.contains("year")) {
    write(fmt::format("{}: {}: {} → {}\n", field, text(c["year"]), text(c["before"]),
                      text(c["after"])));
  } else {
    write(fmt::format("{}: {} → {}\n", field, text(c["before"]), text(c["after"])));
  }
}

}  // namespace

void write_diff_text(const Json& diff, const Write& write) {
  write(fmt::format("policy {}\nfrom {}\nto   {}\n", text(diff["id"]), version(diff["from"]),
                    version(diff["to"])));
  if (diff["changes"].empty()) {
    write("no changes\n");
    return;
  }
  for (const auto& c : diff["changes"]) write_change(c, write);
}

}  // namespace vetq
