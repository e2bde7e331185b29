#include "vetq/taxonomy.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "vetq/embedded.h"
#include "vetq/error.h"
#include "vetq/text.h"

namespace vetq {

namespace {

std::vector<std::pair<std::string, std::string>> index_of(const std::vector<std::string>& labels) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& l : labels) out.emplace_back(fold(l), l);
  return out;
}

// The first `bytes` bytes of s, extended to the end of a code point.
std::string_view prefix_of(std::string_view s, std::size_t bytes) {
  std::size_t cut = std::min(s.size(), bytes);
  while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;
  return s.substr(0, cut);
}

}  // namespace

std::optional<std::string> Taxonomy::lookup(const Index& index, std::string_view label) {
  const std::string key = fold(label);
  for (const auto& [folded, canonical] : index)
    if (folded == key) return canonical;
  return std::nullopt;
}

const Taxonomy& Taxonomy::get() {
  static const Taxonomy kTaxonomy;
  return kTaxonomy;
}

Taxonomy::Taxonomy() {
  nlohmann::json j;
  try {
    // schemas/taxonomy.json as the build wrote it in CBOR (schemas/CMakeLists.txt).
    j = nlohmann::json::from_cbor(embedded::file("taxonomy.cbor"));
  } catch (const std::exception& e) {
    throw Error(std::string("schemas/taxonomy.json (as CBOR): does not parse: ") + e.what() +
                " — rebuild vetq from a clean checkout");
  }
  for (const auto& c : j.at("categories")) {
    Category cat;
    cat.name = c.at("name").get<std::string>();
    cat.folded = fold(cat.name);
    for (const auto& o : c.value("description_openings", nlohmann::json::array()))
      cat.openings.push_back(fold(o.get<std::string>()));
    for (const auto& s : c.at("subcategories")) {
      Subcategory sub;
      sub.name = s.at("name").get<std::string>();
      sub.folded = fold(sub.name);
      sub.uncertain = s.value("uncertain", false);
      for (const auto& k : s.value("key_phrases", nlohmann::json::array()))
        sub.key_phrases.push_back(fold(k.get<std::string>()));
      cat.subcategories.push_back(std::move(sub));
    }
    categories_.push_back(std::move(cat));
  }
  for (const auto& c : j.at("countries"))
    countries_.push_back({c.at("label").get<std::string>(), c.at("code").get<std::string>(),
                          c.value("eu_code", c.at("code").get<std::string>())});
  stages_ = j.at("stages").get<std::vector<std::string>>();
  types_ = j.at("types").get<std::vector<std::string>>();
  for (const auto& s : j.at("subsystems")) subsystems_.push_back(s.at("label").get<std::string>());
  section_headers_ = j.at("section_headers").get<std::vector<std::string>>();
  for (const auto& [audience, items] : j.at("target_groups").items()) {
    if (audience.starts_with("_")) continue;
    LabelList list{audience, {}};
    for (const auto& i : items) list.labels.push_back(i.at("label").get<std::string>());
    target_groups_.push_back(std::move(list));
  }
  for (const auto& [framework, items] : j.at("priorities").items()) {
    if (framework.starts_with("_")) continue;
    LabelList list{framework, {}};
    for (const auto& i : items) list.labels.push_back(i.at("label").get<std::string>());
    priorities_.push_back(std::move(list));
  }
  for (const auto& [section, prefix] : j.at("help_text_prefixes").items())
    help_prefixes_.emplace_back(section, fold(prefix.get<std::string>()));
  stage_index_ = index_of(stages_);
  type_index_ = index_of(types_);
  subsystem_index_ = index_of(subsystems_);
  header_index_ = index_of(section_headers_);
  for (const auto& l : target_groups_) {
    audience_index_.emplace_back(fold(l.parent), l.parent);
    group_index_.push_back(index_of(l.labels));
  }
  for (const auto& l : priorities_) {
    framework_index_.emplace_back(fold(l.parent), l.parent);
    priority_index_.push_back(index_of(l.labels));
  }
  for (const auto& c : countries_) {
    country_index_.emplace_back(fold(c.label), c.label);
    country_index_.emplace_back(fold(c.code), c.label);
    country_index_.emplace_back(fold(c.eu_code), c.label);
  }
}

const Category* Taxonomy::category(std::string_view label) const {
  if (label.size() > 120) return nullptr;  // category names are short; skip folding prose
  const std::string key = fold(label);
  for (const auto& c : categories_)
    if (c.folded == key) return &c;
  return nullptr;
}

const Subcategory* Taxonomy::subcategory(const Category& cat, std::string_view label) const {
  if (label.size() > 160) return nullptr;  // names are short; skip folding prose
  const std::string key = fold(label);
  for (const auto& s : cat.subcategories)
    if (s.folded == key) return &s;
  return nullptr;
}

std::vector<const Subcategory*> Taxonomy::match_subcategories(const Category& cat,
                                                              std::string_view paragraph) const {
  const std::string text = fold(paragraph);
  std::vector<std::pair<int, const Subcategory*>> hits;
  for (const auto& s : cat.subcategories) {
    int n = 0;
    for (const auto& k : s.key_phrases)
      if (text.find(k) != std::string::npos) ++n;
    if (n > 0) hits.emplace_back(n, &s);
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<const Subcategory*> out;
  for (const auto& h : hits) out.push_back(h.second);
  return out;
}

const Category* Taxonomy::boilerplate_of(std::string_view paragraph) const {
  const std::string text = fold(prefix_of(paragraph, 160));  // the openings are shorter
  for (const auto& c : categories_)
    for (const auto& o : c.openings)
      if (text.starts_with(o)) return &c;
  return nullptr;
}

const Country* Taxonomy::country(std::string_view label_or_code) const {
  const auto label = lookup(country_index_, label_or_code);
  if (!label) return nullptr;
  for (const auto& c : countries_)
    if (c.label == *label) return &c;
  return nullptr;
}

std::optional<std::string> Taxonomy::stage(std::string_view label) const {
  return lookup(stage_index_, label);
}
std::optional<std::string> Taxonomy::type(std::string_view label) const {
  return lookup(type_index_, label);
}
std::optional<std::string> Taxonomy::subsystem(std::string_view label) const {
  return lookup(subsystem_index_, label);
}
std::optional<std::string> Taxonomy::audience(std::string_view label) const {
  return lookup(audience_index_, label);
}

std::optional<std::string> Taxonomy::target_group(std::string_view audience,
                                                  std::string_view label) const {
  const std::string key = fold(audience);
  for (std::size_t i = 0; i < target_groups_.size(); ++i)
    if (audience_index_[i].first == key) return lookup(group_index_[i], label);
  return std::nullopt;
}

std::optional<std::string> Taxonomy::framework(std::string_view label) const {
  return lookup(framework_index_, label);
}

std::optional<std::string> Taxonomy::priority(std::string_view framework,
                                              std::string_view label) const {
  const std::string key = fold(framework);
  for (std::size_t i = 0; i < priorities_.size(); ++i)
    if (framework_index_[i].first == key) return lookup(priority_index_[i], label);
  return std::nullopt;
}

std::optional<std::string> Taxonomy::section_header(std::string_view line) const {
  // Headers are short: skip folding long lines (most of a page).
  if (line.size() > 40) return std::nullopt;
  return lookup(header_index_, line);
}

bool Taxonomy::is_help_text(std::string_view section, std::string_view line) const {
  const std::string text = fold(prefix_of(line, 120));  // the prefixes are shorter
  for (const auto& [s, prefix] : help_prefixes_)
    if (s == section && text.starts_with(prefix)) return true;
  return false;
}

}  // namespace vetq
