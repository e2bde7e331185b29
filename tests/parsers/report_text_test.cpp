// Regional reports: the DIG.INT annex sample (text and PDF), and variants built from it.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "parsers/report/report_text.h"
#include "support.h"
#include "vetq/embedded.h"
#include "vetq/taxonomy.h"

using vetq::Diagnostic;
using vetq::Mention;
using vetq::ReportRecord;
using vetq::Severity;

namespace {

const std::string kSample = "report-digint-auvergne-rhone-alpes.txt";
const std::string kId = "2022-1-it01-ka220-vet-000089459-auvergne-rhone-alpes";

struct Parsed {
  ReportRecord rec;
  std::vector<Diagnostic> diagnostics;
  int errors = 0;

  int notes_with(const std::string& words) const {
    return static_cast<int>(
        std::count_if(diagnostics.begin(), diagnostics.end(), [&](const auto& d) {
          return d.severity == Severity::kNote && d.message.find(words) != std::string::npos;
        }));
  }
};

Parsed parse_report(const std::string& bytes, const std::string& path = "report.txt") {
  const vetq::SourceFile src = vetq::test::source_of(bytes, path);
  vetq::ParseResult r = vetq::parsers::parse_report_text(src);
  Parsed out;
  out.diagnostics = r.diagnostics;
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::kError) ++out.errors;
  if (!r.records.empty()) out.rec = std::get<ReportRecord>(r.records.front());
  return out;
}

const std::string& sample_text() {
  static const std::string text = vetq::test::read_file(vetq::test::sample_path(kSample));
  return text;
}

const Parsed& sample() {
  static const Parsed p = parse_report(sample_text(), "samples/" + kSample);
  return p;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  std::size_t n = 0;
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
    ++n;
  }
  REQUIRE_MESSAGE(n > 0, "not in the sample: " << from);
  return s;
}

std::vector<std::string> quadrant(const ReportRecord& r, const std::string& q) {
  std::vector<std::string> out;
  for (const auto& s : r.swot)
    if (s.quadrant == q) out.push_back(s.text);
  return out;
}

std::vector<std::string> headings(const ReportRecord& r) {
  std::vector<std::string> out;
  for (const auto& s : r.sections) out.push_back(s.heading);
  return out;
}

std::vector<std::string> rec_titles(const ReportRecord& r) {
  std::vector<std::string> out;
  for (const auto& x : r.recommendations) out.push_back(x.title);
  return out;
}

std::vector<const Mention*> mentions(const ReportRecord& r, const std::string& type) {
  std::vector<const Mention*> out;
  for (const auto& m : r.mentions)
    if (m.type == type) out.push_back(&m);
  return out;
}

const Mention* statistic(const ReportRecord& r, const std::string& text) {
  for (const auto* m : mentions(r, "statistic"))
    if (m->text == text) return m;
  return nullptr;
}

const std::vector<std::string> kHeadings = {
    "DOCUMENT IDENTIFICATION",
    "VERSION HISTORY",
    "VET INTERNATIONALISATION POLICIES AND EXPERIENCES IN AUVERGNE - RHÔNE ALPES",
    "Introduction to the Local Context",
    "Education and VET system",
    "Economic sectors: Industry 4.0 & VET",
    "VET Internationalization policy",
    "Regional internationalization strategy",
    "Internationalization Strategy of French VET Institutions",
    "Turning reflection into action",
};

const std::vector<std::string> kRecommendations = {
    "Developing more English-taught and bilingual programs",
    "Creating dedicated international relations teams",
    "Strengthening visibility through international branding",
    "Building long-term international partnerships",
    "Collaborating with internationally active companies",
    "Expanding virtual and hybrid mobility programs",
    "Clarifying academic progression pathways",
    "Improving intercultural and student support services",
    "Mobilizing national and European funding",
};

}  // namespace

TEST_CASE("report-text: identification block and version history") {
  const ReportRecord& r = sample().rec;
  CHECK(sample().errors == 0);
  CHECK(r.title == "DIG.INT Partners' Regional Reports - Annexes Auvergne - Rhône-Alpes");
  CHECK(r.project_name == "DIG.INT – Digital International Trainers");
  CHECK(r.project_number == "2022-1-IT01-KA220-VET-000089459");
  CHECK(r.applicant == "CIS – Scuola per la Gestione d'Impresa");
  CHECK(r.manager == "Rossella Brindani, CIS – Scuola per la Gestione d'Impresa");
  CHECK(r.version == "3");
  CHECK(r.date == "2025-06-28");
  REQUIRE(r.history.size() == 3);
  CHECK(r.history[0].date == "2025-05-28");
  CHECK(r.history[0].contributor == "Aïcha Sekhari");
  CHECK(r.history[0].contribution == "First draft of document structure and content");
  CHECK(r.history[1].date == "2025-06-09");
  CHECK(r.history[2].date == "2025-06-28");
  CHECK(r.history[2].contributor == "Elise Bodet");
  CHECK(r.source.format == "report-text");
  CHECK(r.source.spans.at("identification").first == 20);
  CHECK(r.source.spans.at("identification").last == 26);
}

