#pragma once
// Helpers shared by the report suites: the text sample's record, field-for-field comparison of
// two reports, the sibling annex's expected values, and binary documents read from disk.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "parsers/report/report_text.h"
#include "support.h"
#include "vetq/record.h"

namespace vetq::test {

inline const std::string kReportSample = "report-digint-auvergne-rhone-alpes.txt";

/// A document under tests/fixtures/reports/ as a binary source (as ingest reads it).
inline SourceFile report_fixture(const std::string& name) {
  SourceFile src;
  src.path = "tests/fixtures/reports/" + name;
  src.bytes = read_file(fixture_path("reports/" + name));
  src.sha256 = sha256_hex(src.bytes);
  return src;
}

/// The one record of a parse with no error diagnostic (each diagnostic is printed on failure).
inline ReportRecord only_report(const ParseResult& r) {
  for (const auto& d : r.diagnostics) {
    INFO(to_string(d));
    CHECK(d.severity != Severity::kError);
  }
  REQUIRE(r.records.size() == 1);
  return std::get<ReportRecord>(r.records.front());
}

/// The text sample's record.
inline const ReportRecord& text_sample_report() {
  static const ReportRecord rec = [] {
    const SourceFile src = source_of(read_file(sample_path(kReportSample)), kReportSample);
    return only_report(parsers::parse_report_text(src));
  }();
  return rec;
}

/// `got` is `want` field for field, apart from line numbers and provenance.
inline void check_same_report(const ReportRecord& got, const ReportRecord& want) {
  CHECK(got.id == want.id);
  CHECK(got.title == want.title);
  CHECK(got.project_name == want.project_name);
  CHECK(got.project_number == want.project_number);
  CHECK(got.applicant == want.applicant);
  CHECK(got.manager == want.manager);
  CHECK(got.region == want.region);
  CHECK(got.country == want.country);
  CHECK(got.country_code == want.country_code);
  CHECK(got.version == want.version);
  CHECK(got.date == want.date);
  REQUIRE(got.history.size() == want.history.size());
  for (std::size_t i = 0; i < got.history.size(); ++i) {
    CAPTURE(i);
    CHECK(got.history[i].date == want.history[i].date);
    CHECK(got.history[i].contributor == want.history[i].contributor);
    CHECK(got.history[i].contribution == want.history[i].contribution);
  }
  REQUIRE(got.sections.size() == want.sections.size());
  for (std::size_t i = 0; i < got.sections.size(); ++i) {
    CAPTURE(want.sections[i].heading);
    CHECK(got.sections[i].heading == want.sections[i].heading);
    CHECK(got.sections[i].paragraphs == want.sections[i].paragraphs);
  }
  REQUIRE(got.figures.size() == want.figures.size());
  for (std::size_t i = 0; i < got.figures.size(); ++i) {
    CAPTURE(want.figures[i].caption);
    CHECK(got.figures[i].number == want.figures[i].number);
    CHECK(got.figures[i].caption == want.figures[i].caption);
    CHECK(got.figures[i].title == want.figures[i].title);
    CHECK(got.figures[i].source == want.figures[i].source);
    CHECK(got.figures[i].section == want.figures[i].section);
  }
  REQUIRE(got.swot.size() == want.swot.size());
  for (std::size_t i = 0; i < got.swot.size(); ++i) {
    CHECK(got.swot[i].quadrant == want.swot[i].quadrant);
    CHECK(got.swot[i].text == want.swot[i].text);
  }
  REQUIRE(got.recommendations.size() == want.recommendations.size());
  for (std::size_t i = 0; i < got.recommendations.size(); ++i) {
    CHECK(got.recommendations[i].title == want.recommendations[i].title);
    CHECK(got.recommendations[i].text == want.recommendations[i].text);
  }
  REQUIRE(got.mentions.size() == want.mentions.size());
  for (std::size_t i = 0; i < got.mentions.size(); ++i) {
    CAPTURE(want.mentions[i].text);
    CHECK(got.mentions[i].type == want.mentions[i].type);
    CHECK(got.mentions[i].text == want.mentions[i].text);
    CHECK(got.mentions[i].value == want.mentions[i].value);
    CHECK(got.mentions[i].section == want.mentions[i].section);
    CHECK(got.mentions[i].subject == want.mentions[i].subject);
  }
  REQUIRE(got.tags.size() == want.tags.size());
  for (std::size_t i = 0; i < got.tags.size(); ++i) {
    CHECK(got.tags[i].value == want.tags[i].value);
    CHECK(got.tags[i].evidence == want.tags[i].evidence);
    CHECK(got.tags[i].section == want.tags[i].section);
  }
}

/// `got` has the values report-digint-sibling.expected.json lists.
inline void check_sibling_expected(const ReportRecord& got) {
  const auto exp =
      nlohmann::json::parse(read_file(fixture_path("reports/report-digint-sibling.expected.json")));
  CHECK(got.id == exp.at("id").get<std::string>());
  CHECK(got.title == exp.at("title").get<std::string>());
  CHECK(got.project_name == exp.at("project").at("name").get<std::string>());
  CHECK(got.project_number == exp.at("project").at("number").get<std::string>());
  CHECK(got.applicant == exp.at("project").at("applicant").get<std::string>());
  CHECK(got.manager == exp.at("project").at("manager").get<std::string>());
  CHECK(got.region == exp.at("region").get<std::string>());
  CHECK(got.country == exp.at("country").get<std::string>());
  CHECK(got.country_code == exp.at("country_code").get<std::string>());
  CHECK(got.version == exp.at("version").get<std::string>());
  CHECK(got.date == exp.at("date").get<std::string>());
  REQUIRE(got.history.size() == exp.at("history").size());
  for (std::size_t i = 0; i < got.history.size(); ++i) {
    const auto& h = exp.at("history")[i];
    CHECK(got.history[i].date == h.at("date").get<std::string>());
    CHECK(got.history[i].contributor == h.at("contributor").get<std::string>());
    CHECK(got.history[i].contribution == h.at("contribution").get<std::string>());
  }
  std::vector<std::string> headings;
  for (const auto& s : got.sections) headings.push_back(s.heading);
  CHECK(headings == exp.at("sections").get<std::vector<std::string>>());
  REQUIRE(got.figures.size() == exp.at("figures").size());
  for (std::size_t i = 0; i < got.figures.size(); ++i) {
    const auto& f = exp.at("figures")[i];
    CAPTURE(i);
    CHECK(got.figures[i].number == f.at("number").get<int>());
    CHECK(got.figures[i].caption == f.at("caption").get<std::string>());
    auto optional = [&](const char* key) -> std::optional<std::string> {
      if (!f.contains(key)) return std::nullopt;
      return f.at(key).get<std::string>();
    };
    CHECK(got.figures[i].title == optional("title"));
    CHECK(got.figures[i].source == optional("source"));
  }
  for (const auto& [quadrant, items] : exp.at("swot").items()) {
    std::vector<std::string> texts;
    for (const auto& s : got.swot)
      if (s.quadrant == quadrant) texts.push_back(s.text);
    CAPTURE(quadrant);
    CHECK(texts == items.get<std::vector<std::string>>());
    CHECK(texts.size() == exp.at("swot_counts").at(quadrant).get<std::size_t>());
  }
  // The SWOT items and the recommendations are list paragraphs of the sections named.
  auto has_item = [&](const std::string& heading, const std::string& item) {
    for (const auto& sec : got.sections)
      if (sec.heading == heading)
        for (const auto& p : sec.paragraphs)
          if (p.starts_with("- " + item)) return true;
    return false;
  };
  REQUIRE_FALSE(got.swot.empty());
  CHECK(has_item(exp.at("swot_section").get<std::string>(), got.swot.front().text));
  std::vector<std::string> recs;
  for (const auto& r : got.recommendations) recs.push_back(r.title);
  CHECK(recs == exp.at("recommendations").get<std::vector<std::string>>());
  REQUIRE_FALSE(recs.empty());
  CHECK(has_item(exp.at("recommendations_section").get<std::string>(), recs.front()));
}

}  // namespace vetq::test
