#pragma once
// Internal to the PDF front end (pdf_layout.h): the measures of a document's text (body size,
// leading, right edge), paragraphs of wrapped lines, and tables found by the x-positions of
// the segments on a baseline.
#include <map>
#include <string>
#include <vector>

#include "parsers/report/pdf_rows.h"

namespace vetq::parsers::report::pdf {

constexpr double kGap = 1.35;      // a baseline advance over kGap leadings is a gap between blocks
constexpr double kDisplay = 1.15;  // a line this much larger than the body text stands alone

// One line of the body or of a table column: a segment and the row it stands on.
struct Ln {
  const Segment* seg;
  const Row* row;
};

struct Para {
  std::vector<Ln> lines;
  std::string text;
  bool item = false;  // a list item: the first line had a bullet
  double lead_x = 0;
  double size = 0;
  bool bold = true;
};

// Body size, leading per font size and the right edge of the body text.
struct Metrics {
  double body_size = 10;
  double edge = 0;
  std::map<long, double> leading;  // key: font size in half points
  std::vector<double> item_x;      // where bullets stand, one per list level

  double leading_of(double size) const;
  /// The list level of a bullet at x (1: the leftmost bullets right of `base`).
  int level_of(double x, double base) const;
};

Metrics measure(const std::vector<Row>& rows);

/// Appends a line to a paragraph's text: with a space, or without one after a hyphen that
/// ends a word ("Rhône-" + "Alpes").
void join_line(std::string& text, const std::string& next);

/// Paragraphs of a column's lines (the body is one column); `edge`: the column's right edge.
std::vector<Para> paragraphs(const std::vector<Ln>& lines, double edge, const Metrics& m);

struct Table {
  std::size_t first = 0, last = 0;  // rows
  std::vector<double> cols;         // where each column's text starts
  bool lists = false;               // some cell holds a list: read cell by cell

  int column_of(double x, double em) const;
  // The right edge of column k's text: where the next column starts, less the cells' padding;
  // for the last column, as far from its start as the column before it is wide.
  double edge(std::size_t k, double em, double body_edge, double max_x1) const;
};

/// Tables: from a row with segments a column apart, while the rows below are near and fit its
/// columns (across a page break too).
std::vector<Table> find_tables(const std::vector<Row>& rows);

double em_of(const Row& r);

}  // namespace vetq::parsers::report::pdf
