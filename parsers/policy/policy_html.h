#pragma once
// Cedefop "Timeline of VET policies in Europe" policy pages saved as HTML. The page is rendered
// to the line structure of a text copy (html_render.h) and read by the text policy parser, so
// both front ends share one reading of the page; line numbers point into the HTML.
#include "vetq/record.h"

namespace vetq::parsers {

/// How sure we are that src.text is a policy page in HTML: 0 (not at all) to 100.
int sniff_policy_html(const SourceFile& src);

/// Parses src.text (HTML) into one PolicyRecord with format "policy-html", or none with an
/// error diagnostic when the page has no policy id or no citation.
ParseResult parse_policy_html(const SourceFile& src);

}  // namespace vetq::parsers
