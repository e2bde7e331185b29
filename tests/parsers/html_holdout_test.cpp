// render_html holds the page's long runs of plain text out of gumbo and puts them back into
// its tree (parsers/common/html_holdout.h). That is only a way to parse faster: each page here
// must render exactly as when gumbo reads it whole, lines and line numbers included; and the
// fast way must really be taken where it can be, and left where it cannot.
#include <doctest/doctest.h>

#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "parsers/common/html_render.h"
#include "support.h"

using vetq::parsers::render_html;
using vetq::parsers::RenderedHtml;
using vetq::parsers::TextToGumbo;
using vetq::test::html_page;

namespace {

// Renders both ways and checks they agree; returns the held rendering.
RenderedHtml both_ways(const std::string& html) {
  const RenderedHtml whole = render_html(html, TextToGumbo::kWhole);
  const RenderedHtml held = render_html(html, TextToGumbo::kHeldOut);
  CHECK(whole.texts_held == 0);
  CHECK(held.text == whole.text);
  CHECK(held.line_map == whole.line_map);
  return held;
}

// The rendered text, or the message of the error the page gives.
std::string text_or_error(const std::string& html, TextToGumbo how) {
  try {
    return render_html(html, how).text;
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("each sample's saved HTML renders the same with its text held out of gumbo") {
  for (const std::string name :
       {"policy-28020-belgium-fr-work-based-learning.html",
        "policy-28228-france-digital-transition.html", "policy-28238-france-clea-certificates.html",
        "policy-28832-france-quality-assurance-culture.html"}) {
    CAPTURE(name);
    const vetq::SourceFile src =
        vetq::test::source_of(vetq::test::read_file(vetq::test::sample_path("html/" + name)), name);
    const RenderedHtml r = both_ways(src.text);
    CHECK(r.texts_held >= 20);  // the fast way is taken on real pages
    CHECK(r.spaces_shrunk >= 20);
    CHECK(r.text.find("Timeline") != std::string::npos);
  }
}

TEST_CASE("the listing fixture and the HTML fuzz seeds render the same held out") {
  // The listing page (a table of results) takes the fast way; the seeds beyond the HTML
  // limits fail the same way either way.
  const std::string listing =
      vetq::test::read_file(vetq::test::fixture_path("listing/listing-search-page1.html"));
  CHECK(both_ways(listing).texts_held >= 10);
  for (const auto& entry : std::filesystem::directory_iterator(std::string(VETQ_SOURCE_DIR) +
                                                               "/tests/fuzz/seeds/html")) {
    CAPTURE(entry.path().string());
    const std::string html = vetq::test::read_file(entry.path().string());
    CHECK(text_or_error(html, TextToGumbo::kHeldOut) == text_or_error(html, TextToGumbo::kWhole));
  }
}

TEST_CASE("markup around held text builds the same tree") {
  const std::vector<std::string> bodies = {
      // A table's text is moved before it (foster parenting), white space or not.
      "<table>Text standing in a table, moved before it<tr><td>A cell holding a long "
      "sentence</td></tr>  \n  </table>",
      "<table><colgroup>Text in a column group, long enough<col></colgroup></table>",
      // Character references between runs, with and without ';', known or not.
      "<p>Research &amp; development in vocational education&nbsp;and training&#39;s "
      "reach</p>",
      "<p>A legacy reference &notit; then more long text, AT&T again and &ampxyz text</p>",
      "<p>Numbers &#x41;&#66;&#0067; and a long tail of plain text after them</p>",
      // A '<' that opens no markup, and "</>" that gumbo drops.
      "<p>Values where a < b holds, and some more long text after it</p>",
      "<p>Start of a long enough text </> and more text after the bogus end tag</p>",
      "<p>Text before a <!-- comment with long text inside --> and text after it</p>",
      "<p>An empty comment <!--> then long text, <!---> then more long text</p>",
      "<p>A bogus comment <? processing instruction > and long text after it</p>",
      // Raw text and escapes.
      "<script>var s = \"a long string with </p> inside\";</script><p>Text after the "
      "script, long</p>",
      "<script><!-- <script> long text in a double escape </script> still --></script><p>And "
      "the page goes on with long text</p>",
      "<style>p { content: \"long styled text >\"; }</style><p>Paragraph after the style "
      "sheet</p>",
      "<textarea>\nA text area's long text, first newline dropped</textarea>",
      "<pre>\nFirst line of preformatted text\n   second line, indented further</pre>",
      // Attributes holding '>' and quotes.
      "<a title=\"a > b, long title text\" href=x\"y>Link text that is long enough</a>",
      // Foreign content: CDATA sections and an SVG title.
      "<svg><![CDATA[CDATA text inside the SVG, long]]><text>SVG text long enough to "
      "hold</text><title>An SVG title, long enough</title></svg><p>After the SVG, long "
      "text</p>",
      "<math><mi>Math identifier with long text</mi></math>",
      // A select takes text, and ends at a nested select.
      "<select><option>An option with long text</option>Long text standing in a "
      "select</select>",
      // Text over many lines: later lines keep their numbers.
      "<p>First line of a long paragraph\nsecond line of it\n\n\nfifth line of "
      "it</p>\n<p>Next paragraph on its own line</p>",
      // Unicode, form feeds and tabs pass through; control characters do not.
      "<p>Éducation et formation professionnelle — vers l’emploi des jeunes</p>",
      "<p>Tab\tand form feed\fin a long run of plain text</p>",
      std::string("<p>A control character \x01 inside a long text run</p>"),
      "<p>A DEL character \x7f inside a long text run, and a C1 \xc2\x85 one</p>",
      "<p>CR and LF: a long line of text\r\nand the next line\rand a third</p>",
      // <plaintext>: the rest of the page is text, tags and all.
      "<p>Before plaintext, long text<plaintext>Everything after is text <b>even tags</b> "
      "and long runs</p>",
  };
  for (const std::string& body : bodies) {
    CAPTURE(body);
    both_ways(html_page(body));
  }
  // Text outside head and body, and after the end of the page.
  both_ways(
      "<html><head>Long text standing in the head</head><body><p>The body, long "
      "enough</p></body></html>Long text after the end of the page");
}

TEST_CASE("pages where held text cannot be put back are parsed whole") {
  // A frameset drops text that is not white space: the markers are lost, so gumbo reads the
  // page as it is.
  const RenderedHtml frames =
      both_ways("<html><frameset>Long text that a frameset ignores\n<frame></frameset></html>");
  CHECK(frames.texts_held == 0);
  // A page that spells a marker itself, as the character or a reference to it.
  for (const std::string& spelled : {std::string("\xEE\x80\x80") + "0\xEE\x80\x81",
                                     std::string("&#57344;0&#xE001;"), std::string("&#xe000;")}) {
    CAPTURE(spelled);
    const RenderedHtml r = both_ways(html_page("<p>A long paragraph of plain text " + spelled +
                                               " and more long text after it</p>"));
    CHECK(r.texts_held == 0);
  }
  // Plain text that is held.
  CHECK(both_ways(html_page("<p>A long paragraph of plain text</p>")).texts_held == 1);
  // Too short to be worth a marker (three bytes), and just long enough.
  CHECK(both_ways(html_page("<p>abc</p>")).texts_held == 0);
  CHECK(both_ways(html_page("<p>abcd</p>")).texts_held == 1);
}

TEST_CASE("white space between markup is given to gumbo as its line breaks, and renders the same") {
  // Line breaks of every kind (LF, CR LF, a lone CR), tabs and form feeds, between blocks, in
  // a table, in a list, around held text and character references: every later line keeps its
  // number (both_ways compares the line maps).
  const std::string body =
      "<div>\n    \t  <p>A first paragraph of long enough text</p>  \r\n  \r   \n"
      "  <ul>\n   <li>An item of long enough text</li>\f\n  <li>Short</li>\n  </ul>\n\n"
      "  <table>\n    <tr>\n      <td>  A cell of long enough text  </td>   <td> x </td>\n"
      "    </tr>\n  </table>\n   <p>Words &amp;   more words   &nbsp;  and a long tail</p>\n"
      "   <span>inline</span>   <b>neighbours</b>\n</div>\n\n\n<p>The last paragraph, lines "
      "below</p>";
  const RenderedHtml r = both_ways(html_page(body));
  CHECK(r.spaces_shrunk >= 15);
  CHECK(r.text.find("inline neighbours") != std::string::npos);  // the space between them kept
  // Elements that keep white space: the page keeps all of it.
  for (const std::string keeps :
       {"<pre>\n  two spaces\n   three</pre>", "<textarea>\n  kept  </textarea>",
        "<PRE>\n  upper case</PRE>", "<listing>\n  a listing</listing>", "<xmp>  x  </xmp>",
        "<plaintext>  all  text"}) {
    CAPTURE(keeps);
    const RenderedHtml k =
        both_ways(html_page("<p>A paragraph of long enough text</p>\n   \n" + keeps));
    CHECK(k.texts_held >= 1);
    CHECK(k.spaces_shrunk == 0);
  }
}

TEST_CASE("white space gumbo reads otherwise than the scan makes the page be parsed whole") {
  // Before the first <head or <body, gumbo drops white space: it is left as it is.
  const RenderedHtml top = both_ways(
      "\n   \n<!DOCTYPE html>\n  <html>\n  <head>\n  "
      "<title>T</title></head>\n  <body><p>A paragraph of long "
      "enough text</p>\n  </body></html>");
  CHECK(top.texts_held >= 1);
  CHECK(top.spaces_shrunk >= 3);
  // A "<head" in a comment puts the first <head before white space gumbo drops: shrunk, it is
  // in no text node, and the page is parsed whole.
  const RenderedHtml comment = both_ways(
      "<!-- <head> -->\n   \n<html>\n   \n<head><title>T</title></head><body><p>A paragraph of "
      "long enough text</p></body></html>");
  CHECK(comment.texts_held == 0);
  CHECK(comment.spaces_shrunk == 0);
}
