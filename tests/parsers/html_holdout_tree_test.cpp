// The held-out parse (parsers/common/html_holdout.h) must build gumbo's tree of the page
// itself: the same elements, attributes with their values, text and comments. The renderer
// reads only some of that (html_holdout_test.cpp compares renderings); these compare whole
// trees, so that an attribute value put back wrong shows even where no rendering reads it.
#include <doctest/doctest.h>
#include <gumbo.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include "parsers/common/gumbo_memory.h"
#include "parsers/common/html_holdout.h"
#include "parsers/common/html_scan.h"
#include "support.h"

using vetq::parsers::AttrValue;
using vetq::parsers::GumboMemory;
using vetq::parsers::HeldText;
using vetq::parsers::TextRegion;
using vetq::test::html_page;

namespace {

// Text with each run of two or more white-space characters as its line breaks, or one space:
// what the held parse gives gumbo for white space between markup, and all the renderer reads.
std::string shrunk(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && vetq::parsers::is_html_space(s[j])) ++j;
    if (j - i < 2) {
      out += s[i++];
      continue;
    }
    const auto breaks = static_cast<std::size_t>(
        std::count(s.begin() + static_cast<long>(i), s.begin() + static_cast<long>(j), '\n'));
    out += breaks ? std::string(breaks, '\n') : " ";
    i = j;
  }
  return out;
}

void dump(const GumboNode* n, int depth, std::string& out) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  switch (n->type) {
    case GUMBO_NODE_DOCUMENT: {
      const GumboDocument& d = n->v.document;
      out += "#document ";
      out += d.has_doctype
                 ? std::string(d.name) + "|" + d.public_identifier + "|" + d.system_identifier
                 : "";
      out += '\n';
      for (unsigned i = 0; i < d.children.length; ++i)
        dump(static_cast<const GumboNode*>(d.children.data[i]), depth + 1, out);
      return;
    }
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      const GumboElement& e = n->v.element;
      GumboStringPiece tag = e.original_tag;
      if (e.tag == GUMBO_TAG_UNKNOWN) gumbo_tag_from_original_text(&tag);
      out += "<" + (e.tag == GUMBO_TAG_UNKNOWN ? std::string(tag.data, tag.length)
                                               : std::string(gumbo_normalized_tagname(e.tag)));
      out += " ns=" + std::to_string(e.tag_namespace);
      for (unsigned i = 0; i < e.attributes.length; ++i) {
        const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
        out += " " + std::to_string(a->attr_namespace) + ":" + a->name + "=\"" + a->value + "\"";
      }
      out += " line=" + std::to_string(e.start_pos.line) + ">\n";
      for (unsigned i = 0; i < e.children.length; ++i)
        dump(static_cast<const GumboNode*>(e.children.data[i]), depth + 1, out);
      return;
    }
    default:
      out += "#" + std::to_string(n->type) + " line=" + std::to_string(n->v.text.start_pos.line) +
             " \"" + shrunk(n->v.text.text) + "\"\n";
  }
}

struct Tree {
  std::string text;
  std::size_t texts_held = 0, values_held = 0;
};

// gumbo's tree of the page, parsed whole and held out; a held parse that restore_held_text
// refuses is reported as such (render_html would then parse the page whole).
Tree tree_of(const std::string& html, bool held_out) {
  Tree t;
  GumboMemory memory;
  if (!held_out) {
    dump(vetq::parsers::parse_in(memory, html)->document, 0, t.text);
    return t;
  }
  std::vector<TextRegion> regions;
  std::vector<AttrValue> values;
  try {
    vetq::parsers::check_html_limits(html, vetq::InputLimits{}, &regions, &values);
  } catch (const vetq::parsers::HtmlLimitError&) {
    return {"(beyond the limits)", 0, 0};  // render_html refuses the page either way
  }
  const HeldText held = vetq::parsers::hold_out_text(html, regions, values);
  if (held.empty()) return tree_of(html, false);
  GumboOutput* doc = vetq::parsers::parse_in(memory, held.html);
  std::deque<std::string> store;
  if (!vetq::parsers::restore_held_text(doc->document, held, store)) return {"(refused)", 0, 0};
  dump(doc->document, 0, t.text);
  t.texts_held = held.texts.size();
  t.values_held = held.values.size();
  return t;
}

// Checks that both parses build the same tree; returns the held one.
Tree same_tree(const std::string& html) {
  const Tree whole = tree_of(html, false), held = tree_of(html, true);
  if (held.text == "(refused)" || held.text == "(beyond the limits)") return {whole.text, 0, 0};
  CHECK(held.text == whole.text);
  return held;
}

}  // namespace

