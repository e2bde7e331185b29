#include "vetq/policy_diff.h"

#include <algorithm>
#include <map>

#include "vetq/text.h"

namespace vetq {

namespace {

// The elements of `b` not in `a`, in b's order (each value once).
Json missing_from(const Json& a, const Json& b) {
  Json out = Json::array();
  for (const auto& x : b)
    if (std::find(a.begin(), a.end(), x) == a.end() &&
        std::find(out.begin(), out.end(), x) == out.end())
      out.push_back(x);
  return out;
}

// A list field: what is in one version only.
void list_change(Json& out, const char* field, const Json& a, const Json& b) {
  Json added = missing_from(a, b), removed = missing_from(b, a);
  if (added.empty() && removed.empty()) return;
  out.push_back({{"field", field}, {"added", std::move(added)}, {"removed", std::move(removed)}});
}

void value_change(Json& out, const char* field, const Json& a, const Json& b) {
  if (a != b) out.push_back({{"field", field}, {"before", a}, {"after", b}});
}

// A text field: the two texts and the paragraphs that differ.
Json text_change(const char* field, const Json& a, const Json& b) {
  const auto pd = diff_paragraphs(a.is_string() ? a.get<std::string>() : "",
                                  b.is_string() ? b.get<std::string>() : "");
  return {
      {"field", field}, {"before", a}, {"after", b}, {"added", pd.added}, {"removed", pd.removed}};
}

void text_field(Json& out, const char* field, const Json& a, const Json& b) {
  if (a != b) out.push_back(text_change(field, a, b));
}

void timeline_changes(Json& out, const Json& a, const Json& b) {
  std::map<int, std::string> before, after;
  for (const auto& t : a) before[t["year"].get<int>()] = t["stage"].get<std::string>();
  for (const auto& t : b) after[t["year"].get<int>()] = t["stage"].get<std::string>();
  Json added = Json::array(), removed = Json::array(), moves = Json::array();
  for (const auto& [year, stage] : after) {
    auto it = before.find(year);
    if (it == before.end())
      added.push_back({{"year", year}, {"stage", stage}});
    else if (it->second != stage)
      moves.push_back(
          {{"field", "timeline"}, {"year", year}, {"before", it->second}, {"after", stage}});
  }
  for (const auto& [year, stage] : before)
    if (!after.count(year)) removed.push_back({{"year", year}, {"stage", stage}});
  if (!added.empty() || !removed.empty())
    out.push_back({{"field", "timeline"}, {"added", added}, {"removed", removed}});
  for (auto& m : moves) out.push_back(std::move(m));
}

void body_changes(Json& out, const Json& a, const Json& b) {
  std::map<std::string, Json> before;
  for (const auto& x : a) before.emplace(x["name"].get<std::string>(), x);
  std::map<std::string, Json> after;
  for (const auto& x : b) after.emplace(x["name"].get<std::string>(), x);
  Json added = Json::array(), removed = Json::array(), validity = Json::array();
  auto span = [](const Json& x) { return Json{{"from", x["from"]}, {"until", x["until"]}}; };
  for (const auto& x : b) {
    auto it = before.find(x["name"].get<std::string>());
    if (it == before.end())
      added.push_back(x);
    else if (span(it->second) != span(x))
      validity.push_back({{"field", "bodies"},
                          {"name", x["name"]},
                          {"before", span(it->second)},
                          {"after", span(x)}});
  }
  for (const auto& x : a)
    if (!after.count(x["name"].get<std::string>())) removed.push_back(x);
  if (!added.empty() || !removed.empty())
    out.push_back({{"field", "bodies"}, {"added", added}, {"removed", removed}});
  for (auto& v : validity) out.push_back(std::move(v));
}

void year_note_changes(Json& out, const Json& a, const Json& b) {
  std::map<int, Json> before, after;
  for (const auto& n : a)
    if (n["text"].is_string()) before.emplace(n["year"].get<int>(), n);
  for (const auto& n : b)
    if (n["text"].is_string()) after.emplace(n["year"].get<int>(), n);
  Json added = Json::array(), removed = Json::array(), changed = Json::array();
  for (const auto& [year, note] : after) {
    auto it = before.find(year);
    if (it == before.end()) {
      added.push_back(note);
    } else if (it->second["text"] != note["text"]) {
      Json c = text_change("year_notes", it->second["text"], note["text"]);
      c.erase("field");
      changed.push_back(Json{{"field", "year_notes"}, {"year", year}});
      changed.back().update(c);
    }
  }
  for (const auto& [year, note] : before)
    if (!after.count(year)) removed.push_back(note);
  if (!added.empty() || !removed.empty())
    out.push_back({{"field", "year_notes"}, {"added", added}, {"removed", removed}});
  for (auto& c : changed) out.push_back(std::move(c));
}

// The distinct categories, or the distinct sub-categories, of a record.
Json categories_of(const Json& doc, bool sub) {
  Json out = Json::array();
  for (const auto& c : doc["categories"]) {
    const Json& v = sub ? c["subcategory"] : c["category"];
    if (v.is_string() && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  for (auto line : split_lines(text))
    if (!trim(line).empty()) out.emplace_back(trim(line));
  return out;
}

// The description without the paragraphs of its year notes (the page's description holds
// them too; they are compared as year notes).
Json own_description(const Json& doc) {
  const Json& d = doc["description"];
  if (!d.is_string()) return d;
  std::vector<std::string> notes;
  for (const auto& n : doc["year_notes"])
    if (n["text"].is_string())
      for (auto& p : paragraphs(n["text"].get<std::string>())) notes.push_back(std::move(p));
  std::string out;
  for (const auto& p : paragraphs(d.get<std::string>())) {
    if (std::find(notes.begin(), notes.end(), p) != notes.end()) continue;
    out += (out.empty() ? "" : "\n") + p;
  }
  return out.empty() ? Json() : Json(out);
}

}  // namespace

ParagraphDiff diff_paragraphs(const std::string& before, const std::string& after) {
  const auto a = paragraphs(before), b = paragraphs(after);
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  ParagraphDiff out;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ++i;
      ++j;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.added.push_back(b[j++]);
    } else {
      out.removed.push_back(a[i++]);
    }
  }
  return out;
}

std::string body_label(const Json& body) {
  std::string out = body.value("name", "");
  const Json from = body.value("from", Json()), until = body.value("until", Json());
  if (from.is_number() && until.is_number())
    out += " (from " + from.dump() + " till " + until.dump() + ")";
  else if (from.is_number())
    out += " (since " + from.dump() + ")";
  else if (until.is_number())
    out += " (until " + until.dump() + ")";
  return out;
}

Json diff_policies(const PolicyRecord& before, const PolicyRecord& after) {
  const Json a = to_json(before), b = to_json(after);
  Json out = Json::array();
  value_change(out, "title", a["title"], b["title"]);
  value_change(out, "type", a["type"], b["type"]);
  value_change(out, "country", a["country"], b["country"]);
  list_change(out, "subsystem", a["subsystem"], b["subsystem"]);
  timeline_changes(out, a["timeline"], b["timeline"]);
  body_changes(out, a["bodies"], b["bodies"]);
  list_change(out, "target_groups", a["target_groups"], b["target_groups"]);
  list_change(out, "categories", categories_of(a, false), categories_of(b, false));
  list_change(out, "subcategories", categories_of(a, true), categories_of(b, true));
  list_change(out, "priorities", a["priorities"], b["priorities"]);
  text_field(out, "background", a["background"], b["background"]);
  text_field(out, "objectives", a["objectives"], b["objectives"]);
  text_field(out, "description", own_description(a), own_description(b));
  year_note_changes(out, a["year_notes"], b["year_notes"]);
  list_change(out, "further_reading", a["further_reading"], b["further_reading"]);
  value_change(out, "url", a["url"], b["url"]);
  return out;
}

}  // namespace vetq
