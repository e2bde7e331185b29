// policy_json_text (a policy's document written straight from the record) against
// dump(to_json(r)), the nlohmann tree it stands in for: byte for byte, on every policy sample
// and on records with every kind of value a string can hold.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "parsers/registry.h"
#include "support.h"
#include "vetq/json.h"

namespace {

void check_same_text(const vetq::PolicyRecord& r) {
  std::size_t content_end = 0;
  const std::string text = vetq::policy_json_text(r, &content_end);
  const vetq::Json doc = vetq::to_json(r);
  CHECK(text == vetq::dump(doc));
  vetq::Json content = doc;
  content.erase("source");
  CHECK(text.substr(0, content_end) + "}" == vetq::dump(content));
}

}  // namespace

TEST_CASE("a policy's document text is the Json tree's, on every policy sample") {
  namespace fs = std::filesystem;
  int policies = 0;
  for (const char* dir : {"", "html"}) {
    for (const auto& e : fs::directory_iterator(vetq::test::sample_path(dir))) {
      const std::string name = e.path().filename().string();
      if (!e.is_regular_file() || !name.starts_with("policy-")) continue;
      vetq::SourceFile src = vetq::read_source(e.path().string());
      const auto parsed = vetq::parsers::parse_source(src);
      for (const auto& rec : parsed.result.records) {
        const auto* p = std::get_if<vetq::PolicyRecord>(&rec);
        REQUIRE(p != nullptr);
        check_same_text(*p);
        ++policies;
      }
    }
  }
  CHECK(policies == 8);  // four pages, each as text and as saved HTML
}

TEST_CASE("a policy's document text escapes as nlohmann does, and hands it bad UTF-8") {
  const auto page = vetq::test::parse_policy_bytes(
      vetq::test::read_file(vetq::test::sample_path("policy-28238-france-clea-certificates.txt")));
  vetq::PolicyRecord r = page.policy;
  r.title = "quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul " +
            std::string(1, '\0') + " esc \x1b us \x1f del \x7f é € 😀";
  r.background = std::nullopt;
  r.subsystem.clear();
  r.year_notes = {{2020, "Design", std::nullopt}, {2021, "Adoption", "a \"note\""}};
  r.bodies = {{"Ministry", 2020, std::nullopt}, {"Agency", std::nullopt, 2024}};
  r.citation_year = -1;
  r.source.paragraph_lines["description"] = {{3, 4}, {6, 6}};
  check_same_text(r);
  r.description = std::string("cut \xe2\x82 here \xff and \xc3");  // not UTF-8: replaced
  r.further_reading = {"\xed\xa0\x80 surrogate", ""};
  check_same_text(r);
  CHECK(vetq::policy_json_text(r).find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD
}

TEST_CASE("a policy's document text escapes every byte at every offset as nlohmann does") {
  // The escape reads eight bytes at a time: each piece lands at every place of a word.
  const auto page = vetq::test::parse_policy_bytes(
      vetq::test::read_file(vetq::test::sample_path("policy-28238-france-clea-certificates.txt")));
  vetq::PolicyRecord r = page.policy;
  const std::vector<std::string> pieces = {
      "a",    "Bcdefgh", "\"", "\\", "\x01", "\x1f", " ",
      "\x20", "\x7f",    "é",  "😀",  "/",    "\n",   std::string(1, '\0')};
  for (const auto& t : vetq::test::random_mixes(pieces, 600, 16, 11)) {
    r.title = t;
    r.objectives = t + t;
    CHECK_MESSAGE(vetq::policy_json_text(r) == vetq::dump(vetq::to_json(r)), t);
  }
}
