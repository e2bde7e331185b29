// `show` for people: the sections of a policy and of a report (record_text.h).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "output/record_text.h"
#include "vetq/text.h"

namespace vetq {

namespace {

const Json& list(const Json& doc, const char* key) {
  static const Json kEmpty = Json::array();
  return doc.contains(key) && doc[key].is_array() ? doc[key] : kEmpty;
}

std::string join_fields(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : sep) + p;
  return out;
}

void text_section(TextPage& page, const Json& doc, const char* key, const char* heading) {
  const std::string text = field(doc, key);
  if (text.empty()) return;
  page.heading(heading);
  page.paragraphs(doc[key].get<std::string>(), 2);
}

// Items grouped under their parent: target groups by audience, priorities by framework,
// categories with their sub-categories.
void grouped(TextPage& page, const Json& items, const char* heading, const char* parent,
             const char* child) {
  if (items.empty()) return;
  page.heading(heading);
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& i : items) {
    const std::string p = field(i, parent), c = field(i, child);
    if (!children.count(p)) order.push_back(p);
    auto& v = children[p];
    if (!c.empty() && std::find(v.begin(), v.end(), c) == v.end()) v.push_back(c);
  }
  for (const auto& p : order) {
    std::string shown = p;
    if (std::string_view(parent) == "quadrant" && !shown.empty())  // "strengths" -> "Strengths"
      shown[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(shown[0])));
    page.bullet(shown, 2);
    for (const auto& c : children[p]) page.wrap("– " + c, 6, 2);
  }
}

// The description: the text before the first year note, then each note under its year.
void description(TextPage& page, const Json& doc) {
  const Json& notes = list(doc, "year_notes");
  if (notes.empty()) return text_section(page, doc, "description", "Description");
  page.heading("Description");
  std::set<std::string> noted;
  for (const auto& n : notes) {
    const std::string text = field(n, "text");  // split_lines gives views into it
    for (const auto& l : split_lines(text)) noted.insert(std::string(trim(l)));
  }
  const std::string text = doc.value("description", "");
  for (const auto& l : split_lines(text)) {
    const std::string line = escape_controls(trim(l));
    if (noted.count(line)) break;
    if (!line.empty()) page.wrap(line, 2);
  }
  for (const auto& n : notes) {
    page.line("");
    page.line(fmt::format("  {} · {}", field(n, "year"), field(n, "stage")));
    if (n.contains("text") && n["text"].is_string())
      page.paragraphs(n["text"].get<std::string>(), 4);
  }
}

void policy_lists(TextPage& page, const Json& doc) {
  if (!list(doc, "timeline").empty()) {
    page.heading("Timeline");
    for (const auto& [years, stage] : stage_spans(list(doc, "timeline")))
      page.wrap(fmt::format("{:<10} {}", years, stage), 2, 11);
  }
  if (!list(doc, "bodies").empty()) {
    page.heading("Responsible bodies");
    for (const auto& b : list(doc, "bodies")) {
      const std::string v = validity(b);
      page.bullet(field(b, "name") + (v.empty() ? "" : " (" + v + ")"));
    }
  }
  grouped(page, list(doc, "target_groups"), "Target groups", "audience", "group");
  grouped(page, list(doc, "categories"), "Thematic categories", "category", "subcategory");
  grouped(page, list(doc, "priorities"), "European priorities", "framework", "item");
}

}  // namespace

void write_policy_text(const Json& doc, TextPage& page) {
  page.title(field(doc, "title").empty() ? "Policy " + field(doc, "id") : field(doc, "title"));
  std::vector<std::string> subsystems;
  for (const auto& s : list(doc, "subsystem"))
    subsystems.push_back(escape_controls(s.get<std::string>()));
  const std::string country =
      field(doc, "country") +
      (field(doc, "country_code").empty() ? "" : " (" + field(doc, "country_code") + ")");
  page.wrap(join_fields({"Policy " + field(doc, "id"), country, field(doc, "type"),
                         join(subsystems, ", "), field(doc, "edition")},
                        " · "),
            0);
  if (doc.value("partial", false))
    page.wrap("A search-result listing entry: teasers only, not the full page.", 0);
  policy_lists(page, doc);
  text_section(page, doc, "background", "Background");
  text_section(page, doc, "objectives", "Objectives");
  description(page, doc);
  if (!list(doc, "further_reading").empty()) {
    page.heading("Further reading");
    for (const auto& f : list(doc, "further_reading"))
      page.bullet(escape_controls(f.get<std::string>()));
  }
  if (!field(doc, "citation").empty() || !field(doc, "url").empty()) {
    page.heading("Citation");
    if (!field(doc, "citation").empty()) page.wrap(field(doc, "citation"), 2);
    if (!field(doc, "url").empty()) page.wrap(field(doc, "url"), 2);
  }
}

void write_report_text(const Json& doc, TextPage& page) {
  page.title(field(doc, "title").empty() ? "Report " + field(doc, "id") : field(doc, "title"));
  const Json& project = doc.contains("project") ? doc["project"] : Json::object();
  page.wrap(join_fields({"Report", field(doc, "region"), field(doc, "country"),
                         field(doc, "version").empty() ? "" : "version " + field(doc, "version"),
                         field(doc, "date")},
                        " · "),
            0);
  page.wrap("Id: " + field(doc, "id"), 0, 4);
  page.heading("Project");
  for (const auto& [key, label] :
       std::vector<std::pair<const char*, const char*>>{{"name", "Name"},
                                                        {"number", "Number"},
                                                        {"applicant", "Applicant"},
                                                        {"manager", "Manager"}})
    if (!field(project, key).empty())
      page.wrap(std::string(label) + ": " + field(project, key), 2, 4);
  if (!list(doc, "history").empty()) {
    page.heading("Version history");
    for (const auto& h : list(doc, "history"))
      page.bullet(join_fields({field(h, "date"), field(h, "contributor"), field(h, "contribution")},
                              " · "));
  }
  page.heading("Sections");
  for (const auto& s : list(doc, "sections")) {
    page.wrap(fmt::format("{}. {}", field(s, "ordinal"), field(s, "heading")), 2, 4);
    for (const auto& p : list(s, "paragraphs")) page.paragraphs(p.get<std::string>(), 5);
  }
  grouped(page, list(doc, "swot"), "SWOT", "quadrant", "text");
  if (!list(doc, "recommendations").empty()) {
    page.heading("Recommendations");
    for (const auto& r : list(doc, "recommendations")) {
      page.bullet(field(r, "title"));
      page.paragraphs(r.value("text", ""), 4);
    }
  }
}

}  // namespace vetq
