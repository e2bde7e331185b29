// Versions across editions: the field-by-field diff of two updates of a real page, and the
// edition order of stored versions.
#include <doctest/doctest.h>

#include "store/editions.h"
#include "support.h"
#include "vetq/policy_diff.h"

namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE_MESSAGE(pos != std::string::npos, "not in the sample: " << from);
  return text.replace(pos, from.size(), to);
}

std::string replaced_all(std::string text, const std::string& from, const std::string& to) {
  REQUIRE(text.find(from) != std::string::npos);
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

const char* kNote2024 =
    "In 2024, Certif'Pro launched new accreditation campaigns for CléA, CléA digital, and the "
    "recently developed CléA Management.";

// The 2023 update of page 28238, built from the real 2024 update: the edition before, 2023 a
// pilot year, no 2024 entry and note, France Compétences in place of Association CertifPro, no
// Companies among the target groups.
std::string update_2023(const std::string& page_2024) {
  std::string t = replaced(page_2024, "(2024 update)", "(2023 update)");
  t = replaced_all(t, "(2025)", "(2024)");
  t = replaced(t, "  • 2023Implementation\n  • 2024Implementation\n", "  • 2023Pilot\n");
  t = replaced(t, "2023\nImplementation\n", "2023\nPilot\n");
  const auto note = t.find("2024\nImplementation\n\nIn 2024,");
  REQUIRE(note != std::string::npos);
  t.erase(note, t.find("Bodies responsible") - note);
  t = replaced(t, "  • Association CertifPro\n", "  • France Compétences\n");
  return replaced(t, "  • Companies\n", "");
}

vetq::Json find_change(const vetq::Json& changes, const std::string& field, bool with_year) {
  for (const auto& c : changes)
    if (c["field"] == field && c.contains("year") == with_year) return c;
  return {};
}

}  // namespace

TEST_CASE("diff of the 2023 and 2024 updates of 28238 lists each change and nothing else") {
  const std::string page_2024 =
      vetq::test::read_file(vetq::test::sample_path("policy-28238-france-clea-certificates.txt"));
  const auto before = vetq::test::parse_policy_bytes(update_2023(page_2024)).policy;
  const auto after = vetq::test::parse_policy_bytes(page_2024).policy;
  REQUIRE(before.edition == "2023 update");
  REQUIRE(after.edition == "2024 update");
  const vetq::Json changes = vetq::diff_policies(before, after);
  CHECK(changes.size() == 5);
  CHECK(find_change(changes, "timeline", false) ==
        vetq::Json::parse(R"j({"field": "timeline", "added": [{"year": 2024,
                          "stage": "Implementation"}], "removed": []})j"));
  CHECK(find_change(changes, "timeline", true) ==
        vetq::Json::parse(R"j({"field": "timeline", "year": 2023, "before": "Pilot",
                          "after": "Implementation"})j"));
  CHECK(find_change(changes, "bodies", false) == vetq::Json::parse(R"j({"field": "bodies",
                          "added": [{"name": "Association CertifPro", "from": null, "until": null}],
                          "removed": [{"name": "France Compétences", "from": null, "until": null}]})j"));
  CHECK(find_change(changes, "target_groups", false) ==
        vetq::Json::parse(R"j({"field": "target_groups", "added": [{"audience":
                          "Entities providing VET", "group": "Companies"}], "removed": []})j"));
  const vetq::Json notes = find_change(changes, "year_notes", false);
  REQUIRE(notes["added"].size() == 1);
  CHECK(notes["removed"].empty());
  CHECK(notes["added"][0]["year"] == 2024);
  CHECK(notes["added"][0]["text"].get<std::string>().starts_with(kNote2024));
}

