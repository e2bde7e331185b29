// The `show` page: wrapping at word boundaries, bodies with their validity, stage spans.
#include <doctest/doctest.h>

#include "output/record_text.h"
#include "vetq/text.h"

TEST_CASE("show pages wrap at word boundaries and cut only a word wider than the line") {
  vetq::TextPage page(24);
  page.wrap("Ministry of National Education and Youth", 2, 2);
  page.wrap("https://www.cedefop.europa.eu/en/tools/timeline", 2);
  CHECK(page.text() ==
        "  Ministry of National\n"
        "    Education and Youth\n"
        "  https://www.cedefop.eu\n"
        "  ropa.eu/en/tools/timel\n"
        "  ine\n");
  for (const auto& line : vetq::split_lines(page.text())) CHECK(vetq::display_width(line) <= 24);
}

TEST_CASE("bodies with their validity and timelines as spans of years") {
  using vetq::Json;
  CHECK(vetq::validity(Json{{"name", "x"}, {"from", nullptr}, {"until", 2024}}) == "until 2024");
  CHECK(vetq::validity(Json{{"name", "x"}, {"from", 2020}, {"until", 2022}}) ==
        "from 2020 until 2022");
  CHECK(vetq::validity(Json{{"name", "x"}, {"from", nullptr}, {"until", nullptr}}).empty());
  const Json timeline = Json::parse(
      R"([{"year":2016,"stage":"Design"},{"year":2017,"stage":"Implementation"},
          {"year":2018,"stage":"Implementation"},{"year":2020,"stage":"Implementation"}])");
  const std::vector<std::pair<std::string, std::string>> want = {
      {"2016", "Design"}, {"2017–2018", "Implementation"}, {"2020", "Implementation"}};
  CHECK(vetq::stage_spans(timeline) == want);
}
