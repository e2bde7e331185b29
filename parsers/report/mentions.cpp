#include "parsers/report/mentions.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "parsers/report/report_rules.h"
#include "parsers/report/report_util.h"
#include "vetq/text.h"

namespace vetq::parsers::report {

namespace {

// Patterns over folded text (compiled once).

constexpr const char* kMonths =
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre";

const RE2& act_re() {
  // 1 whole, 2 kind, 3 number, 4 day, 5 month, 6 year, 7 d, 8 m, 9 y.
  static const RE2 re(fmt::format(
      R"((?:^|[^\pL\pN])((laws?|decrees?|orders?|ordinances?|ordonnances?|lois?|decrets?|)"
      R"(arretes?|legislation|acts?)(?:\s+(?:no\.?\s*|n°\s*|nr\.?\s*|number\s+)?(\d{{4}}-\d{{1,5}}))?)"
      R"((?:\s*,?\s*(?:of|du|dated|from)?\s*\(?\s*(?:(\d{{1,2}})(?:st|nd|rd|th|er)?\s+({})\s+)"
      R"((\d{{4}})|(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}))\)?)?))",
      kMonths));
  return re;
}
const RE2& year_act_re() {
  // "the 2019 Law for a school of trust": 1 year, 2 kind, 3 title.
  static const RE2 re(
      R"((?:^|[^\pL\pN])((?:19|20)\d{2})\s+(laws?|decrees?|orders?|acts?|lois?)((?:\s+(?:for|on|of)\s+[^(),.;:\[]+)?))");
  return re;
}
const RE2& year_re() {
  // 1 year, 2 separator, 3 second part.
  static const RE2 re(R"((?:^|[^\pL\pN.,])((?:19|20)\d{2})(?:([-/])(\d{2,5}))?)");
  return re;
}
constexpr const char* kQualifier =
    R"((?:(more than|over|around|about|nearly|almost|at least|less than|up to|approximately|some)\s+)?)";
const RE2& percent_re() {
  static const RE2 re(fmt::format(
      R"((?:^|[^\pL\pN.,/-])({}([+-]?\d+(?:[.,]\d+)?)\s?(%|per ?cent|percent)))", kQualifier));
  return re;
}
const RE2& scaled_re() {
  static const RE2 re(fmt::format(
      R"((?:^|[^\pL\pN.,/-])({}(\d+(?:[.,]\d+)?)\s+(millions?|billions?|thousands?))(?:$|[^\pL]))",
      kQualifier));
  return re;
}
const RE2& count_re() {
  static const RE2 re(fmt::format(
      R"((?:^|[^\pL\pN.,/-])({}(\d{{1,3}}(?:,\d{{3}})+|\d{{3,}}))(?:$|[^\pL\pN%/-]))", kQualifier));
  return re;
}
const RE2& fraction_re() {
  static const RE2 re(fmt::format(
      R"((?:^|[^\pL\pN])({}(one|two|three|a) (third|quarter|half|fifth|tenth)s?)(?:$|[^\pL\pN]))",
      kQualifier));
  return re;
}

int month_number(std::string_view folded) {
  static const char* const kNames[] = {"january",   "february", "march",    "april",     "may",
                                       "june",      "july",     "august",   "september", "october",
                                       "november",  "december", "janvier",  "fevrier",   "mars",
                                       "avril",     "mai",      "juin",     "juillet",   "aout",
                                       "septembre", "octobre",  "novembre", "decembre"};
  for (int i = 0; i < 24; ++i)
    if (folded == kNames[i]) return i % 12 + 1;
  return 0;
}

std::string number_text(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(std::llround(v)));
  return fmt::format("{}", std::round(v * 1000.0) / 1000.0);
}

double parse_number(std::string s) {
  static const RE2 thousands(R"(^\d{1,3}(?:,\d{3})+$)");
  if (RE2::FullMatch(s, thousands))
    std::erase(s, ',');
  else
    std::replace(s.begin(), s.end(), ',', '.');
  return std::stod(s);
}

// The clause around [b, e) in `t`: from the previous sentence boundary to the next one.
std::string clause_around(const std::string& t, std::size_t b, std::size_t e) {
  auto boundary_before = [&](std::size_t s) {
    while (s > 0) {
      const char c = t[s - 1];
      if (c == '(' || c == ';') break;
      if ((c == '.' || c == '!' || c == '?' || c == ':') && (s >= t.size() || t[s] == ' ')) break;
      --s;
    }
    return s;
  };
  std::size_t s = boundary_before(b);
  std::size_t x = e;
  while (x < t.size()) {
    const char c = t[x];
    if (c == ')' || c == ';') break;
    if ((c == '.' || c == '!' || c == '?' || c == ':') && (x + 1 >= t.size() || t[x + 1] == ' '))
      break;
    ++x;
  }
  std::string out(trim(std::string_view(t).substr(s, x - s)));
  if (word_count(out) < 5 && s > 0 && t[s - 1] == '(') {
    // "(13% by 2020)": the sentence before the parenthesis says what the number is about.
    const std::size_t s2 = boundary_before(s - 1);
    out = std::string(trim(std::string_view(t).substr(s2, s - 1 - s2))) + " (" + out + ")";
  }
  if (out.size() > 240) out = std::string(prefix_by_width(out, 237)) + "...";
  return out;
}

bool is_stop_word(std::string_view w) {
  static const std::set<std::string, std::less<>> kStop = {
      "a",    "an",    "and",  "are",  "as",   "at",    "be",   "been",  "between", "by",
      "can",  "for",   "from", "had",  "has",  "have",  "in",   "into",  "is",      "it",
      "of",   "on",    "or",   "per",  "than", "that",  "the",  "their", "to",      "was",
      "were", "which", "who",  "will", "with", "among", "more", "most",  "over",    "out"};
  return kStop.count(w) > 0;
}

std::string fold_kind(std::string_view k) {
  const std::string f = fold(k);
  if (f.starts_with("law") || f.starts_with("loi") || f.starts_with("act")) return "law";
  if (f.starts_with("decre")) return "decree";
  if (f.starts_with("legislation")) return "legislation";
  return "order";
}

// The noun after a number ("5,951 candidates registered" -> "candidates"), up to 3 words.
std::optional<std::string> unit_after(const std::string& text, const Folded& f, std::size_t e) {
  const std::string_view ft = f.text;
  std::size_t p = e;
  std::size_t start = std::string::npos, end = e;
  for (int words = 0; words < 3; ++words) {
    while (p < ft.size() && ft[p] == ' ') ++p;
    std::size_t q = p;
    while (q < ft.size() && ((ft[q] >= 'a' && ft[q] <= 'z') || ft[q] == '-' ||
                             static_cast<unsigned char>(ft[q]) >= 0x80))
      ++q;
    if (q == p) break;
    const std::string_view w = ft.substr(p, q - p);
    if (is_stop_word(w) || (words > 0 && (w.ends_with("ed") || w.ends_with("ing")))) break;
    if (start == std::string::npos) start = p;
    end = q;
    p = q;
    if (q < ft.size() && ft[q] != ' ') break;  // punctuation ends the noun phrase
  }
  if (start == std::string::npos) return std::nullopt;
  return std::string(trim(std::string_view(text).substr(f.at[start], f.at[end] - f.at[start])));
}

using Groups = std::vector<std::string_view>;

// One paragraph or caption being scanned: what was found, and which folded bytes are taken
// (a name, an act number) so that a later pattern does not read them again.
class Scan {
 public:
  explicit Scan(const std::string& text) : text_(text), f_(fold_map(text)), ft_(f_.text) {}

