// PDF front end (pdf_layout.h): measures, paragraphs and tables (pdf_blocks.h).
#include "parsers/report/pdf_blocks.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>

#include "parsers/report/report_util.h"

namespace vetq::parsers::report::pdf {

double Metrics::leading_of(double size) const {
  const auto it = leading.find(std::lround(size * 2));
  return it != leading.end() ? it->second : 1.25 * size;
}

int Metrics::level_of(double x, double base) const {
  int level = 1;
  for (double l : item_x)
    if (l >= base - 4 && x > l + 4) ++level;
  return level;
}

Metrics measure(const std::vector<Row>& rows) {
  Metrics m;
  std::map<long, double> chars;
  for (const Row& r : rows)
    for (const Segment& s : r.segments) chars[std::lround(s.size * 2)] += s.text.size();
  if (!chars.empty())
    m.body_size =
        static_cast<double>(std::max_element(chars.begin(), chars.end(),
                                             [](auto& a, auto& b) { return a.second < b.second; })
                                ->first) /
        2;
  std::map<long, std::map<long, int>> advances;  // size -> advance in quarter points -> count
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    for (const Segment& s : r.segments) {
      if (std::abs(s.size - m.body_size) < 0.6 && r.segments.size() == 1)
        m.edge = std::max(m.edge, s.x1);
      if (!s.lead.empty() && std::none_of(m.item_x.begin(), m.item_x.end(),
                                          [&](double x) { return std::abs(x - s.lead_x) <= 4; }))
        m.item_x.push_back(s.lead_x);
    }
    if (i == 0 || rows[i - 1].page != r.page || r.segments.size() != 1 ||
        rows[i - 1].segments.size() != 1)
      continue;
    const double a = rows[i - 1].segments[0].size, b = r.segments[0].size;
    if (std::abs(a - b) < 0.1)
      ++advances[std::lround(a * 2)][std::lround((r.bottom - rows[i - 1].bottom) * 4)];
  }
  if (m.edge == 0)  // no line of body text stands alone: the widest line of all
    for (const Row& r : rows)
      for (const Segment& s : r.segments) m.edge = std::max(m.edge, s.x1);
  std::sort(m.item_x.begin(), m.item_x.end());
  for (const auto& [size, counts] : advances) {
    const auto best = std::max_element(counts.begin(), counts.end(),
                                       [](auto& a, auto& b) { return a.second < b.second; });
    if (best->second >= 3) m.leading[size] = static_cast<double>(best->first) / 4;
  }
  return m;
}

void join_line(std::string& text, const std::string& next) {
  if (text.empty()) {
    text = next;
    return;
  }
  const std::size_t dash = text.ends_with("-") ? 1 : text.ends_with("–") ? 3 : 0;
  const bool hyphen = dash && text.size() > dash && text[text.size() - dash - 1] != ' ';
  text += hyphen ? next : " " + next;
}

namespace {

bool is_dash(std::string_view lead) { return lead == "-" || lead == "–" || lead == "—"; }

// `b` continues the paragraph whose last line is `a`: the same size and weight, one leading
// below (or at the top of the next page), and `a` full: b's first word would not have fitted.
bool continues(const Ln& a, const Ln& b, double edge, const Metrics& m) {
  const Segment &x = *a.seg, &y = *b.seg;
  if (std::abs(x.size - y.size) > 0.6 || x.bold != y.bold) return false;
  if (a.row->page == b.row->page) {
    if (b.row->bottom - a.row->bottom > kGap * m.leading_of(std::max(x.size, y.size))) return false;
  } else if (!(a.row->last_on_page && b.row->first_on_page && b.row->page == a.row->page + 1)) {
    return false;
  }
  if (RE2::FullMatch(y.text, caption_re())) return false;
  const double first = y.lead.empty() ? y.first_word_width : y.x0 - y.lead_x;
  if (x.x1 + 0.28 * x.size + first <= edge - 1.0) return false;  // the word would have fitted
  // A long word (a URL, a pasted chip) after a short line: a new line, not a wrapped one.
  const double width = edge - x.lead_x;
  return first <= 0.4 * width || x.x1 - x.lead_x >= 0.6 * width;
}

// A wrapped line starts where the paragraph's lines start: under its second line, its first
// line or that line's text (after a bullet), at the column's margin, or centred like it.
bool aligned(const Para& p, const Segment& s, double margin) {
  const double tol = 0.5 * s.size;
  const Segment& first = *p.lines.front().seg;
  if (p.lines.size() >= 2) return std::abs(s.lead_x - p.lines[1].seg->lead_x) <= tol;
  for (double x : {first.lead_x, first.x0, margin})
    if (std::abs(s.lead_x - x) <= tol) return true;
  return std::abs((s.lead_x + s.x1) - (first.lead_x + first.x1)) <= 2 * tol;
}

void append(Para& p, const Ln& l) {
  const Segment& s = *l.seg;
  join_line(p.text, s.lead.empty() ? s.text : s.lead + " " + s.text);
  p.bold = p.bold && s.bold;
  p.lines.push_back(l);
}

}  // namespace

