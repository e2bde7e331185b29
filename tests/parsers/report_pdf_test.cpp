// Regional reports as PDF: the layout recovered from word boxes (pages made here, so that each
// rule is seen on its own), and the PDF fixtures of three producers against the text sample.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "parsers/report/layout.h"
#include "parsers/report/pdf_layout.h"
#include "report_support.h"
#ifdef VETQ_HAVE_PDF
#include "parsers/report/report_pdf.h"
#endif

using vetq::parsers::report::Line;
using vetq::parsers::report::PdfPage;
using vetq::parsers::report::PdfWord;
using vetq::parsers::report::Role;

namespace {

// A made-up font whose characters are half an em wide; spaces are 0.28 em.
constexpr double kSize = 10, kLeading = 13, kLeft = 50, kEdge = 550;

double width_of(const std::string& word, double size) {
  std::size_t chars = 0;
  for (unsigned char c : word) chars += (c & 0xC0) != 0x80;
  return 0.5 * size * static_cast<double>(chars);
}

// The words of `text` on one line from x, baseline (box bottom) at y. Returns the line's end.
double put(PdfPage& p, const std::string& text, double x, double y, bool bold = false,
           double size = kSize) {
  std::vector<std::string> words;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t space = std::min(text.find(' ', at), text.size());
    if (space > at) words.push_back(text.substr(at, space - at));
    at = space + 1;
  }
  double end = x;
  for (std::size_t k = 0; k < words.size(); ++k) {
    const double w = width_of(words[k], size);
    p.words.push_back({words[k], bold ? "AAAAAA+Sans-Bold" : "AAAAAA+Sans", x, y - size, x + w, y,
                       size, k + 1 < words.size(), 0});
    end = x + w;
    x = end + 0.28 * size;
  }
  return end;
}

// `text` set as a word processor sets it: words on a line while they fit before kEdge.
// Returns the baseline of its last line.
double typeset(PdfPage& p, const std::string& text, double x, double y) {
  std::string line;
  double end = x;  // where `line` ends
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t space = std::min(text.find(' ', at), text.size());
    const std::string word = text.substr(at, space - at);
    const double word_end =
        line.empty() ? x + width_of(word, kSize) : end + 0.28 * kSize + width_of(word, kSize);
    if (!line.empty() && word_end > kEdge) {
      put(p, line, x, y);
      y += kLeading;
      line = word;
      end = x + width_of(word, kSize);
    } else {
      line = line.empty() ? word : line + " " + word;
      end = word_end;
    }
    at = space + 1;
  }
  put(p, line, x, y);
  return y;
}

PdfPage page() { return PdfPage{600, 800, {}}; }

vetq::parsers::report::ReportLayout layout(const std::vector<PdfPage>& pages) {
  const vetq::SourceFile src = vetq::test::source_of("", "made.pdf");
  return vetq::parsers::report::layout_from_pdf(src, pages);
}

// The lines with text, and "" for each gap.
std::vector<std::string> texts(const vetq::parsers::report::ReportLayout& l) {
  std::vector<std::string> out;
  for (const Line& line : l.lines)
    if (line.role == Role::kBlank)
      out.emplace_back();
    else if (has_text(line))
      out.push_back(line.text);
  return out;
}

const std::string kLong =
    "Vocational training is a matter of shared responsibilities among the state, the regions "
    "and representatives of the business world, and initial and continuing training are "
    "managed by different ministries that develop nationally valid qualifications.";

}  // namespace

TEST_CASE("pdf layout: wrapped lines join, a hard line break and a gap do not, hyphens stay") {
  PdfPage p = page();
  double y = typeset(p, kLong, kLeft, 100);
  REQUIRE(y >= 100 + 2 * kLeading);  // three lines or more
  y += 2 * kLeading;                 // a paragraph gap
  put(p, "Co-funded by the", kLeft, y);
  put(p, "Erasmus+ Programme", kLeft, y + kLeading);
  y += 3 * kLeading;
  // A line that ends in a hyphen with no room left for the next word.
  const std::string full(84, 'x');
  put(p, full + " Auvergne-Rhône-", kLeft, y);
  put(p, "Alpes is a region.", kLeft, y + kLeading);
  const auto l = layout({p});
  CHECK(texts(l) == std::vector<std::string>{kLong, "", "Co-funded by the", "Erasmus+ Programme",
                                             "", full + " Auvergne-Rhône-Alpes is a region."});
  for (const Line& line : l.lines)
    if (has_text(line)) CHECK(line.role == Role::kText);
}

