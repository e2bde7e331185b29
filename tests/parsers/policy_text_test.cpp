// The text policy parser against the four real sample pages: every field, exactly.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "parsers/policy/policy_text.h"
#include "support.h"
#include "vetq/json.h"
#include "vetq/source.h"

using vetq::PolicyRecord;
using vetq::test::parse_policy_sample;

namespace {

std::vector<int> years(const PolicyRecord& p) {
  std::vector<int> out;
  for (const auto& t : p.timeline) out.push_back(t.year);
  return out;
}

bool all_stages(const PolicyRecord& p, const std::string& stage) {
  for (const auto& t : p.timeline)
    if (t.stage != stage) return false;
  return true;
}

std::vector<std::string> groups(const PolicyRecord& p, const std::string& audience) {
  std::vector<std::string> out;
  for (const auto& g : p.target_groups)
    if (g.audience == audience) out.push_back(g.group);
  return out;
}

std::vector<std::string> subcategories(const PolicyRecord& p, const std::string& category) {
  std::vector<std::string> out;
  for (const auto& c : p.categories)
    if (c.category == category) out.push_back(c.subcategory.value_or("(none)"));
  return out;
}

const std::string kGov = "Governance of VET and lifelong learning";
const std::string kMod = "Modernising VET offer and delivery";
const std::string kTeach = "Teachers, trainers and school leaders competences";
const std::string kLll = "Supporting lifelong learning culture and increasing participation";
const std::string kEu = "European and international dimensions of VET";
const std::string kRec = "VET Recommendation";
const std::string kOsn = "Osnabrück Declaration";

}  // namespace

TEST_CASE("policy 28228 (France, no headers, no help texts): identity, timeline, texts, bodies") {
  const auto r = parse_policy_sample("policy-28228-france-digital-transition.txt");
  const PolicyRecord& p = r.policy;
  CHECK(r.errors == 0);
  CHECK(r.warnings == 0);
  CHECK(p.id == "28228");
  CHECK(p.title == "Anticipating and facilitating the digital transition");
  CHECK(p.country == "France");
  CHECK(p.country_code == "FR");
  CHECK(p.edition == "2024 update");
  CHECK(p.citation_year == 2025);
  CHECK(p.url ==
        "https://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/search/28228");
  CHECK(years(p) == std::vector<int>{2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024});
  CHECK(all_stages(p, "Implementation"));
  CHECK_FALSE(p.type.has_value());  // the page leaves Type empty: null, never guessed
  CHECK(p.subsystem.empty());
  CHECK(p.further_reading.empty());
  CHECK(p.year_notes.empty());
  REQUIRE(p.background.has_value());
  CHECK(p.background->starts_with("This policy development aims at raising the attractiveness"));
  REQUIRE(p.objectives.has_value());
  CHECK(p.objectives->starts_with("To enhance digital literacy"));
  REQUIRE(p.description.has_value());
  CHECK(p.description->starts_with("Within the framework of the 2016 State-Regions"));
  CHECK(p.description->ends_with("ecological challenges of the automotive industry."));
  CHECK(p.description->find("- Mapping of vocational training:") != std::string::npos);
  REQUIRE(p.bodies.size() == 5);
  CHECK(p.bodies[0].name == "Ministry of National Education, Higher Education and Research");
  CHECK_FALSE(p.bodies[0].from.has_value());
  CHECK_FALSE(p.bodies[0].until.has_value());
  CHECK(p.bodies[1].name == "Ministry of Labour, Full Employment and Inclusion");
  CHECK(p.bodies[2].name == "Ministry of National Education and Youth");
  CHECK(p.bodies[2].until == 2024);
  CHECK(p.bodies[3].name == "Ministry of Labour, Employment and Professional Integration");
  CHECK(p.bodies[3].until == 2022);
  CHECK(p.bodies[4].name == "Ministry of National Education, Youth and Sports");
  CHECK(p.bodies[4].from == 2020);
  CHECK(p.bodies[4].until == 2022);
}