TEST_CASE("report-text: region, country and id") {
  const ReportRecord& r = sample().rec;
  CHECK(r.region == "Auvergne-Rhône-Alpes");
  CHECK(r.country == "France");
  CHECK(r.country_code == "FR");
  CHECK(r.id == kId);
}

TEST_CASE("report-text: section headings, spans and paragraphs") {
  const ReportRecord& r = sample().rec;
  CHECK(headings(r) == kHeadings);
  REQUIRE(r.sections.size() == kHeadings.size());
  CHECK(r.sections[0].ordinal == 1);
  CHECK(r.sections[3].lines.first == 37);
  CHECK(r.sections[3].lines.last == 66);
  CHECK(r.sections[8].lines.first == 207);
  CHECK(r.sections[9].lines.last == 262);
  // Figure captions, titles and chart labels are figures, not paragraphs.
  for (const auto& s : r.sections)
    for (const auto& p : s.paragraphs) {
      CAPTURE(p);
      CHECK(p.find("Figure 1:") == std::string::npos);
      CHECK(p != "MÉTIER");
      CHECK(p != "France");
    }
}

TEST_CASE("report-text: conversion artefacts are repaired, or dropped with a note") {
  const Parsed& p = sample();
  CHECK(p.notes_with("whitespace-only line") == 9);
  CHECK(p.notes_with("stray citation chip") == 1);
  CHECK(p.notes_with("continues the sentence") == 6);
  std::string all;
  for (const auto& s : p.rec.sections)
    for (const auto& para : s.paragraphs) all += para + "\n";
  CHECK(all.find("auvergnerhonealpes.fr+13") == std::string::npos);
  CHECK(all.find("**") == std::string::npos);
  CHECK(all.find("](#)") == std::string::npos);
  CHECK(all.find("*missions locales*") == std::string::npos);
  CHECK(all.find("by the network of missions locales, guidance") != std::string::npos);
  CHECK(all.find("earlier (INSEE).") != std::string::npos);
  // Sentences split by a blank line, and by a page-break line (63 -> 66), are one paragraph.
  CHECK(all.find("leaving education and training early and without qualifications, the 2019 "
                 "Law") != std::string::npos);
  CHECK(all.find("to further studies or the labour market and diversification of the learning "
                 "offer.") != std::string::npos);
  // Joining keeps the line of each piece for mentions: "2019 Law" is on line 52.
  bool law_on_52 = false;
  for (const auto* m : mentions(p.rec, "legal_act")) law_on_52 = law_on_52 || (m->line == 52);
  CHECK(law_on_52);
}

TEST_CASE("report-text: figures, with empty captions taken from the title above the image") {
  const ReportRecord& r = sample().rec;
  REQUIRE(r.figures.size() == 8);
  struct Want {
    std::optional<int> number;
    const char* caption;
  };
  const Want want[] = {
      {1, "Map of France [1]"},
      {2, "Thematic categories by number of policy developments"},
      {3, "VET in the French education and training system in 2021/22"},
      {4, "Upper secondary VET pathways and qualifications, 2021"},
      {5, "Les métiers en plus forte expansion entre 2019 et 2030"},
      {6,
       "Les déséquilibres potentiels des métiers ayant les besoins de recrutement les plus "
       "élevés"},
      {std::nullopt,
       "Les dix métiers avec les plus forts besoins de recrutement entre 2019 et "
       "2030 en Auvergne-Rhône-Alpes"},
      {7, "International VET in France"},
  };
  for (std::size_t i = 0; i < 8; ++i) {
    CAPTURE(i);
    CHECK(r.figures[i].number == want[i].number);
    CHECK(r.figures[i].caption == want[i].caption);
  }
  CHECK(r.figures[2].source == "Cedefop and ReferNet France, 2021.");
  CHECK(r.figures[6].source == "projections France Stratégie/Dares");
  CHECK(r.figures[7].title ==
        "European and international dimensions of VET by subcategory and number of policy "
        "developments");
  CHECK(r.figures[7].section == "VET Internationalization policy");
  CHECK(r.figures[0].line == 46);
}

