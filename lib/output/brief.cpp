// The brief (brief.h): records as the template's data, rendered by kainjow::mustache.
#include "output/brief.h"

#include <fmt/format.h>

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <map>

#include "output/draw.h"
#include "output/record_text.h"
#include "vetq/embedded.h"
#include "vetq/error.h"
#include "vetq/text.h"

namespace vetq {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using kainjow::mustache::mustache;
using kainjow::mustache::object;

const Json& items(const Json& doc, const char* key) {
  static const Json kEmpty = Json::array();
  return doc.is_object() && doc.contains(key) && doc[key].is_array() ? doc[key] : kEmpty;
}

std::string text_of(const Json& doc, const char* key) {
  return doc.is_object() && doc.contains(key) && doc[key].is_string() ? doc[key].get<std::string>()
                                                                      : "";
}

// The lines of a text as paragraphs: [{p}].
list paragraphs(const std::string& text) {
  list out;
  for (const auto& l : split_lines(text))
    if (!trim(l).empty()) out.push_back(object{{"p", std::string(trim(l))}});
  return out;
}

// A string, or false when empty (a section that is skipped).
data opt(const std::string& s) { return s.empty() ? data(false) : data(s); }

// has_<key> for every list: true when it has items (headings shown only then).
void flag_lists(object& o) {
  std::vector<std::pair<std::string, bool>> flags;
  for (const auto& [k, v] : o)
    if (v.is_list()) flags.emplace_back("has_" + k, !v.list_value().empty());
  for (const auto& [k, b] : flags) o[k] = data(b);
}

// A fragment id from a record id: letters, digits, '-' and '_' only.
std::string anchor(const std::string& id) {
  std::string out = "r-";
  for (char c : id)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out;
}

// A link only for http(s) addresses; anything else stays text.
data link(const std::string& url) {
  if (url.starts_with("https://") || url.starts_with("http://")) return object{{"href", url}};
  return data(false);
}

// [{name, children: [{name}]}], in order of first appearance.
list grouped(const Json& entries, const char* parent, const char* child) {
  std::vector<std::string> order;
  std::map<std::string, list> children;
  for (const auto& e : entries) {
    const std::string p = text_of(e, parent), c = text_of(e, child);
    if (!children.count(p)) order.push_back(p);
    if (!c.empty()) children[p].push_back(object{{"name", c}});
  }
  list out;
  for (const auto& p : order) out.push_back(object{{"name", p}, {"children", children[p]}});
  return out;
}

list stage_list(const Json& doc) {
  list out;
  for (const auto& [years, stage] : stage_spans(items(doc, "timeline"))) {
    std::string color = kOtherStageColor;
    for (const auto& s : kStageColors)
      if (stage == s.stage) color = s.hex;
    out.push_back(object{{"years", years}, {"stage", stage}, {"color", color}});
  }
  return out;
}

list body_list(const Json& doc) {
  list out;
  for (const auto& b : items(doc, "bodies")) {
    const std::string v = validity(b);
    out.push_back(
        object{{"name", text_of(b, "name")}, {"validity", v.empty() ? data(false) : data(v)}});
  }
  return out;
}

// The description before the first year note, then each note under its year.
void description(const Json& doc, object& out) {
  const Json& notes = items(doc, "year_notes");
  std::vector<std::string> noted;
  for (const auto& n : notes) {
    const std::string text = text_of(n, "text");  // split_lines gives views into it
    for (const auto& l : split_lines(text)) noted.emplace_back(trim(l));
  }
  list intro;
  const std::string text = text_of(doc, "description");
  for (const auto& l : split_lines(text)) {
    const std::string line(trim(l));
    if (!notes.empty() && std::find(noted.begin(), noted.end(), line) != noted.end()) break;
    if (!line.empty()) intro.push_back(object{{"p", line}});
  }
  list year_notes;
  for (const auto& n : notes)
    year_notes.push_back(object{{"year", std::to_string(n.value("year", 0))},
                                {"stage", text_of(n, "stage")},
                                {"paragraphs", paragraphs(text_of(n, "text"))}});
  out["description"] = intro;
  out["year_notes"] = year_notes;
}

data policy(const Json& doc) {
  object p;
  for (const char* key : {"id", "title", "country", "citation"}) p[key] = text_of(doc, key);
  if (p["title"].string_value().empty()) p["title"] = "Policy " + text_of(doc, "id");
  p["type"] = opt(text_of(doc, "type"));
  p["edition"] = opt(text_of(doc, "edition"));
  p["anchor"] = anchor(text_of(doc, "id"));
  std::string subsystems;
  for (const auto& s : items(doc, "subsystem"))
    subsystems += (subsystems.empty() ? "" : ", ") + s.get<std::string>();
  p["subsystem"] = opt(subsystems);
  p["stages"] = stage_list(doc);
  p["bodies"] = body_list(doc);
  p["target_groups"] = grouped(items(doc, "target_groups"), "audience", "group");
  p["categories"] = grouped(items(doc, "categories"), "category", "subcategory");
  p["priorities"] = grouped(items(doc, "priorities"), "framework", "item");
  p["background"] = paragraphs(text_of(doc, "background"));
  p["objectives"] = paragraphs(text_of(doc, "objectives"));
  description(doc, p);
  list reading;
  for (const auto& f : items(doc, "further_reading"))
    reading.push_back(object{{"p", f.is_string() ? f.get<std::string>() : f.dump()}});
  p["further_reading"] = reading;
  p["url"] = text_of(doc, "url");
  p["link"] = link(text_of(doc, "url"));
  flag_lists(p);
  return p;
}

data report(const Json& doc) {
  object r;
  r["title"] =
      text_of(doc, "title").empty() ? "Report " + text_of(doc, "id") : text_of(doc, "title");
  r["anchor"] = anchor(text_of(doc, "id"));
  const Json& project = doc.contains("project") ? doc["project"] : Json::object();
  list meta;
  auto add = [&](const char* label, const std::string& value) {
    if (!value.empty()) meta.push_back(object{{"label", label}, {"value", value}});
  };
  add("Id", text_of(doc, "id"));
  add("Project", text_of(project, "name"));
  add("Project number", text_of(project, "number"));
  add("Applicant", text_of(project, "applicant"));
  add("Project manager", text_of(project, "manager"));
  add("Region", text_of(doc, "region"));
  add("Country", text_of(doc, "country"));
  add("Version", text_of(doc, "version"));
  add("Date", text_of(doc, "date"));
  r["meta"] = meta;
  r["swot"] = grouped(items(doc, "swot"), "quadrant", "text");
  list recs;
  for (const auto& x : items(doc, "recommendations"))
    recs.push_back(
        object{{"title", text_of(x, "title")}, {"paragraphs", paragraphs(text_of(x, "text"))}});
  r["recommendations"] = recs;
  flag_lists(r);
  return r;
}

object header(const BriefInput& in, const list& policies, const list& reports) {
  std::map<std::string, long> editions;
  for (const auto& doc : in.records)
    if (doc.value("kind", "") == "policy" && !text_of(doc, "edition").empty())
      ++editions[text_of(doc, "edition")];
  list ed;
  for (const auto& [name, n] : editions)
    ed.push_back(object{{"name", name}, {"n", std::to_string(n)}});
  object h;
  h["title"] = in.title;
  h["filters"] = in.filters.empty() ? "every record in the database" : in.filters;
  h["policy_count"] = std::to_string(policies.size());
  h["report_count"] = std::to_string(reports.size());
  h["policy_noun"] = policies.size() == 1 ? "policy development" : "policy developments";
  h["report_noun"] = reports.size() == 1 ? "regional report" : "regional reports";
  h["editions"] = ed;
  h["generator"] = in.generator;
  return h;
}

}  // namespace

std::string write_brief(const BriefInput& in) {
  list policies, reports, toc;
  for (const auto& doc : in.records) {
    const bool is_report = doc.value("kind", "") == "report";
    data d = is_report ? report(doc) : policy(doc);
    toc.push_back(object{{"title", d.get("title")->string_value()},
                         {"anchor", d.get("anchor")->string_value()},
                         {"kind", is_report ? "Report" : "Policy"}});
    (is_report ? reports : policies).push_back(std::move(d));
  }
  object view = header(in, policies, reports);
  view["toc"] = toc;
  view["policies"] = policies;
  view["reports"] = reports;
  view["category_chart"] = in.category_chart;
  view["timeline_chart"] = in.timeline_chart;
  view["has_category_chart"] = data(!in.category_chart.empty());
  view["has_timeline_chart"] = data(!in.timeline_chart.empty());
  view["has_charts"] = data(!in.category_chart.empty() || !in.timeline_chart.empty());
  mustache tmpl(std::string(embedded::file("brief.html.mustache")));
  std::string html = tmpl.render(view);
  if (!tmpl.is_valid()) throw Error("brief template: " + tmpl.error_message());
  return html;
}

}  // namespace vetq
