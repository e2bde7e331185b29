// libFuzzer target: one source format (VETQ_FUZZ_FORMAT) fed arbitrary bytes the way ingest
// feeds a file. Any crash, sanitizer report or exception escaping the parser is a bug; a
// found input goes to tests/fuzz/regressions/ so that tests/parsers/regression_test.cpp
// replays it forever.
#include <cstddef>
#include <cstdint>
#include <string>

#include "parsers/registry.h"
#include "vetq/source.h"
#include "vetq/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const vetq::parsers::Format* format = vetq::parsers::find_format(VETQ_FUZZ_FORMAT);
  if (!format) __builtin_trap();  // the CMake list names a format the registry lacks
  vetq::SourceFile src;
  src.path = "fuzz-input";
  src.bytes.assign(reinterpret_cast<const char*>(data), size);
  src.sha256 = "0";
  if (!format->binary && vetq::decode_text(src)) return 0;  // ingest stops at bad encodings
  (void)format->sniff(src);
  (void)format->parse(src);
  return 0;
}