TEST_CASE("report-text: SWOT quadrants follow the order of the unlabelled lists") {
  const ReportRecord& r = sample().rec;
  CHECK(r.swot.size() == 18);
  const auto s = quadrant(r, "strengths"), w = quadrant(r, "weaknesses"),
             o = quadrant(r, "opportunities"), t = quadrant(r, "threats");
  REQUIRE(s.size() == 5);
  REQUIRE(w.size() == 4);
  REQUIRE(o.size() == 5);
  REQUIRE(t.size() == 4);
  CHECK(s.front() ==
        "State support through Erasmus+ and Campus France: Funding, mobility frameworks, and "
        "partnerships.");
  CHECK(s.back() == "Strong sectoral know-how");
  CHECK(w.front() ==
        "Language barrier: Most programs are still in French, limiting accessibility.");
  CHECK(o.front() ==
        "Global demand for short-cycle, skill-based training: Many countries seek "
        "French expertise in apprenticeship and dual education.");
  CHECK(t.front() ==
        "Competition from German, Dutch, Nordic, and Anglophone VET models: "
        "better-known, often more English-based.");
  // The footnote between the introduction and the lists is not an item.
  for (const auto& x : r.swot) CHECK(x.text.find("Plan d'Auvergne") == std::string::npos);
}

TEST_CASE("report-text: the nine recommendations, bold or not, across the page break") {
  const ReportRecord& r = sample().rec;
  CHECK(rec_titles(r) == kRecommendations);
  REQUIRE(r.recommendations.size() == 9);
  CHECK(r.recommendations[0].text.starts_with("To attract more international students"));
  CHECK(r.recommendations[6].text.find("lead to further study, such as professional licenses or "
                                       "access to university degrees.") != std::string::npos);
  CHECK(r.recommendations[7].text.find("(Label Bienvenue en France)") != std::string::npos);
  CHECK(r.recommendations[8].text.ends_with("partnership development."));
}

TEST_CASE("report-text: legal acts with their dates") {
  std::vector<std::string> values;
  for (const auto* m : mentions(sample().rec, "legal_act")) values.push_back(m->value);
  CHECK(values == std::vector<std::string>{"law of 2019", "legislation of 2019-08-30",
                                           "decree of 2019-10-24", "order of 2020-01-22",
                                           "law 2022-217 of 2022-02-21",
                                           "order 2022-1607 of 2022-12-22"});
  const auto acts = mentions(sample().rec, "legal_act");
  CHECK(acts[4]->text == "law 2022-217 of 21 February 2022");
  CHECK(acts[4]->line == 183);
  CHECK(acts[4]->section == "VET Internationalization policy");
}

TEST_CASE("report-text: statistics with number, unit and subject") {
  const ReportRecord& r = sample().rec;
  const Mention* population = statistic(r, "68.6 million");
  REQUIRE(population);
  CHECK(population->number == 68600000.0);
  CHECK(population->subject.value_or("").find("population of France") != std::string::npos);
  const Mention* candidates = statistic(r, "5,951");
  REQUIRE(candidates);
  CHECK(candidates->value == "5951 candidates");
  CHECK(candidates->unit == "candidates");
  const Mention* budget = statistic(r, "23%");
  REQUIRE(budget);
  CHECK(budget->unit == "%");
  CHECK(budget->subject.value_or("").find("budget dedicated to VET mobility") != std::string::npos);
  const Mention* specialisations = statistic(r, "More than 400");
  REQUIRE(specialisations);
  CHECK(specialisations->value == ">400 VET diploma specialisations");
  CHECK(statistic(r, "13%"));
  CHECK(statistic(r, "0.25%"));
  CHECK(statistic(r, "7,000"));
  CHECK(statistic(r, "1,986"));
  REQUIRE(statistic(r, "Around one third"));
  CHECK(statistic(r, "Around one third")->value == "~0.333 share");
}

