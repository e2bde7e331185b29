#pragma once
// A pass over HTML markup before gumbo parses it, so that a hostile page fails on its own
// instead of costing the run its memory or minutes: gumbo keeps every element, attribute and
// comment in memory, checks each new attribute against the element's others, and scans its
// stack of open elements for most tags (a page nesting thousands of elements takes time
// quadratic in the depth). The scan counts nodes and attributes and follows the open elements
// the way the HTML tree builder does (void and raw-text elements, implied end tags, table
// sections, foreign content), never estimating the depth lower than gumbo builds it for the
// markup real pages use.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "vetq/source.h"

namespace vetq::parsers {

/// A page beyond one of the HTML limits of InputLimits: the line where it crossed it, and a
/// message naming the option to raise.
class HtmlLimitError : public std::runtime_error {
 public:
  HtmlLimitError(int line, const std::string& message) : std::runtime_error(message), line_(line) {}
  int line() const { return line_; }

 private:
  int line_;
};

/// Bytes of the page the tokenizer reads as text in its data state: from the end of a tag,
/// comment or raw-text element to the next '<'.
struct TextRegion {
  std::size_t at = 0;
  std::size_t size = 0;
};

/// A quoted attribute value of a tag: the bytes between its quotes, and the attribute's name in
/// lower case.
struct AttrValue {
  std::size_t at = 0;
  std::size_t size = 0;
  std::string name;
};

/// Throws HtmlLimitError when the markup nests elements deeper than limits.max_html_depth,
/// holds more than limits.max_html_nodes elements, attributes and comments, or an element
/// with more than limits.max_html_attributes attributes. Linear in the size of the markup.
/// With `text`, also lists the page's text regions, in order. A region starts only where
/// markup ends: the text after a '<' that opens no markup ("a < b") is left out, as is the
/// content of raw-text elements, comments and CDATA sections. With `values`, also lists the
/// quoted attribute values of its tags (start and end tags), in order.
void check_html_limits(std::string_view html, const InputLimits& limits,
                       std::vector<TextRegion>* text = nullptr,
                       std::vector<AttrValue>* values = nullptr);

/// HTML's ASCII white space: space, tab, line feed, carriage return, form feed.
constexpr bool is_html_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/// ASCII lower case of one byte (HTML's names and keywords are case-insensitive in ASCII only).
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Whether `s` at `at` (at most s.size()) spells `mark`, given in lower case, in any case.
inline bool lower_at(std::string_view s, std::size_t at, std::string_view mark) {
  if (s.size() - at < mark.size()) return false;
  for (std::size_t k = 0; k < mark.size(); ++k)
    if (ascii_lower(s[at + k]) != mark[k]) return false;
  return true;
}

}  // namespace vetq::parsers
