#pragma once
// Regional reports as PDF, whatever program made it: poppler-cpp reads the words of each page
// with their boxes and fonts (in the module libvetq_pdf.so, pdf_module.h), the layout is
// recovered from them (pdf_layout.h: furniture, paragraphs, headings, tables), and the parts
// and mentions stages read it as they read a text export or a Word document.
// Built only with -DVETQ_PDF=ON (poppler is GPL); the build then defines VETQ_HAVE_PDF.
// Line numbers in diagnostics and provenance count the PDF's lines (words on one baseline),
// pages one after the other.
#include <optional>
#include <string>
#include <vector>

#include "parsers/report/pdf_layout.h"
#include "vetq/record.h"

namespace vetq::parsers {

/// 100 when src.bytes start with "%PDF-", else 0.
int sniff_report_pdf(const SourceFile& src);

/// Reads the PDF in src.bytes as a regional report. An encrypted or damaged PDF, or one without
/// text, is an error diagnostic.
ParseResult parse_report_pdf(const SourceFile& src);

/// The words of every page of the PDF in src.bytes, through the poppler module. Errors as
/// parse_report_pdf gives them, as an error diagnostic in `error`.
std::vector<report::PdfPage> read_pdf_words(const SourceFile& src,
                                            std::optional<Diagnostic>& error);

}  // namespace vetq::parsers