TEST_CASE("held attribute values come back as gumbo reads them on real pages") {
  for (const std::string name :
       {"policy-28020-belgium-fr-work-based-learning.html",
        "policy-28228-france-digital-transition.html", "policy-28238-france-clea-certificates.html",
        "policy-28832-france-quality-assurance-culture.html"}) {
    CAPTURE(name);
    const Tree t = same_tree(vetq::test::read_file(vetq::test::sample_path("html/" + name)));
    CHECK(t.texts_held >= 20);
    CHECK(t.values_held >= 40);  // class names, links, ids
  }
  const Tree listing = same_tree(
      vetq::test::read_file(vetq::test::fixture_path("listing/listing-search-page1.html")));
  CHECK(listing.values_held >= 20);
  for (const auto& entry : std::filesystem::directory_iterator(std::string(VETQ_SOURCE_DIR) +
                                                               "/tests/fuzz/seeds/html")) {
    CAPTURE(entry.path().string());
    same_tree(vetq::test::read_file(entry.path().string()));
  }
}

TEST_CASE("attribute values the tree builder reads or copies build the same tree held out") {
  const std::vector<std::string> bodies = {
      // Four formatting elements alike: the earliest is dropped (equal values, one marker),
      // then the rest are cloned, attributes and all, into the next paragraph.
      "<p><b class=\"same-class\">1<b class=\"same-class\">2<b class=\"same-class\">3"
      "<b class=\"same-class\">4</p><p>cloned here",
      // Alike but for one value: none is dropped.
      "<p><b class=\"one-class\">1<b class=\"two-class\">2<b class=\"one-class\">3"
      "<b class=\"one-class\">4</p><p>cloned here",
      // Misnested formatting: the adoption agency clones the <a>.
      "<a href=\"/first-link\" title=\"A link title\"><div>block in a link</a> after</div>",
      // type=hidden inputs stay in a table; other inputs are moved out of it.
      "<table><input type=\"hidden\" value=\"secret-value\"><input type=\"text\" "
      "value=\"shown-value\"><tr><td>cell</td></tr></table>",
      // isindex: its prompt becomes text, its action the form's.
      "<isindex prompt=\"Search this site\" action=\"/search-here\" class=\"some-class\">",
      // Duplicate attributes (the first is kept) and attributes on an end tag (dropped).
      "<a title=\"first title\" title=\"second title\">x</a title=\"end tag title\">",
      // A second <body> and <html> give the first their missing attributes.
      "<body class=\"second-body\" id=\"second-id\"><html lang=\"en-GB\" data-x=\"html-data\">",
      // Foreign content: SVG attribute names are adjusted, xlink attributes namespaced.
      "<svg viewBox=\"0 0 10 10\"><path d=\"M0 0 L10 10 Z\"/><use xlink:href=\"#an-icon\"/>"
      "</svg>",
      "<math><annotation-xml encoding=\"text/html\"><p>html inside math</p></annotation-xml>"
      "</math>",
      // Single quotes, quotes inside quotes, '>' and references: the latter are not held.
      "<a href='single-quoted' title=\"it's quoted\" data-a='say \"hi\" here'>x</a>",
      "<a title=\"a > b, long title\" data-b=\"AT&amp;T and more\">x</a>",
      // Misread by a careless scan: no space between attributes, '=' leading a name, unquoted
      // values holding quotes.
      "<a title=\"first-value\"class=\"second-value\" =\"equals-name\">x</a>",
      "<a b=c\"d=\"e-value\" f=\"g-value\">x</a>",
      // Tags the scan must not read inside: comments, scripts, text areas, titles.
      "<!-- <a title=\"in a comment\"> --><p title=\"after the comment\">p</p>",
      "<script>document.write('<a title=\"in a script\">');</script><i class=\"after-script\">"
      "i</i>",
      "<textarea><a title=\"in a text area\"></textarea><u class=\"after-area\">u</u>",
      "<template><a title=\"in a template\">t</a></template>",
      // Tabs and line feeds in a value are not held.
      "<a title=\"tab\there\" data-c=\"line\nfeed\">x</a>",
  };
  for (const std::string& body : bodies) {
    CAPTURE(body);
    same_tree(html_page(body));
  }
  // The values the tree builder reads are never held; the rest are.
  CHECK(same_tree(html_page("<table><input type=\"hidden\" value=\"secret-value\"></table>"))
            .values_held == 1);
  // A page ending in an open quote.
  same_tree("<html><body><p class=\"open-para\">x<a title=\"never closed");
}

TEST_CASE("a page that spells a marker in any way holds nothing") {
  for (const std::string& spelled : {std::string("\xEE\x80\x85"), std::string("&#xE005;"),
                                     std::string("&#57349;"), std::string("\xEE\xBF\xBF")}) {
    CAPTURE(spelled);
    const std::string html = html_page("<p class=\"a-class\" title=\"" + spelled +
                                       "\">A long paragraph of plain text</p>");
    const Tree t = same_tree(html);
    CHECK(t.texts_held == 0);
    CHECK(t.values_held == 0);
  }
}

TEST_CASE("beyond 4096 held runs and values the rest stay in the page") {
  std::string body;
  for (int i = 0; i < 3000; ++i)
    body += "<p class=\"class-" + std::to_string(i) + "\">A paragraph of plain text number " +
            std::to_string(i) + "</p>\n";
  const Tree t = same_tree(html_page(body));
  CHECK(t.texts_held == 3000);
  CHECK(t.values_held == 4096 - 3000);
}
