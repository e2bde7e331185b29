#pragma once
// Private to parsers/common (html_render.cpp): the page's plain text held out of gumbo.
//
// gumbo's tokenizer makes a token of each character of text and its tree builder inserts each
// one on its own: ~300 instructions a byte, and text is ~80 % of a saved policy page. Yet the
// tree gumbo builds depends on text only through where it is and whether it is white space.
// So each long run of plain text (no '<', '&', CR, or character gumbo would replace) is
// replaced by a short marker before gumbo parses the page, and put back into the text nodes
// after: U+E000, the run's number in decimal, U+E001, then as many line feeds as the run holds
// (so that every later node keeps its line). A marker starts and ends where its run did, with
// a character that is not white space, and holds none of the characters the tokenizer or the
// tree builder look at, so gumbo builds the same tree around it.
//
// restore_held_text checks that every marker came back once, in a text node, whole; anything
// else (a marker inside an attribute because the scan read the markup otherwise than gumbo, a
// <frameset> dropping text, a page that spells U+E000 itself) and the caller parses the page
// as it is. Tests compare both ways on real pages, tricky markup and the fuzzer's inputs.
#include <gumbo.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/common/html_scan.h"

namespace vetq::parsers {

struct HeldText {
  std::string html;                     // the page with each held run replaced by its marker
  std::vector<std::string_view> texts;  // the held runs, by number (views into the page)
  std::vector<std::size_t> lines;       // the line feeds each run holds
};

/// The page with the long plain runs of its text regions (check_html_limits) held out; no
/// texts when there is nothing worth holding, or when the page could spell a marker itself.
HeldText hold_out_text(std::string_view html, const std::vector<TextRegion>& regions);

/// Puts the held runs back into the text nodes of gumbo's tree (their text then lives in
/// `store`). False when a marker is missing, repeated, broken or unknown: the tree is then not
/// the page's, and the caller parses the page itself.
bool restore_held_text(GumboNode* root, const HeldText& held, std::deque<std::string>& store);

}  // namespace vetq::parsers
