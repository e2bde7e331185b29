#include "store/policy_doc.h"

#include <algorithm>

namespace vetq {

namespace {

// The page's section that holds a field, in source.lines, where the two names differ.
const char* section_of(const std::string& field) {
  if (field == "type") return "type_of_development";
  if (field == "bodies") return "bodies_responsible";
  if (field == "categories") return "thematic_categories";
  if (field == "priorities") return "european_priorities_in_vet";
  return nullptr;
}

}  // namespace

Json merge_listing_into(Json full, const Json& listing) {
  Json filled = Json::array();
  for (const auto& [key, value] : listing.items()) {
    if (key == "kind" || key == "id" || key == "partial" || key == "source") continue;
    auto it = full.find(key);
    // Json::empty() is false for every string, so an empty string is checked as a string.
    const bool missing = it == full.end() || it->is_null() || (it->is_array() && it->empty()) ||
                         (it->is_string() && it->get_ref<const std::string&>().empty());
    if (!missing || value.is_null() || (value.is_array() && value.empty())) continue;
    full[key] = value;
    filled.push_back(key);
  }
  if (filled.empty() || !full.contains("source") || !listing.contains("source")) return full;
  // Provenance per field: what came from the listing entry says so, with the entry's file and
  // lines, and no longer points at the page's empty section.
  const Json& from = listing["source"];
  Json& source = full["source"];
  if (source.contains("lines")) {
    for (const auto& key : filled) {
      const std::string k = key.get<std::string>();
      source["lines"].erase(k);
      if (const char* section = section_of(k)) source["lines"].erase(section);
    }
  }
  Json entry = {{"fields", filled}};
  for (const char* k : {"path", "sha256", "format"})
    if (from.contains(k)) entry[k] = from[k];
  if (from.contains("lines") && from["lines"].contains("item"))
    entry["lines"] = from["lines"]["item"];
  if (source.contains("from_listing")) {
    // A listing merged earlier: its fields stay attributed to it.
    for (const auto& f : source["from_listing"]["fields"])
      if (std::find(filled.begin(), filled.end(), f) == filled.end()) entry["fields"].push_back(f);
  }
  source["from_listing"] = std::move(entry);
  return full;
}

namespace {

// The first run of four digits in a label ("2025 update" -> 2025), or 0.
int year_in(const Json& label) {
  if (!label.is_string()) return 0;
  const auto& s = label.get_ref<const std::string&>();
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    bool digits = true;
    for (std::size_t k = i; k < i + 4; ++k) digits = digits && s[k] >= '0' && s[k] <= '9';
    if (digits && (i + 4 == s.size() || s[i + 4] < '0' || s[i + 4] > '9'))
      return std::stoi(s.substr(i, 4));
  }
  return 0;
}

bool has(const Json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return false;
  if (it->is_string()) return !it->get_ref<const std::string&>().empty();
  if (it->is_array() || it->is_object()) return !it->empty();
  return true;
}

// The sections of a page that a copy of it can lose.
constexpr const char* kSections[] = {"timeline",  "background",    "objectives",     "description",
                                     "bodies",    "target_groups", "categories",     "priorities",
                                     "subsystem", "type",          "further_reading"};

std::string edition_name(const Json& page) {
  if (has(page, "edition")) return page["edition"].get<std::string>();
  if (has(page, "citation_year")) return "the " + page["citation_year"].dump() + " citation";
  return "an undated copy";
}

}  // namespace

int edition_year(const std::string& label) { return year_in(Json(label)); }

std::pair<int, int> edition_order(const Json& page) {
  const Json cy = page.value("citation_year", Json());
  return {year_in(page.value("edition", Json())), cy.is_number_integer() ? cy.get<int>() : 0};
}

std::span<const char* const> page_sections() { return kSections; }

std::string page_facts_sql(const std::string& doc) {
  auto at = [&](const char* fn, const std::string& key) {
    return std::string(fn) + "(" + doc + ", '$." + key + "')";
  };
  // has(): present, and not null, "", [] or {}.
  std::string sections;
  for (const char* k : kSections) {
    sections += std::string(sections.empty() ? "" : " + ") + "CASE coalesce(" + at("json_type", k) +
                ", 'null') WHEN 'null' THEN 0 WHEN 'text' THEN " + at("json_extract", k) +
                " <> '' WHEN 'array' THEN " + at("json_array_length", k) +
                " > 0 WHEN 'object' THEN " + at("json_extract", k) + " <> '{}' ELSE 1 END";
  }
  return "CASE " + at("json_type", "edition") + " WHEN 'text' THEN " +
         at("json_extract", "edition") + " END, CASE " + at("json_type", "citation_year") +
         " WHEN 'integer' THEN " + at("json_extract", "citation_year") + " ELSE 0 END, " + sections;
}

PageFacts page_facts(const Json& page) {
  PageFacts out{edition_order(page), 0};
  for (const char* k : kSections) out.sections += has(page, k);
  return out;
}

PageFacts page_facts(const PolicyRecord& p) {
  auto text = [](const std::optional<std::string>& s) { return s && !s->empty(); };
  // In the order of kSections.
  const bool present[] = {
      !p.timeline.empty(),   text(p.background),        text(p.objectives),
      text(p.description),   !p.bodies.empty(),         !p.target_groups.empty(),
      !p.categories.empty(), !p.priorities.empty(),     !p.subsystem.empty(),
      text(p.type),          !p.further_reading.empty()};
  static_assert(std::size(present) == std::size(kSections));
  PageFacts out{{p.edition ? edition_year(*p.edition) : 0, p.citation_year.value_or(0)}, 0};
  for (bool b : present) out.sections += b;
  return out;
}

bool may_replace(const PageFacts& current, const PageFacts& incoming) {
  return !(incoming.order < current.order) && !(incoming.sections * 2 < current.sections);
}

std::string why_not_current(const Json& current, const Json& incoming) {
  const PageFacts cur = page_facts(current), in = page_facts(incoming);
  if (may_replace(cur, in)) return {};
  if (in.order < cur.order) {
    std::string older = edition_name(incoming), newer = edition_name(current);
    if (older == newer && has(incoming, "citation_year") && has(current, "citation_year")) {
      older += " (cited " + incoming["citation_year"].dump() + ")";  // same label: the citation
      newer += " (cited " + current["citation_year"].dump() + ")";   // year tells them apart
    }
    return older + " is older than the current " + newer;
  }
  return "this copy has " + std::to_string(in.sections) + " of the " +
         std::to_string(cur.sections) + " sections of the current record";
}

}  // namespace vetq
