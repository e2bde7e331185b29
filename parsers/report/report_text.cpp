#include "parsers/report/report_text.h"

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
#include <vector>

#include "parsers/policy/policy_text.h"
#include "parsers/report/report_rules.h"
#include "vetq/taxonomy.h"
#include "vetq/text.h"

namespace vetq::parsers {

namespace {

// ---------------------------------------------------------------------------------------------
// Patterns (compiled once).

const RE2& bullet_re() {
  static const RE2 re(R"(^(?:[-•*–·▪])\s+(.*)$)");
  return re;
}
const RE2& caption_re() {
  // "Figure 1: Map of France [1]", "Figure 5:", "Figura 2 – ...". Not "Figure 3 presents ...".
  static const RE2 re(
      R"(^(?:Figure|Figura|Fig\.?|Abbildung|Irudia)\s+(\d+)\s*(?:[:.–-]\s*(.*))?$)");
  return re;
}
const RE2& source_re() {
  static const RE2 re(R"(^(?:Sources?|Fonte|Fuente|Quelle)\s*:\s*(.*)$)");
  return re;
}
const RE2& note_re() {
  static const RE2 re(R"(^(?:NB|N\.B\.|Note)\s*:)");
  return re;
}
const RE2& stray_re() {
  // A chat citation chip pasted into the document: "auvergnerhonealpes.fr+13" repeated.
  static const RE2 re(R"(^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\+\d+)+$)");
  return re;
}
const RE2& link_re() {
  static const RE2 re(R"(\[([^\]]*)\]\([^)\s]*\))");
  return re;
}
const RE2& bold_re() {
  static const RE2 re(R"(\*\*([^*]+?)\*\*)");
  return re;
}
const RE2& italic_re() {
  static const RE2 re(R"(\*([^*\s](?:[^*]*[^*\s])?)\*)");
  return re;
}
const RE2& date_re() {
  // 28/06/2025, 28.06.25, 2025-06-28
  static const RE2 re(R"(^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$|^(\d{4})-(\d{2})-(\d{2})$)");
  return re;
}
const RE2& annex_re() {
  static const RE2 re(R"((?i)annex(?:es|e)?\s*[:\-–—]?\s+(.+)$)");
  return re;
}
const RE2& first_upper_re() {
  static const RE2 re(R"(^[\p{Lu}\d])");
  return re;
}
const RE2& starts_lower_re() {
  static const RE2 re(R"(^\p{Ll})");
  return re;
}
const RE2& has_letter_re() {
  static const RE2 re(R"(\pL)");
  return re;
}

constexpr const char* kMonths =
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre";

const RE2& act_re() {
  // Folded text. 1 whole, 2 kind, 3 number, 4 day, 5 month, 6 year, 7 d, 8 m, 9 y.
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

// Calls f(groups) for each match, left to right; the next search starts where group 1 ends.
template <typename F>
void each_match(const RE2& re, std::string_view text, F&& f) {
  const int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(n));
  std::vector<std::string_view> g(static_cast<std::size_t>(n));
  std::size_t pos = 0;
  while (pos <= text.size() && re.Match(re2::StringPiece(text.data(), text.size()), pos,
                                        text.size(), RE2::UNANCHORED, pieces.data(), n)) {
    for (std::size_t k = 0; k < g.size(); ++k)
      g[k] = pieces[k].data() ? std::string_view(pieces[k].data(), pieces[k].size())
                              : std::string_view();
    const std::string_view& key = g.size() > 1 && g[1].data() ? g[1] : g[0];
    std::size_t next = static_cast<std::size_t>(key.data() - text.data()) + key.size();
    if (next <= pos) next = pos + 1;
    f(g);
    pos = next;
  }
}

std::size_t offset_in(std::string_view text, std::string_view part) {
  return static_cast<std::size_t>(part.data() - text.data());
}

// ---------------------------------------------------------------------------------------------
// Folded text that remembers where each byte came from.

struct Folded {
  std::string text;
  std::vector<std::size_t> at;  // at[i]: offset in the original of folded byte i; one extra
};

Folded fold_map(std::string_view s) {
  Folded f;
  f.text.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    len = std::min(len, s.size() - i);
    if (len == 1) {
      char out = static_cast<char>(c);
      if (c == '\t' || c == '\n' || c == '\r')
        out = ' ';
      else if (c >= 'A' && c <= 'Z')
        out = static_cast<char>(c - 'A' + 'a');
      f.text.push_back(out);
      f.at.push_back(i);
    } else {
      for (char m : fold(s.substr(i, len))) {
        f.text.push_back(m);
        f.at.push_back(i);
      }
    }
    i += len;
  }
  f.at.push_back(s.size());
  return f;
}

// ---------------------------------------------------------------------------------------------
// Small text helpers.

std::string clean_markup(std::string s) {
  RE2::GlobalReplace(&s, link_re(), R"(\1)");
  RE2::GlobalReplace(&s, bold_re(), R"(\1)");
  RE2::GlobalReplace(&s, italic_re(), R"(\1)");
  for (std::size_t p; (p = s.find("**")) != std::string::npos;) s.erase(p, 2);
  return std::string(trim(s));
}

bool is_bullet(std::string_view s) { return RE2::FullMatch(s, bullet_re()); }

std::string bullet_body(std::string_view s) {
  std::string item;
  if (RE2::FullMatch(s, bullet_re(), &item)) return item;
  return std::string(s);
}

int word_count(std::string_view s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool ends_sentence(std::string_view s) {
  s = trim(s);
  if (s.empty()) return true;
  for (std::string_view end : {".", ":", ";", "!", "?", ")", "”", "\"", "»", "*"})
    if (s.ends_with(end)) return true;
  return false;
}

std::string slug(std::string_view s) {
  std::string out;
  for (char c : fold(s)) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum)
      out.push_back(c);
    else if (!out.empty() && out.back() != '-')
      out.push_back('-');
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::optional<std::string> iso_date(std::string_view raw) {
  std::string d, m, y, y4, m4, d4;
  if (!RE2::FullMatch(trim(raw), date_re(), &d, &m, &y, &y4, &m4, &d4)) return std::nullopt;
  int day = 0, month = 0, year = 0;
  if (!y4.empty()) {
    year = std::stoi(y4);
    month = std::stoi(m4);
    day = std::stoi(d4);
  } else {
    day = std::stoi(d);
    month = std::stoi(m);
    year = std::stoi(y);
    if (y.size() == 2) year += 2000;  // version tables write 28/05/25
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
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

// ---------------------------------------------------------------------------------------------
// The parser.

enum class Kind { kBlank, kArtefact, kContent };

enum class Role {
  kNone,
  kCover,
  kKeyValue,
  kHistoryHeader,
  kHistoryRow,
  kHeading,
  kCaption,
  kFigureTitle,
  kLabel,
  kSource,
};

struct Line {
  int no = 0;        // source line
  std::string text;  // trimmed
  Kind kind = Kind::kBlank;
  Role role = Role::kNone;
};

// A paragraph of a section with the source line of each piece it was joined from.
struct Para {
  std::string text;
  std::vector<std::pair<std::size_t, int>> pieces;  // (offset in text, source line)
  std::size_t last_index = 0;                       // index in lines_ of its last line
  bool bullet = false;

  int line_at(std::size_t offset) const {
    int line = pieces.empty() ? 0 : pieces.front().second;
    for (const auto& [off, no] : pieces)
      if (off <= offset) line = no;
    return line;
  }
};

struct Section {
  std::string heading;
  std::size_t heading_index = 0;  // index in lines_
  std::size_t end_index = 0;      // one past the last line of the section
  bool front_matter = false;
  std::vector<Para> paras;
};

struct KeyField {
  const char* key;  // folded key
  int field;        // index into the fields below
};

// Folded keys of the document-identification block.
constexpr KeyField kKeys[] = {
    {"document title", 0},  {"title", 0},
    {"project name", 1},    {"project", 1},
    {"project number", 2},  {"project no.", 2},
    {"project no", 2},      {"grant agreement number", 2},
    {"project id", 2},      {"applicant", 3},
    {"coordinator", 3},     {"lead partner", 3},
    {"project manager", 4}, {"project coordinator", 4},
    {"doc. version", 5},    {"document version", 5},
    {"version", 5},         {"date", 6},
    {"document date", 6},   {"doc. date", 6},
};

constexpr const char* kFrontMatterHeadings[] = {
    "document identification", "document information", "version history", "document history",
    "revision history",        "table of contents",    "contents"};

class ReportParser {
 public:
  ReportParser(const SourceFile& src, std::string_view format, const std::vector<int>* line_map)
      : src_(src), rules_(ReportRules::get()), tax_(Taxonomy::get()), line_map_(line_map) {
    rec_.source.path = src.path;
    rec_.source.sha256 = src.sha256;
    rec_.source.format = std::string(format);
  }

  ParseResult run(std::string_view text) {
    read_lines(text);
    find_cover();
    mark_tables();
    mark_figures();
    mark_headings();
    build_sections();
    collect_figures();
    parse_swot();
    parse_recommendations();
    resolve_metadata();
    collect_mentions();
    derive_tags();
    finish();
    return std::move(out_);
  }

 private:
  // --- diagnostics -------------------------------------------------------------------------
  void diag(Severity sev, int line, std::string message) {
    out_.diagnostics.push_back({sev, src_.path, line, std::move(message)});
  }
  void note(int line, std::string m) { diag(Severity::kNote, line, std::move(m)); }
  void warn(int line, std::string m) { diag(Severity::kWarning, line, std::move(m)); }

  int source_line(int text_line) const {
    if (line_map_ && text_line >= 1 && static_cast<std::size_t>(text_line) <= line_map_->size())
      return (*line_map_)[static_cast<std::size_t>(text_line - 1)];
    return text_line;
  }

  // --- lines -------------------------------------------------------------------------------
  bool content(std::size_t i) const {
    return i < lines_.size() && lines_[i].kind == Kind::kContent;
  }

  void read_lines(std::string_view text) {
    const auto raw = split_lines(text);
    for (std::size_t i = 0; i < raw.size(); ++i) {
      Line l;
      l.no = source_line(static_cast<int>(i) + 1);
      l.text = std::string(trim(raw[i]));
      if (l.text.empty()) {
        if (!raw[i].empty()) {
          l.kind = Kind::kArtefact;
          note(l.no, "whitespace-only line (a page break or a removed image) — dropped");
        }
      } else if (RE2::FullMatch(l.text, stray_re())) {
        l.kind = Kind::kArtefact;
        note(l.no, fmt::format("stray citation chip '{}' — dropped; it is not report text",
                               std::string(prefix_by_width(l.text, 40))));
      } else {
        l.kind = Kind::kContent;
      }
      lines_.push_back(std::move(l));
    }
  }

  bool blank_before(std::size_t i) const { return i == 0 || !content(i - 1); }
  bool blank_after(std::size_t i) const { return !content(i + 1); }

  // Index of the key's field, or -1.
  static int key_field(std::string_view key) {
    const std::string k = fold(key);
    for (const auto& kf : kKeys)
      if (k == kf.key) return kf.field;
    return -1;
  }

  // "Key<TAB>Value" or "Key  Value" with a known key: (field, value).
  static std::optional<std::pair<int, std::string>> key_value(std::string_view line) {
    std::size_t sep = line.find('\t');
    std::size_t skip = 1;
    if (sep == std::string_view::npos) {
      sep = line.find("  ");
      skip = 2;
    }
    if (sep == std::string_view::npos) return std::nullopt;
    const int field = key_field(trim(line.substr(0, sep)));
    if (field < 0) return std::nullopt;
    return std::make_pair(field, std::string(trim(line.substr(sep + skip))));
  }

  static std::vector<std::string> cells(std::string_view line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
      const auto tab = line.find('\t', start);
      out.emplace_back(trim(line.substr(start, tab == std::string_view::npos ? tab : tab - start)));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    return out;
  }

  static bool is_front_matter_heading(std::string_view s) {
    const std::string f = fold(s);
    for (const char* h : kFrontMatterHeadings)
      if (f == h) return true;
    return false;
  }

  // The cover: lines before the first front-matter heading or identification line.
  void find_cover() {
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      if (!content(i)) continue;
      if (is_front_matter_heading(lines_[i].text) || key_value(lines_[i].text)) {
        cover_end_ = i;
        break;
      }
    }
    for (std::size_t i = 0; i < cover_end_; ++i)
      if (content(i)) lines_[i].role = Role::kCover;
  }

  void mark_tables() {
    for (std::size_t i = cover_end_; i < lines_.size(); ++i) {
      if (!content(i)) continue;
      Line& l = lines_[i];
      if (auto kv = key_value(l.text); kv && !fields_[static_cast<std::size_t>(kv->first)]) {
        l.role = Role::kKeyValue;
        fields_[static_cast<std::size_t>(kv->first)] = {l.no, kv->second};
        continue;
      }
      if (l.text.find('\t') == std::string::npos) continue;
      const auto head = cells(l.text);
      const std::string first = fold(head.front());
      if (head.size() < 2 || (first != "version" && first != "date" && first != "version date" &&
                              first != "rev." && first != "revision"))
        continue;
      l.role = Role::kHistoryHeader;
      int contributor = -1, contribution = -1;
      for (std::size_t c = 1; c < head.size(); ++c) {
        const std::string h = fold(head[c]);
        if (h.find("contributor") != std::string::npos || h.find("author") != std::string::npos)
          contributor = static_cast<int>(c);
        else if (h.find("contribution") != std::string::npos ||
                 h.find("description") != std::string::npos ||
                 h.find("change") != std::string::npos)
          contribution = static_cast<int>(c);
      }
      if (contributor < 0 && head.size() > 1) contributor = 1;
      if (contribution < 0 && head.size() > 2) contribution = 2;
      std::size_t j = i + 1;
      for (; content(j) && lines_[j].text.find('\t') != std::string::npos; ++j) {
        lines_[j].role = Role::kHistoryRow;
        const auto row = cells(lines_[j].text);
        ReportHistoryRow h;
        auto cell = [&](int c) -> std::optional<std::string> {
          if (c < 0 || static_cast<std::size_t>(c) >= row.size() ||
              row[static_cast<std::size_t>(c)].empty())
            return std::nullopt;
          return row[static_cast<std::size_t>(c)];
        };
        h.date = iso_date(row.front());
        if (!h.date)
          warn(lines_[j].no, fmt::format("version-history row starts with '{}', not a date "
                                         "(dd/mm/yyyy) — its date is left empty",
                                         row.front()));
        h.contributor = cell(contributor);
        h.contribution = cell(contribution);
        rec_.history.push_back(std::move(h));
      }
      if (!rec_.history.empty()) rec_.source.spans["history"] = {l.no, lines_[j - 1].no};
      i = j - 1;
    }
    int first = 0, last = 0;
    for (const auto& l : lines_) {
      if (l.role != Role::kKeyValue) continue;
      if (!first) first = l.no;
      last = l.no;
    }
    if (first) rec_.source.spans["identification"] = {first, last};
  }

  bool free_content(std::size_t i) const { return content(i) && lines_[i].role == Role::kNone; }
  bool is_caption(std::size_t i) const {
    return content(i) && RE2::FullMatch(lines_[i].text, caption_re());
  }
  bool is_source(std::size_t i) const {
    return content(i) && RE2::FullMatch(lines_[i].text, source_re());
  }

  bool label_like(std::size_t i) const {
    if (!free_content(i) || is_caption(i) || is_source(i)) return false;
    const std::string& t = lines_[i].text;
    return !is_bullet(t) && t.size() <= 30 && word_count(t) <= 3 && !ends_sentence(t);
  }
  bool title_like(std::size_t i) const {
    if (!free_content(i) || is_caption(i) || is_source(i)) return false;
    const std::string& t = lines_[i].text;
    return !is_bullet(t) && t.size() <= 160 && word_count(t) >= 3 && !ends_sentence(t) &&
           t.find("**") == std::string::npos && !rules_.swot_label(t);
  }

  // Walks back from a caption or source line over blanks, chart labels and notes; returns the
  // figure's title line, if any, and marks the labels on the way.
  std::optional<std::size_t> title_above(std::size_t c, bool skip_notes) {
    std::vector<std::size_t> labels;
    std::optional<std::size_t> title;
    for (std::size_t k = c; k-- > cover_end_ && c - k <= 12;) {
      if (!content(k)) continue;
      const Line& l = lines_[k];
      if (l.role == Role::kHeading || l.role == Role::kCaption || l.role == Role::kFigureTitle)
        break;
      if (skip_notes && (is_source(k) || RE2::PartialMatch(l.text, note_re()))) continue;
      if (title_like(k)) {
        title = k;
        break;
      }
      if (label_like(k) && labels.size() < 3) {
        labels.push_back(k);
        continue;
      }
      break;
    }
    if (title || !labels.empty() || skip_notes) {
      for (std::size_t k : labels) {
        lines_[k].role = Role::kLabel;
        note(lines_[k].no, fmt::format("'{}' looks like a label inside a figure — left out of the "
                                       "text",
                                       lines_[k].text));
      }
    }
    return title;
  }

  void mark_figures() {
    for (std::size_t i = cover_end_; i < lines_.size(); ++i) {
      if (!is_caption(i) || lines_[i].role != Role::kNone) continue;
      lines_[i].role = Role::kCaption;
      PendingFigure f;
      f.caption = i;
      // Notes and sources printed before the caption belong to the figure.
      for (std::size_t k = i; k-- > cover_end_ && i - k <= 6;) {
        if (!content(k)) continue;
        if (is_source(k) && lines_[k].role == Role::kNone) {
          lines_[k].role = Role::kSource;
          f.source = k;
          continue;
        }
        if (RE2::PartialMatch(lines_[k].text, note_re())) continue;
        break;
      }
      if (auto t = title_above(i, true)) {
        lines_[*t].role = Role::kFigureTitle;
        f.title = t;
      }
      // A source line right after the caption.
      std::size_t n = i + 1;
      while (n < lines_.size() && !content(n) && n - i <= 3) ++n;
      if (!f.source && is_source(n) && lines_[n].role == Role::kNone) {
        lines_[n].role = Role::kSource;
        f.source = n;
      }
      pending_.push_back(f);
    }
    // A chart with a title and a source but no "Figure N" line.
    for (std::size_t i = cover_end_; i < lines_.size(); ++i) {
      if (!is_source(i) || lines_[i].role != Role::kNone) continue;
      if (auto t = title_above(i, false)) {
        lines_[*t].role = Role::kFigureTitle;
        lines_[i].role = Role::kSource;
        PendingFigure f;
        f.title = t;
        f.source = i;
        pending_.push_back(f);
        warn(lines_[*t].no, fmt::format("chart '{}' has no 'Figure N:' caption — kept as a figure "
                                        "without a number",
                                        std::string(prefix_by_width(lines_[*t].text, 60))));
      }
    }
  }

  bool is_heading(std::size_t i) const {
    if (!free_content(i) || !blank_before(i) || !blank_after(i)) return false;
    const std::string& t = lines_[i].text;
    if (t.size() > 120 || word_count(t) > 12 || ends_sentence(t)) return false;
    if (t.back() == ',' || t.find('\t') != std::string::npos) return false;
    if (t.find('*') != std::string::npos || t.find('[') != std::string::npos) return false;
    if (!RE2::PartialMatch(t, first_upper_re()) || !RE2::PartialMatch(t, has_letter_re()))
      return false;
    if (is_bullet(t) || is_caption(i) || is_source(i) || RE2::PartialMatch(t, note_re()))
      return false;
    if (rules_.swot_label(t)) return false;
    return true;
  }

  void mark_headings() {
    for (std::size_t i = cover_end_; i < lines_.size(); ++i)
      if (is_heading(i)) lines_[i].role = Role::kHeading;
  }

  // --- sections ----------------------------------------------------------------------------
  void add_line_to(Section& s, std::size_t i, bool gap) {
    Line& l = lines_[i];
    std::string text;
    bool bullet = false;
    switch (l.role) {
      case Role::kKeyValue: {
        auto kv = key_value(l.text);
        const auto tab = l.text.find('\t');
        const std::string key(trim(std::string_view(l.text).substr(
            0, tab == std::string::npos ? l.text.find("  ") : tab)));
        text = key + ": " + (kv ? kv->second : std::string());
        s.front_matter = true;
        break;
      }
      case Role::kHistoryHeader:
      case Role::kHistoryRow:
        text = join(cells(l.text), " | ");
        s.front_matter = true;
        break;
      case Role::kNone:
        bullet = is_bullet(l.text);
        text = clean_markup(bullet ? "- " + bullet_body(l.text) : l.text);
        if (bullet && text.size() > 2) text = "- " + std::string(trim(text.substr(1)));
        break;
      default:
        return;  // captions, figure titles, labels, sources: figures, not text
    }
    if (text.empty()) return;
    if (!s.paras.empty() && !bullet && l.role == Role::kNone) {
      Para& prev = s.paras.back();
      if (!ends_sentence(prev.text) && RE2::PartialMatch(text, starts_lower_re())) {
        if (gap)
          note(l.no, fmt::format("line {} continues the sentence of line {} across a blank line "
                                 "or page break — joined",
                                 l.no, prev.pieces.back().second));
        prev.pieces.emplace_back(prev.text.size() + 1, l.no);
        prev.text += " " + text;
        prev.last_index = i;
        return;
      }
    }
    Para p;
    p.text = std::move(text);
    p.pieces.emplace_back(0, l.no);
    p.last_index = i;
    p.bullet = bullet;
    s.paras.push_back(std::move(p));
  }

  void build_sections() {
    std::optional<Section> cur;
    bool gap = false;
    auto close = [&](std::size_t end) {
      if (!cur) return;
      cur->end_index = end;
      if (is_front_matter_heading(cur->heading)) cur->front_matter = true;
      sections_.push_back(std::move(*cur));
      cur.reset();
    };
    for (std::size_t i = cover_end_; i < lines_.size(); ++i) {
      if (!content(i)) {
        gap = true;
        continue;
      }
      if (lines_[i].role == Role::kHeading) {
        close(i);
        cur = Section{};
        cur->heading = lines_[i].text;
        cur->heading_index = i;
        gap = false;
        continue;
      }
      if (!cur) {
        warn(lines_[i].no,
             "text before the first heading — kept in a section named "
             "'(untitled)'");
        cur = Section{};
        cur->heading = "(untitled)";
        cur->heading_index = i;
      }
      add_line_to(*cur, i, gap);
      gap = false;
    }
    close(lines_.size());
    int ordinal = 0;
    for (const auto& s : sections_) {
      ReportSection rs;
      rs.ordinal = ++ordinal;
      rs.heading = s.heading;
      for (const auto& p : s.paras) rs.paragraphs.push_back(p.text);
      rs.lines.first = lines_[s.heading_index].no;
      rs.lines.last = rs.lines.first;
      for (std::size_t k = s.end_index; k-- > s.heading_index;) {
        if (content(k)) {
          rs.lines.last = lines_[k].no;
          break;
        }
      }
      rec_.sections.push_back(std::move(rs));
    }
  }

  const Section* section_of(std::size_t i) const {
    for (const auto& s : sections_)
      if (i >= s.heading_index && i < s.end_index) return &s;
    return nullptr;
  }
  std::optional<std::string> heading_of(std::size_t i) const {
    if (const Section* s = section_of(i)) return s->heading;
    return std::nullopt;
  }

  // --- figures -----------------------------------------------------------------------------
  struct PendingFigure {
    std::optional<std::size_t> caption, title, source;
  };

  void collect_figures() {
    std::sort(pending_.begin(), pending_.end(), [](const auto& a, const auto& b) {
      return a.title.value_or(*a.caption) < b.title.value_or(*b.caption);
    });
    for (const auto& p : pending_) {
      ReportFigure f;
      std::optional<std::string> title;
      if (p.title) title = clean_markup(lines_[*p.title].text);
      if (p.caption) {
        const Line& c = lines_[*p.caption];
        int number = 0;
        std::string caption;
        RE2::FullMatch(c.text, caption_re(), &number, &caption);
        f.number = number;
        f.caption = clean_markup(caption);
        f.line = c.no;
        if (f.caption.empty()) {
          if (title) {
            f.caption = *title;
          } else {
            warn(c.no, fmt::format("Figure {} has an empty caption and no title line above its "
                                   "image — caption left empty",
                                   number));
          }
        }
      } else {
        f.caption = title.value_or("");
        f.line = lines_[*p.title].no;
      }
      f.title = title;
      if (p.source) {
        std::string s;
        RE2::FullMatch(lines_[*p.source].text, source_re(), &s);
        f.source = clean_markup(s);
      }
      f.section = heading_of(p.caption.value_or(p.title.value_or(0)));
      rec_.figures.push_back(std::move(f));
    }
  }

  // --- SWOT --------------------------------------------------------------------------------
  void parse_swot() {
    static const char* const kQuadrants[] = {"strengths", "weaknesses", "opportunities", "threats"};
    for (const auto& s : sections_) {
      if (s.front_matter) continue;
      // The introduction: the heading or the first paragraph that names the SWOT.
      std::optional<std::size_t> start;
      if (fold(s.heading).find("swot") != std::string::npos) start = s.heading_index + 1;
      for (const auto& p : s.paras) {
        if (start) break;
        if (fold(p.text).find("swot") != std::string::npos) start = p.last_index + 1;
      }
      if (!start) continue;
      int block = -1;
      bool labelled = false, prev_bullet = false;
      std::string quadrant;
      int first = 0, last = 0;
      for (std::size_t i = *start; i < s.end_index; ++i) {
        if (!content(i)) {
          prev_bullet = false;
          continue;
        }
        const Line& l = lines_[i];
        if (l.role != Role::kNone) continue;
        if (auto q = rules_.swot_label(l.text)) {
          quadrant = *q;
          labelled = true;
          prev_bullet = false;
          continue;
        }
        if (!is_bullet(l.text)) {
          if (!rec_.swot.empty()) break;  // the text after the lists
          continue;                       // a footnote between the introduction and the lists
        }
        if (!labelled && !prev_bullet) {
          if (++block >= 4) break;
          quadrant = kQuadrants[block];
        }
        prev_bullet = true;
        if (quadrant.empty()) continue;
        rec_.swot.push_back({quadrant, clean_markup(bullet_body(l.text))});
        if (!first) first = l.no;
        last = l.no;
      }
      if (rec_.swot.empty()) continue;
      if (!labelled && block != 3)
        warn(first, fmt::format("SWOT analysis has {} unlabelled list(s), expected 4 — quadrants "
                                "assigned in order strengths, weaknesses, opportunities, threats",
                                block + 1));
      rec_.source.spans["swot"] = {first, last};
      swot_section_ = &s;
      return;
    }
  }

  // --- recommendations ---------------------------------------------------------------------
  bool has_lead_in_items(const Section& s) const {
    for (std::size_t i = s.heading_index + 1; i + 1 < s.end_index; ++i)
      if (content(i) && is_bullet(lines_[i].text) && content(i + 1) &&
          lines_[i + 1].role == Role::kNone && !is_bullet(lines_[i + 1].text))
        return true;
    return false;
  }

  void parse_recommendations() {
    const Section* target = nullptr;
    bool after_swot = swot_section_ == nullptr;
    for (const auto& s : sections_) {
      if (&s == swot_section_) {
        after_swot = true;
        continue;
      }
      if (!after_swot || s.front_matter) continue;
      bool bullets = false;
      for (const auto& p : s.paras) bullets = bullets || p.bullet;
      if (!bullets) continue;
      const bool cue = rules_.has_recommendation_cue(s.heading) ||
                       (!s.paras.empty() && !s.paras.front().bullet &&
                        rules_.has_recommendation_cue(s.paras.front().text));
      if (cue || (!target && has_lead_in_items(s))) {
        target = &s;
        if (cue) break;
      }
    }
    if (!target) return;
    std::optional<Recommendation> cur;
    bool gap = false;
    int first = 0, last = 0;
    auto close = [&] {
      if (cur) rec_.recommendations.push_back(std::move(*cur));
      cur.reset();
    };
    for (std::size_t i = target->heading_index + 1; i < target->end_index; ++i) {
      if (!content(i)) {
        gap = true;
        continue;
      }
      const Line& l = lines_[i];
      if (l.role != Role::kNone) continue;
      if (is_bullet(l.text)) {
        close();
        cur = lead_in(bullet_body(l.text));
        if (!first) first = l.no;
        last = l.no;
      } else if (cur) {
        std::string body = clean_markup(l.text);
        const bool continues =
            !ends_sentence(cur->text) && RE2::PartialMatch(body, starts_lower_re());
        if (gap && !continues && !cur->text.empty()) {
          close();  // a paragraph after the list
        } else {
          if (cur->text.empty())
            cur->text = body;
          else
            cur->text += (continues ? " " : "\n") + body;
          last = l.no;
        }
      }
      gap = false;
    }
    close();
    if (first) rec_.source.spans["recommendations"] = {first, last};
  }

  // "**Lead-in** rest", "Lead-in: rest" or a bare title.
  static Recommendation lead_in(const std::string& item) {
    Recommendation r;
    std::string_view v = trim(item);
    if (v.starts_with("**")) {
      const auto close = v.find("**", 2);
      if (close != std::string_view::npos) {
        r.title = clean_markup(std::string(v.substr(2, close - 2)));
        std::string rest(trim(v.substr(close + 2)));
        while (!rest.empty() && (rest.front() == ':' || rest.front() == '-')) rest.erase(0, 1);
        r.text = clean_markup(rest);
      }
    }
    if (r.title.empty()) {
      const std::string clean = clean_markup(std::string(v));
      const auto colon = clean.find(": ");
      if (colon != std::string::npos && colon <= 80 && word_count(clean.substr(0, colon)) <= 10) {
        r.title = clean.substr(0, colon);
        r.text = std::string(trim(clean.substr(colon + 2)));
      } else {
        r.title = clean;
      }
    }
    while (!r.title.empty() && (r.title.back() == ':' || r.title.back() == '.')) r.title.pop_back();
    return r;
  }

  // --- metadata ----------------------------------------------------------------------------
  void resolve_metadata() {
    auto field = [&](int f) -> std::optional<std::string> {
      const auto& v = fields_[static_cast<std::size_t>(f)];
      if (!v || v->second.empty()) return std::nullopt;
      return clean_markup(v->second);
    };
    rec_.title = field(0);
    rec_.project_name = field(1);
    rec_.project_number = field(2);
    rec_.applicant = field(3);
    rec_.manager = field(4);
    rec_.version = field(5);
    if (auto d = field(6)) {
      rec_.date = iso_date(*d);
      if (!rec_.date)
        warn(fields_[6]->first, fmt::format("date '{}' is not dd/mm/yyyy — left empty", *d));
    }
    // The region: after "Annexes" in the title, else a region named in the title, the cover or
    // the first heading.
    std::optional<std::string> raw;
    int line = fields_[0] ? fields_[0]->first : 0;
    std::string tail;
    if (rec_.title && RE2::PartialMatch(*rec_.title, annex_re(), &tail))
      raw = std::string(trim(tail));
    const Region* region = raw ? rules_.region(*raw) : nullptr;
    if (!region) {
      std::vector<std::string> candidates;
      if (rec_.title) candidates.push_back(*rec_.title);
      std::string cover;
      for (std::size_t i = 0; i < cover_end_; ++i)
        if (content(i)) cover += lines_[i].text + " ";
      candidates.push_back(clean_markup(cover));
      for (const auto& s : sections_)
        if (!s.front_matter) {
          candidates.push_back(s.heading);
          break;
        }
      for (const auto& c : candidates) {
        if ((region = region_in(c))) break;
      }
    }
    if (region) {
      rec_.region = region->name;
      rec_.country = region->country;
    } else if (raw) {
      std::string r = *raw;
      RE2::GlobalReplace(&r, R"(\s*[-–]\s*)", "-");
      rec_.region = r;
      warn(line, fmt::format("region '{}' is not in schemas/regions.json — kept as written; the "
                             "country is taken from the text",
                             r));
    } else {
      warn(line,
           "no region found in the document title ('… Annexes <Region>'), the cover or the "
           "first heading — region left empty");
    }
  }

  const Region* region_in(const std::string& text) const {
    const Folded f = fold_map(text);
    const Region* found = nullptr;
    std::size_t best = 0;
    each_match(rules_.gazetteer_re(), f.text, [&](const std::vector<std::string_view>& g) {
      if (g[1].size() <= best) return;
      if (const Region* r = rules_.region(g[1])) {
        found = r;
        best = g[1].size();
      }
    });
    return found;
  }

  // --- mentions ----------------------------------------------------------------------------
  struct Found {
    std::size_t at = 0;
    Mention m;
  };

  void add_found(std::vector<Found>& found, const std::string& text, const Folded& f, std::size_t b,
                 std::size_t e, Mention m) {
    const std::size_t ob = f.at[b], oe = f.at[e];
    m.text = std::string(trim(std::string_view(text).substr(ob, oe - ob)));
    found.push_back({ob, std::move(m)});
  }

  void scan(const std::string& text, const std::function<int(std::size_t)>& line_at,
            const std::optional<std::string>& section) {
    const Folded f = fold_map(text);
    const std::string_view ft = f.text;
    std::vector<std::pair<std::size_t, std::size_t>> taken;
    auto overlaps = [&](std::size_t b, std::size_t e) {
      for (const auto& [tb, te] : taken)
        if (b < te && tb < e) return true;
      return false;
    };
    std::vector<Found> found;
    // Organisations, programmes, places.
    each_match(rules_.gazetteer_re(), ft, [&](const std::vector<std::string_view>& g) {
      const auto* e = rules_.gazetteer_entry(g[1]);
      if (!e) return;
      const std::size_t b = offset_in(ft, g[1]), end = b + g[1].size();
      taken.emplace_back(b, end);
      if (e->type.empty()) return;
      Mention m;
      m.type = e->type;
      m.value = e->value;
      add_found(found, text, f, b, end, std::move(m));
    });
    // Legal acts.
    each_match(act_re(), ft, [&](const std::vector<std::string_view>& g) {
      const bool dated = g[6].data() || g[9].data();
      if (!g[3].data() && !dated) return;
      std::string kind = fold_kind(g[2]);
      std::string value = kind;
      if (g[3].data()) value += " " + std::string(g[3]);
      if (g[6].data()) {
        value += fmt::format(" of {}-{:02}-{:02}", g[6], month_number(g[5]),
                             std::stoi(std::string(g[4])));
      } else if (g[9].data()) {
        value += fmt::format(" of {}-{:02}-{:02}", g[9], std::stoi(std::string(g[8])),
                             std::stoi(std::string(g[7])));
      }
      const std::size_t b = offset_in(ft, g[1]);
      std::size_t e = b + g[1].size();
      if (g[1].ends_with(')') && g[1].find('(') == std::string_view::npos)
        --e;  // "(… orders of …)"
      if (g[3].data()) taken.emplace_back(offset_in(ft, g[3]), offset_in(ft, g[3]) + g[3].size());
      Mention m;
      m.type = "legal_act";
      m.value = value;
      add_found(found, text, f, b, e, std::move(m));
    });
    each_match(year_act_re(), ft, [&](const std::vector<std::string_view>& g) {
      const std::size_t b = offset_in(ft, g[1]);
      std::size_t e = offset_in(ft, g[2]) + g[2].size();
      if (g[3].data() && !g[3].empty()) {
        const auto t = trim(g[3]);
        e = offset_in(ft, t) + t.size();
      }
      Mention m;
      m.type = "legal_act";
      m.value = fold_kind(g[2]) + " of " + std::string(g[1]);
      add_found(found, text, f, b, e, std::move(m));
    });
    // Statistics.
    auto statistic = [&](std::size_t b, std::size_t e, std::string_view qual, double number,
                         std::optional<std::string> unit) {
      if (overlaps(b, e)) return;
      taken.emplace_back(b, e);
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
      m.subject = clause_around(text, f.at[b], f.at[e]);
      add_found(found, text, f, b, e, std::move(m));
    };
    each_match(percent_re(), ft, [&](const std::vector<std::string_view>& g) {
      const std::size_t b = offset_in(ft, g[1]);
      statistic(b, b + g[1].size(), g[2].data() ? g[2] : "", parse_number(std::string(g[3])), "%");
    });
    each_match(scaled_re(), ft, [&](const std::vector<std::string_view>& g) {
      const std::size_t b = offset_in(ft, g[1]);
      double scale = g[4].starts_with("million") ? 1e6 : g[4].starts_with("billion") ? 1e9 : 1e3;
      const std::size_t e = b + g[1].size();
      statistic(b, e, g[2].data() ? g[2] : "", parse_number(std::string(g[3])) * scale,
                unit_after(text, f, e));
    });
    each_match(fraction_re(), ft, [&](const std::vector<std::string_view>& g) {
      static const std::map<std::string, double, std::less<>> kParts = {
          {"third", 3}, {"quarter", 4}, {"half", 2}, {"fifth", 5}, {"tenth", 10}};
      static const std::map<std::string, double, std::less<>> kCounts = {
          {"one", 1}, {"a", 1}, {"two", 2}, {"three", 3}};
      const std::size_t b = offset_in(ft, g[1]);
      const double n = kCounts.find(g[3])->second / kParts.find(g[4])->second;
      statistic(b, b + g[1].size(), g[2].data() ? g[2] : "", n, "share");
    });
    each_match(count_re(), ft, [&](const std::vector<std::string_view>& g) {
      const std::string digits(g[3]);
      if (digits.size() == 4 && digits.find(',') == std::string::npos &&
          (digits.starts_with("19") || digits.starts_with("20")))
        return;  // a year
      const std::size_t b = offset_in(ft, g[1]), e = b + g[1].size();
      statistic(b, e, g[2].data() ? g[2] : "", parse_number(digits), unit_after(text, f, e));
    });
    // Years.
    each_match(year_re(), ft, [&](const std::vector<std::string_view>& g) {
      const std::size_t b = offset_in(ft, g[1]);
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
        if (y2) e = offset_in(ft, g[3]) + g[3].size();
      }
      if (e < ft.size() && (std::isalnum(static_cast<unsigned char>(ft[e])) != 0)) return;  // 2020b
      if (overlaps(b, e)) return;  // "France 2030", "law 2022-217"
      for (int y : {y1, y2.value_or(0)}) {
        if (!y) continue;
        Mention m;
        m.type = "year";
        m.value = std::to_string(y);
        add_found(found, text, f, b, e, std::move(m));
      }
    });
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
    for (auto& x : found) {
      x.m.section = section;
      x.m.line = line_at(x.at);
      const bool per_occurrence = x.m.type == "legal_act" || x.m.type == "statistic";
      // Each spelling once per section: "France Strategy" and "FranceStratégie" both stay,
      // with the one value they share.
      if (!per_occurrence &&
          !seen_.emplace(x.m.type, x.m.value + "\n" + fold(x.m.text), section.value_or("")).second)
        continue;
      rec_.mentions.push_back(std::move(x.m));
    }
  }

  static std::string fold_kind(std::string_view k) {
    const std::string f = fold(k);
    if (f.starts_with("law") || f.starts_with("loi") || f.starts_with("act")) return "law";
    if (f.starts_with("decre")) return "decree";
    if (f.starts_with("legislation")) return "legislation";
    return "order";
  }

  // The noun after a number ("5,951 candidates registered" -> "candidates"), up to 3 words.
  static std::optional<std::string> unit_after(const std::string& text, const Folded& f,
                                               std::size_t e) {
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

  void collect_mentions() {
    for (const auto& s : sections_) {
      if (s.front_matter) continue;
      for (const auto& p : s.paras)
        scan(
            p.text, [&p](std::size_t off) { return p.line_at(off); }, s.heading);
    }
    for (const auto& fig : rec_.figures) {
      for (const auto* t : {&fig.caption, fig.title ? &*fig.title : nullptr}) {
        if (!t || (t != &fig.caption && *t == fig.caption)) continue;
        const int line = fig.line;
        scan(
            *t, [line](std::size_t) { return line; }, fig.section);
      }
    }
  }

  // --- derived tags ------------------------------------------------------------------------
  void derive_tags() {
    for (const auto& rule : rules_.tag_rules()) {
      for (const auto& s : sections_) {
        if (s.front_matter) continue;
        std::string text = s.heading;
        for (const auto& p : s.paras) text += "\n" + p.text;
        for (const auto& fig : rec_.figures)
          if (fig.section == s.heading) text += "\n" + fig.title.value_or(fig.caption);
        const Folded f = fold_map(text);
        int hits = 0;
        std::vector<std::string> words;
        std::set<std::string> keys;
        each_match(*rule.re, f.text, [&](const std::vector<std::string_view>& g) {
          ++hits;
          const std::size_t b = offset_in(f.text, g[1]);
          if (!keys.insert(std::string(g[1])).second) return;
          words.emplace_back(text.substr(f.at[b], f.at[b + g[1].size()] - f.at[b]));
        });
        if (hits < rules_.min_hits()) continue;
        rec_.tags.push_back(
            {rule.dimension, rule.value, rule.parent, join(words, ", "), s.heading});
      }
    }
  }

  // --- the record --------------------------------------------------------------------------
  void finish() {
    // The country: the region's, else the country the body names most.
    if (!rec_.country) {
      std::map<std::string, int> counts;
      for (const auto& m : rec_.mentions)
        if (m.type == "place" && tax_.country(m.value)) ++counts[m.value];
      const auto best =
          std::max_element(counts.begin(), counts.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      if (best != counts.end()) {
        rec_.country = best->first;
        note(0, fmt::format("country '{}' taken from the text (named in {} section(s))",
                            best->first, best->second));
      }
    }
    if (rec_.country) {
      if (const Country* c = tax_.country(*rec_.country)) {
        rec_.country = c->label;
        rec_.country_code = c->code;
      }
    }
    if (rec_.project_number && rec_.region) {
      rec_.id = slug(*rec_.project_number) + "-" + slug(*rec_.region);
    } else if (rec_.region && (rec_.project_name || rec_.title)) {
      rec_.id =
          slug(rec_.project_name.value_or(*rec_.title)).substr(0, 40) + "-" + slug(*rec_.region);
    } else {
      rec_.id = "report-" + src_.sha256.substr(0, 12);
      warn(0, fmt::format("no project number and region to name the report — its id is '{}', "
                          "taken from the file's content; add the identification block",
                          rec_.id));
    }
    const bool headed = std::any_of(lines_.begin(), lines_.end(),
                                    [](const Line& l) { return l.role == Role::kHeading; });
    if (!rec_.title && !headed) {
      diag(Severity::kError, 0,
           "not a regional report: no document-identification block ('Document Title<TAB>…') "
           "and no section heading — check the file, or name its format with --format");
      return;
    }
    if (!rec_.title)
      warn(0, "no 'Document Title' in a document-identification block — title left empty");
    if (!rec_.sections.empty())
      rec_.source.spans["body"] = {rec_.sections.front().lines.first,
                                   rec_.sections.back().lines.last};
    out_.records.emplace_back(std::move(rec_));
  }

  const SourceFile& src_;
  const ReportRules& rules_;
  const Taxonomy& tax_;
  const std::vector<int>* line_map_;
  ReportRecord rec_;
  ParseResult out_;
  std::vector<Line> lines_;
  std::size_t cover_end_ = 0;
  std::optional<std::pair<int, std::string>> fields_[7];  // (line, value) per identification key
  std::vector<PendingFigure> pending_;
  std::vector<Section> sections_;
  const Section* swot_section_ = nullptr;
  std::set<std::tuple<std::string, std::string, std::string>> seen_;
};

}  // namespace

int sniff_report_text(const SourceFile& src) {
  const std::string_view t = src.text;
  if (t.find("<html") != std::string_view::npos || t.find("<HTML") != std::string_view::npos)
    return 0;
  if (sniff_policy_text(src) > 0) return 0;
  int score = 0;
  if (t.find("DOCUMENT IDENTIFICATION") != std::string_view::npos) score += 30;
  if (t.find("Document Title\t") != std::string_view::npos) score += 20;
  if (t.find("Project Number\t") != std::string_view::npos) score += 15;
  if (t.find("VERSION HISTORY") != std::string_view::npos) score += 10;
  if (t.find("Regional Report") != std::string_view::npos ||
      t.find("REGIONAL REPORT") != std::string_view::npos)
    score += 20;
  if (t.find("SWOT") != std::string_view::npos) score += 10;
  if (t.find("\nFigure 1:") != std::string_view::npos) score += 5;
  return std::clamp(score, 0, 100);
}

bool is_identification_key(std::string_view line) {
  const std::string k = fold(line);
  for (const auto& kf : kKeys)
    if (k == kf.key) return true;
  return false;
}

ParseResult parse_report_text(const SourceFile& src) {
  return parse_report_lines(src, src.text, "report-text");
}

ParseResult parse_report_lines(const SourceFile& src, std::string_view text,
                               std::string_view format, const std::vector<int>* line_map) {
  return ReportParser(src, format, line_map).run(text);
}

}  // namespace vetq::parsers
