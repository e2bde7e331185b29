#pragma once
// Cedefop "Timeline of VET policies in Europe" search-result (listing) pages, as text and as
// HTML: a filter summary, "Displaying 1 - N of M policy developments", then one item per
// policy: title (HTML only, usually lost in text copies), "Objectives" and "Description"
// teasers cut with "...", "Bodies responsible", "ID number", "View details" and a
// "<Country> <Type>" line. Each item becomes a partial PolicyRecord (partial = true) that the
// store merges into the full page without overwriting it. The HTML front end renders the page
// (html_render.h) and reads the lines with the same parser as the text front end.
#include <string_view>
#include <vector>

#include "vetq/record.h"

namespace vetq::parsers {

/// How sure we are that src.text is a listing page copied as text: 0 to 100. Needs the
/// "Displaying …" count line or several "View details" links; policy pages score 0.
int sniff_listing_text(const SourceFile& src);

/// The same for a listing page saved as HTML.
int sniff_listing_html(const SourceFile& src);

/// One partial PolicyRecord per item. An item without an ID number gives a warning and no
/// record; a page without items gives an error.
ParseResult parse_listing_text(const SourceFile& src);
ParseResult parse_listing_html(const SourceFile& src);

/// The listing parser over lines another front end rendered (see parse_policy_lines).
ParseResult parse_listing_lines(const SourceFile& src, std::string_view text,
                                std::string_view format,
                                const std::vector<int>* line_map = nullptr);

}  // namespace vetq::parsers
