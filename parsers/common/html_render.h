#pragma once
// Saved HTML pages -> the line structure the text parsers read. gumbo parses the page; this
// keeps its main content (main/article, else the densest block), drops page chrome (script,
// style, nav, header, footer, aside, forms' controls, hidden elements, cookie banners) and
// writes one line per block: headings, paragraphs, list items ("- " or "N. "), table rows
// (cells joined with a space). Entities are decoded, NBSP becomes a space, soft hyphens and
// zero-width characters are dropped.
#include <string>
#include <string_view>
#include <vector>

namespace vetq::parsers {

struct RenderedHtml {
  std::string text;           // the rendered lines, each ended by '\n'; no empty lines
  std::vector<int> line_map;  // index = 0-based line of text, value = 1-based line of the HTML
  int texts_held = 0;         // runs of text gumbo did not read (html_holdout.h); 0: the whole page
  int spaces_shrunk = 0;      // runs of white space gumbo read as their line breaks only
  int values_held = 0;        // distinct attribute values gumbo did not read
};

/// How render_html hands the page to gumbo. kHeldOut, the default, holds its long runs of
/// plain text out of gumbo's tokenizer and puts them back into the tree, and gives it runs of
/// white space as their line breaks only (html_holdout.h), at about a third of gumbo's cost;
/// kWhole gives gumbo the page as it is. Both render the same.
enum class TextToGumbo { kHeldOut, kWhole };

/// True when the text is an HTML document: a doctype or an <html>, <head> or <body> tag in its
/// first 4 KiB (case-insensitive). Decides by content, never by file name.
bool looks_like_html(std::string_view text);

/// Renders the main content of an HTML document (see the file comment). gumbo repairs any
/// markup, and a page without content renders as empty text; a page beyond the HTML limits of
/// input_limits() (source.h) throws HtmlLimitError (html_scan.h) before gumbo reads it.
RenderedHtml render_html(std::string_view html, TextToGumbo how = TextToGumbo::kHeldOut);

}  // namespace vetq::parsers
