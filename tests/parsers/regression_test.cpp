// Inputs that once broke a parser (found by the fuzzers in tests/fuzz/, or by hand) are replayed
// through every format: each must end in a result, never a crash or an escaping exception.
#include <doctest/doctest.h>

#include <filesystem>

#include "parsers/registry.h"
#include "support.h"

TEST_CASE("regression inputs parse without crashing") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(VETQ_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  int replayed = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    const auto* format = vetq::parsers::find_format(dir.path().filename().string());
    REQUIRE_MESSAGE(format,
                    "tests/fuzz/regressions/" << dir.path().filename() << " names no format");
    for (const auto& file : fs::directory_iterator(dir.path())) {
      CAPTURE(file.path().string());
      vetq::SourceFile src;
      src.path = file.path().string();
      src.bytes = vetq::test::read_file(src.path);
      vetq::parsers::SourceParse r;
      CHECK_NOTHROW(r = vetq::parsers::parse_source(src, format));
      for (const auto& d : r.result.diagnostics) CHECK(d.path == src.path);
      ++replayed;
    }
  }
  CHECK(replayed >= 7);
}

// The fuzz seeds beyond the HTML caps (tests/fuzz/seeds/html/): each is that file's error,
// naming the option to raise; nesting hidden in script text is not nesting.
TEST_CASE("html fuzz seeds beyond the caps are the file's error") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(VETQ_SOURCE_DIR) / "tests" / "fuzz" / "seeds" / "html";
  int seen = 0;
  for (const auto& file : fs::directory_iterator(dir)) {
    const std::string name = file.path().filename().string();
    CAPTURE(name);
    vetq::SourceFile src;
    src.path = file.path().string();
    src.bytes = vetq::test::read_file(src.path);
    const auto r = vetq::parsers::parse_source(src);
    if (name == "depth-in-script.html") {
      REQUIRE(r.result.records.size() == 1);
      CHECK(std::get<vetq::PolicyRecord>(r.result.records[0]).id == "28238");
    } else {
      CHECK(r.result.records.empty());
      REQUIRE(r.result.has_errors());
      bool names_the_cap = false;
      for (const auto& d : r.result.diagnostics)
        names_the_cap |= d.severity == vetq::Severity::kError &&
                         d.message.find("--max-html-") != std::string::npos;
      CHECK(names_the_cap);
    }
    ++seen;
  }
  CHECK(seen == 5);
}
