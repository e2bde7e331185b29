#include "parsers/report/report_rules.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "vetq/embedded.h"
#include "vetq/error.h"
#include "vetq/text.h"

namespace vetq::parsers {

namespace {

nlohmann::json load(std::string_view name) {
  try {
    return nlohmann::json::parse(embedded::file(name));
  } catch (const std::exception& e) {
    throw Error(fmt::format("schemas/{}: does not parse: {} — rebuild vetq from a clean checkout",
                            name, e.what()));
  }
}

bool is_separator(char c) { return c == ' ' || c == '-'; }

// Folded words of a phrase; '+' stands alone so "Erasmus +" and "Erasmus+" match alike.
std::vector<std::string> tokens(std::string_view phrase) {
  const std::string f = fold(phrase);
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (char c : f) {
    if (is_separator(c)) {
      flush();
    } else if (c == '+') {
      flush();
      out.emplace_back("+");
    } else {
      cur.push_back(c);
    }
  }
  flush();
  return out;
}

std::unique_ptr<RE2> compile(const std::string& pattern, const std::string& what) {
  RE2::Options o;
  o.set_max_mem(64 << 20);
  o.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, o);
  if (!re->ok())
    throw Error(fmt::format("schemas: {}: bad pattern: {} — fix the phrase", what, re->error()));
  return re;
}

template <typename T>
const T* find_key(const std::vector<std::pair<std::string, std::size_t>>& keys,
                  const std::vector<T>& items, const std::string& key) {
  for (const auto& [k, i] : keys)
    if (k == key) return &items[i];
  return nullptr;
}

}  // namespace

std::string squash(std::string_view s) {
  std::string out;
  for (char c : fold(s))
    if (!is_separator(c)) out.push_back(c);
  return out;
}

std::string phrase_pattern(const std::vector<std::string>& phrases) {
  std::vector<std::pair<std::size_t, std::string>> alts;
  for (const auto& p : phrases) {
    const auto words = tokens(p);
    if (words.empty()) continue;
    std::string alt;
    std::size_t len = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
      std::string w = words[i];
      const bool wild = w.size() > 1 && w.back() == '*';
      if (wild) w.pop_back();
      if (i) alt += R"([ \-]*)";
      alt += RE2::QuoteMeta(w);
      if (wild) alt += R"([\pL\pN]*)";
      len += w.size() + 1;
    }
    if (words.back().back() != '*' && words.back() != "+") alt += "(?:e?s)?";
    alts.emplace_back(len, std::move(alt));
  }
  std::stable_sort(alts.begin(), alts.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string body;
  for (const auto& [len, alt] : alts) {
    if (!body.empty()) body += '|';
    body += alt;
  }
  if (body.empty()) body = R"([^\s\S])";  // matches nothing
  return R"((?:^|[^\pL\pN])()" + body + R"()(?:$|[^\pL\pN]))";
}

const ReportRules& ReportRules::get() {
  static const ReportRules kRules;
  return kRules;
}

