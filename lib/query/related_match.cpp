// `vetq related`: the evidence that links a report section and a policy (related_match.h).
#include "query/related_match.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "vetq/text.h"

namespace vetq::linking {

namespace {

bool word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// "a, b, c" -> {"a", "b", "c"}
std::vector<std::string> split_words(const std::string& list) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (b <= list.size()) {
    const auto comma = std::min(list.find(',', b), list.size());
    if (auto w = trim(std::string_view(list).substr(b, comma - b)); !w.empty()) out.emplace_back(w);
    b = comma + 1;
  }
  return out;
}

// Acronyms every VET text uses: no evidence of a link. (Built on first use, as the word list
// below: only `related` needs them, and every command would pay for them at start-up.)
const std::set<std::string, std::less<>>& common_names() {
  static const std::set<std::string, std::less<>> names = {
      "VET", "IVET", "CVET", "EU", "LLL", "EQF", "NQF", "II", "III", "IV", "VI", "UK"};
  return names;
}

// English words too common to tell texts apart.
const std::set<std::string, std::less<>>& stop_words() {
  static const std::set<std::string, std::less<>> words = {
      "about",     "also",      "among", "been",  "being",   "between", "both",  "each",  "from",
      "have",      "into",      "more",  "most",  "much",    "other",   "over",  "such",  "than",
      "that",      "their",     "them",  "there", "these",   "they",    "this",  "those", "through",
      "under",     "well",      "were",  "what",  "when",    "which",   "while", "will",  "with",
      "within",    "would",     "year",  "years", "order",   "made",    "make",  "like",  "based",
      "following", "including", "used",  "many",  "several", "should",  "could", "must",  "only",
      "same",      "some",      "main",  "part",  "case"};
  return words;
}

std::vector<std::string> split_paragraphs(const std::string& text) {
  std::vector<std::string> out;
  for (auto line : split_lines(text)) out.emplace_back(line);
  return out;
}

// Where `needle` (folded) occurs in `hay` (folded) as whole words.
bool contains_words(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return false;
  for (auto pos = hay.find(needle); pos != std::string_view::npos;
       pos = hay.find(needle, pos + 1)) {
    const bool before = pos == 0 || !word_byte(hay[pos - 1]);
    const std::size_t end = pos + needle.size();
    const bool after = end == hay.size() || !word_byte(hay[end]) || !word_byte(hay[end - 1]);
    if (before && after) return true;
  }
  return false;
}

const RE2& act_re() {
  // An act, then within 40 characters a date: "decree of 13 February 2015", "New legislation
  // (30 August 2019)". The date is the term.
  static const RE2 re(
      R"((?i)\b(?:decrees?|orders?|laws?|acts?|legislation|circulars?|ordinances?|)"
      R"(regulations?)\b[^.;]{0,40}?\b(\d{1,2} (?:January|February|March|April|May|June|July|)"
      R"(August|September|October|November|December) \d{4}))");
  return re;
}

// Fills the side's names, acts, words and folded texts from its places.
void index_side(Side& side) {
  for (std::size_t i = 0; i < side.places.size(); ++i) {
    const std::string& text = side.places[i].text;
    for (auto& t : name_tokens(text)) side.names.emplace(std::move(t), i);
    re2::StringPiece in(text);
    std::string date;
    while (RE2::FindAndConsume(&in, act_re(), &date))
      side.acts.emplace(fold(date), std::pair(i, date));
    side.folded.push_back(fold(text));
    const std::string& f = side.folded.back();
    std::size_t k = 0;
    while (k < f.size()) {
      while (k < f.size() && !word_byte(f[k])) ++k;
      const std::size_t b = k;
      while (k < f.size() && word_byte(f[k])) ++k;
      std::string w = f.substr(b, k - b);
      const bool digits =
          std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (w.size() < 4 || digits || stop_words().count(w)) continue;
      ++side.words[w];
      side.first_word.emplace(std::move(w), i);
    }
  }
}

LineSpan span_of(const Json& source, const char* part) {
  const Json lines = source.value("lines", Json::object());
  if (!lines.contains(part)) return {};
  return {lines[part][0].get<int>(), lines[part][1].get<int>()};
}

std::vector<LineSpan> paragraph_lines(const Json& source, const std::string& key) {
  const Json pl = source.value("paragraph_lines", Json::object());
  std::vector<LineSpan> out;
  if (pl.contains(key))
    for (const auto& x : pl[key]) out.push_back({x[0].get<int>(), x[1].get<int>()});
  return out;
}

// A text field of a policy, one place per paragraph; year-note paragraphs as "year_notes".
void add_text(Side& side, const Json& policy, const char* field) {
  if (!policy[field].is_string()) return;
  const Json& source = policy["source"];
  const auto paras = split_paragraphs(policy[field].get<std::string>());
  const auto lines = paragraph_lines(source, field);
  const LineSpan span = span_of(source, field);
  for (std::size_t k = 0; k < paras.size(); ++k) {
    if (trim(paras[k]).empty()) continue;
    Place p{field, std::nullopt, paras[k], lines.size() == paras.size() ? lines[k] : LineSpan{},
            span};
    for (const auto& n : policy["year_notes"]) {
      if (!n["text"].is_string()) continue;
      const auto note = split_paragraphs(n["text"].get<std::string>());
      if (std::find(note.begin(), note.end(), paras[k]) == note.end()) continue;
      p.field = "year_notes";
      p.year = n["year"].get<int>();
      break;
    }
    side.places.push_back(std::move(p));
  }
}

Json place_json(const Place& p, bool policy) {
  Json out = Json::object();
  if (policy) out["field"] = p.field;
  if (p.year) out["year"] = *p.year;
  const LineSpan& s = p.at.first > 0 ? p.at : p.span;
  if (s.first == s.last)
    out["line"] = s.first;
  else
    out["lines"] = Json::array({s.first, s.last});
  return out;
}

struct Collector {
  Link& link;
  const Side& s;
  const Side& p;
  std::set<std::string> terms;  // folded: each term once