TEST_CASE("pdf layout: running headers, footers and page numbers are furniture") {
  std::vector<PdfPage> pages;
  for (int n = 1; n <= 3; ++n) {
    PdfPage p = page();
    put(p, "Regional report on VET", kLeft, 40);
    typeset(p, kLong, kLeft, 120);
    put(p, "Page " + std::to_string(n) + " of 3", 280, 780);
    pages.push_back(p);
  }
  put(pages[1], "A closing line near the bottom.", kLeft, 740);  // in the band, not repeated
  const auto l = layout(pages);
  const auto t = texts(l);
  CHECK(std::count(t.begin(), t.end(), kLong) == 3);
  CHECK(std::count(t.begin(), t.end(), "A closing line near the bottom.") == 1);
  for (const auto& s : t) {
    CHECK(s.find("Regional report on VET") == std::string::npos);
    CHECK(s.find("of 3") == std::string::npos);
  }
  std::vector<std::string> notes;
  for (const auto& d : l.diagnostics) {
    CHECK(d.line > 0);
    notes.push_back(d.message);
  }
  CHECK(notes == std::vector<std::string>{
                     "running footer 'Page 1 of 3' on 3 page(s) — page furniture, left out of "
                     "the text",
                     "running header 'Regional report on VET' on 3 page(s) — page furniture, "
                     "left out of the text"});
  // A page number on a single page is furniture too.
  PdfPage one = page();
  typeset(one, kLong, kLeft, 120);
  put(one, "7", 295, 780);
  const auto single = layout({one});
  CHECK(texts(single) == std::vector<std::string>{kLong});
}

TEST_CASE("pdf layout: words a column apart on one baseline are table rows") {
  PdfPage p = page();
  put(p, "DOCUMENT IDENTIFICATION", kLeft, 100, true, 14);
  const double value = 200;
  put(p, "Document Title", kLeft, 120);
  put(p, "An annex about VET in Atlantis", value, 120);
  put(p, "Project Number", kLeft, 133);
  put(p, "2024-1-XX01-KA220-VET-000000001", value, 133);  // long: not a wrapped line
  put(p, "Project Manager", kLeft, 146);
  put(p, "Anna Example, Some Long Organisation-", value, 146);
  put(p, "Name", value, 159);  // the cell wraps
  put(p, "Date", kLeft, 172);
  put(p, "28/06/2025", value, 172);
  typeset(p, kLong, kLeft, 210);
  const auto l = layout({p});
  std::vector<std::vector<std::string>> rows;
  for (const Line& line : l.lines)
    if (line.role == Role::kTableRow) rows.push_back(line.cells);
  CHECK(rows == std::vector<std::vector<std::string>>{
                    {"Document Title", "An annex about VET in Atlantis"},
                    {"Project Number", "2024-1-XX01-KA220-VET-000000001"},
                    {"Project Manager", "Anna Example, Some Long Organisation-Name"},
                    {"Date", "28/06/2025"}});
  CHECK(texts(l).back() == kLong);
}

TEST_CASE("pdf layout: a table of lists is read cell by cell, row by row") {
  PdfPage p = page();
  const double right = 300;
  put(p, "Strengths", kLeft, 100, true);
  put(p, "Weaknesses", right, 100, true);
  const char* const s[] = {"Strong links with companies", "Regional funding", "Long experience"};
  const char* const w[] = {"Few courses in English", "Small providers"};
  for (int k = 0; k < 3; ++k) put(p, std::string("• ") + s[k], kLeft, 113 + 13 * k);
  for (int k = 0; k < 2; ++k) put(p, std::string("• ") + w[k], right, 113 + 13 * k);
  put(p, "Opportunities", kLeft, 152, true);
  put(p, "Threats", right, 152, true);
  put(p, "• Growing demand", kLeft, 165);
  put(p, "• Competition", right, 165);
  const auto l = layout({p});
  std::vector<std::string> order;
  for (const Line& line : l.lines)
    if (has_text(line)) order.push_back((line.role == Role::kListItem ? "- " : "") + line.text);
  CHECK(order == std::vector<std::string>{"Strengths", "- Strong links with companies",
                                          "- Regional funding", "- Long experience", "Weaknesses",
                                          "- Few courses in English", "- Small providers",
                                          "Opportunities", "- Growing demand", "Threats",
                                          "- Competition"});
}

