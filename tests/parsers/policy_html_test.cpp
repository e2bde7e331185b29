// The HTML front end of the policy parser: the saved HTML of each sample page gives the record
// its text copy gives, whatever chrome, entities and soft hyphens the HTML carries.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "parsers/common/html_render.h"
#include "parsers/policy/policy_html.h"
#include "parsers/policy/policy_text.h"
#include "parsers/registry.h"
#include "support.h"
#include "vetq/json.h"

using vetq::PolicyRecord;
using vetq::test::read_file;
using vetq::test::sample_path;
using vetq::test::source_of;

namespace {

const std::vector<std::string> kPages = {
    "policy-28020-belgium-fr-work-based-learning",
    "policy-28228-france-digital-transition",
    "policy-28238-france-clea-certificates",
    "policy-28832-france-quality-assurance-culture",
};

struct Parsed {
  vetq::ParseResult result;
  PolicyRecord policy;
};

Parsed parse_with(const std::string& name, vetq::ParseResult (*parse)(const vetq::SourceFile&)) {
  const vetq::SourceFile src = source_of(read_file(sample_path(name)), "samples/" + name);
  Parsed out{parse(src), {}};
  for (const auto& d : out.result.diagnostics) MESSAGE(to_string(d));
  REQUIRE_MESSAGE(out.result.records.size() == 1, "no record from " << name);
  out.policy = std::get<PolicyRecord>(out.result.records.front());
  return out;
}

vetq::Json without_source(const PolicyRecord& p) {
  vetq::Json j = vetq::to_json(p);
  j.erase("source");
  return j;
}

int count(const vetq::ParseResult& r, vetq::Severity s) {
  int n = 0;
  for (const auto& d : r.diagnostics) n += d.severity == s;
  return n;
}

std::string rendered(const std::string& name) {
  const vetq::SourceFile src = source_of(read_file(sample_path(name)), name);
  return vetq::parsers::render_html(src.text).text;
}

}  // namespace

TEST_CASE("each sample's HTML copy gives the record of its text copy, apart from provenance") {
  for (const auto& page : kPages) {
    CAPTURE(page);
    const Parsed text = parse_with(page + ".txt", vetq::parsers::parse_policy_text);
    const Parsed html = parse_with("html/" + page + ".html", vetq::parsers::parse_policy_html);
    CHECK(without_source(html.policy).dump(2) == without_source(text.policy).dump(2));
    CHECK(html.policy.source.format == "policy-html");
    CHECK(text.policy.source.format == "policy-text");
    CHECK(count(html.result, vetq::Severity::kError) == 0);
    CHECK(count(html.result, vetq::Severity::kWarning) ==
          count(text.result, vetq::Severity::kWarning));
  }
}

TEST_CASE("HTML is detected by content, not by file name") {
  for (const auto& page : kPages) {
    CAPTURE(page);
    // Named .txt on purpose: the bytes decide.
    const vetq::SourceFile src =
        source_of(read_file(sample_path("html/" + page + ".html")), "saved-page.txt");
    const vetq::parsers::Format* f = vetq::parsers::detect(src);
    REQUIRE(f != nullptr);
    CHECK(f->name == "policy-html");
    CHECK(vetq::parsers::sniff_policy_text(src) == 0);
    const vetq::SourceFile txt = source_of(read_file(sample_path(page + ".txt")), "page.html");
    CHECK(vetq::parsers::detect(txt)->name == "policy-text");
    CHECK(vetq::parsers::sniff_policy_html(txt) == 0);
  }
}

TEST_CASE("rendering keeps the content and drops the page chrome") {
  const std::string text = rendered("html/policy-28228-france-digital-transition.html");
  for (const char* chrome : {"cookies", "Accept all cookies", "Skip to main content",
                             "Main navigation", "Themes", "Home", "Back to search results", "Print",
                             "Share on LinkedIn", "Related tools", "Legal notice", "Privacy policy",
                             "Thessaloniki", "dataLayer", "Drupal", "font-weight", "CEDEFOP"}) {
    CAPTURE(chrome);
    CHECK(text.find(chrome) == std::string::npos);
  }
  // The H1 sits in the page header (dropped): the title comes from the citation, as in text.
  CHECK(text.starts_with("Timeline\n- 2016Implementation\n- 2017Implementation\n"));
  CHECK(text.find("\nID number\n28228\n") != std::string::npos);
  CHECK(text.find("\n- Ministry of National Education and Youth (until 2024)\n") !=
        std::string::npos);
  CHECK(
      text.ends_with("[Online "
                     "tool].\nhttps://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/"
                     "search/28228\n"));
}

TEST_CASE("chrome named by attributes is dropped, in any case") {
  const std::string html =
      "<!DOCTYPE html><html><head><title>T</title></head><body><main>"
      "<div role=\"Navigation\">Nav text</div><div aria-hidden=\"TRUE\">Hidden text</div>"
      "<div id=\"CookieBanner\">Cookie text</div><div class=\"site GDPR-notice\">Notice text</div>"
      "<div HIDDEN>Attribute text</div><div role=\"main-ish\" class=\"content\">Body text</div>"
      "<p>Plain text</p></main></body></html>";
  CHECK(vetq::parsers::render_html(html).text == "Body text\nPlain text\n");
}