  void add(const std::string& kind, const std::string& term, std::size_t si, std::size_t pi,
           double score) {
    const std::string key = fold(term);
    // A name inside one found already ("Erasmus" in "Erasmus+") is the same evidence.
    for (const auto& t : terms)
      if (kind == "name" && t.find(key) != std::string::npos) return;
    if (!terms.insert(key).second) return;
    Json e = {{"kind", kind}, {"term", term}};
    e["report"] = place_json(s.places[si], false);
    e["policy"] = place_json(p.places[pi], true);
    link.evidence.push_back(std::move(e));
    link.score += score;
  }
};

// The first place of `side` whose folded text holds `folded` as words.
std::optional<std::size_t> find_place(const Side& side, const std::string& folded) {
  for (std::size_t i = 0; i < side.folded.size(); ++i)
    if (contains_words(side.folded[i], folded)) return i;
  return std::nullopt;
}

void named_things(Collector& c, const Json& report, const Json& section) {
  for (const auto& [name, si] : c.s.names)
    if (auto it = c.p.names.find(name); it != c.p.names.end() && !common_names().count(name))
      c.add("name", name, si, it->second, 3);
  // Programmes and organisations the report names in this section, found in the policy.
  for (const auto& m : report["mentions"]) {
    if (m["section"] != section["heading"] ||
        (m["type"] != "programme" && m["type"] != "organisation"))
      continue;
    const std::string text = m["text"].get<std::string>();
    const auto si = find_place(c.s, fold(text));
    const auto pi = find_place(c.p, fold(text));
    if (si && pi) c.add("name", text, *si, *pi, 3);
  }
  // The policy's responsible bodies, found in the section.
  for (std::size_t i = 0; i < c.p.places.size(); ++i) {
    if (c.p.places[i].field != "bodies") continue;
    if (auto si = find_place(c.s, c.p.folded[i])) c.add("name", c.p.places[i].text, *si, i, 3);
  }
  for (const auto& [date, at] : c.s.acts)
    if (auto it = c.p.acts.find(date); it != c.p.acts.end())
      c.add("legal_act", at.second, at.first, it->second.first, 3);
}

// Labels the section was tagged with that the policy has.
void labels(Collector& c, const Json& report, const Json& section, const Json& policy) {
  std::set<std::string> cats, subs, groups;
  for (const auto& x : policy["categories"]) {
    cats.insert(x["category"].get<std::string>());
    if (x["subcategory"].is_string()) subs.insert(x["subcategory"].get<std::string>());
  }
  for (const auto& g : policy["target_groups"]) groups.insert(g["group"].get<std::string>());
  const LineSpan cat_span = span_of(policy["source"], "thematic_categories");
  const LineSpan group_span = span_of(policy["source"], "target_groups");
  auto tag = [&](const Json& t, const char* kind, const std::string& label) {
    // The report's place: the first paragraph with one of the words that tagged it.
    std::optional<std::size_t> si;
    for (auto w : split_words(t["evidence"].get<std::string>()))
      if ((si = find_place(c.s, fold(w)))) break;
    if (!si) return;
    Place pp{std::string(kind) == "target_group" ? "target_groups" : "categories",
             std::nullopt,
             label,
             {},
             std::string(kind) == "target_group" ? group_span : cat_span};
    Json e = {{"kind", kind}, {"term", label}, {"words", t["evidence"]}};
    if (!c.terms.insert(fold(label)).second) return;
    e["report"] = place_json(c.s.places[*si], false);
    e["policy"] = place_json(pp, true);
    c.link.evidence.push_back(std::move(e));
    c.link.score += 1;
  };
  for (const auto& t : report["categories"]) {
    if (t["section"] != section["heading"]) continue;
    if (t["subcategory"].is_string() && subs.count(t["subcategory"].get<std::string>()))
      tag(t, "subcategory", t["subcategory"].get<std::string>());
    else if (cats.count(t["category"].get<std::string>()))
      tag(t, "category", t["category"].get<std::string>());
  }
  for (const auto& t : report["target_groups"])
    if (t["section"] == section["heading"] && groups.count(t["group"].get<std::string>()))
      tag(t, "target_group", t["group"].get<std::string>());
}

// Cosine similarity of the two texts' words, and the three heaviest shared words.
void similarity(Collector& c, const std::map<std::string, double>& weights) {
  auto weight = [&](const std::string& w) {
    auto it = weights.find(w);
    return it == weights.end() ? 1.0 : it->second;
  };
  double dot = 0, ns = 0, np = 0;
  std::vector<std::pair<double, std::string>> shared;
  for (const auto& [w, n] : c.s.words) {
    const double x = (1 + std::log(n)) * weight(w);
    ns += x * x;
    if (auto it = c.p.words.find(w); it != c.p.words.end()) {
      const double y = (1 + std::log(it->second)) * weight(w);
      dot += x * y;
      shared.emplace_back(-x * y, w);
    }
  }
  for (const auto& [w, n] : c.p.words) {
    const double y = (1 + std::log(n)) * weight(w);
    np += y * y;
  }
  if (dot == 0) return;
  const double cosine = dot / std::sqrt(ns * np);
  std::sort(shared.begin(), shared.end());
  if (shared.size() > 3) shared.resize(3);
  for (const auto& [minus, w] : shared)
    c.add("word", w, c.s.first_word.at(w), c.p.first_word.at(w), 0);
  c.link.score += std::round(cosine * 1000) / 100;
}

}  // namespace

