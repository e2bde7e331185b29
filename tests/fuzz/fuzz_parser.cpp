// libFuzzer target: arbitrary bytes fed to every source format the registry knows, the way
// ingest feeds a file (parsers::parse_source), and once more with detection. Any crash,
// sanitizer report or exception escaping a parser is a bug; a found input goes to
// tests/fuzz/regressions/<format>/ so that tests/parsers/regression_test.cpp replays it forever.
#include <cstddef>
#include <cstdint>
#include <string>

#include "parsers/registry.h"
#include "vetq/source.h"

namespace {

vetq::SourceFile source(const std::uint8_t* data, std::size_t size) {
  vetq::SourceFile src;
  src.path = "fuzz-input";
  src.bytes.assign(reinterpret_cast<const char*>(data), size);
  src.sha256 = "0";
  return src;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto detected = source(data, size);
  (void)vetq::parsers::parse_source(detected);
  for (const auto& format : vetq::parsers::all_formats()) {
    auto src = source(data, size);
    (void)format.sniff(src);
    (void)vetq::parsers::parse_source(src, &format);
  }
  return 0;
}
