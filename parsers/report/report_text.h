#pragma once
// Regional reports (e.g. the DIG.INT "Partners' Regional Reports" annexes) as text extracted
// from PDF or DOCX: a document-identification block (key<TAB>value lines), a version-history
// table, headed sections, figures, a SWOT analysis and recommendations. One ReportRecord per
// file; conversion artefacts (page-break lines, split sentences, markdown marks, dead links,
// chat citation chips) are repaired or dropped with a note.
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

/// True when `line` is a key of the document-identification block ("Document Title",
/// "Project Number", "Doc. Version", ...), compared folded. (Defined with the keys, parts.cpp.)
bool is_identification_key(std::string_view line);

/// The same parser for text another front end (PDF) produced. `format` names the front end in
/// the record's provenance; line numbers refer to `text` unless `line_map` maps them back
/// (index = 0-based line of `text`, value = line of the front end's own text).
ParseResult parse_report_lines(const SourceFile& src, std::string_view text,
                               std::string_view format, const std::vector<int>* line_map = nullptr);

/// The parser behind every front end: the layout (layout.h) read into parts (parts.h), their
/// mentions and derived tags (mentions.h), then the country, the id and one ReportRecord.
/// `format` names the front end in the record's provenance.
ParseResult parse_report_layout(const SourceFile& src, const report::ReportLayout& layout,
                                std::string_view format);

}  // namespace vetq::parsers
