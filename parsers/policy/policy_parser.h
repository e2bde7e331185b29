#pragma once
// Private to parsers/policy: the policy-page parser shared by policy_text.cpp (sections,
// citation, URL and id) and policy_fields.cpp (one method per section's values).
#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/common/reporter.h"
#include "vetq/record.h"
#include "vetq/taxonomy.h"

namespace vetq::parsers::policy {

// One non-empty line of the page, trimmed, with its 1-based source line.
struct Line {
  int no = 0;
  std::string text;
  int last = 0;  // the last source line it takes (0: `no`)
};

// A section of the page: its canonical header and the lines under it.
struct Section {
  std::string name;
  int header_line = 0;  // 0 for the header-less preamble (the timeline of short copies)
  std::vector<Line> lines;
};

inline const RE2& timeline_re() {
  static const RE2 re(R"(^(?:(?:-|•|\*|–)\s*)?(\d{4})\s*(\pL.*)$)");
  return re;
}
inline const RE2& year_re() {
  static const RE2 re(R"(^(\d{4})$)");
  return re;
}
inline const RE2& citation_re() {
  // "Cedefop, & ReferNet. (2025). <Title>: <Country>. In Cedefop, & ReferNet. (2025).
  //  Timeline of VET policies in Europe (2024 update) [Online tool]."
  static const RE2 re(
      R"(^Cedefop,? (?:&|and) ReferNet\.? \((\d{4})\)\. (.+): ([^:]+?)\. In Cedefop,? (?:&|and) )"
      R"(ReferNet\.? \(\d{4}\)\. Timeline of VET policies in Europe(?: \((\d{4} update)\))?)"
      R"((?: \[Online tool\])?\.?$)");
  return re;
}
inline const RE2& url_re() {
  static const RE2 re(
      R"(^https?://(?:www\.)?cedefop\.europa\.eu(?:/[a-z]{2})?/tools/timeline-vet-policies-europe/search/(\d+)/?(?:[?#].*)?$)");
  return re;
}

inline std::optional<std::string> join_lines(const std::vector<Line>& lines) {
  if (lines.empty()) return std::nullopt;
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out.push_back('\n');
    out += prose_line(l.text);
  }
  return out;
}

// The years a timeline can hold; anything else is a broken page (year 0000, 20199).
constexpr int kFirstYear = 1990;
constexpr int kLastYear = 2100;

class PolicyParser {
 public:
  PolicyParser(const SourceFile& src, std::string_view format, const std::vector<int>* line_map)
      : src_(src), tax_(Taxonomy::get()), line_map_(line_map) {
    rec_.source.path = src.path;
    rec_.source.sha256 = src.sha256;
    rec_.source.format = std::string(format);
  }

  ParseResult run(std::string_view text) {
    split_sections(text);
    for (auto& s : sections_) parse_section(s);
    finish();
    return std::move(out_);
  }

 private:
  void diag(Severity sev, int line, std::string message) {
    report_.diag(sev, line, std::move(message));
  }
  void warn(int line, std::string message) { report_.warn(line, std::move(message)); }

  // The last source line of a text line: the line itself, or in a rendered HTML page the line
  // before the next block's (a paragraph wraps over several).
  int source_last_line(int text_line) const {
    const int no = source_line(text_line);
    if (!line_map_ || text_line < 1 || static_cast<std::size_t>(text_line) >= line_map_->size())
      return no;
    return std::max(no, (*line_map_)[static_cast<std::size_t>(text_line)] - 1);
  }

  int source_line(int text_line) const {
    if (line_map_ && text_line >= 1 && static_cast<std::size_t>(text_line) <= line_map_->size())
      return (*line_map_)[static_cast<std::size_t>(text_line - 1)];
    return text_line;
  }

  void split_sections(std::string_view text);

  // Drops the help text printed directly under a header on full pages; takes the lines.
  std::vector<Line> content(Section& s) const;

  void note_span(const Section& s);

  void parse_section(Section& s);

  // A text field, one paragraph per line, and the line each paragraph is on.
  void set_text(std::optional<std::string>& field, const std::vector<Line>& lines,
                const std::string& name) {
    auto t = join_lines(lines);
    if (!t) return;
    field = std::move(t);
    auto& at = rec_.source.paragraph_lines[name];
    for (const auto& l : lines) at.push_back({l.no, std::max(l.no, l.last)});
  }

  // Section values (policy_fields.cpp).
  void parse_timeline(const Section& s, const std::vector<Line>& lines);
  void parse_id(const std::vector<Line>& lines);
  void parse_description(std::vector<Line> lines);
  void drop_teasers(std::vector<Line>& lines);
  void parse_bodies(const std::vector<Line>& lines);
  void parse_target_groups(const std::vector<Line>& lines);
  static bool looks_like_heading(std::string_view s);
  void add_category_tag(const Category& cat, std::optional<std::string> sub, std::string evidence);
  void parse_categories(const std::vector<Line>& lines);
  void parse_priorities(const std::vector<Line>& lines);
  void parse_subsystems(const std::vector<Line>& lines);
  void parse_country(const std::vector<Line>& lines);
  void parse_type(const std::vector<Line>& lines);

  void finish();

  const SourceFile& src_;
  const Taxonomy& tax_;
  const std::vector<int>* line_map_;
  PolicyRecord rec_;
  ParseResult out_;
  std::vector<Section> sections_;
  std::vector<Line> citation_lines_, url_lines_;
  std::optional<Line> id_from_page_, country_field_;
  Reporter report_{src_.path, out_.diagnostics};
};

}  // namespace vetq::parsers::policy