TEST_CASE("diff of a page and the same page is empty") {
  const auto p = vetq::test::parse_policy_sample("policy-28238-france-clea-certificates.txt");
  CHECK(vetq::diff_policies(p.policy, p.policy).empty());
  auto relabelled = p.policy;
  relabelled.edition = "2023 update";  // the edition tells versions apart; it is no change
  relabelled.citation_year = 2024;
  CHECK(vetq::diff_policies(relabelled, p.policy).empty());
}

TEST_CASE("a changed year note is shown as its removed and added paragraphs") {
  auto before = vetq::test::parse_policy_sample("policy-28238-france-clea-certificates.txt").policy;
  auto after = before;
  for (auto& n : after.year_notes)
    if (n.year == 2023) *n.text = replaced(*n.text, "Additionally, a regional survey", "A survey");
  // The page prints its year notes in the description too.
  *after.description = replaced(*after.description, "Additionally, a regional survey", "A survey");
  const vetq::Json changes = vetq::diff_policies(before, after);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["field"] == "year_notes");
  CHECK(changes[0]["year"] == 2023);
  REQUIRE(changes[0]["removed"].size() == 1);
  REQUIRE(changes[0]["added"].size() == 1);
  CHECK(changes[0]["removed"][0].get<std::string>().starts_with("Additionally, a regional survey"));
  CHECK(changes[0]["added"][0].get<std::string>().starts_with("A survey, 'CléA: where"));
}

TEST_CASE("diff_paragraphs keeps the common paragraphs out") {
  const auto d = vetq::diff_paragraphs("a\nb\nc\n", "a\nc\nd\n\n");
  CHECK(d.removed == std::vector<std::string>{"b"});
  CHECK(d.added == std::vector<std::string>{"d"});
  CHECK(vetq::diff_paragraphs("a\n\nb", "a\nb").added.empty());
}

TEST_CASE("a body whose validity changed is one change naming it") {
  auto before = vetq::test::parse_policy_sample("policy-28238-france-clea-certificates.txt").policy;
  auto after = before;
  REQUIRE(after.bodies[0].until == 2019);
  after.bodies[0].until = 2020;
  const vetq::Json changes = vetq::diff_policies(before, after);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0] == vetq::Json::parse(R"j({"field": "bodies", "name":
        "National cross-sector jobs and training committee (COPANEF)",
        "before": {"from": null, "until": 2019}, "after": {
    "from" : null, "until" : 2020}
})j"));
  CHECK(vetq::body_label(vetq::to_json(after)["bodies"][0]) ==
        "National cross-sector jobs and training committee (COPANEF) (until 2020)");
}

TEST_CASE("versions are ordered by edition and citation year, and chosen by edition") {
  auto v = [](std::optional<std::string> edition, std::optional<int> cited, std::int64_t row,
              std::string hash) {
    vetq::PolicyVersion out;
    out.id = "1";
    out.edition = std::move(edition);
    out.citation_year = cited;
    out.history_rowid = row;
    out.content_hash = std::move(hash);
    return out;
  };
  std::vector<vetq::PolicyVersion> versions = {
      v("2024 update", 2025, 0, "d"), v("2023 update", 2024, 7, "c"), v(std::nullopt, 2022, 3, "a"),
      v("2023 update", 2023, 5, "b"), v("2022 update", 2023, 9, "c")};
  vetq::order_versions(versions);
  // The same content twice ("c"): the newer one stays.
  REQUIRE(versions.size() == 4);
  CHECK(versions[0].content_hash == "a");
  CHECK(versions[1].content_hash == "b");
  CHECK(versions[2].content_hash == "c");
  CHECK(versions[3].content_hash == "d");
  CHECK(vetq::newest_at_or_before(versions, 2023)->content_hash == "c");
  CHECK(vetq::newest_at_or_before(versions, 2030)->content_hash == "d");
  CHECK(vetq::newest_at_or_before(versions, 2000)->content_hash == "a");  // undated: oldest
  CHECK(vetq::newest_of_edition(versions, 2024)->content_hash == "d");
  CHECK(vetq::newest_of_edition(versions, 2022) == nullptr);
}
