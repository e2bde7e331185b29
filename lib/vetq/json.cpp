#include "vetq/json.h"

namespace vetq {

namespace {

template <typename T>
Json opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json span(const LineSpan& s) { return Json::array({s.first, s.last}); }

}  // namespace

Json to_json(const Provenance& p) {
  Json spans = Json::object();
  for (const auto& [name, s] : p.spans) spans[name] = span(s);
  Json out = {{"path", p.path}, {"sha256", p.sha256}, {"format", p.format}, {"lines", spans}};
  if (!p.paragraph_lines.empty()) {
    Json paras = Json::object();
    for (const auto& [name, list] : p.paragraph_lines) {
      Json spans_of = Json::array();
      for (const auto& s : list) spans_of.push_back(span(s));
      paras[name] = std::move(spans_of);
    }
    out["paragraph_lines"] = std::move(paras);
  }
  return out;
}

Json to_json(const PolicyRecord& r) {
  Json j;
  j["kind"] = "policy";
  j["id"] = r.id;
  j["title"] = opt(r.title);
  j["country"] = opt(r.country);
  j["country_code"] = opt(r.country_code);
  j["type"] = opt(r.type);
  j["subsystem"] = r.subsystem;
  j["edition"] = opt(r.edition);
  j["citation_year"] = opt(r.citation_year);
  j["url"] = opt(r.url);
  j["partial"] = r.partial;
  Json timeline = Json::array();
  for (const auto& t : r.timeline) timeline.push_back({{"year", t.year}, {"stage", t.stage}});
  j["timeline"] = timeline;
  j["background"] = opt(r.background);
  j["objectives"] = opt(r.objectives);
  j["description"] = opt(r.description);
  Json notes = Json::array();
  for (const auto& n : r.year_notes)
    notes.push_back({{"year", n.year}, {"stage", n.stage}, {"text", opt(n.text)}});
  j["year_notes"] = notes;
  Json bodies = Json::array();
  for (const auto& b : r.bodies)
    bodies.push_back({{"name", b.name}, {"from", opt(b.from)}, {"until", opt(b.until)}});
  j["bodies"] = bodies;
  Json groups = Json::array();
  for (const auto& g : r.target_groups)
    groups.push_back({{"audience", g.audience}, {"group", g.group}});
  j["target_groups"] = groups;
  Json cats = Json::array();
  for (const auto& c : r.categories)
    cats.push_back(
        {{"category", c.category}, {"subcategory", opt(c.subcategory)}, {"evidence", c.evidence}});
  j["categories"] = cats;
  Json prios = Json::array();
  for (const auto& p : r.priorities)
    prios.push_back({{"framework", p.framework}, {"item", p.item}});
  j["priorities"] = prios;
  j["further_reading"] = r.further_reading;
  j["citation"] = opt(r.citation);
  j["source"] = to_json(r.source);
  return j;
}

Json to_json(const ReportRecord& r) {
  Json j;
  j["kind"] = "report";
  j["id"] = r.id;
  j["title"] = opt(r.title);
  j["project"] = {{"name", opt(r.project_name)},
                  {"number", opt(r.project_number)},
                  {"applicant", opt(r.applicant)},
                  {"manager", opt(r.manager)}};
  j["region"] = opt(r.region);
  j["country"] = opt(r.country);
  j["country_code"] = opt(r.country_code);
  j["version"] = opt(r.version);
  j["date"] = opt(r.date);
  Json history = Json::array();
  for (const auto& h : r.history)
    history.push_back({{"date", opt(h.date)},
                       {"contributor", opt(h.contributor)},
                       {"contribution", opt(h.contribution)}});
  j["history"] = history;
  Json sections = Json::array();
  for (const auto& s : r.sections)
    sections.push_back({{"ordinal", s.ordinal},
                        {"heading", s.heading},
                        {"paragraphs", s.paragraphs},
                        {"lines", span(s.lines)}});
  j["sections"] = sections;
  Json figures = Json::array();
  for (const auto& f : r.figures)
    figures.push_back({{"number", opt(f.number)},
                       {"caption", f.caption},
                       {"title", opt(f.title)},
                       {"source", opt(f.source)},
                       {"section", opt(f.section)},
                       {"line", f.line}});
  j["figures"] = figures;
  Json swot = Json::array();
  for (const auto& s : r.swot) swot.push_back({{"quadrant", s.quadrant}, {"text", s.text}});
  j["swot"] = swot;
  Json recs = Json::array();
  for (const auto& x : r.recommendations) recs.push_back({{"title", x.title}, {"text", x.text}});
  j["recommendations"] = recs;
  Json mentions = Json::array();
  for (const auto& m : r.mentions) {
    Json mention = {{"type", m.type},
                    {"text", m.text},
                    {"value", m.value},
                    {"section", opt(m.section)},
                    {"line", m.line}};
    if (m.type == "statistic") {
      mention["number"] = opt(m.number);
      mention["unit"] = opt(m.unit);
      mention["subject"] = opt(m.subject);
    }
    mentions.push_back(std::move(mention));
  }
  j["mentions"] = mentions;
  Json cats = Json::array(), groups = Json::array();
  for (const auto& t : r.tags) {
    if (t.dimension == "category") {
      cats.push_back({{"category", t.parent ? Json(*t.parent) : Json(t.value)},
                      {"subcategory", t.parent ? Json(t.value) : Json(nullptr)},
                      {"evidence", t.evidence},
                      {"section", opt(t.section)}});
    } else {
      groups.push_back({{"audience", opt(t.parent)},
                        {"group", t.value},
                        {"evidence", t.evidence},
                        {"section", opt(t.section)}});
    }
  }
  j["categories"] = cats;
  j["target_groups"] = groups;
  j["source"] = to_json(r.source);
  return j;
}

namespace {

template <typename T>
std::optional<T> get_opt(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

}  // namespace

PolicyRecord policy_from_json(const Json& j) {
  PolicyRecord r;
  r.id = j.at("id").get<std::string>();
  r.title = get_opt<std::string>(j, "title");
  r.country = get_opt<std::string>(j, "country");
  r.country_code = get_opt<std::string>(j, "country_code");
  r.type = get_opt<std::string>(j, "type");
  r.subsystem = j.value("subsystem", std::vector<std::string>{});
  r.edition = get_opt<std::string>(j, "edition");
  r.citation_year = get_opt<int>(j, "citation_year");
  r.url = get_opt<std::string>(j, "url");
  r.partial = j.value("partial", false);
  for (const auto& t : j.at("timeline")) r.timeline.push_back({t.at("year"), t.at("stage")});
  r.background = get_opt<std::string>(j, "background");
  r.objectives = get_opt<std::string>(j, "objectives");
  r.description = get_opt<std::string>(j, "description");
  for (const auto& n : j.at("year_notes"))
    r.year_notes.push_back({n.at("year"), n.at("stage"), get_opt<std::string>(n, "text")});
  for (const auto& b : j.at("bodies"))
    r.bodies.push_back({b.at("name"), get_opt<int>(b, "from"), get_opt<int>(b, "until")});
  for (const auto& g : j.at("target_groups"))
    r.target_groups.push_back({g.at("audience"), g.at("group")});
  for (const auto& c : j.at("categories"))
    r.categories.push_back(
        {c.at("category"), get_opt<std::string>(c, "subcategory"), c.at("evidence")});
  for (const auto& p : j.at("priorities"))
    r.priorities.push_back({p.at("framework"), p.at("item")});
  r.further_reading = j.value("further_reading", std::vector<std::string>{});
  r.citation = get_opt<std::string>(j, "citation");
  const Json& s = j.at("source");
  r.source.path = s.at("path");
  r.source.sha256 = s.at("sha256");
  r.source.format = s.at("format");
  for (const auto& [name, span] : s.at("lines").items())
    r.source.spans[name] = {span.at(0).get<int>(), span.at(1).get<int>()};
  if (s.contains("paragraph_lines"))
    for (const auto& [name, list] : s["paragraph_lines"].items())
      for (const auto& x : list)
        r.source.paragraph_lines[name].push_back({x.at(0).get<int>(), x.at(1).get<int>()});
  return r;
}

Json to_json(const Record& r) {
  return std::visit([](const auto& x) { return to_json(x); }, r);
}

std::string dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace vetq