TEST_CASE("report-text: years, never act numbers, programme names or Industry 4.0") {
  std::set<std::string> years;
  for (const auto* m : mentions(sample().rec, "year")) {
    CAPTURE(m->text);
    CHECK(m->text.find("217") == std::string::npos);
    CHECK(m->text.find("1607") == std::string::npos);
    CHECK(m->text.find("4.0") == std::string::npos);
    years.insert(m->value);
  }
  CHECK(years == std::set<std::string>{"2011", "2014", "2018", "2019", "2020", "2021", "2022",
                                       "2025", "2028", "2030", "2035"});
  // "France 2030" is a programme: its 2030 is not a year of the last section.
  for (const auto* m : mentions(sample().rec, "year"))
    CHECK_FALSE((m->value == "2030" && m->section == "Turning reflection into action"));
}

TEST_CASE("report-text: organisations, programmes and places with aliases merged") {
  const ReportRecord& r = sample().rec;
  std::set<std::string> strategie_spellings;
  std::set<std::string> orgs, programmes, places;
  for (const auto* m : mentions(r, "organisation")) {
    orgs.insert(m->value);
    if (m->value == "France Stratégie") strategie_spellings.insert(m->text);
  }
  for (const auto* m : mentions(r, "programme")) programmes.insert(m->value);
  for (const auto* m : mentions(r, "place")) places.insert(m->value);
  CHECK(strategie_spellings ==
        std::set<std::string>{"France Strategy", "France Stratégie", "FranceStratégie"});
  for (const char* o : {"INSEE", "Dares", "Céreq", "Ceet", "Cedefop", "ReferNet", "Campus France",
                        "Erasmus+ France Education and Training agency"})
    CHECK_MESSAGE(orgs.count(o), o);
  for (const char* p : {"Erasmus+", "France 2030", "MobilitéPro", "European classes",
                        "Label Bienvenue en France", "European structural funds"})
    CHECK_MESSAGE(programmes.count(p), p);
  for (const char* p : {"Auvergne-Rhône-Alpes", "Baden-Württemberg", "Lyon", "Québec", "Germany"})
    CHECK_MESSAGE(places.count(p), p);
  CHECK_FALSE(places.count("Auvergne"));  // "Bleu d'Auvergne" is a cheese
}

TEST_CASE("report-text: derived categories and target groups name their evidence") {
  const ReportRecord& r = sample().rec;
  bool international = false, upper_secondary = false;
  for (const auto& t : r.tags) {
    CAPTURE(t.value);
    CHECK_FALSE(t.evidence.empty());
    REQUIRE(t.section);
    if (t.dimension == "category") CHECK(vetq::Taxonomy::get().category(t.value));
    if (t.dimension == "target_group") {
      REQUIRE(t.parent);
      CHECK(vetq::Taxonomy::get().target_group(*t.parent, t.value) == t.value);
    }
    if (t.value == "European and international dimensions of VET" &&
        t.section == "VET Internationalization policy") {
      international = true;
      CHECK(t.evidence.find("mobility") != std::string::npos);
    }
    if (t.value == "Learners in upper secondary, including apprentices") upper_secondary = true;
  }
  CHECK(international);
  CHECK(upper_secondary);
}

TEST_CASE("report-text: sniff") {
  CHECK(vetq::parsers::sniff_report_text(vetq::test::source_of(sample_text())) >= 50);
  for (const char* policy :
       {"policy-28020-belgium-fr-work-based-learning.txt",
        "policy-28228-france-digital-transition.txt", "policy-28238-france-clea-certificates.txt",
        "policy-28832-france-quality-assurance-culture.txt"}) {
    CAPTURE(policy);
    const auto src = vetq::test::source_of(vetq::test::read_file(vetq::test::sample_path(policy)));
    CHECK(vetq::parsers::sniff_report_text(src) == 0);
  }
}

TEST_CASE("report-text: text without identification or headings is an error") {
  const Parsed p = parse_report("just one long sentence that says nothing at all, and ends.\n");
  CHECK(p.errors == 1);
  CHECK(p.rec.id.empty());
}