TEST_CASE("white space in text collapses to one space, NBSP stays, invisible characters go") {
  const std::string html =
      "<!DOCTYPE html><html><head><title>T</title></head><body><main>"
      "<p>one two  three\tfour\n five </p>"
      "<p>a\u00A0 b \u00A0c</p>"
      "<p>x\u00ADy z\u200B w  \u2060v</p>"
      "<p> lead and trail </p><span>inline</span> <b>neighbours</b>"
      "<pre>keep  two\n  lines</pre></main></body></html>";
  CHECK(vetq::parsers::render_html(html).text ==
        "one two three four five\na b c\nxy z w v\nlead and trail\ninline neighbours\n"
        "keep  two\nlines\n");
}

TEST_CASE("entities are decoded and soft hyphens dropped") {
  const std::string name = "html/policy-28228-france-digital-transition.html";
  const std::string raw = read_file(sample_path(name));
  // The fixture does carry them ...
  CHECK(raw.find("&shy;") != std::string::npos);
  CHECK(raw.find("Cedefop, &amp; ReferNet.") != std::string::npos);
  CHECK(raw.find("&lsquo;greening&rsquo;") != std::string::npos);
  CHECK(raw.find("lyc&eacute;es") != std::string::npos);
  CHECK(raw.find("operational &ndash; including") != std::string::npos);
  // ... and the rendered lines do not.
  const std::string text = rendered(name);
  CHECK(text.find("\u00AD") == std::string::npos);
  CHECK(text.find('&') != std::string::npos);  // "Cedefop, & ReferNet."
  CHECK(text.find("&shy;") == std::string::npos);
  CHECK(text.find("&amp;") == std::string::npos);
  CHECK(text.find("Cedefop, & ReferNet. (2025). Anticipating") != std::string::npos);
  CHECK(text.find("‘greening’") != std::string::npos);
  CHECK(text.find("(lycées professionnels)") != std::string::npos);
  CHECK(text.find("operational – including") != std::string::npos);
  CHECK(text.find("transformation") != std::string::npos);  // "transfo&shy;rmation" in the HTML

  const Parsed p = parse_with(name, vetq::parsers::parse_policy_html);
  REQUIRE(p.policy.citation.has_value());
  CHECK(p.policy.citation->starts_with("Cedefop, & ReferNet. (2025)."));
  REQUIRE(p.policy.bodies.size() == 5);
  CHECK(p.policy.bodies[0].name == "Ministry of National Education, Higher Education and Research");
}

TEST_CASE("line numbers in diagnostics and spans point into the HTML") {
  const std::string name = "html/policy-28238-france-clea-certificates.html";
  const std::string raw = read_file(sample_path(name));
  const Parsed p = parse_with(name, vetq::parsers::parse_policy_html);
  const auto line_of = [&](const std::string& needle) {
    const auto pos = raw.find(needle);
    REQUIRE(pos != std::string::npos);
    return 1 +
           static_cast<int>(std::count(raw.begin(), raw.begin() + static_cast<long>(pos), '\n'));
  };
  const auto& spans = p.policy.source.spans;
  REQUIRE(spans.count("citation") == 1);
  CHECK(spans.at("citation").first == line_of("Cedefop, &amp; ReferNet. (2025). Cl"));
  REQUIRE(spans.count("url") == 1);
  CHECK(spans.at("url").first == line_of("<p class=\"url\">"));
  REQUIRE(spans.count("bodies_responsible") == 1);
  CHECK(spans.at("bodies_responsible").first == line_of(">Bodies responsible</h2>"));
}

TEST_CASE("a page without <main>: the densest block is the content, chrome still dropped") {
  const std::string html = R"(<!DOCTYPE html>
<html><head><title>x</title><script>var a = "Objectives";</script></head>
<body>
<div id="cookie-notice" class="cookies"><p>This site uses cookies.</p></div>
<div class="menu"><a href="/a">Home</a> <a href="/b">Tools</a> <a href="/c">Search</a></div>
<div class="layout">
 <div class="content">
  <h2>Objectives</h2>
  <p>To en&shy;hance digital&nbsp;literacy &amp; skills, with &ldquo;quotes&rdquo;.</p>
  <h2>Bodies responsible</h2>
  <ul><li>Ministry A</li><li>Ministry B <em>(until 2024)</em></li></ul>
  <ol start="3"><li>third</li><li>fourth</li></ol>
  <p>First line<br>second line</p>
 </div>
 <div class="sidebar"><a href="/x">More</a></div>
</div>
<footer>Footer text</footer>
</body></html>)";
  const auto r = vetq::parsers::render_html(html);
  CHECK(r.text ==
        "Objectives\n"
        "To enhance digital literacy & skills, with “quotes”.\n"
        "Bodies responsible\n"
        "- Ministry A\n"
        "- Ministry B (until 2024)\n"
        "3. third\n"
        "4. fourth\n"
        "First line\n"
        "second line\n");
  CHECK(r.line_map == std::vector<int>{8, 9, 10, 11, 11, 12, 12, 13, 13});
}

TEST_CASE("looks_like_html decides by content") {
  using vetq::parsers::looks_like_html;
  CHECK(looks_like_html("<!doctype html><p>x"));
  CHECK(looks_like_html("\n\n<HTML lang=en><BODY>x</BODY></HTML>"));
  CHECK(looks_like_html("<html>"));
  CHECK_FALSE(looks_like_html("Timeline\n- 2016Implementation\nBackground\nText about <b> tags"));
  CHECK_FALSE(looks_like_html(""));
}
