#pragma once
// Private to parsers/common (html_render.cpp): the page's plain text held out of gumbo.
//
// gumbo's tokenizer makes a token of each character of text and its tree builder inserts each
// one on its own: ~300 instructions a byte, and text is ~80 % of a saved policy page. Yet the
// tree gumbo builds depends on text only through where it is and whether it is white space.
// So each run of plain text of four bytes or more (no '<', '&', CR, or character gumbo would
// replace) is replaced by a marker before gumbo parses the page, and put back into the text
// nodes after: one character of the private use area, U+E000 + the run's number, then as many line
// feeds as the run holds (so that every later node keeps its line). A marker starts and ends
// where its run did, with a character that is not white space, and holds none of the
// characters the tokenizer or the tree builder look at, so gumbo builds the same tree around
// it.
//
// Quoted attribute values are held out the same way (after the runs, in the same numbering):
// gumbo reads them a character at a time too, and ~40 % of a saved page's markup is attribute
// values. A value is held when it holds only characters no tokenizer state stops at (no quote,
// '<', '>', '&', white space but the space) and its attribute is not one whose value the tree
// builder reads (type, encoding, prompt). Equal values of one attribute name share a marker:
// gumbo compares formatting elements' attributes by value. A value is put back wherever gumbo
// put its marker (the tree builder copies attributes when it clones an element).
//
// Runs of white space in the text regions (between tags, and around held runs) are given to
// gumbo as their line breaks only, or one space: gumbo's tree depends on white space only
// through where it is, and the renderer reads it only as a space and as line breaks, except in
// pre and textarea. So a page that could hold pre, textarea, listing, plaintext or xmp keeps
// its white space, and so does the start of a page up to its first <head or <body (gumbo drops
// white space there). Shrinking saves about a third of what gumbo still spends on a saved page.
//
// restore_held_text checks that every text marker came back once, in a text node, whole, that
// every value marker is the whole of an attribute's value, that no marker is anywhere else,
// and that every shrunk run lies in a text node's source; anything else (a marker inside an
// attribute or a comment because the scan read the markup otherwise than gumbo, a <frameset>
// dropping text, white space gumbo dropped) and the caller parses the page as it is. A page
// that could spell a marker itself (a character of U+E000-U+EFFF, or a reference to one) is
// not held at all. Tests compare both ways on real pages, tricky markup and the fuzzer's
// inputs.
#include <gumbo.h>

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/common/html_scan.h"

namespace vetq::parsers {

struct HeldText {
  std::string html;                      // the page with each held run replaced by its marker
  std::vector<std::string_view> texts;   // the held runs, by number (views into the page)
  std::vector<std::size_t> lines;        // the line feeds each run holds
  std::vector<std::string_view> values;  // the held attribute values, numbered after the runs
  // Runs of white space shrunk to their line feeds (or a space): [offset, size) in `html`.
  std::vector<std::pair<std::size_t, std::size_t>> shrunk;

  bool empty() const { return texts.empty() && values.empty(); }
};

/// The page with the long plain runs of its text regions and its plain attribute values
/// (check_html_limits) held out; empty when there is nothing worth holding, or when the page
/// could spell a marker itself.
HeldText hold_out_text(std::string_view html, const std::vector<TextRegion>& regions,
                       const std::vector<AttrValue>& values = {});

/// Puts the held runs back into the text nodes of gumbo's tree and the held values into its
/// attributes (their text then lives in `store`). False when a text marker is missing or
/// repeated, a marker is broken, unknown or out of place, or a shrunk run of white space is in
/// no text node: the tree is then not the page's, and the caller parses the page itself.
bool restore_held_text(GumboNode* root, const HeldText& held, std::deque<std::string>& store);

}  // namespace vetq::parsers