TEST_CASE("policy 28228 (France, no headers, no help texts): groups, categories, priorities") {
  const PolicyRecord p = parse_policy_sample("policy-28228-france-digital-transition.txt").policy;
  CHECK(groups(p, "Learners") ==
        std::vector<std::string>{"Learners in upper secondary, including apprentices",
                                 "Young people (15-29 years old)",
                                 "Learners at risk of early leaving or/and early leavers"});
  CHECK(groups(p, "Entities providing VET") ==
        std::vector<std::string>{"VET providers (all kinds)"});
  CHECK(groups(p, "Education professionals").empty());
  CHECK(p.target_groups.size() == 4);
  CHECK(subcategories(p, kGov) ==
        std::vector<std::string>{"Integrating VET into economic, industrial, innovation, social "
                                 "and employment strategies"});
  CHECK(subcategories(p, kMod) ==
        std::vector<std::string>{
            "Updating and developing VET standards, curricula and programmes",
            "Developing VET at higher EQF levels",
            "Integrating green skills and competences in VET curricula and programmes",
            "Integrating digital skills and competences in VET curricula and programmes",
            "Strengthening work-based learning and apprenticeships"});
  CHECK(subcategories(p, kLll) ==
        std::vector<std::string>{
            "Ensuring permeability and flexible pathways",
            "Providing incentives for learners, VET providers and companies",
            "Ensuring equal opportunities and inclusiveness in education and training"});
  CHECK(p.categories.size() == 9);
  for (const auto& c : p.categories) CHECK(c.evidence == "description");
  REQUIRE(p.priorities.size() == 3);
  CHECK(p.priorities[0].framework == kRec);
  CHECK(p.priorities[0].item == "VET agile in adapting to labour market challenges");
  CHECK(p.priorities[1].item ==
        "VET as a driver for innovation and growth preparing for digital and green transitions and "
        "occupations in high demand");
  CHECK(p.priorities[2].item ==
        "VET as an attractive choice based on modern and digitalised provision of training and "
        "skills");
  // The category boilerplate is recognised and not stored as policy text.
  const std::string all = vetq::dump(vetq::to_json(p));
  CHECK(all.find("This thematic category looks at") == std::string::npos);
  CHECK(p.source.spans.at("timeline").first == 1);
  CHECK(p.source.spans.at("timeline").last == 9);
  CHECK(p.source.spans.at("citation").first == 83);
  CHECK(p.source.spans.at("url").first == 84);
}

TEST_CASE("policy 28832 (France, no Background, no priorities): every field") {
  const auto r = parse_policy_sample("policy-28832-france-quality-assurance-culture.txt");
  const PolicyRecord& p = r.policy;
  CHECK(r.errors == 0);
  CHECK(r.warnings == 0);
  CHECK(p.id == "28832");
  CHECK(p.title == "Development of a quality assurance culture in initial VET training");
  CHECK(p.country == "France");
  CHECK(p.country_code == "FR");
  CHECK(years(p) == std::vector<int>{2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024});
  CHECK(all_stages(p, "Implementation"));
  CHECK_FALSE(p.background.has_value());
  CHECK(p.objectives ==
        "This policy development aims at developing a quality assurance system based on continuous "
        "improvement in IVET.");
  REQUIRE(p.description.has_value());
  CHECK(p.description->starts_with("An online guide, Qualéduc, was made available"));
  CHECK(p.description->ends_with("institutions that meet these updated standards."));
  CHECK_FALSE(p.type.has_value());
  CHECK(p.subsystem.empty());
  CHECK(p.priorities.empty());
  REQUIRE(p.bodies.size() == 4);
  CHECK(p.bodies[1].name == "Delegate Minister for VET under the education and labour ministers");
  CHECK(p.bodies[2].until == 2024);
  CHECK(p.bodies[3].from == 2020);
  CHECK(p.bodies[3].until == 2022);
  CHECK(groups(p, "Learners") ==
        std::vector<std::string>{"Learners in upper secondary, including apprentices",
                                 "Young people (15-29 years old)"});
  CHECK(groups(p, "Education professionals") ==
        std::vector<std::string>{"Teachers", "Trainers", "School leaders"});
  CHECK(groups(p, "Entities providing VET") ==
        std::vector<std::string>{"VET providers (all kinds)"});
  CHECK(subcategories(p, kGov) ==
        std::vector<std::string>{"Further developing national quality assurance systems"});
  CHECK(
      subcategories(p, kTeach) ==
      std::vector<std::string>{"Initial and continuing professional development of VET educators"});
  CHECK(subcategories(p, kLll) ==
        std::vector<std::string>{
            "Ensuring permeability and flexible pathways",
            "Ensuring equal opportunities and inclusiveness in education and training"});
  CHECK(subcategories(p, kEu) == std::vector<std::string>{"Learning mobility"});
  CHECK(p.categories.size() == 5);
}

