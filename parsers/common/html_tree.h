#pragma once
// Private to parsers/common/html_scan.cpp and html_tree.cpp: the HTML tree builder's element
// categories, as gumbo 0.10 spells them (parser.c), and the open elements the scan follows to
// estimate the depth gumbo will build.
#include <gumbo.h>

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vetq/source.h"

namespace vetq::parsers::html_tree {

using Tags = std::initializer_list<GumboTag>;

/// A set of tags, looked up in constant time.
class TagSet {
 public:
  explicit constexpr TagSet(Tags tags) {
    for (GumboTag t : tags) in_[t] = true;
  }
  constexpr bool has(GumboTag t) const { return t >= 0 && t < GUMBO_TAG_LAST && in_[t]; }

 private:
  std::array<bool, GUMBO_TAG_LAST> in_{};
};

// Elements without content: never open.
constexpr TagSet kVoid{{GUMBO_TAG_AREA,   GUMBO_TAG_BASE,  GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND,
                        GUMBO_TAG_BR,     GUMBO_TAG_COL,   GUMBO_TAG_EMBED,    GUMBO_TAG_FRAME,
                        GUMBO_TAG_HR,     GUMBO_TAG_IMAGE, GUMBO_TAG_IMG,      GUMBO_TAG_INPUT,
                        GUMBO_TAG_KEYGEN, GUMBO_TAG_LINK,  GUMBO_TAG_META,     GUMBO_TAG_PARAM,
                        GUMBO_TAG_SOURCE, GUMBO_TAG_TRACK, GUMBO_TAG_WBR,      GUMBO_TAG_ISINDEX}};
// Elements whose content is text up to their end tag (in HTML content).
constexpr TagSet kRawText{{GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_TITLE, GUMBO_TAG_TEXTAREA,
                           GUMBO_TAG_XMP, GUMBO_TAG_IFRAME, GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES}};
// The tree builder's "special" elements (gumbo's list): end tags and list items stop at them.
constexpr TagSet kSpecial{
    {GUMBO_TAG_ADDRESS,    GUMBO_TAG_APPLET,     GUMBO_TAG_AREA,     GUMBO_TAG_ARTICLE,
     GUMBO_TAG_ASIDE,      GUMBO_TAG_BASE,       GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND,
     GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,       GUMBO_TAG_BR,       GUMBO_TAG_BUTTON,
     GUMBO_TAG_CAPTION,    GUMBO_TAG_CENTER,     GUMBO_TAG_COL,      GUMBO_TAG_COLGROUP,
     GUMBO_TAG_MENUITEM,   GUMBO_TAG_DD,         GUMBO_TAG_DETAILS,  GUMBO_TAG_DIR,
     GUMBO_TAG_DIV,        GUMBO_TAG_DL,         GUMBO_TAG_DT,       GUMBO_TAG_EMBED,
     GUMBO_TAG_FIELDSET,   GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,   GUMBO_TAG_FOOTER,
     GUMBO_TAG_FORM,       GUMBO_TAG_FRAME,      GUMBO_TAG_FRAMESET, GUMBO_TAG_H1,
     GUMBO_TAG_H2,         GUMBO_TAG_H3,         GUMBO_TAG_H4,       GUMBO_TAG_H5,
     GUMBO_TAG_H6,         GUMBO_TAG_HEAD,       GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,
     GUMBO_TAG_HR,         GUMBO_TAG_HTML,       GUMBO_TAG_IFRAME,   GUMBO_TAG_IMG,
     GUMBO_TAG_INPUT,      GUMBO_TAG_ISINDEX,    GUMBO_TAG_LI,       GUMBO_TAG_LINK,
     GUMBO_TAG_LISTING,    GUMBO_TAG_MARQUEE,    GUMBO_TAG_MENU,     GUMBO_TAG_META,
     GUMBO_TAG_NAV,        GUMBO_TAG_NOEMBED,    GUMBO_TAG_NOFRAMES, GUMBO_TAG_NOSCRIPT,
     GUMBO_TAG_OBJECT,     GUMBO_TAG_OL,         GUMBO_TAG_P,        GUMBO_TAG_PARAM,
     GUMBO_TAG_PLAINTEXT,  GUMBO_TAG_PRE,        GUMBO_TAG_SCRIPT,   GUMBO_TAG_SECTION,
     GUMBO_TAG_SELECT,     GUMBO_TAG_STYLE,      GUMBO_TAG_SUMMARY,  GUMBO_TAG_TABLE,
     GUMBO_TAG_TBODY,      GUMBO_TAG_TD,         GUMBO_TAG_TEMPLATE, GUMBO_TAG_TEXTAREA,
     GUMBO_TAG_TFOOT,      GUMBO_TAG_TH,         GUMBO_TAG_THEAD,    GUMBO_TAG_TITLE,
     GUMBO_TAG_TR,         GUMBO_TAG_UL,         GUMBO_TAG_WBR,      GUMBO_TAG_XMP}};
// Where "has an element in scope" stops looking (HTML elements; foreign integration points
// stop it too).
constexpr TagSet kScope{{GUMBO_TAG_APPLET, GUMBO_TAG_CAPTION, GUMBO_TAG_HTML, GUMBO_TAG_TABLE,
                         GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_MARQUEE, GUMBO_TAG_OBJECT,
                         GUMBO_TAG_TEMPLATE}};
// Start tags that close an open <p> first.
constexpr TagSet kClosesP{
    {GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE,  GUMBO_TAG_ASIDE,      GUMBO_TAG_BLOCKQUOTE,
     GUMBO_TAG_CENTER,  GUMBO_TAG_DETAILS,  GUMBO_TAG_DIR,        GUMBO_TAG_DIV,
     GUMBO_TAG_DL,      GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,
     GUMBO_TAG_FOOTER,  GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,     GUMBO_TAG_MENU,
     GUMBO_TAG_MAIN,    GUMBO_TAG_NAV,      GUMBO_TAG_OL,         GUMBO_TAG_P,
     GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY,  GUMBO_TAG_UL,         GUMBO_TAG_H1,
     GUMBO_TAG_H2,      GUMBO_TAG_H3,       GUMBO_TAG_H4,         GUMBO_TAG_H5,
     GUMBO_TAG_H6,      GUMBO_TAG_PRE,      GUMBO_TAG_LISTING,    GUMBO_TAG_FORM,
     GUMBO_TAG_LI,      GUMBO_TAG_DD,       GUMBO_TAG_DT,         GUMBO_TAG_PLAINTEXT,
     GUMBO_TAG_XMP}};
constexpr TagSet kHeadings{
    {GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6}};
constexpr TagSet kFormatting{{GUMBO_TAG_A, GUMBO_TAG_B, GUMBO_TAG_BIG, GUMBO_TAG_CODE, GUMBO_TAG_EM,
                              GUMBO_TAG_FONT, GUMBO_TAG_I, GUMBO_TAG_NOBR, GUMBO_TAG_S,
                              GUMBO_TAG_SMALL, GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG, GUMBO_TAG_TT,
                              GUMBO_TAG_U}};
constexpr TagSet kTableParts{{GUMBO_TAG_CAPTION, GUMBO_TAG_COL, GUMBO_TAG_COLGROUP, GUMBO_TAG_TBODY,
                              GUMBO_TAG_TD, GUMBO_TAG_TFOOT, GUMBO_TAG_TH, GUMBO_TAG_THEAD,
                              GUMBO_TAG_TR}};
// Elements that decide the tree builder's insertion mode, nearest first.
constexpr TagSet kModes{{GUMBO_TAG_SELECT, GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_TR,
                         GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT, GUMBO_TAG_CAPTION,
                         GUMBO_TAG_COLGROUP, GUMBO_TAG_TABLE, GUMBO_TAG_TEMPLATE, GUMBO_TAG_HTML}};
// Start tags that leave SVG and MathML content (font only with color, face or size).
constexpr TagSet kBreakout{
    {GUMBO_TAG_B,      GUMBO_TAG_BIG,    GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,  GUMBO_TAG_BR,
     GUMBO_TAG_CENTER, GUMBO_TAG_CODE,   GUMBO_TAG_DD,         GUMBO_TAG_DIV,   GUMBO_TAG_DL,
     GUMBO_TAG_DT,     GUMBO_TAG_EM,     GUMBO_TAG_EMBED,      GUMBO_TAG_H1,    GUMBO_TAG_H2,
     GUMBO_TAG_H3,     GUMBO_TAG_H4,     GUMBO_TAG_H5,         GUMBO_TAG_H6,    GUMBO_TAG_HEAD,
     GUMBO_TAG_HR,     GUMBO_TAG_I,      GUMBO_TAG_IMG,        GUMBO_TAG_LI,    GUMBO_TAG_LISTING,
     GUMBO_TAG_MENU,   GUMBO_TAG_META,   GUMBO_TAG_NOBR,       GUMBO_TAG_OL,    GUMBO_TAG_P,
     GUMBO_TAG_PRE,    GUMBO_TAG_RUBY,   GUMBO_TAG_S,          GUMBO_TAG_SMALL, GUMBO_TAG_SPAN,
     GUMBO_TAG_STRONG, GUMBO_TAG_STRIKE, GUMBO_TAG_SUB,        GUMBO_TAG_SUP,   GUMBO_TAG_TABLE,
     GUMBO_TAG_TT,     GUMBO_TAG_U,      GUMBO_TAG_UL,         GUMBO_TAG_VAR}};

// Gumbo's block end tags: they close the element when it is open in scope.
constexpr TagSet kBlockEnd{
    {GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,    GUMBO_TAG_BLOCKQUOTE,
     GUMBO_TAG_BUTTON,  GUMBO_TAG_CENTER,  GUMBO_TAG_DETAILS,  GUMBO_TAG_DIR,
     GUMBO_TAG_DIV,     GUMBO_TAG_DL,      GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION,
     GUMBO_TAG_FIGURE,  GUMBO_TAG_FOOTER,  GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,
     GUMBO_TAG_LISTING, GUMBO_TAG_MAIN,    GUMBO_TAG_MENU,     GUMBO_TAG_NAV,
     GUMBO_TAG_OL,      GUMBO_TAG_PRE,     GUMBO_TAG_SECTION,  GUMBO_TAG_SUMMARY,
     GUMBO_TAG_UL,      GUMBO_TAG_DD,      GUMBO_TAG_DT}};
// Elements that put a marker on the list of active formatting elements.
constexpr TagSet kMarkers{{GUMBO_TAG_APPLET, GUMBO_TAG_OBJECT, GUMBO_TAG_MARQUEE, GUMBO_TAG_TD,
                           GUMBO_TAG_TH, GUMBO_TAG_CAPTION, GUMBO_TAG_TEMPLATE}};

/// Whether t is in a short list of tags (the sets above answer in constant time).
bool one_of(GumboTag t, Tags set);
/// ASCII lower case.
std::string lower(std::string_view s);
/// Throws HtmlLimitError (html_scan.h) with the line of byte `at` of `html`.
[[noreturn]] void fail_at(std::string_view html, std::size_t at, const std::string& message);

enum class Ns : unsigned char { kHtml, kSvg, kMath };

/// A start or end tag as the scan read it.
struct Tag {
  std::size_t at = 0;  // offset of '<'
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  std::string name, attributes;  // name in lower case; the attributes' text
  bool end = false;
  bool self_closing = false;
  bool font_breakout = false;  // font with color, face or size
  bool html_encoding = false;  // encoding="text/html" or "application/xhtml+xml"
};

/// The stack of open elements as gumbo's tree builder keeps it, estimated from the tags (void
/// and raw-text elements, implied end tags, table sections, select, foreign content, the active
/// formatting elements gumbo re-opens). Throws HtmlLimitError beyond limits.max_html_depth.
class OpenElements {
 public:
  OpenElements(std::string_view html, const InputLimits& limits) : html_(html), lim_(limits) {}

