#include "parsers/report/layout.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include "parsers/report/report_rules.h"
#include "parsers/report/report_util.h"
#include "vetq/text.h"

namespace vetq::parsers::report {

namespace {

const RE2& bullet_re() {
  static const RE2 re(R"(^(?:[-•*–·▪])\s+(.*)$)");
  return re;
}
const RE2& stray_re() {
  // A chat citation chip pasted into the document: "auvergnerhonealpes.fr+13" repeated.
  static const RE2 re(R"(^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\+\d+)+$)");
  return re;
}
const RE2& first_upper_re() {
  static const RE2 re(R"(^[\p{Lu}\d])");
  return re;
}
const RE2& has_letter_re() {
  static const RE2 re(R"(\pL)");
  return re;
}

std::vector<std::string> split_cells(std::string_view line) {
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

// A heading of the text export: a short line alone between gaps, capitalised, without final
// punctuation, markup, tabs or the shape of a caption, source, note, list item or SWOT label.
bool heading_like(const std::vector<Line>& lines, std::size_t i) {
  const bool before = i == 0 || !has_text(lines[i - 1]);
  const bool after = i + 1 >= lines.size() || !has_text(lines[i + 1]);
  if (lines[i].role != Role::kText || !before || !after) return false;
  const std::string& t = lines[i].text;
  if (t.size() > 120 || word_count(t) > 12 || ends_sentence(t)) return false;
  if (t.back() == ',' || t.find('\t') != std::string::npos) return false;
  if (t.find('*') != std::string::npos || t.find('[') != std::string::npos) return false;
  if (!RE2::PartialMatch(t, first_upper_re()) || !RE2::PartialMatch(t, has_letter_re()))
    return false;
  if (RE2::FullMatch(t, source_re()) || RE2::PartialMatch(t, note_re())) return false;
  return !ReportRules::get().swot_label(t);
}

}  // namespace

void classify_plain_line(Line& l) {
  std::string body;
  if (RE2::FullMatch(l.text, bullet_re(), &body)) {
    l.role = Role::kListItem;
    l.level = 1;
    l.text = body;
  } else if (RE2::FullMatch(l.text, caption_re())) {
    l.role = Role::kCaption;
  } else if (l.text.find('\t') != std::string::npos) {
    l.role = Role::kTableRow;
    l.cells = split_cells(l.text);
  } else {
    l.role = Role::kText;
  }
}

bool is_citation_chip(std::string_view text) { return RE2::FullMatch(text, stray_re()); }

void guess_headings(std::vector<Line>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (heading_like(lines, i)) lines[i].role = Role::kHeading;
}

ReportLayout layout_from_text(const SourceFile& src, std::string_view text,
                              const std::vector<int>* line_map) {
  ReportLayout out;
  auto note = [&](int line, std::string message) {
    out.diagnostics.push_back({Severity::kNote, src.path, line, std::move(message)});
  };
  const auto raw = split_lines(text);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    Line l;
    l.no = static_cast<int>(i) + 1;
    if (line_map && i < line_map->size()) l.no = (*line_map)[i];
    l.text = std::string(trim(raw[i]));
    if (l.text.empty()) {
      if (!raw[i].empty()) {
        l.role = Role::kFurniture;
        note(l.no, "whitespace-only line (a page break or a removed image) — dropped");
      }
    } else if (is_citation_chip(l.text)) {
      l.role = Role::kFurniture;
      note(l.no, fmt::format("stray citation chip '{}' — dropped; it is not report text",
                             std::string(prefix_by_width(l.text, 40))));
    } else {
      classify_plain_line(l);
      if (l.role == Role::kListItem && (raw[i].front() == ' ' || raw[i].front() == '\t'))
        l.level = 2;
    }
    out.lines.push_back(std::move(l));
  }
  guess_headings(out.lines);
  return out;
}

}  // namespace vetq::parsers::report
