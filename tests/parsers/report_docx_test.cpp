// Regional reports as Word documents: the DOCX fixtures (tests/fixtures/reports/), and small
// documents and zip bombs made here with libzip.
#include <doctest/doctest.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "parsers/report/layout.h"
#include "parsers/report/report_docx.h"
#include "report_support.h"

using vetq::ReportRecord;
using vetq::Severity;
using vetq::SourceFile;
using vetq::parsers::report::Line;
using vetq::parsers::report::Role;

namespace {

const std::string kDocx = "report-digint-auvergne-rhone-alpes.docx";

// A ZIP archive with these entries (deflated), written by libzip and read back.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("vetq-docx-test-" + std::to_string(getpid()) + ".zip");
  int err = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  REQUIRE(za);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    REQUIRE(s);
    REQUIRE(zip_file_add(za, name.c_str(), s, ZIP_FL_OVERWRITE) >= 0);
  }
  REQUIRE(zip_close(za) == 0);
  std::string bytes = vetq::test::read_file(path.string());
  std::filesystem::remove(path);
  return bytes;
}

SourceFile binary_source(std::string bytes, const std::string& path) {
  SourceFile src;
  src.path = path;
  src.bytes = std::move(bytes);
  src.sha256 = vetq::sha256_hex(src.bytes);
  return src;
}

constexpr const char* kNs =
    R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";

std::string document_xml(const std::string& body) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?><w:document )") + kNs + "><w:body>" +
         body + "</w:body></w:document>";
}

std::string para(const std::string& text, const std::string& style = "") {
  const std::string ppr = style.empty() ? "" : "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>";
  return "<w:p>" + ppr + "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
}

// Styles as a Dutch Word writes them: the ids are localised, the names are not.
std::string styles_xml() {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?><w:styles )") + kNs +
         R"(><w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/></w:style>)"
         R"(<w:style w:type="paragraph" w:styleId="Opsomming"><w:name w:val="List Bullet"/>)"
         R"(<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style></w:styles>)";
}

std::vector<vetq::Diagnostic> parse_errors(const SourceFile& src) {
  const vetq::ParseResult r = vetq::parsers::parse_report_docx(src);
  CHECK(r.records.empty());
  std::vector<vetq::Diagnostic> out;
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::kError) out.push_back(d);
  return out;
}

const Line* find_line(const std::vector<Line>& lines, Role role, const std::string& text) {
  for (const auto& l : lines)
    if (l.role == role && l.text == text) return &l;
  return nullptr;
}

}  // namespace

TEST_CASE("report-docx: the Word document gives the text sample's record") {
  const SourceFile src = vetq::test::report_fixture(kDocx);
  CHECK(vetq::parsers::sniff_report_docx(src) == 100);
  const vetq::ParseResult r = vetq::parsers::parse_report_docx(src);
  const ReportRecord docx = vetq::test::only_report(r);
  CHECK(docx.source.format == "report-docx");
  CHECK(docx.project_number == "2022-1-IT01-KA220-VET-000089459");
  CHECK(docx.version == "3");
  CHECK(docx.date == "2025-06-28");
  CHECK(docx.swot.size() == 18);
  CHECK(docx.recommendations.size() == 9);
  vetq::test::check_same_report(docx, vetq::test::text_sample_report());
  // The SWOT table labels its quadrants: nothing is assigned by order.
  for (const auto& d : r.diagnostics) CHECK(d.message.find("unlabelled") == std::string::npos);
  // Line numbers count paragraphs: "Figure 1: Map of France [1]" is the document's 40th.
  CHECK(docx.figures.front().line == 40);
}

