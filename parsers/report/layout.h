#pragma once
// The first stage of the report parser: a document as a list of lines, each with the role it
// plays on the page. Every front end builds this value (plain text here, DOCX in
// report_docx.cpp, PDF in pdf_layout.cpp); the parts stage (parts.h) reads it, whatever the
// document was.
#include <string>
#include <string_view>
#include <vector>

#include "vetq/record.h"

namespace vetq::parsers::report {

enum class Role {
  kBlank,      // a gap between blocks: an empty line, the space between paragraphs
  kFurniture,  // not report text: running headers and footers, page numbers, page-break
               // lines, pasted citation chips. Kept (for line numbers), never read.
  kText,       // a paragraph, or one line of it
  kHeading,    // a section heading (or the document title)
  kTableRow,   // one row of a table: `cells`
  kListItem,   // an item of a bulleted or numbered list: `text` without its bullet
  kCaption,    // a figure caption: "Figure N: …"
};

struct Line {
  int no = 0;  // line of the source, for diagnostics and provenance
  Role role = Role::kBlank;
  // Trimmed. Inline bold as **…**, the marks of the text export (a paragraph bold throughout is
  // typography, like a heading, and carries no marks). Table rows: the cells joined by tabs.
  std::string text;
  std::vector<std::string> cells;  // kTableRow: the cells, trimmed
  int level = 0;                   // kHeading: 1, 2, … (0: unknown); kListItem: 1 = top level
  // The role comes from the document's own structure (a paragraph style, a table), not from a
  // guess on plain text: later stages never take it back.
  bool styled = false;
};

struct ReportLayout {
  std::vector<Line> lines;
  std::vector<Diagnostic> diagnostics;  // what the front end dropped or could not read
};

/// True for kText, kHeading, kTableRow, kListItem and kCaption: lines with report text.
inline bool has_text(const Line& l) { return l.role != Role::kBlank && l.role != Role::kFurniture; }

/// Sets the role of a line of plain text (l.text trimmed, not empty) the way the text export
/// writes it: "- item" a list item (level 1, text without the bullet), "Figure N: …" a caption,
/// a line with tabs a table row (cells), else text.
void classify_plain_line(Line& l);

/// True for a chat citation chip pasted into a document ("auvergnerhonealpes.fr+13…").
bool is_citation_chip(std::string_view text);

/// Marks as unstyled headings the text lines that look like a heading of the text export: a
/// short line alone between gaps, capitalised, without final punctuation or markup, and not a
/// source, note or SWOT label.
void guess_headings(std::vector<Line>& lines);

/// The plain-text front end: the text export of a report (samples/report-*.txt), or text
/// another front end produced. One line per text line: empty lines are gaps; whitespace-only
/// lines (page breaks, removed images) and chat citation chips are furniture; lines with tabs
/// are table rows, "- " lines list items, "Figure N:" lines captions; a short line standing
/// alone between gaps, capitalised and without final punctuation, is a heading (unstyled: the
/// parts stage may take it back as a figure title or a chart label). Line numbers are those of
/// `text`, or line_map[i] for its 0-based line i when given.
ReportLayout layout_from_text(const SourceFile& src, std::string_view text,
                              const std::vector<int>* line_map = nullptr);

}  // namespace vetq::parsers::report
