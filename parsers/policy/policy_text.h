#pragma once
// Cedefop "Timeline of VET policies in Europe" policy pages as text (a browser copy, with or
// without the "Timeline"/"ID number"/"Cite as" headers and the help texts of full pages).
#include <string_view>

#include "vetq/record.h"

namespace vetq::parsers {

/// How sure we are that `text` is a policy page: 0 (not at all) to 100.
int sniff_policy_text(const SourceFile& src);

/// The evidence of a policy page in any rendering (text or HTML): the citation skeleton, the
/// policy URL and section headers, minus a listing page's count line. 0..100.
int policy_page_score(std::string_view text);

/// Parses src.text into one PolicyRecord, or none with an error diagnostic when the page has
/// no policy id or no citation line.
ParseResult parse_policy_text(const SourceFile& src);

/// The same parser for text that another front end (HTML) rendered into the page's line
/// structure. `format` names the front end in the record's provenance; line numbers refer to
/// `text` unless `line_map` maps them back (index = 0-based line of `text`, value = source line).
ParseResult parse_policy_lines(const SourceFile& src, std::string_view text,
                               std::string_view format, const std::vector<int>* line_map = nullptr);

}  // namespace vetq::parsers