TEST_CASE("report-docx: styles, tables, lists and page furniture in the layout") {
  const SourceFile src = vetq::test::report_fixture(kDocx);
  const auto layout = vetq::parsers::report::layout_from_docx(src);
  const auto& lines = layout.lines;
  const Line* title = find_line(lines, Role::kHeading, "DIG.INT PARTNERS' REGIONAL REPORTS");
  REQUIRE(title);
  CHECK(title->level == 0);
  const Line* h1 = find_line(lines, Role::kHeading, "VERSION HISTORY");
  REQUIRE(h1);
  CHECK(h1->level == 1);
  CHECK(h1->styled);
  const Line* h2 = find_line(lines, Role::kHeading, "Economic sectors: Industry 4.0 & VET");
  REQUIRE(h2);
  CHECK(h2->level == 2);
  const auto rows = std::count_if(lines.begin(), lines.end(),
                                  [](const Line& l) { return l.role == Role::kTableRow; });
  CHECK(rows == 7 + 4);  // identification block, version history with its header row
  const Line* key =
      find_line(lines, Role::kTableRow, "Project Number\t2022-1-IT01-KA220-VET-000089459");
  REQUIRE(key);
  CHECK(key->cells ==
        std::vector<std::string>{"Project Number", "2022-1-IT01-KA220-VET-000089459"});
  for (const char* label : {"Strengths", "Weaknesses", "Opportunities", "Threats"})
    CHECK_MESSAGE(find_line(lines, Role::kText, label), label);
  // A nested list item (List Bullet 2), and a recommendation's bold lead-in and its body after
  // a line break.
  const auto nested = std::find_if(lines.begin(), lines.end(), [](const Line& l) {
    return l.role == Role::kListItem && l.text.starts_with("New legislation (30 August 2019)");
  });
  REQUIRE(nested != lines.end());
  CHECK(nested->level == 2);
  const auto lead = std::find_if(lines.begin(), lines.end(), [](const Line& l) {
    return l.text == "**Developing more English-taught and bilingual programs**";
  });
  REQUIRE(lead != lines.end());
  CHECK(lead->role == Role::kListItem);
  REQUIRE(lead + 1 != lines.end());
  CHECK((lead + 1)->role == Role::kText);
  CHECK((lead + 1)->text.starts_with("To attract more international students"));
  CHECK(find_line(lines, Role::kCaption, "Figure 5:"));
  // Header and footer: furniture, never text.
  CHECK(find_line(lines, Role::kFurniture, "DIG.INT Partners' Regional Reports – Annexes"));
  CHECK(find_line(lines, Role::kFurniture,
                  "Co-funded by the Erasmus+ Programme of the European Union — page 1"));
  for (const auto& l : lines)
    if (has_text(l)) CHECK(l.text.find("— page") == std::string::npos);
}

TEST_CASE("report-docx: the sibling annex gives its expected values") {
  const ReportRecord r = vetq::test::only_report(
      vetq::parsers::parse_report_docx(vetq::test::report_fixture("report-digint-sibling.docx")));
  vetq::test::check_sibling_expected(r);
}

TEST_CASE("report-text: the sibling annex's text gives its expected values") {
  const SourceFile src = vetq::test::source_of(
      vetq::test::read_file(vetq::test::fixture_path("reports/report-digint-sibling.txt")));
  vetq::test::check_sibling_expected(
      vetq::test::only_report(vetq::parsers::parse_report_text(src)));
}

TEST_CASE("report-docx: sniff wants a ZIP archive with word/document.xml") {
  CHECK(vetq::parsers::sniff_report_docx(binary_source(
            vetq::test::read_file(vetq::test::sample_path(vetq::test::kReportSample)), "a.txt")) ==
        0);
  CHECK(
      vetq::parsers::sniff_report_docx(binary_source(
          vetq::test::read_file(vetq::test::sample_path("report-digint-auvergne-rhone-alpes.pdf")),
          "a.pdf")) == 0);
  CHECK(vetq::parsers::sniff_report_docx(
            binary_source(make_zip({{"content.xml", "<office/>"}}), "a.odt")) == 0);
  CHECK(vetq::parsers::sniff_report_docx(binary_source(
            make_zip({{"word/document.xml", document_xml(para("x"))}}), "a.docx")) == 100);
}

