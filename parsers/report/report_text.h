#pragma once
// Regional reports (e.g. the DIG.INT "Partners' Regional Reports" annexes): a
// document-identification block, a version-history table, headed sections, figures, a SWOT
// analysis and recommendations. One ReportRecord per file, whatever the form: the text export
// (here; conversion artefacts such as page-break lines, split sentences, markdown marks, dead
// links and chat citation chips are repaired or dropped with a note), a Word document
// (report_docx.h) or a PDF (report_pdf.h). Each front end builds the layout (layout.h) that
// parse_report_layout reads.
#include <string_view>
#include <vector>

#include "parsers/report/layout.h"
#include "vetq/record.h"

namespace vetq::parsers {

/// How sure we are that src.text is a regional report: 0 (not at all) to 100. Policy pages
/// and HTML score 0.
int sniff_report_text(const SourceFile& src);

/// Parses src.text into one ReportRecord, or none with an error diagnostic when the text has
/// neither a document-identification block nor any section heading.
ParseResult parse_report_text(const SourceFile& src);

/// The parser behind every front end: the layout (layout.h) read into parts (parts.h), their
/// mentions and derived tags (mentions.h), then the country, the id and one ReportRecord.
/// `format` names the front end in the record's provenance.
ParseResult parse_report_layout(const SourceFile& src, const report::ReportLayout& layout,
                                std::string_view format);

}  // namespace vetq::parsers