TEST_CASE("report-text: another region, another project, reworded headings") {
  std::string t = sample_text();
  t = replace_all(t, "Annexes Auvergne - Rhône-Alpes", "Annexes Basque Country");
  t = replace_all(t, "**AUVERGNE - RHÔNE\nALPES**", "**BASQUE COUNTRY**");
  t = replace_all(t, "2022-1-IT01-KA220-VET-000089459", "2023-1-ES01-KA220-VET-000123456");
  t = replace_all(t, "Introduction to the Local Context", "The regional setting");
  t = replace_all(t, "Internationalization Strategy of French VET Institutions",
                  "How VET providers go international");
  t = replace_all(t, "Turning reflection into action", "Recommendations");
  t = replace_all(t, "Here is a suggestion of levers that can be activate",
                  "The partners propose steps that can be taken");
  const Parsed p = parse_report(t, "basque.txt");
  const ReportRecord& r = p.rec;
  CHECK(p.errors == 0);
  CHECK(r.region == "País Vasco");
  CHECK(r.country == "Spain");
  CHECK(r.country_code == "ES");
  CHECK(r.id == "2023-1-es01-ka220-vet-000123456-pais-vasco");
  auto h = headings(r);
  CHECK(std::find(h.begin(), h.end(), "The regional setting") != h.end());
  CHECK(h.back() == "Recommendations");
  CHECK(r.swot.size() == 18);
  CHECK(quadrant(r, "threats").size() == 4);
  CHECK(rec_titles(r) == kRecommendations);
  CHECK(r.figures.size() == 8);
}

TEST_CASE(
    "report-text: a region missing from the table keeps its name, the text gives the country") {
  std::string t = replace_all(sample_text(), "Annexes Auvergne - Rhône-Alpes", "Annexes Atlantis");
  t = replace_all(t, "**AUVERGNE - RHÔNE\nALPES**", "**ATLANTIS**");
  t = replace_all(t, "IN AUVERGNE - RHÔNE ALPES", "IN ATLANTIS");
  const Parsed p = parse_report(t, "atlantis.txt");
  CHECK(p.rec.region == "Atlantis");
  CHECK(p.rec.country == "France");
  CHECK(p.rec.id == "2022-1-it01-ka220-vet-000089459-atlantis");
}

TEST_CASE("report-text: labelled SWOT quadrants in any order") {
  // The labels say which list is which; here threats come before opportunities.
  std::string t = sample_text();
  const std::string opportunities_first = "- Global demand for short-cycle";
  const std::string threats_first = "- Competition from German";
  const auto o = t.find(opportunities_first), th = t.find(threats_first);
  REQUIRE(o != std::string::npos);
  REQUIRE(th != std::string::npos);
  const auto th_end = t.find("\n\n", th);
  const std::string o_block = t.substr(o, t.find("\n\n", o) - o);
  const std::string t_block = t.substr(th, th_end - th);
  std::string swapped = t.substr(0, o) + "**Threats**\n" + t_block + "\n\nOpportunities:\n" +
                        o_block + t.substr(th_end);
  swapped = replace_all(swapped, "- State support through", "STRENGTHS\n- State support through");
  swapped = replace_all(swapped, "- Language barrier", "Weaknesses\n\n- Language barrier");
  const Parsed p = parse_report(swapped, "labelled.txt");
  const ReportRecord& r = p.rec;
  CHECK(r.swot.size() == 18);
  REQUIRE(quadrant(r, "threats").size() == 4);
  REQUIRE(quadrant(r, "opportunities").size() == 5);
  CHECK(quadrant(r, "threats").front().starts_with("Competition from German"));
  CHECK(quadrant(r, "opportunities").front().starts_with("Global demand"));
  CHECK(quadrant(r, "weaknesses").front().starts_with("Language barrier"));
  CHECK(quadrant(r, "strengths").size() == 5);
  // Labels are neither headings nor paragraphs.
  const auto h = headings(r);
  CHECK(std::find(h.begin(), h.end(), "Weaknesses") == h.end());
  for (const auto& s : r.sections)
    for (const auto& para : s.paragraphs)
      for (const char* label :
           {"**Threats**", "Threats", "Opportunities:", "STRENGTHS", "Weaknesses"})
        CHECK(para != label);
  CHECK(rec_titles(r) == kRecommendations);
}

TEST_CASE("regions.json: NUTS codes and countries fit the taxonomy") {
  const auto j = nlohmann::json::parse(vetq::embedded::file("regions.json"));
  std::set<std::string> codes;
  for (const auto& r : j.at("regions")) {
    const std::string code = r.at("code");
    CAPTURE(code);
    CHECK(codes.insert(code).second);
    CHECK(r.at("level").get<int>() == static_cast<int>(code.size()) - 2);
    if (r.at("country").is_null()) continue;
    const vetq::Country* c = vetq::Taxonomy::get().country(r.at("country").get<std::string>());
    REQUIRE(c);
    CHECK(c->code == r.at("country_code").get<std::string>());
    const std::string nuts_country = code.substr(0, 2) == "EL" ? "GR" : code.substr(0, 2);
    CHECK(c->code.substr(0, 2) == nuts_country);
  }
  CHECK(codes.count("FRK"));
}
