#pragma once
// Regional reports as PDF: poppler-cpp extracts each page's text in reading order, the text is
// put back into the line structure of the text export (wrapped lines joined, two-column tables
// re-paired with tabs, page breaks closed), and parse_report_lines() reads it.
// Built only with -DVETQ_PDF=ON (poppler is GPL); the build then defines VETQ_HAVE_PDF.
// Line numbers in diagnostics and provenance count the lines of the extracted text, pages one
// after the other (what `pdftotext FILE -` prints, without its form feeds).
#include <string>
#include <vector>

#include "vetq/record.h"

namespace vetq::parsers {

/// 100 when src.bytes start with "%PDF-" and poppler can open them, else 0.
int sniff_report_pdf(const SourceFile& src);

/// Extracts the text of the PDF in src.bytes and parses it as a regional report. An encrypted
/// or damaged PDF is an error diagnostic.
ParseResult parse_report_pdf(const SourceFile& src);

/// The text-export line structure of extracted pages (one string per page) and, per output
/// line, the line of the extracted text it starts on. Exposed for tests.
std::string unwrap_pdf_pages(const std::vector<std::string>& pages, std::vector<int>& line_map);

}  // namespace vetq::parsers