TEST_CASE("policy 28238 (France, full format): every field") {
  const auto r = parse_policy_sample("policy-28238-france-clea-certificates.txt");
  const PolicyRecord& p = r.policy;
  CHECK(r.errors == 0);
  CHECK(r.warnings == 0);
  CHECK(p.id == "28238");
  CHECK(p.title == "CléA certificates for developing and assessing key competences of work force");
  CHECK(p.country == "France");
  CHECK(p.country_code == "FR");
  CHECK(p.edition == "2024 update");
  CHECK(years(p) == std::vector<int>{2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024});
  CHECK(all_stages(p, "Implementation"));
  CHECK(p.type == "Practical measure/Initiative");
  CHECK(p.subsystem == std::vector<std::string>{"CVET"});
  CHECK(p.further_reading.empty());
  // Help texts are stripped.
  REQUIRE(p.background.has_value());
  CHECK(p.background->starts_with("Raising the qualification level of the workforce"));
  CHECK(p.objectives->starts_with("The CléA certificate is aimed at individuals"));
  CHECK(p.description->starts_with("In 2015, the social partners"));
  CHECK(p.description->find("What/How/Who") == std::string::npos);
  // Year markers are not prose, and split the description into year notes.
  CHECK(p.description->find("\n2016\n") == std::string::npos);
  REQUIRE(p.year_notes.size() == 10);
  std::vector<int> note_years;
  for (const auto& n : p.year_notes) note_years.push_back(n.year);
  CHECK(note_years == std::vector<int>{2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024});
  CHECK(p.year_notes[0].text ==
        "A nationwide publicity campaign and a call for training projects towards the Cléa "
        "certificate were organised.");
  CHECK_FALSE(p.year_notes[1].text.has_value());  // 2016..2018 follow each other with no text
  CHECK_FALSE(p.year_notes[2].text.has_value());
  CHECK_FALSE(p.year_notes[3].text.has_value());
  REQUIRE(p.year_notes[4].text.has_value());
  CHECK(p.year_notes[4].text->starts_with("The Order of 19 February 2019"));
  CHECK(p.year_notes[9].text->starts_with("In 2024, Certif'Pro launched new accreditation"));
  CHECK(p.year_notes[7].text->find("1. organising business activities") != std::string::npos);
  REQUIRE(p.bodies.size() == 2);
  CHECK(p.bodies[0].name == "National cross-sector jobs and training committee (COPANEF)");
  CHECK(p.bodies[0].until == 2019);
  CHECK_FALSE(p.bodies[0].from.has_value());
  CHECK(p.bodies[1].name == "Association CertifPro");
  CHECK(
      groups(p, "Learners") ==
      std::vector<std::string>{
          "Adult learners", "Persons in employment, including those at risk of unemployment",
          "Low-skilled/qualified persons",
          "Learners from other groups at risk of exclusion (minorities, people with fewer "
          "opportunities due to geographical location or social-economic disadvantaged position)"});
  CHECK(groups(p, "Entities providing VET") ==
        std::vector<std::string>{"Companies", "Small and medium-sized enterprises (SMEs)"});
  REQUIRE(p.categories.size() == 3);
  CHECK(subcategories(p, kMod) ==
        std::vector<std::string>{
            "Acquiring key competences",
            "Integrating digital skills and competences in VET curricula and programmes"});
  CHECK(subcategories(p, kLll) ==
        std::vector<std::string>{
            "Ensuring equal opportunities and inclusiveness in education and training"});
  for (const auto& c : p.categories) CHECK(c.evidence == "heading");
  REQUIRE(p.priorities.size() == 4);
  CHECK(p.priorities[2].framework == kRec);
  CHECK(p.priorities[2].item == "VET promoting equality of opportunities");
  CHECK(p.priorities[3].framework == kOsn);
  CHECK(p.priorities[3].item ==
        "Establishing a new lifelong learning culture - relevance of continuing VET and "
        "digitalisation");
  CHECK(p.source.spans.at("id_number").first == 12);
}