ReportRules::ReportRules() {
  const nlohmann::json regions = load("regions.json");
  const nlohmann::json tax = load("taxonomy.json");
  const nlohmann::json& rules = tax.at("report_rules");

  std::vector<std::string> names;  // everything the gazetteer pattern looks for
  auto add_entry = [&](std::string type, const std::string& value,
                       const std::vector<std::string>& spellings) {
    entries_.push_back({std::move(type), value});
    for (const auto& s : spellings) {
      entry_keys_.emplace_back(squash(s), entries_.size() - 1);
      names.push_back(s);
    }
  };

  for (const auto& r : regions.at("regions")) {
    Region reg;
    reg.code = r.at("code").get<std::string>();
    reg.level = r.at("level").get<int>();
    reg.name = r.at("name").get<std::string>();
    if (!r.at("country").is_null()) reg.country = r.at("country").get<std::string>();
    reg.country_code = r.at("country_code").get<std::string>();
    reg.generic = r.value("generic", false);
    std::vector<std::string> spellings{reg.name};
    for (const auto& a : r.value("aliases", nlohmann::json::array()))
      spellings.push_back(a.get<std::string>());
    // "Prov. Hainaut", "Friesland (NL)": the name without its qualifier is a spelling too.
    for (std::string s : std::vector<std::string>(spellings)) {
      if (const auto open = s.find(" ("); open != std::string::npos)
        spellings.push_back(s.substr(0, open));
      if (s.starts_with("Prov. ")) spellings.push_back(s.substr(6));
      if (const auto slash = s.find('/'); slash != std::string::npos) {
        spellings.push_back(s.substr(0, slash));
        spellings.push_back(s.substr(slash + 1));
      }
    }
    for (const auto& s : spellings) region_keys_.emplace_back(squash(s), regions_.size());
    if (!reg.generic) add_entry("place", reg.name, spellings);
    regions_.push_back(std::move(reg));
  }
  for (const char* type : {"organisation", "programme", "place"}) {
    for (const auto& e : rules.at(std::string(type) + "s")) {
      std::vector<std::string> spellings{e.at("name").get<std::string>()};
      for (const auto& a : e.value("aliases", nlohmann::json::array()))
        spellings.push_back(a.get<std::string>());
      add_entry(type, spellings.front(), spellings);
    }
  }
  for (const auto& m : rules.value("not_places", nlohmann::json::array())) {
    const auto s = m.get<std::string>();
    add_entry("", s, {s});
  }
  gazetteer_re_ = compile(phrase_pattern(names), "report_rules gazetteer");

  min_hits_ = rules.value("min_hits", 2);
  auto add_rule = [&](std::string dim, std::string value, std::optional<std::string> parent,
                      std::vector<std::string> keywords) {
    const std::string what = fmt::format("report_rules {} '{}'", dim, value);
    tag_rules_.push_back({std::move(dim), std::move(value), std::move(parent),
                          compile(phrase_pattern(keywords), what)});
  };
  for (const auto& c : rules.at("categories")) {
    auto keywords = c.at("keywords").get<std::vector<std::string>>();
    keywords.push_back(c.at("category").get<std::string>());  // the name itself is evidence
    add_rule("category", c.at("category").get<std::string>(), std::nullopt, std::move(keywords));
  }
  for (const auto& g : rules.at("target_groups"))
    add_rule("target_group", g.at("group").get<std::string>(), g.at("audience").get<std::string>(),
             g.at("keywords").get<std::vector<std::string>>());
  for (const auto& [quadrant, labels] : rules.at("swot_labels").items())
    for (const auto& l : labels) swot_labels_.emplace_back(squash(l.get<std::string>()), quadrant);
  cue_re_ = compile(phrase_pattern(rules.at("recommendation_cues").get<std::vector<std::string>>()),
                    "report_rules recommendation_cues");
}

const Region* ReportRules::region(std::string_view name) const {
  return find_key(region_keys_, regions_, squash(name));
}

const GazetteerEntry* ReportRules::gazetteer_entry(std::string_view matched_folded) const {
  std::string key = squash(matched_folded);
  if (const auto* e = find_key(entry_keys_, entries_, key)) return e;
  for (std::string_view plural : {"es", "s"}) {  // "IUTs", "Grandes Écoles"
    if (key.ends_with(plural)) {
      if (const auto* e =
              find_key(entry_keys_, entries_, key.substr(0, key.size() - plural.size())))
        return e;
    }
  }
  return nullptr;
}

std::optional<std::string> ReportRules::swot_label(std::string_view line) const {
  std::string s(trim(line));
  // "**Strengths:**", "Strengths:", "STRENGTHS", "S – Strengths"
  std::erase(s, '*');
  while (!s.empty() && (s.back() == ':' || s.back() == ' ')) s.pop_back();
  if (s.size() > 40) return std::nullopt;
  const std::string key = squash(s);
  for (const auto& [k, quadrant] : swot_labels_)
    if (key == k || (key.size() > k.size() && key.ends_with(k) && key.size() <= k.size() + 2))
      return quadrant;
  return std::nullopt;
}

bool ReportRules::has_recommendation_cue(std::string_view text) const {
  return RE2::PartialMatch(fold(text), *cue_re_);
}

}  // namespace vetq::parsers
