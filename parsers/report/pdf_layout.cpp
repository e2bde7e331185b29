// PDF front end (pdf_layout.h): rows (pdf_rows.h) -> paragraphs and tables (pdf_blocks.h) ->
// the report layout.
#include "parsers/report/pdf_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "parsers/report/pdf_blocks.h"
#include "vetq/text.h"

namespace vetq::parsers::report {

namespace {

using pdf::Ln;
using pdf::Metrics;
using pdf::Para;
using pdf::Row;
using pdf::Segment;
using pdf::Table;

// Writes paragraphs and tables as layout lines, with gaps where the page has them.
class Emitter {
 public:
  Emitter(const SourceFile& src, const Metrics& m, ReportLayout& out)
      : src_(src), m_(m), out_(out) {}

  void body(const std::vector<Ln>& lines) {
    for (const Para& p : pdf::paragraphs(lines, m_.edge, m_)) para(p);
  }
  void table(const Table& t, const std::vector<Row>& rows);

 private:
  bool display(const Para& p) const {
    return !p.item && p.lines.size() == 1 && (p.bold || p.size >= pdf::kDisplay * m_.body_size);
  }
  void gap() {
    if (!out_.lines.empty() && out_.lines.back().role != Role::kBlank)
      out_.lines.push_back({out_.lines.back().no, Role::kBlank, {}, {}, 0, false});
  }
  void para(const Para& p);
  void grid(const Table& t, const std::vector<Row>& rows);
  void cells(const Table& t, const std::vector<std::vector<Ln>>& columns);
  std::vector<Para> column_paragraphs(const Table& t, const std::vector<std::vector<Ln>>& columns,
                                      std::size_t k) const;

  const SourceFile& src_;
  const Metrics& m_;
  ReportLayout& out_;
  std::optional<Para> prev_;  // the paragraph emitted last, when gaps are decided from it
  double level_base_ = -1e9;  // list levels count from here: the page, or a table column
};

void Emitter::para(const Para& p) {
  bool separate = !prev_;
  if (prev_) {
    const Row &a = *prev_->lines.back().row, &b = *p.lines.front().row;
    if (a.page == b.page)
      separate = b.bottom - a.bottom > pdf::kGap * m_.leading_of(std::max(prev_->size, p.size));
    else  // a page break between blocks is a gap, as in a text export
      separate = true;
    separate = separate || display(*prev_) || display(p);
  }
  if (separate) gap();
  Line l;
  l.no = p.lines.front().row->no;
  l.text = (p.item ? "- " : "") + p.text;
  if (is_citation_chip(p.text)) {
    l.role = Role::kFurniture;
    out_.diagnostics.push_back({Severity::kNote, src_.path, l.no,
                                fmt::format("stray citation chip '{}' — dropped; it is not report "
                                            "text",
                                            std::string(prefix_by_width(p.text, 40)))});
  } else {
    classify_plain_line(l);
    if (l.role == Role::kListItem) l.level = m_.level_of(p.lead_x, level_base_);
  }
  out_.lines.push_back(std::move(l));
  prev_ = p;
}

std::vector<Para> Emitter::column_paragraphs(const Table& t,
                                             const std::vector<std::vector<Ln>>& columns,
                                             std::size_t k) const {
  double max_x1 = 0, em = 0;
  for (const Ln& l : columns[k]) {
    max_x1 = std::max(max_x1, l.seg->x1);
    em = std::max(em, l.seg->size);
  }
  return pdf::paragraphs(columns[k], t.edge(k, em, m_.edge, max_x1), m_);
}

void Emitter::table(const Table& t, const std::vector<Row>& rows) {
  std::vector<std::vector<Ln>> columns(t.cols.size());
  for (std::size_t r = t.first; r <= t.last; ++r)
    for (const Segment& s : rows[r].segments) {
      const int k = t.column_of(s.lead_x, pdf::em_of(rows[r]));
      columns[static_cast<std::size_t>(std::max(k, 0))].push_back({&s, &rows[r]});
    }
  gap();
  prev_.reset();
  if (t.lists)
    cells(t, columns);
  else
    grid(t, rows);
  gap();
  prev_.reset();
  level_base_ = -1e9;
}

// A table of short cells: a table row per row of segments in two columns or more; a row with
// one segment continues that column's cell (a wrapped cell).
void Emitter::grid(const Table& t, const std::vector<Row>& rows) {
  std::vector<Line> out;
  for (std::size_t r = t.first; r <= t.last; ++r) {
    const Row& row = rows[r];
    const bool next_row = out.empty() || row.segments.size() >= 2;
    if (next_row) {
      Line l;
      l.no = row.no;
      l.role = Role::kTableRow;
      l.cells.resize(t.cols.size());
      out.push_back(std::move(l));
    }
    for (const Segment& s : row.segments) {
      const int k = std::max(0, t.column_of(s.lead_x, pdf::em_of(row)));
      pdf::join_line(out.back().cells[static_cast<std::size_t>(k)],
                     s.lead.empty() ? s.text : s.lead + " " + s.text);
    }
  }
  for (Line& l : out) {
    l.text = join(l.cells, "\t");
    out_.lines.push_back(std::move(l));
  }
}

// A table whose cells hold lists (a SWOT grid): cell by cell, row by row. A table row starts
// where every column starts a paragraph on one baseline and none of them is a list item.
void Emitter::cells(const Table& t, const std::vector<std::vector<Ln>>& columns) {
  std::vector<std::vector<Para>> paras;
  for (std::size_t k = 0; k < columns.size(); ++k)
    paras.push_back(column_paragraphs(t, columns, k));
  std::vector<int> starts;  // line numbers of the rows that start table rows
  for (const Para& p : paras[0]) {
    const Row* r = p.lines.front().row;
    bool all = !p.item;
    for (std::size_t k = 1; k < paras.size() && all; ++k)
      all = std::any_of(paras[k].begin(), paras[k].end(),
                        [&](const Para& q) { return q.lines.front().row == r && !q.item; });
    if (all || starts.empty()) starts.push_back(r->no);
  }
  starts.push_back(1 << 30);
  for (std::size_t s = 0; s + 1 < starts.size(); ++s)
    for (std::size_t k = 0; k < paras.size(); ++k) {
      gap();
      prev_.reset();
      level_base_ = t.cols[k];
      for (const Para& p : paras[k]) {
        const int no = p.lines.front().row->no;
        if (no >= starts[s] && no < starts[s + 1]) para(p);
      }
    }
}

}  // namespace

ReportLayout layout_from_pdf(const SourceFile& src, const std::vector<PdfPage>& pages) {
  ReportLayout out;
  const pdf::Rows rows = pdf::pdf_rows(src, pages, out.diagnostics);
  const Metrics m = pdf::measure(rows.content);
  const std::vector<Table> tables = pdf::find_tables(rows.content);
  Emitter emit(src, m, out);
  std::vector<Ln> body;
  std::size_t next = 0;
  for (std::size_t i = 0; i < rows.content.size(); ++i) {
    if (next < tables.size() && tables[next].first == i) {
      emit.body(body);
      body.clear();
      emit.table(tables[next], rows.content);
      i = tables[next++].last;
      continue;
    }
    for (const Segment& s : rows.content[i].segments) body.push_back({&s, &rows.content[i]});
  }
  emit.body(body);
  guess_headings(out.lines);
  return out;
}

}  // namespace vetq::parsers::report