TEST_CASE("policy 28020 (Belgium-FR, teaser before the description): every field") {
  const auto r = parse_policy_sample("policy-28020-belgium-fr-work-based-learning.txt");
  const PolicyRecord& p = r.policy;
  CHECK(r.errors == 0);
  CHECK(r.warnings == 0);
  CHECK(p.id == "28020");
  CHECK(p.title == "Measures of guidance and promotion of work-based learning");
  CHECK(p.country == "Belgium-FR");
  CHECK(p.country_code == "BE-FR");
  CHECK(years(p) == std::vector<int>{2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024});
  CHECK_FALSE(p.type.has_value());
  // The teaser cut with "..." is dropped; the full paragraph is kept once.
  REQUIRE(p.description.has_value());
  CHECK(p.description->find("three days with a...") == std::string::npos);
  const std::string opening = "The Order of the Government of the French Community on work-study";
  CHECK(p.description->starts_with(opening));
  CHECK(p.description->find(opening, 1) == std::string::npos);
  CHECK(p.description->find("three days with a company.") != std::string::npos);
  CHECK(p.background->find("- setting up the Vocational Education Pathway (PEQ).") !=
        std::string::npos);
  REQUIRE(p.bodies.size() == 2);
  CHECK(p.bodies[0].name == "Social partners - Employers organisations and workers unions");
  CHECK(p.bodies[1].name == "Ministry of the French Community");
  CHECK(groups(p, "Learners") ==
        std::vector<std::string>{
            "Learners in upper secondary, including apprentices", "Young people (15-29 years old)",
            "Young people not in employment, education or training (NEETs)", "Adult learners"});
  CHECK(groups(p, "Entities providing VET") == std::vector<std::string>{"Companies"});
  CHECK(subcategories(p, kGov) ==
        std::vector<std::string>{"Engaging stakeholders in VET governance"});
  CHECK(subcategories(p, kMod) ==
        std::vector<std::string>{"Strengthening work-based learning and apprenticeships"});
  CHECK(subcategories(p, kLll) ==
        std::vector<std::string>{"Promoting VET and lifelong learning",
                                 "Providing up- and reskilling opportunities through CVET",
                                 "Providing lifelong learning and career guidance"});
  CHECK(p.priorities.empty());
  CHECK(r.notes == 1);  // the dropped teaser is reported
}

TEST_CASE("a page cut short is known by lines that start with 'Timeline' and 'ID number'") {
  using vetq::parsers::policy_page_score;
  const std::string page =
      vetq::test::read_file(vetq::test::sample_path("policy-28238-france-clea-certificates.txt"));
  CHECK(policy_page_score(page) == 100);  // the site's title and the page's URL are in it
  // The page down to its ID number block: no title, no URL, no section names.
  const std::string head = page.substr(0, page.find("\nBackground"));
  REQUIRE(head.ends_with("ID number\n28238\n"));
  CHECK(policy_page_score(head) == 40);  // the ID number block (30) and the timeline (10)
  std::string crlf;
  for (const char c : head) {
    if (c == '\n') crlf.push_back('\r');
    crlf.push_back(c);
  }
  CHECK(policy_page_score(crlf) == 40);
  CHECK(policy_page_score(head.substr(head.find("ID number"))) == 30);  // at the text's start
  // Each word counts only where it starts a line.
  std::string prefixed = head;
  prefixed.insert(prefixed.begin(), 'x');
  CHECK(policy_page_score(prefixed) == 30);
  std::string joined = head;
  joined[joined.find("\nID number")] = ' ';
  CHECK(policy_page_score(joined) == 10);
}
