#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support.h"
#include "vetq/error.h"
#include "vetq/source.h"

using vetq::test::TempDir;

TEST_CASE("read_source gives a regular file's bytes and their SHA-256") {
  const auto path = vetq::test::sample_path("policy-28238-france-clea-certificates.txt");
  const vetq::SourceFile src = vetq::read_source(path);
  CHECK(src.bytes == vetq::test::read_file(path));
  // sha256sum samples/policy-28238-france-clea-certificates.txt
  CHECK(src.sha256 == "89046e68e7c4681a25b8f891dd4272c97002093663dfb02f1bc06b0e2c9f252c");

  const TempDir tmp;
  const auto empty = vetq::read_source(tmp.write("empty.txt", ""));
  CHECK(empty.bytes.empty());
  CHECK(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("read_source reads to the end a file whose size stat does not give") {
  // procfs reports a size of 0 for files that have content: the size is only where reading
  // starts, never where it stops.
  const vetq::SourceFile src = vetq::read_source("/proc/self/status");
  CHECK(src.bytes.starts_with("Name:"));
  CHECK(src.bytes.find("\nPid:") != std::string::npos);
}

TEST_CASE("read_source takes a file of exactly the limit and refuses one byte more") {
  const TempDir tmp;
  const std::string bytes(4096, 'x');
  CHECK(vetq::read_source(tmp.write("at.txt", bytes), 4096).bytes.size() == 4096);
  const auto over = tmp.write("over.txt", bytes + "y");
  CHECK_THROWS_WITH_AS(vetq::read_source(over, 4096), doctest::Contains("--max-file-size"),
                       vetq::Error);
}
