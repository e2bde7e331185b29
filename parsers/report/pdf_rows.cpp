// PDF front end (pdf_layout.h): words -> segments -> rows, and page furniture.
#include "parsers/report/pdf_rows.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "vetq/text.h"

namespace vetq::parsers::report::pdf {

namespace {

constexpr double kBand = 0.12;  // top and bottom bands of a page where furniture stands

double size_of(const PdfWord& w) { return w.size > 0.5 ? w.size : std::max(1.0, w.y1 - w.y0); }

bool is_bullet_glyph(std::string_view t) {
  static const std::set<std::string, std::less<>> kGlyphs = {
      "•", "◦", "▪", "▫", "■", "□", "‣", "⁃", "●", "○", "►", "➢", "✓", "·", "*", "-", "–", "—"};
  if (kGlyphs.count(t)) return true;
  // Symbol-font bullets come through as private-use code points (Word's U+F0B7, U+F0A7).
  return t.size() == 3 && static_cast<unsigned char>(t[0]) == 0xEF &&
         (static_cast<unsigned char>(t[1]) == 0x80 || static_cast<unsigned char>(t[1]) == 0x81 ||
          static_cast<unsigned char>(t[1]) == 0x82 || static_cast<unsigned char>(t[1]) == 0x83);
}

// The next word continues the segment: same baseline, to the right, at most a wide space away.
bool continues(const PdfWord& prev, const PdfWord& w) {
  const double em = std::max(size_of(prev), size_of(w));
  if (std::abs(w.y1 - prev.y1) > 0.3 * em) return false;
  const double gap = w.x0 - prev.x1;
  if (gap < -0.3 * em) return false;
  return gap <= (prev.space_after ? 1.6 : 0.4) * em;
}

struct Builder {
  Segment seg;
  std::vector<const PdfWord*> words;
};

Segment finish(Builder& b) {
  Segment s = b.seg;
  std::size_t first = 0;
  if (b.words.size() > 0 && is_bullet_glyph(b.words[0]->text)) {
    s.lead = b.words[0]->text;
    s.lead_x = b.words[0]->x0;
    first = 1;
  }
  s.text.clear();
  for (std::size_t k = first; k < b.words.size(); ++k) {
    const PdfWord& w = *b.words[k];
    if (k > first) {
      const PdfWord& p = *b.words[k - 1];
      if (p.space_after || w.x0 - p.x1 > 0.15 * size_of(w)) s.text += ' ';
    }
    s.text += w.text;
  }
  if (first < b.words.size()) {
    s.x0 = b.words[first]->x0;
    s.first_word_width = b.words[first]->x1 - b.words[first]->x0;
  } else {
    s.x0 = s.x1;
  }
  if (s.lead.empty()) s.lead_x = s.x0;
  return s;
}

std::vector<Segment> page_segments(const PdfPage& page, int& rotated) {
  std::vector<Segment> out;
  Builder b;
  const PdfWord* prev = nullptr;
  for (const PdfWord& w : page.words) {
    if (w.rotation != 0) ++rotated;
    if (w.rotation != 0 || trim(w.text).empty()) continue;
    if (prev && continues(*prev, w)) {
      b.seg.x1 = std::max(b.seg.x1, w.x1);
      b.seg.top = std::min(b.seg.top, w.y0);
      b.seg.bottom = std::max(b.seg.bottom, w.y1);
      b.seg.size = std::max(b.seg.size, size_of(w));
      b.seg.bold = b.seg.bold && bold_font(w.font);
    } else {
      if (!b.words.empty()) out.push_back(finish(b));
      b = Builder{};
      b.seg.x1 = w.x1;
      b.seg.top = w.y0;
      b.seg.bottom = w.y1;
      b.seg.size = size_of(w);
      b.seg.bold = bold_font(w.font);
    }
    b.words.push_back(&w);
    prev = &w;
  }
  if (!b.words.empty()) out.push_back(finish(b));
  return out;
}

// Segments on one baseline, left to right; a bullet standing alone joins the text after it.
std::vector<Row> page_rows(std::vector<Segment> segs, int page) {
  std::stable_sort(segs.begin(), segs.end(),
                   [](const Segment& a, const Segment& b) { return a.bottom < b.bottom; });
  std::vector<Row> rows;
  for (auto& s : segs) {
    if (rows.empty() || std::abs(s.bottom - rows.back().bottom) >
                            0.3 * std::max(s.size, rows.back().segments[0].size))
      rows.push_back(Row{page, 0, s.bottom, {}, false, false});
    rows.back().segments.push_back(std::move(s));
  }
  for (Row& r : rows) {
    auto& v = r.segments;
    std::sort(v.begin(), v.end(),
              [](const Segment& a, const Segment& b) { return a.lead_x < b.lead_x; });
    for (std::size_t k = 0; k + 1 < v.size();) {
      if (v[k].text.empty() && !v[k].lead.empty() && v[k + 1].lead.empty() &&
          v[k + 1].x0 - v[k].x1 <= 3 * v[k].size) {
        v[k + 1].lead = v[k].lead;
        v[k + 1].lead_x = v[k].lead_x;
        v.erase(v.begin() + static_cast<std::ptrdiff_t>(k));
      } else {
        ++k;
      }
    }
  }
  return rows;
}

bool page_number_like(const std::string& folded) {
  static const RE2 re(
      R"(^(?:.*\s)?(?:page|pagina|seite|p\.)\s*\d+(?:\s*(?:of|/|de|di|sur|von)\s*\d+)?$|^\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$)");
  return RE2::FullMatch(folded, re);
}

struct Furniture {
  std::set<int> pages;
  int first_line = 0;
  std::string text;
  bool top = false, page_number = false;
};

// Marks repeated texts in the top and bottom bands, and page numbers, as furniture.
void mark_furniture(const SourceFile& src, std::vector<Row>& rows,
                    const std::vector<PdfPage>& pages, std::vector<Diagnostic>& diagnostics) {
  std::map<std::string, Furniture> found;
  auto key_of = [&](const Row& r, const Segment& s, bool& page_number) -> std::string {
    const double h = pages[static_cast<std::size_t>(r.page)].height;
    const bool top = s.bottom <= kBand * h, bottom = s.top >= (1 - kBand) * h;
    if (!top && !bottom) return {};
    std::string f = fold(s.lead + s.text);
    page_number = page_number_like(f);
    static const RE2 digits(R"(\d+)");
    RE2::GlobalReplace(&f, digits, "#");
    return (top ? "top:" : "bottom:") + f;
  };
  for (const Row& r : rows)
    for (const Segment& s : r.segments) {
      bool number = false;
      const std::string key = key_of(r, s, number);
      if (key.empty()) continue;
      Furniture& f = found[key];
      if (f.pages.empty()) f = {{}, r.no, s.text, key.starts_with("top:"), number};
      f.pages.insert(r.page);
    }
  const std::size_t enough = std::max<std::size_t>(2, (pages.size() + 1) / 2);
  for (Row& r : rows)
    for (Segment& s : r.segments) {
      bool number = false;
      const std::string key = key_of(r, s, number);
      if (key.empty()) continue;
      const Furniture& f = found[key];
      s.furniture = f.pages.size() >= enough || number;
    }
  for (const auto& [key, f] : found) {
    if (f.pages.size() < enough && !f.page_number) continue;
    const char* kind = f.pages.size() < enough ? "page number"
                       : f.top                 ? "running header"
                                               : "running footer";
    diagnostics.push_back(
        {Severity::kNote, src.path, f.first_line,
         fmt::format("{} '{}' on {} page(s) — page furniture, left out of the "
                     "text",
                     kind, std::string(prefix_by_width(f.text, 80)), f.pages.size())});
  }
}

}  // namespace

bool bold_font(std::string_view font) {
  const std::string f = fold(font);
  for (const char* w : {"bold", "black", "heavy", "semibold", "demi"})
    if (f.find(w) != std::string::npos) return true;
  return false;
}

Rows pdf_rows(const SourceFile& src, const std::vector<PdfPage>& pages,
              std::vector<Diagnostic>& diagnostics) {
  std::vector<Row> all;
  int rotated = 0;
  for (std::size_t p = 0; p < pages.size(); ++p)
    for (Row& r : page_rows(page_segments(pages[p], rotated), static_cast<int>(p)))
      all.push_back(std::move(r));
  Rows out;
  for (Row& r : all) r.no = ++out.lines;
  mark_furniture(src, all, pages, diagnostics);
  if (rotated)
    diagnostics.push_back({Severity::kNote, src.path, 0,
                           fmt::format("{} word(s) of rotated text (margin notes, chart axes) — "
                                       "left out of the text",
                                       rotated)});
  for (Row& r : all) {
    std::erase_if(r.segments, [](const Segment& s) { return s.furniture; });
    if (r.segments.empty()) continue;
    const bool new_page = out.content.empty() || out.content.back().page != r.page;
    if (new_page && !out.content.empty()) out.content.back().last_on_page = true;
    r.first_on_page = new_page;
    out.content.push_back(std::move(r));
  }
  if (!out.content.empty()) out.content.back().last_on_page = true;
  return out;
}

}  // namespace vetq::parsers::report::pdf