  /// Whether a start tag here is HTML (not inside SVG or MathML content).
  bool in_html_content() const;
  /// True when the element's content is raw text, up to its end tag (script, style, ...).
  bool start_tag(const Tag& t);
  void end_tag(const Tag& t);

 private:
  struct Open {
    GumboTag tag;      // GUMBO_TAG_UNKNOWN for foreign elements
    std::string name;  // lower case
    Ns ns;
    // A foreign element whose children's start tags are HTML again (SVG foreignObject, desc
    // and title, MathML text elements, annotation-xml holding HTML).
    bool integration;
    bool boundary;           // a foreign element that scope and "special" checks stop at
    long formatting_id = 0;  // its entry in the list of active formatting elements
    bool special() const { return ns == Ns::kHtml ? kSpecial.has(tag) : boundary; }
    bool scope() const { return ns == Ns::kHtml ? kScope.has(tag) : boundary; }
    bool html(GumboTag t) const { return ns == Ns::kHtml && tag == t; }
  };
  // The list of active formatting elements: gumbo re-opens those no longer open (inside a
  // new paragraph, say), so they count towards the depth.
  struct Active {
    long id;  // 0: a marker
    GumboTag tag;
    std::string attributes;  // three equal elements at most (the Noah's Ark clause)
    bool open;
  };