TEST_CASE(
    "report-docx: localised style ids resolve by name, and missing parts warn at their line") {
  const std::string body = para("DIG.INT Partners' Regional Reports", "Title") +
                           para("Introduction", "Kop1") + para("Some text about VET.") +
                           para("an item", "Opsomming") + para("Conclusions", "Kop1") +
                           para("The end.");
  const SourceFile src = binary_source(
      make_zip({{"word/document.xml", document_xml(body)}, {"word/styles.xml", styles_xml()}}),
      "small.docx");
  const auto layout = vetq::parsers::report::layout_from_docx(src);
  const Line* h = find_line(layout.lines, Role::kHeading, "Introduction");
  REQUIRE(h);
  CHECK(h->level == 1);
  CHECK(h->no == 2);
  CHECK(find_line(layout.lines, Role::kListItem, "an item"));
  const vetq::ParseResult r = vetq::parsers::parse_report_docx(src);
  REQUIRE(r.records.size() == 1);
  std::vector<std::string> warnings;
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::kWarning) warnings.push_back(vetq::to_string(d));
  auto warned = [&](const std::string& text) {
    return std::any_of(warnings.begin(), warnings.end(),
                       [&](const std::string& w) { return w.find(text) != std::string::npos; });
  };
  CHECK(warned("small.docx:1: warning: no document-identification block found"));
  CHECK(warned("small.docx:1: warning: no SWOT analysis found"));
}

TEST_CASE(
    "report-docx: a zip bomb, too many entries or too deep XML is an error naming the bound") {
  const std::string doc = document_xml(para("x"));
  // 65 MiB of zeros deflate to some 64 KiB: over the bound of 64 MiB for one entry.
  auto errors = parse_errors(
      binary_source(make_zip({{"word/document.xml", doc},
                              {"word/media/image1.png", std::string(65u << 20, '\0')}}),
                    "bomb.docx"));
  REQUIRE(errors.size() == 1);
  CHECK(vetq::to_string(errors[0]) ==
        "bomb.docx:0: error: 'word/media/image1.png' unpacks to more than 64 MiB, the bound for "
        "one entry of a Word document — a zip bomb or not a report; check the file");
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<w:sdt><w:sdtContent>";
  deep += para("deep");
  for (int i = 0; i < 200; ++i) deep += "</w:sdtContent></w:sdt>";
  errors = parse_errors(
      binary_source(make_zip({{"word/document.xml", document_xml(deep)}}), "deep.docx"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("nests XML elements deeper than 256") != std::string::npos);
  // Deep inside a run, where no reader goes: the whole tree is checked.
  std::string hidden = "<w:p><w:r>";
  for (int i = 0; i < 300; ++i) hidden += "<w:x>";
  for (int i = 0; i < 300; ++i) hidden += "</w:x>";
  hidden += "</w:r></w:p>";
  errors = parse_errors(
      binary_source(make_zip({{"word/document.xml", document_xml(hidden)}}), "hidden.docx"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("nests XML elements deeper than 256") != std::string::npos);
  // Smaller bounds on the real document.
  const SourceFile real = vetq::test::report_fixture(kDocx);
  using vetq::parsers::report::DocxError;
  using vetq::parsers::report::layout_from_docx;
  CHECK_THROWS_WITH_AS(layout_from_docx(real, {.max_entry_bytes = 4096}),
                       doctest::Contains("unpacks to more than 4096 bytes"), DocxError);
  CHECK_THROWS_WITH_AS(layout_from_docx(real, {.max_entries = 5}),
                       doctest::Contains("more than the bound of 5"), DocxError);
  CHECK_THROWS_WITH_AS(layout_from_docx(real, {.max_depth = 6}), doctest::Contains("deeper than 6"),
                       DocxError);
  CHECK_NOTHROW(layout_from_docx(real));
}

TEST_CASE("report-docx: a damaged archive is an error, not a crash") {
  const auto errors = parse_errors(binary_source(std::string("PK\x03\x04garbage", 11), "bad.docx"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.starts_with("not a readable ZIP archive"));
}
