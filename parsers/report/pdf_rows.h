#pragma once
// Internal to the PDF front end (pdf_layout.h): words grouped into segments (a run of words
// poppler reads as one line piece: one cell of a table row, or a whole line of text) and rows
// (the segments on one baseline), with page furniture marked.
#include <string>
#include <vector>

#include "parsers/report/pdf_layout.h"
#include "vetq/record.h"

namespace vetq::parsers::report::pdf {

struct Segment {
  std::string text;       // words joined by single spaces; a leading bullet glyph left out
  std::string lead;       // the bullet glyph the segment started with ("•", "-", U+F0B7), or ""
  double x0 = 0, x1 = 0;  // x0: where the text starts (after the bullet)
  double lead_x = 0;      // where the bullet stands
  double top = 0, bottom = 0;
  double size = 0;    // largest font size
  bool bold = false;  // every word in a bold face
  double first_word_width = 0;
  bool furniture = false;
};

struct Row {
  int page = 0;  // 0-based
  int no = 0;    // line number, from 1, pages one after the other
  double bottom = 0;
  std::vector<Segment> segments;                     // left to right
  bool first_on_page = false, last_on_page = false;  // among rows with text
};

/// Rows of every page, furniture segments marked (and rows of furniture only left out of
/// `content`), with a note per kind of furniture in `diagnostics`.
struct Rows {
  std::vector<Row> content;
  int lines = 0;  // rows counted, furniture included
};
Rows pdf_rows(const SourceFile& src, const std::vector<PdfPage>& pages,
              std::vector<Diagnostic>& diagnostics);

/// True for a font name of a bold face ("…-Bold", "…,Bold", "…-Semibold", "…Black").
bool bold_font(std::string_view font);

}  // namespace vetq::parsers::report::pdf
