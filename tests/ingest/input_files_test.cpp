#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ingest/ingest.h"

namespace {

// Paths as a run meets them: files of a few directories, names of every length, a path that
// shares nothing with the one before, one longer than 127 and one longer than 16,383 bytes
// (lengths of two and three varint bytes), and non-ASCII names.
std::vector<std::pair<std::string, bool>> some_paths(int count) {
  std::vector<std::pair<std::string, bool>> out;
  std::uint32_t seed = 7;
  for (int i = 0; i < count; ++i) {
    seed = seed * 1664525u + 1013904223u;
    std::string dir = "/srv/corpus/pages/" + std::to_string((seed >> 8) % 5) + "/";
    if (i % 97 == 0) dir = "relative/" + std::string((seed >> 4) % 200, 'd') + "/";
    if (i % 211 == 0) dir = "/tmp/" + std::string(20000, 'x') + "/";
    std::string name = "policy-" + std::to_string(seed % 1000003) + (i % 3 ? ".txt" : ".html");
    if (i % 50 == 0) name = "Bericht-Ausbildungsförderung-" + std::to_string(i) + ".pdf";
    out.emplace_back(dir + name, (seed >> 20) % 2 == 0);
  }
  return out;
}

void check_same(const vetq::InputFiles& files,
                const std::vector<std::pair<std::string, bool>>& expected) {
  REQUIRE(files.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(files.path(i) == expected[i].first);
    CHECK(files[i].path == expected[i].first);
    CHECK(files[i].from_directory == expected[i].second);
  }
}

}  // namespace

TEST_CASE("input files give back each path and flag as added, in order") {
  const auto paths = some_paths(1000);
  vetq::InputFiles files;
  CHECK(files.size() == 0);
  for (const auto& [p, d] : paths) files.add(p, d);
  check_same(files, paths);
}

TEST_CASE("input files sort the files from a given one on, by path, with their flags") {
  const auto paths = some_paths(1000);
  for (const std::size_t first :
       {std::size_t{0}, std::size_t{1}, std::size_t{300}, std::size_t{999}, std::size_t{1000}}) {
    CAPTURE(first);
    vetq::InputFiles files;
    for (const auto& [p, d] : paths) files.add(p, d);
    files.sort_from(first);
    auto expected = paths;
    std::sort(expected.begin() + static_cast<long>(first), expected.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    check_same(files, expected);
    files.add("/last/one.txt", true);  // adding after a sort goes on from the sorted files
    expected.emplace_back("/last/one.txt", true);
    check_same(files, expected);
  }
}

TEST_CASE("input files keep a directory's paths in a fraction of their bytes") {
  // 10,000 files of one directory, as the 10k benchmark corpus names them.
  vetq::InputFiles files;
  std::size_t raw = 0;
  for (int i = 0; i < 10000; ++i) {
    const std::string p = "/work/vetq/bench/out/corpus-mixed/pages/" + std::to_string(i / 1000) +
                          "/policy-" + std::to_string(100000 + i * 115) + ".txt";
    raw += p.size();
    files.add(p, true);
  }
  CHECK(files.path(9999) == "/work/vetq/bench/out/corpus-mixed/pages/9/policy-1249885.txt");
  CHECK(files.packed_bytes() * 4 < raw);
}
