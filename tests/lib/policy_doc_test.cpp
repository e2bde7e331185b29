// What the edition rules read of a policy page (lib/store/policy_doc.h): the facts a parse
// worker reads from the record, and those SQLite's JSON functions read from a stored document,
// must be what page_facts reads from the parsed document, since the writer decides on them
// without parsing either document.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <vector>

#include "store/policy_doc.h"
#include "store/prepare.h"
#include "support.h"
#include "vetq/json.h"

namespace {

using vetq::Json;
using vetq::PageFacts;

const char* const kSamples[] = {"policy-28020-belgium-fr-work-based-learning.txt",
                                "policy-28228-france-digital-transition.txt",
                                "policy-28238-france-clea-certificates.txt",
                                "policy-28832-france-quality-assurance-culture.txt"};

PageFacts of_document(const vetq::PolicyRecord& p) {
  return vetq::page_facts(Json::parse(vetq::policy_json_text(p)));
}

// The page with the i-th of page_sections() emptied, as a parser leaves a section it did not
// find (an empty list, no text), or given as "" where the record holds text.
vetq::PolicyRecord without_section(vetq::PolicyRecord p, std::size_t i, bool empty_text) {
  auto text = [&](std::optional<std::string>& s) {
    if (empty_text)
      s = "";
    else
      s.reset();
  };
  switch (i) {
    case 0:
      p.timeline.clear();
      break;
    case 1:
      text(p.background);
      break;
    case 2:
      text(p.objectives);
      break;
    case 3:
      text(p.description);
      break;
    case 4:
      p.bodies.clear();
      break;
    case 5:
      p.target_groups.clear();
      break;
    case 6:
      p.categories.clear();
      break;
    case 7:
      p.priorities.clear();
      break;
    case 8:
      p.subsystem.clear();
      break;
    case 9:
      text(p.type);
      break;
    case 10:
      p.further_reading.clear();
      break;
    default:
      FAIL("no section " << i);
  }
  return p;
}

// The facts SQLite reads from `doc` with page_facts_sql.
PageFacts of_sql(SQLite::Database& db, const std::string& doc) {
  SQLite::Statement st(db, "SELECT " + vetq::page_facts_sql("d") + " FROM (SELECT ?1 AS d)");
  st.bind(1, doc);
  REQUIRE(st.executeStep());
  return {{st.isColumnNull(0) ? 0 : vetq::edition_year(st.getColumn(0).getString()),
           static_cast<int>(st.getColumn(1).getInt64())},
          st.getColumn(2).getInt()};
}

}  // namespace

TEST_CASE("a page's facts read from its record are those of its document") {
  const auto clea = vetq::test::parse_policy_sample(kSamples[2]).policy;
  // Real values: the CléA page is the 2024 update, cited in 2025, with 10 of the 11 sections
  // (it lists no further reading).
  CHECK(vetq::page_facts(clea) == PageFacts{{2024, 2025}, 10});
  CHECK(clea.further_reading.empty());
  for (const char* name : kSamples) {
    CAPTURE(name);
    const auto page = vetq::test::parse_policy_sample(name).policy;
    const PageFacts full = vetq::page_facts(page);
    CHECK(full == of_document(page));
    CHECK(vetq::prepare_record(page).facts == full);
    CHECK(full.order.first > 2000);
    for (std::size_t i = 0; i < vetq::page_sections().size(); ++i) {
      for (bool empty_text : {false, true}) {
        CAPTURE(vetq::page_sections()[i]);
        const auto cut = without_section(page, i, empty_text);
        const PageFacts facts = vetq::page_facts(cut);
        CHECK(facts == of_document(cut));
        CHECK(facts.sections <= full.sections);
      }
    }
    auto undated = page;
    undated.edition.reset();
    undated.citation_year.reset();
    CHECK(vetq::page_facts(undated).order == std::pair{0, 0});
    CHECK(vetq::page_facts(undated) == of_document(undated));
  }
}

TEST_CASE("the SQL that reads a stored page's facts gives what page_facts gives") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
  std::vector<std::string> docs;
  for (const char* name : kSamples)
    docs.push_back(vetq::policy_json_text(vetq::test::parse_policy_sample(name).policy));
  // Every kind of JSON value in each section, and in the edition and citation year.
  const char* const values[] = {"null", "\"\"", "\"x\"", "[]",   "[1]",  "{}",   "{\"a\":1}",
                                "0",    "1.5",  "false", "true", "[[]]", "\"0\""};
  for (const char* key : vetq::page_sections())
    for (const char* v : values) docs.push_back(std::string("{\"") + key + "\":" + v + "}");
  for (const char* v : {"\"2025 update\"", "\"update\"", "\"\"", "2025", "null", "[\"2025\"]",
                        "\"12345 and 2019\""})
    docs.push_back(std::string("{\"edition\":") + v + ",\"citation_year\":2024}");
  for (const char* v : {"2024", "\"2024\"", "2024.0", "null", "-3", "{}"})
    docs.push_back(std::string("{\"edition\":\"2023 update\",\"citation_year\":") + v + "}");
  docs.push_back("{}");
  int sections_seen = 0;
  for (const auto& doc : docs) {
    CAPTURE(doc);
    const PageFacts expected = vetq::page_facts(Json::parse(doc));
    CHECK(of_sql(db, doc) == expected);
    sections_seen += expected.sections;
  }
  // The samples' documents: 10 or 11 sections each; the one-key documents: 1 for each value
  // that is not null, "", [] or {} (8 of 13 values, 11 keys).
  CHECK(sections_seen >= 4 * 10 + 11 * 8);
}