  void gazetteer();
  void acts();
  void statistics();
  void years();
  // Found mentions, in reading order, with section and line set.
  std::vector<Mention> take(const std::function<int(std::size_t)>& line_at,
                            const std::optional<std::string>& section);

 private:
  struct Found {
    std::size_t at = 0;
    Mention m;
  };
  bool overlaps(std::size_t b, std::size_t e) const {
    for (const auto& [tb, te] : taken_)
      if (b < te && tb < e) return true;
    return false;
  }
  void add(std::size_t b, std::size_t e, Mention m) {
    const std::size_t ob = f_.at[b], oe = f_.at[e];
    m.text = std::string(trim(std::string_view(text_).substr(ob, oe - ob)));
    found_.push_back({ob, std::move(m)});
  }
  void statistic(std::size_t b, std::size_t e, std::string_view qual, double number,
                 std::optional<std::string> unit);
  void year_at(const Groups& g);

  const std::string& text_;
  const Folded f_;
  const std::string_view ft_;
  std::vector<std::pair<std::size_t, std::size_t>> taken_;
  std::vector<Found> found_;
};

// Organisations, programmes, places.
void Scan::gazetteer() {
  const ReportRules& rules = ReportRules::get();
  each_match(rules.gazetteer_re(), ft_, [&](const Groups& g) {
    const auto* e = rules.gazetteer_entry(g[1]);
    if (!e) return;
    const std::size_t b = offset_in(ft_, g[1]), end = b + g[1].size();
    taken_.emplace_back(b, end);
    if (e->type.empty()) return;
    Mention m;
    m.type = e->type;
    m.value = e->value;
    add(b, end, std::move(m));
  });
}

void Scan::acts() {
  each_match(act_re(), ft_, [&](const Groups& g) {
    const bool dated = g[6].data() || g[9].data();
    if (!g[3].data() && !dated) return;
    std::string value = fold_kind(g[2]);
    if (g[3].data()) value += " " + std::string(g[3]);
    if (g[6].data()) {
      value +=
          fmt::format(" of {}-{:02}-{:02}", g[6], month_number(g[5]), std::stoi(std::string(g[4])));
    } else if (g[9].data()) {
      value += fmt::format(" of {}-{:02}-{:02}", g[9], std::stoi(std::string(g[8])),
                           std::stoi(std::string(g[7])));
    }
    const std::size_t b = offset_in(ft_, g[1]);
    std::size_t e = b + g[1].size();
    if (g[1].ends_with(')') && g[1].find('(') == std::string_view::npos) --e;  // "(… orders of …)"
    if (g[3].data()) taken_.emplace_back(offset_in(ft_, g[3]), offset_in(ft_, g[3]) + g[3].size());
    add(b, e, Mention{.type = "legal_act", .value = value});
  });
  each_match(year_act_re(), ft_, [&](const Groups& g) {
    const std::size_t b = offset_in(ft_, g[1]);
    std::size_t e = offset_in(ft_, g[2]) + g[2].size();
    if (g[3].data() && !g[3].empty()) {
      const auto t = trim(g[3]);
      e = offset_in(ft_, t) + t.size();
    }
    add(b, e, Mention{.type = "legal_act", .value = fold_kind(g[2]) + " of " + std::string(g[1])});
  });
}

void Scan::statistic(std::size_t b, std::size_t e, std::string_view qual, double number,
                     std::optional<std::string> unit) {
  if (overlaps(b, e)) return;
  taken_.emplace_back(b, e);
  Mention m;
  m.type = "statistic";
  std::string q;
  if (qual == "more than" || qual == "over")
    q = ">";
  else if (qual == "less than" || qual == "up to")
    q = "<";
  else if (qual == "at least")
    q = ">=";
  else if (!qual.empty())
    q = "~";
  m.number = number;
  m.unit = unit;
  m.value = q + number_text(number) + (unit ? (*unit == "%" ? "%" : " " + *unit) : "");
  m.subject = clause_around(text_, f_.at[b], f_.at[e]);
  add(b, e, std::move(m));
}

void Scan::statistics() {
  auto qual = [](const Groups& g) { return g[2].data() ? g[2] : std::string_view(); };
  each_match(percent_re(), ft_, [&](const Groups& g) {
    const std::size_t b = offset_in(ft_, g[1]);
    statistic(b, b + g[1].size(), qual(g), parse_number(std::string(g[3])), "%");
  });
  each_match(scaled_re(), ft_, [&](const Groups& g) {
    const std::size_t b = offset_in(ft_, g[1]);
    double scale = g[4].starts_with("million") ? 1e6 : g[4].starts_with("billion") ? 1e9 : 1e3;
    const std::size_t e = b + g[1].size();
    statistic(b, e, qual(g), parse_number(std::string(g[3])) * scale, unit_after(text_, f_, e));
  });
  each_match(fraction_re(), ft_, [&](const Groups& g) {
    static const std::map<std::string, double, std::less<>> kParts = {
        {"third", 3}, {"quarter", 4}, {"half", 2}, {"fifth", 5}, {"tenth", 10}};
    static const std::map<std::string, double, std::less<>> kCounts = {
        {"one", 1}, {"a", 1}, {"two", 2}, {"three", 3}};
    const std::size_t b = offset_in(ft_, g[1]);
    const double n = kCounts.find(g[3])->second / kParts.find(g[4])->second;
    statistic(b, b + g[1].size(), qual(g), n, "share");
  });
  each_match(count_re(), ft_, [&](const Groups& g) {
    const std::string digits(g[3]);
    if (digits.size() == 4 && digits.find(',') == std::string::npos &&
        (digits.starts_with("19") || digits.starts_with("20")))
      return;  // a year
    const std::size_t b = offset_in(ft_, g[1]), e = b + g[1].size();
    statistic(b, e, qual(g), parse_number(digits), unit_after(text_, f_, e));
  });
}

void Scan::years() {
  each_match(year_re(), ft_, [&](const Groups& g) { year_at(g); });
}

void Scan::year_at(const Groups& g) {
  const std::size_t b = offset_in(ft_, g[1]);
  std::size_t e = b + g[1].size();
  const int y1 = std::stoi(std::string(g[1]));
  std::optional<int> y2;
  if (g[3].data()) {
    const int part = std::stoi(std::string(g[3]));
    if (g[3].size() == 2 && part > y1 % 100)
      y2 = y1 - y1 % 100 + part;
    else if (g[3].size() == 4 && part > y1 && part <= y1 + 50)
      y2 = part;
    else if (g[2] == "-" && g[3].size() >= 3)
      return;  // an act number: 2022-217
    if (y2) e = offset_in(ft_, g[3]) + g[3].size();
  }
  if (e < ft_.size() && (std::isalnum(static_cast<unsigned char>(ft_[e])) != 0)) return;  // 2020b
  if (overlaps(b, e)) return;  // "France 2030", "law 2022-217"
  for (int y : {y1, y2.value_or(0)})
    if (y) add(b, e, Mention{.type = "year", .value = std::to_string(y)});
}

std::vector<Mention> Scan::take(const std::function<int(std::size_t)>& line_at,
                                const std::optional<std::string>& section) {
  std::stable_sort(found_.begin(), found_.end(),
                   [](const auto& a, const auto& b) { return a.at < b.at; });
  std::vector<Mention> out;
  for (auto& x : found_) {
    x.m.section = section;
    x.m.line = line_at(x.at);
    out.push_back(std::move(x.m));
  }
  return out;
}

}  // namespace

