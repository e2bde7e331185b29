// Listing (search-result) pages, as text and as HTML: one partial policy per item.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "parsers/listing/listing.h"
#include "parsers/policy/policy_text.h"
#include "parsers/registry.h"
#include "store/policy_doc.h"
#include "support.h"
#include "vetq/json.h"

using vetq::PolicyRecord;
using vetq::test::fixture_path;
using vetq::test::listed_page_text;
using vetq::test::read_file;
using vetq::test::sample_path;
using vetq::test::source_of;

namespace {

// A hand-made listing (tests/fixtures/listing/): item 99100 carries the opening words, bodies and
// title of sample page 28228 under an id of its own; 99101-99104 are invented.
const std::string kText = "listing/listing-search-page1.txt";
const std::string kHtml = "listing/listing-search-page1.html";

struct Listing {
  vetq::ParseResult result;
  std::vector<PolicyRecord> items;
  int errors = 0, warnings = 0;
};

Listing parse(const vetq::SourceFile& src, vetq::ParseResult (*fn)(const vetq::SourceFile&)) {
  Listing out{fn(src), {}};
  for (const auto& d : out.result.diagnostics) {
    MESSAGE(to_string(d));
    out.errors += d.severity == vetq::Severity::kError;
    out.warnings += d.severity == vetq::Severity::kWarning;
  }
  for (const auto& r : out.result.records) out.items.push_back(std::get<PolicyRecord>(r));
  return out;
}

Listing parse_text(const std::string& text) {
  return parse(source_of(text, "listing.txt"), vetq::parsers::parse_listing_text);
}

Listing parse_fixture(const std::string& name, vetq::ParseResult (*fn)(const vetq::SourceFile&)) {
  return parse(source_of(read_file(fixture_path(name)), "tests/fixtures/" + name), fn);
}

std::vector<std::string> ids(const Listing& l) {
  std::vector<std::string> out;
  for (const auto& p : l.items) out.push_back(p.id);
  return out;
}

std::vector<std::string> body_names(const PolicyRecord& p) {
  std::vector<std::string> out;
  for (const auto& b : p.bodies) out.push_back(b.name);
  return out;
}

// The text fixture with `from` replaced by `to` (once).
std::string edited(const std::string& from, const std::string& to) {
  std::string text = read_file(fixture_path(kText));
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

void check_items(const Listing& l) {
  CHECK(l.errors == 0);
  CHECK(l.warnings == 0);
  REQUIRE(ids(l) == std::vector<std::string>{"99100", "99101", "99102", "99103", "99104"});
  for (const auto& p : l.items) {
    CAPTURE(p.id);
    CHECK(p.partial);
    CHECK(p.timeline.empty());
    CHECK_FALSE(p.citation.has_value());
    CHECK_FALSE(p.url.has_value());
    CHECK_FALSE(p.background.has_value());
    CHECK(p.target_groups.empty());
    CHECK(p.categories.empty());
  }
  const PolicyRecord& a = l.items[0];
  CHECK(a.country == "France");
  CHECK(a.country_code == "FR");
  CHECK(a.type == "Strategy/Action plan");
  CHECK(a.objectives ==
        "To enhance digital literacy and technical expertise in response to emerging needs in "
        "different sectors - including ICT, automation and...");
  CHECK(a.description ==
        "Within the framework of the 2016 State-Regions partnership agreement, 500 new training "
        "courses are offered in VET upper secondary schools (lycées professionnels) since...");
  REQUIRE(a.bodies.size() == 5);
  CHECK(a.bodies[0].name == "Ministry of National Education, Higher Education and Research");
  CHECK(a.bodies[2].name == "Ministry of National Education and Youth");
  CHECK(a.bodies[2].until == 2024);
  CHECK(a.bodies[4].from == 2020);
  CHECK(a.bodies[4].until == 2022);

  const PolicyRecord& b = l.items[1];
  CHECK(b.country == "Estonia");
  CHECK(b.country_code == "EE");
  CHECK(b.type == "Practical measure/Initiative");
  CHECK(b.objectives->starts_with("To bring career guidance closer to adults"));
  CHECK(b.description->ends_with("In 2023 the centres started..."));
  CHECK(body_names(b) == std::vector<std::string>{"Ministry of Education and Research",
                                                  "Education and Youth Board"});
  CHECK(b.bodies[1].from == 2025);
  CHECK_FALSE(b.bodies[1].until.has_value());

  const PolicyRecord& c = l.items[2];
  CHECK(c.country == "Italy");
  CHECK(c.type == "Regulation/Legislation");  // cut to "Regulation/Legislati" on the page
  CHECK_FALSE(c.objectives.has_value());      // the item has no Objectives block
  CHECK(c.description->starts_with("The law reorganises higher technical institutes"));
  CHECK(body_names(c) == std::vector<std::string>{"Ministry of Education and Merit",
                                                  "Ministry of University and Research"});

  CHECK(l.items[3].country == "Norway");
  CHECK(l.items[3].type == "Strategy/Action plan");
  CHECK(l.items[4].country == "Belgium-FL");
  CHECK(l.items[4].country_code == "BE-FL");
  CHECK(l.items[4].type == "Practical measure/Initiative");
  CHECK(body_names(l.items[4]) ==
        std::vector<std::string>{"Flemish Department of Education and Training"});
}

vetq::Json without_title_and_source(const PolicyRecord& p) {
  vetq::Json j = vetq::to_json(p);
  j.erase("source");
  j.erase("title");
  return j;
}

}  // namespace

TEST_CASE("listing as text: every item becomes a partial policy, titles are lost in text") {
  const Listing l = parse_fixture(kText, vetq::parsers::parse_listing_text);
  check_items(l);
  for (const auto& p : l.items) {
    CAPTURE(p.id);
    CHECK_FALSE(p.title.has_value());
    CHECK(p.source.format == "listing-text");
  }
  // Provenance: the item's lines in the file (99100: "Objectives" on line 23 .. its tail).
  const auto& spans = l.items[0].source.spans;
  REQUIRE(spans.count("item") == 1);
  CHECK(spans.at("item").first == 23);
  CHECK(spans.at("item").last == 39);
  CHECK(spans.at("id_number").first == 36);
  CHECK(spans.at("country_type").first == 39);
}

TEST_CASE("listing as HTML: the same items, with their titles from the title links") {
  const Listing html = parse_fixture(kHtml, vetq::parsers::parse_listing_html);
  const Listing text = parse_fixture(kText, vetq::parsers::parse_listing_text);
  check_items(html);
  REQUIRE(html.items.size() == text.items.size());
  for (std::size_t i = 0; i < html.items.size(); ++i) {
    CAPTURE(html.items[i].id);
    CHECK(html.items[i].source.format == "listing-html");
    CHECK(without_title_and_source(html.items[i]).dump() ==
          without_title_and_source(text.items[i]).dump());
  }
  CHECK(html.items[0].title == "Anticipating and facilitating the digital transition");
  CHECK(html.items[2].title == "Reform of higher technical institutes");
  CHECK(html.items[4].title == "Dual learning ambassadors");
  // Lines point into the HTML: 99100's title link.
  const std::string raw = read_file(fixture_path(kHtml));
  const auto pos = raw.find(">Anticipating and facilitating the digital transition</a>");
  REQUIRE(pos != std::string::npos);
  const int line =
      1 + static_cast<int>(std::count(raw.begin(), raw.begin() + static_cast<long>(pos), '\n'));
  CHECK(html.items[0].source.spans.at("title").first == line);
}

TEST_CASE("detection: listings beat the policy parsers, policy pages score 0 as listings") {
  using namespace vetq::parsers;
  const auto text = source_of(read_file(fixture_path(kText)), "results.html");  // name misleads
  const auto html = source_of(read_file(fixture_path(kHtml)), "results.txt");
  CHECK(detect(text)->name == "listing-text");
  CHECK(detect(html)->name == "listing-html");
  CHECK(sniff_listing_text(text) > sniff_policy_text(text));
  CHECK(sniff_listing_html(text) == 0);
  CHECK(sniff_listing_text(html) == 0);
  for (const char* page :
       {"policy-28020-belgium-fr-work-based-learning", "policy-28228-france-digital-transition",
        "policy-28238-france-clea-certificates", "policy-28832-france-quality-assurance-culture"}) {
    CAPTURE(page);
    const auto t = source_of(read_file(sample_path(std::string(page) + ".txt")));
    const auto h = source_of(read_file(sample_path(std::string("html/") + page + ".html")));
    CHECK(sniff_listing_text(t) == 0);
    CHECK(sniff_listing_html(t) == 0);
    CHECK(sniff_listing_text(h) == 0);
    CHECK(sniff_listing_html(h) == 0);
  }
}

TEST_CASE("an item without its ID number gives a warning, not a record, and the rest still parse") {
  const Listing l = parse_text(edited("ID number\n99101\n", ""));
  CHECK(ids(l) == std::vector<std::string>{"99100", "99102", "99103", "99104"});
  CHECK(l.errors == 0);
  REQUIRE(l.warnings == 1);
  const auto& d = l.result.diagnostics.front();
  CHECK(d.severity == vetq::Severity::kWarning);
  CHECK(d.path == "listing.txt");
  CHECK(d.line == 40);  // the item's first line ("Objectives")
  CHECK(d.message.find("has no 'ID number' — no record made") != std::string::npos);
}

TEST_CASE("copy variants: header words dropped, help lines kept, no 'View details'") {
  // Some captures keep the help lines but lose the "Objectives"/"Description" words.
  std::string text = edited("Objectives\nGoals and objectives", "Goals and objectives");
  const auto pos = text.find("Description\nWhat/How/Who");
  REQUIRE(pos != std::string::npos);
  text.erase(pos, std::string("Description\n").size());
  // And one item without its "View details" link: the tail follows the ID number.
  const auto vd = text.find("99103\nView details\n");
  REQUIRE(vd != std::string::npos);
  text.erase(vd + 6, std::string("View details\n").size());
  const Listing l = parse_text(text);
  CHECK(l.errors == 0);
  CHECK(l.warnings == 0);
  REQUIRE(ids(l) == std::vector<std::string>{"99100", "99101", "99102", "99103", "99104"});
  CHECK(l.items[0].objectives->starts_with("To enhance digital literacy"));
  CHECK(l.items[0].description->starts_with("Within the framework of the 2016"));
  CHECK(l.items[3].country == "Norway");
  CHECK(l.items[3].type == "Strategy/Action plan");
}

TEST_CASE("an unknown type is kept as written with a warning, a missing tail leaves them null") {
  Listing l = parse_text(edited("Norway Strategy/Action plan", "Norway Roadmap"));
  REQUIRE(l.items.size() == 5);
  CHECK(l.items[3].type == "Roadmap");
  CHECK(l.items[3].country == "Norway");
  CHECK(l.warnings == 1);

  l = parse_text(edited("View details\nBelgium-FL Practical measure/Initiative\n", ""));
  REQUIRE(l.items.size() == 5);
  CHECK_FALSE(l.items[4].country.has_value());
  CHECK_FALSE(l.items[4].type.has_value());
  CHECK(l.warnings == 1);
}

TEST_CASE("a page with no items is an error") {
  const Listing l = parse_text("Displaying 1 - 0 of 0 policy developments\nTitle Country Type\n");
  CHECK(l.items.empty());
  CHECK(l.errors == 1);
}

TEST_CASE("merge_listing_into: the page wins, the listing fills only what the page lacks") {
  const Listing listing = parse_fixture(kHtml, vetq::parsers::parse_listing_html);
  const vetq::SourceFile src = source_of(listed_page_text(), "page.txt");
  const vetq::ParseResult page = vetq::parsers::parse_policy_text(src);
  REQUIRE(page.records.size() == 1);
  const vetq::Json full = vetq::to_json(page.records.front());
  const vetq::Json item = vetq::to_json(listing.items.front());
  REQUIRE(item["id"] == "99100");
  REQUIRE(full["id"] == "99100");

  const vetq::Json merged = vetq::merge_listing_into(full, item);
  CHECK(merged["type"] == "Strategy/Action plan");  // the page leaves Type empty
  CHECK(merged["partial"] == false);
  vetq::Json rest = merged;
  rest["type"] = nullptr;
  rest.erase("source");
  vetq::Json page_only = full;
  page_only.erase("source");
  CHECK(rest == page_only);  // nothing else changed: title, teasers and bodies stay the page's
  // Provenance per field: the type is the listing entry's, at its lines in its file.
  const vetq::Json& from = merged["source"]["from_listing"];
  CHECK(from["fields"] == vetq::Json::array({"type"}));
  CHECK(from["path"] == item["source"]["path"]);
  CHECK(from["format"] == "listing-html");
  CHECK(from["lines"] == item["source"]["lines"]["item"]);
  CHECK_FALSE(merged["source"]["lines"].contains("type_of_development"));
  CHECK(merged["source"]["path"] == full["source"]["path"]);

  // An empty string counts as missing too.
  vetq::Json blank = full;
  blank["type"] = "";
  CHECK(vetq::merge_listing_into(blank, item)["type"] == "Strategy/Action plan");
}
