// The JSON and NDJSON sinks write what nlohmann::json writes for the same row.
#include <doctest/doctest.h>

#include "output/sink.h"
#include "vetq/json.h"

namespace {

std::string ndjson(const std::vector<std::string>& columns, const std::vector<vetq::Value>& row) {
  std::string out;
  auto sink =
      vetq::make_sink(vetq::OutputFormat::kNdjson, [&](std::string_view s) { out.append(s); });
  sink->begin(columns);
  sink->row(row);
  sink->end();
  return out;
}

}  // namespace

TEST_CASE("ndjson rows are nlohmann's compact dump, escapes and UTF-8 included") {
  const std::vector<std::string> strings = {
      "",
      "28228",
      "Anticipating and facilitating the digital transition",
      "CléA certificates",          // UTF-8 kept as is
      "say \"apprenticeship\"",     // quote
      "C:\\path",                   // backslash
      "line\nbreak\ttab\r",         // control characters
      std::string("nul\0byte", 8),  // NUL
      "\x7f delete",                // DEL is printable for JSON
      "emoji \xF0\x9F\x8E\x93 and NBSP\xC2\xA0",
  };
  for (const auto& s : strings) {
    CAPTURE(s);
    const std::vector<vetq::Value> row = {s, std::int64_t{-2020}, std::monostate{},
                                          std::vector<std::string>{s, "x"}};
    vetq::Json expected = vetq::Json::object();
    expected["id \"q\""] = s;
    expected["year"] = -2020;
    expected["none"] = nullptr;
    expected["list"] = vetq::Json::array({s, "x"});
    CHECK(ndjson({"id \"q\"", "year", "none", "list"}, row) == vetq::dump(expected) + "\n");
  }
}

TEST_CASE("json output is an array of the same objects, empty as []") {
  std::string out;
  auto sink =
      vetq::make_sink(vetq::OutputFormat::kJson, [&](std::string_view s) { out.append(s); });
  const std::vector<std::string> columns = {"id", "title"};
  sink->begin(columns);
  sink->end();
  CHECK(out == "[]\n");
  out.clear();
  sink->begin(columns);
  sink->row(std::vector<vetq::Value>{std::string("1"), std::string("a")});
  sink->row(std::vector<vetq::Value>{std::string("2"), std::monostate{}});
  sink->end();
  CHECK(out == "[\n  {\"id\":\"1\",\"title\":\"a\"},\n  {\"id\":\"2\",\"title\":null}\n]\n");
  CHECK(vetq::Json::parse(out).size() == 2);
}

TEST_CASE("a table wider than the terminal wraps its widest column at word boundaries") {
  std::string out;
  vetq::SinkOptions opt;
  opt.width = 80;
  auto sink = vetq::make_sink(
      vetq::OutputFormat::kTable, [&](std::string_view s) { out.append(s); }, opt);
  const std::vector<std::string> cols = {"id",        "country", "first_year",
                                         "last_year", "stage",   "title"};
  sink->begin(cols);
  const std::string title =
      "CléA certificates for developing and assessing key competences of work force";
  const std::vector<vetq::Value> row = {
      "28238", "France", std::int64_t{2015}, std::int64_t{2024}, "Implementation", title};
  sink->row(row);
  sink->end();
  CHECK(out ==
        "id     country  first_year  last_year  stage           title\n"
        "28238  France   2015        2024       Implementation  CléA certificates for\n"
        "                                                       developing and assessing\n"
        "                                                       key competences of work\n"
        "                                                       force\n");
}
