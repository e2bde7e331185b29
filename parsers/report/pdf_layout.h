#pragma once
// The PDF front end's layout recovery, independent of the program that made the PDF: from the
// words poppler reads on each page (their boxes and fonts, pdf_module.h) to the report layout
// (layout.h) that the parts and mentions stages read.
//   - Running headers and footers and page numbers are furniture: a text in the top or bottom
//     band of the page that recurs (digits aside) on at least half of the pages, or reads like a
//     page number ("Page 3 of 11", "— page 3", "3").
//   - Wrapped lines are joined into paragraphs: a line continues the one above when that one is
//     full (the next line's first word would not have fitted in the column) and the gap between
//     them is a line's leading; a larger gap, a bullet or a caption starts a new block.
//   - Display lines (bold throughout, or larger than the body text) stand alone: the heading
//     guess of the text export then decides which are headings (unstyled: a chart title stays a
//     figure's title).
//   - Words on one baseline in separate columns are table rows: cells by x-position, a wrapped
//     cell's lines joined; a table whose cells hold lists (a SWOT grid) is read cell by cell,
//     row by row, so labelled quadrants keep their labels.
// Line numbers count the PDF's lines (words on one baseline), pages one after the other.
#include <string>
#include <vector>

#include "parsers/report/layout.h"
#include "vetq/record.h"

namespace vetq::parsers::report {

struct PdfWord {
  std::string text;
  std::string font;                       // "AAAAAA+DejaVuSans-Bold": bold from the name
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // left, top, right, bottom; points from the top left
  double size = 0;                        // font size in points
  bool space_after = false;               // poppler: a space follows on the same line
  int rotation = 0;                       // only horizontal text (0) is read
};

struct PdfPage {
  double width = 0, height = 0;
  std::vector<PdfWord> words;  // in poppler's reading order
};

/// The layout of the PDF's pages (src names the file in the notes on dropped furniture).
ReportLayout layout_from_pdf(const SourceFile& src, const std::vector<PdfPage>& pages);

}  // namespace vetq::parsers::report