std::vector<Mention> find_mentions(const ReportParts& parts) {
  std::vector<Mention> out;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  auto scan = [&](const std::string& text, const std::function<int(std::size_t)>& line_at,
                  const std::optional<std::string>& section) {
    Scan s(text);
    s.gazetteer();
    s.acts();
    s.statistics();
    s.years();
    for (auto& m : s.take(line_at, section)) {
      const bool per_occurrence = m.type == "legal_act" || m.type == "statistic";
      // Each spelling once per section: "France Strategy" and "FranceStratégie" both stay,
      // with the one value they share.
      if (!per_occurrence &&
          !seen.emplace(m.type, m.value + "\n" + fold(m.text), section.value_or("")).second)
        continue;
      out.push_back(std::move(m));
    }
  };
  for (const auto& s : parts.sections) {
    if (s.front_matter) continue;
    for (const auto& p : s.paragraphs)
      scan(
          p.text, [&p](std::size_t off) { return p.line_at(off); }, s.heading);
  }
  for (const auto& fig : parts.record.figures) {
    for (const auto* t : {&fig.caption, fig.title ? &*fig.title : nullptr}) {
      if (!t || (t != &fig.caption && *t == fig.caption)) continue;
      const int line = fig.line;
      scan(
          *t, [line](std::size_t) { return line; }, fig.section);
    }
  }
  return out;
}

std::vector<DerivedTag> derive_tags(const ReportParts& parts) {
  const ReportRules& rules = ReportRules::get();
  std::vector<DerivedTag> out;
  for (const auto& rule : rules.tag_rules()) {
    for (const auto& s : parts.sections) {
      if (s.front_matter) continue;
      std::string text = s.heading;
      for (const auto& p : s.paragraphs) text += "\n" + p.text;
      for (const auto& fig : parts.record.figures)
        if (fig.section == s.heading) text += "\n" + fig.title.value_or(fig.caption);
      const Folded f = fold_map(text);
      int hits = 0;
      std::vector<std::string> words;
      std::set<std::string> keys;
      each_match(*rule.re, f.text, [&](const Groups& g) {
        ++hits;
        const std::size_t b = offset_in(f.text, g[1]);
        if (!keys.insert(std::string(g[1])).second) return;
        words.emplace_back(text.substr(f.at[b], f.at[b + g[1].size()] - f.at[b]));
      });
      if (hits < rules.min_hits()) continue;
      out.push_back({rule.dimension, rule.value, rule.parent, join(words, ", "), s.heading});
    }
  }
  return out;
}

}  // namespace vetq::parsers::report
