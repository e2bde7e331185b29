#pragma once
// Regional reports as Word documents (.docx): WordprocessingML read into the report layout
// (layout.h), then the same parts and mentions stages as the text export. Paragraph styles give
// the roles (Title and "heading N" styles, or an outline level: headings; Caption: captions;
// numbered or bulleted paragraphs: list items with their level), tables are read as rows of
// cells (a table of prose and lists, such as a SWOT grid, cell by cell), bold runs inside a
// paragraph keep the text export's **marks**, a line break (Shift+Enter) starts a new line,
// and page headers and footers are furniture, never sections.
// Line numbers count the document's paragraphs (table cells included), from 1; headers and
// footers have none.
#include "parsers/report/docx_package.h"
#include "parsers/report/layout.h"
#include "vetq/record.h"

namespace vetq::parsers {

/// 100 when src.bytes are a ZIP archive with a word/document.xml entry, 60 when they start like
/// one and name that entry but libzip cannot open them (parse says why), else 0.
int sniff_report_docx(const SourceFile& src);

/// Reads the Word document in src.bytes as a regional report. A damaged package or a bound of
/// DocxLimits exceeded (entries, unpacked size, XML depth: a zip bomb) is an error diagnostic.
ParseResult parse_report_docx(const SourceFile& src);

namespace report {

/// The layout of the Word document in src.bytes. Throws DocxError (see docx_package.h).
ReportLayout layout_from_docx(const SourceFile& src, const DocxLimits& limits = {});

}  // namespace report

}  // namespace vetq::parsers