  bool in_select() const;
  // A start tag in a <select>: options go in, a select, input or textarea ends it (the last
  // two then open as usual), table parts end it inside a table. Anything else gumbo drops
  // (and a raw-text element's text is then markup); it is counted all the same, in case the
  // select was left in a way the scan does not follow (templates).
  enum class InSelect { kProcess, kDone, kCount };
  InSelect select_start_tag(GumboTag tag);
  // Implied end tags of a start tag in HTML content.
  void close_implied(GumboTag tag);
  // The nearest element deciding the insertion mode (see kModes), or nullptr.
  const Open* mode() const;
  // Table sections and cells: ignored outside a table; inside one they close the cell, row
  // or section they cannot sit in.
  void table_part(const Tag& t);
  // Pops the elements above the nearest of `tags`, and it too when `inclusive`; nothing when
  // a template's content comes first.
  void pop_to(Tags tags, bool inclusive);
  // Where `tag` is open in table scope (the nearest, unless a table or template comes first).
  std::optional<std::size_t> in_table_scope(GumboTag tag) const;
  // Whether a table is open below the innermost select (and no template between).
  bool select_in_table() const;
  // Closes `tag` when it is open in scope (kScope, plus `extra`).
  void close_in_scope(GumboTag tag, Tags extra);
  // A formatting element's end (the adoption agency, estimated): it leaves the list of active
  // formatting elements; it is closed like any element when nothing special was opened inside
  // it, else gumbo moves elements around and the depth stays about the same.
  void close_formatting(GumboTag tag);
  // </form> removes the form element alone; what it holds stays open.
  void remove_form();
  // Pops the open elements from index k on. A formatting element stays on the active list
  // (closed); a marker element clears the list back to its marker.
  void truncate(std::size_t k);
  // Opens an element; beyond --max-html-depth (with the elements gumbo may re-open), fails.
  void push(const Tag& t, Ns ns);

  std::string_view html_;
  const InputLimits& lim_;
  long formatting_ids_ = 0;
  std::vector<Open> stack_;
  std::vector<Active> active_;
};

}  // namespace vetq::parsers::html_tree