TEST_CASE("pdf layout: bullets make list items, and a dash wrapped mid-sentence stays in it") {
  PdfPage p = page();
  put(p, "• First item", kLeft, 100);
  put(p, "– Nested item", kLeft + 20, 113);
  put(p, "- Third item", kLeft, 126);
  const std::string full(90, 'y');
  put(p, full + " ministries", kLeft, 160);
  put(p, "- the Ministry of Labour works.", kLeft, 173);
  const auto l = layout({p});
  std::vector<std::pair<Role, int>> roles;
  for (const Line& line : l.lines)
    if (has_text(line)) roles.emplace_back(line.role, line.level);
  CHECK(roles ==
        std::vector<std::pair<Role, int>>{
            {Role::kListItem, 1}, {Role::kListItem, 2}, {Role::kListItem, 1}, {Role::kText, 0}});
  CHECK(texts(l).back() == full + " ministries - the Ministry of Labour works.");
}

#ifdef VETQ_HAVE_PDF
TEST_CASE("report-pdf: the LibreOffice and the print PDF give the text sample's record") {
  for (const char* name : {"report-digint-auvergne-rhone-alpes.libreoffice.pdf",
                           "report-digint-auvergne-rhone-alpes.print.pdf"}) {
    CAPTURE(name);
    const vetq::SourceFile src = vetq::test::report_fixture(name);
    const vetq::ParseResult r = vetq::parsers::parse_report_pdf(src);
    const vetq::ReportRecord pdf = vetq::test::only_report(r);
    CHECK(pdf.source.format == "report-pdf");
    CHECK(pdf.project_number == "2022-1-IT01-KA220-VET-000089459");
    CHECK(pdf.date == "2025-06-28");
    vetq::test::check_same_report(pdf, vetq::test::text_sample_report());
    // Running headers and footers never reach the text.
    for (const auto& s : pdf.sections)
      for (const auto& para : s.paragraphs) {
        CHECK(para.find("Page 1 of") == std::string::npos);
        CHECK(para.find("— page") == std::string::npos);
        CHECK(para.find("Regional Reports – Annexes") == std::string::npos);
      }
    int furniture = 0;
    for (const auto& d : r.diagnostics)
      furniture += d.message.find("page furniture") != std::string::npos;
    CHECK(furniture >= 2);
  }
}

TEST_CASE("report-pdf: the sibling annex's LibreOffice PDF gives its expected values") {
  const vetq::ReportRecord r = vetq::test::only_report(vetq::parsers::parse_report_pdf(
      vetq::test::report_fixture("report-digint-sibling.libreoffice.pdf")));
  vetq::test::check_sibling_expected(r);
}

TEST_CASE("report-pdf: the PDF sample gives the text sample's record") {
  vetq::SourceFile src;
  src.path = "samples/report-digint-auvergne-rhone-alpes.pdf";
  src.bytes =
      vetq::test::read_file(vetq::test::sample_path("report-digint-auvergne-rhone-alpes.pdf"));
  src.sha256 = vetq::sha256_hex(src.bytes);
  CHECK(vetq::parsers::sniff_report_pdf(src) == 100);
  const vetq::ReportRecord pdf = vetq::test::only_report(vetq::parsers::parse_report_pdf(src));
  CHECK(pdf.source.format == "report-pdf");
  CHECK(pdf.id == "2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes");
  vetq::test::check_same_report(pdf, vetq::test::text_sample_report());
}

TEST_CASE("report-pdf: a damaged PDF is an error, not a crash") {
  vetq::SourceFile src;
  src.path = "broken.pdf";
  src.bytes = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage";
  src.sha256 = vetq::sha256_hex(src.bytes);
  const vetq::ParseResult r = vetq::parsers::parse_report_pdf(src);
  CHECK(r.records.empty());
  REQUIRE(r.has_errors());
}
#endif