std::vector<std::string> name_tokens(const std::string& text) {
  std::vector<std::string> out;
  std::size_t k = 0;
  auto inner = [&](std::size_t i) {
    const unsigned char c = text[i];
    return word_byte(c) || c == '\'' || c == '-' || c == '+';
  };
  while (k < text.size()) {
    while (k < text.size() && !word_byte(text[k])) ++k;
    const std::size_t b = k;
    while (k < text.size() && inner(k)) ++k;
    std::size_t e = k;
    while (e > b && (text[e - 1] == '\'' || text[e - 1] == '-')) --e;
    const std::string_view t(text.data() + b, e - b);
    const auto plus = t.find('+');
    if (plus != std::string_view::npos && plus + 1 != t.size()) continue;  // "a+b"
    const auto upper =
        std::count_if(t.begin(), t.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    const bool letters = std::any_of(
        t.begin(), t.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    if (letters && (upper >= 2 || (plus != std::string_view::npos && t.size() >= 3)))
      out.emplace_back(t);
  }
  return out;
}

Side section_side(const Json& report, const Json& section) {
  Side side;
  const int ordinal = section["ordinal"].get<int>();
  const LineSpan span{section["lines"][0].get<int>(), section["lines"][1].get<int>()};
  const auto lines = paragraph_lines(report["source"], "section " + std::to_string(ordinal));
  side.places.push_back({"heading",
                         std::nullopt,
                         section["heading"].get<std::string>(),
                         {span.first, span.first},
                         span});
  const Json& paras = section["paragraphs"];
  for (std::size_t k = 0; k < paras.size(); ++k)
    side.places.push_back({"section", std::nullopt, paras[k].get<std::string>(),
                           lines.size() == paras.size() ? lines[k] : LineSpan{}, span});
  index_side(side);
  return side;
}

Side policy_side(const Json& policy) {
  Side side;
  const Json& source = policy["source"];
  if (policy["title"].is_string()) {  // from the citation
    const LineSpan cite = span_of(source, "citation");
    const auto lines = paragraph_lines(source, "citation");
    side.places.push_back({"title", std::nullopt, policy["title"].get<std::string>(),
                           lines.empty() ? LineSpan{} : lines.front(), cite});
  }
  for (const char* field : {"background", "objectives", "description"})
    add_text(side, policy, field);
  const LineSpan bodies = span_of(source, "bodies_responsible");
  for (const auto& b : policy["bodies"])
    side.places.push_back({"bodies", std::nullopt, b["name"].get<std::string>(), {}, bodies});
  index_side(side);
  return side;
}

std::map<std::string, double> word_weights(const std::vector<const Side*>& sides) {
  std::map<std::string, int> df;
  for (const Side* s : sides)
    for (const auto& [w, n] : s->words) ++df[w];
  std::map<std::string, double> out;
  const double total = static_cast<double>(sides.size());
  for (const auto& [w, n] : df) out[w] = std::log((total + 1) / (n + 1)) + 1;
  return out;
}

Link link(const Json& report, const Json& section, const Side& s, const Json& policy, const Side& p,
          const std::map<std::string, double>& weights) {
  Link out;
  Collector c{out, s, p, {}};
  named_things(c, report, section);
  labels(c, report, section, policy);
  if (out.evidence.empty()) return out;  // words alone make no link
  similarity(c, weights);
  out.score = std::round(out.score * 100) / 100;
  return out;
}

}  // namespace vetq::linking