std::vector<Para> paragraphs(const std::vector<Ln>& lines, double edge, const Metrics& m) {
  double margin = 1e9;
  for (const Ln& l : lines) margin = std::min(margin, l.seg->lead_x);
  std::vector<Para> out;
  for (const Ln& l : lines) {
    const Segment& s = *l.seg;
    // A dash may be a bullet, or a dash that wrapped to the start of a line: a line that
    // continues the sentence of a full line above goes on in lower case.
    static const RE2 lower(R"(^\p{Ll})");
    const bool bullet = !s.lead.empty() && (!is_dash(s.lead) || !RE2::PartialMatch(s.text, lower));
    if (!out.empty() && !bullet && continues(out.back().lines.back(), l, edge, m) &&
        aligned(out.back(), s, margin)) {
      append(out.back(), l);
      continue;
    }
    Para p;
    p.lines.push_back(l);
    p.item = !s.lead.empty();
    p.text = s.text;
    p.lead_x = s.lead_x;
    p.size = s.size;
    p.bold = s.bold;
    out.push_back(std::move(p));
  }
  return out;
}

int Table::column_of(double x, double em) const {
  int k = -1;
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (x >= cols[c] - em) k = static_cast<int>(c);
  return k;
}

double Table::edge(std::size_t k, double em, double body_edge, double max_x1) const {
  if (k + 1 < cols.size()) return cols[k + 1] - 1.1 * em;
  // The last column: as wide as the one before it (grids of equal columns), within the page.
  const double same = k > 0 ? 2 * cols[k] - cols[k - 1] - 1.1 * em : body_edge;
  return std::min(body_edge, std::max(max_x1, same));
}

double em_of(const Row& r) {
  double em = 0;
  for (const Segment& s : r.segments) em = std::max(em, s.size);
  return em;
}

namespace {

bool starts_table(const Row& r) {
  if (r.segments.size() < 2) return false;
  for (std::size_t k = 1; k < r.segments.size(); ++k)
    if (r.segments[k].lead_x - r.segments[k - 1].x1 < em_of(r)) return false;
  return true;
}

bool fits(const Row& r, const Table& t) {
  const double em = em_of(r);
  for (const Segment& s : r.segments) {
    const int k = t.column_of(s.lead_x, em);
    if (k < 0) return false;
    if (static_cast<std::size_t>(k) + 1 < t.cols.size() && s.x1 > t.cols[k + 1] - 0.2 * em)
      return false;
  }
  return true;
}

bool near(const Row& a, const Row& b) {
  if (a.page == b.page) return b.bottom - a.bottom <= 2.2 * std::max(em_of(a), em_of(b));
  return a.last_on_page && b.first_on_page && b.page == a.page + 1 && b.segments.size() >= 2;
}

}  // namespace

std::vector<Table> find_tables(const std::vector<Row>& rows) {
  std::vector<Table> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!starts_table(rows[i])) continue;
    Table t;
    t.first = i;
    for (const Segment& s : rows[i].segments) t.cols.push_back(s.lead_x);
    std::size_t j = i + 1;
    while (j < rows.size() && near(rows[j - 1], rows[j]) && fits(rows[j], t)) ++j;
    t.last = j - 1;
    for (std::size_t r = t.first; r <= t.last; ++r)
      for (const Segment& s : rows[r].segments) t.lists = t.lists || !s.lead.empty();
    out.push_back(std::move(t));
    i = j - 1;
  }
  return out;
}

}  // namespace vetq::parsers::report::pdf
