// libFuzzer target: arbitrary bytes fed to every source format the registry knows, the way
// ingest feeds a file (parsers::parse_source), and once more with detection. Any crash,
// sanitizer report or exception escaping a parser is a bug; a found input goes to
// tests/fuzz/regressions/<format>/ so that tests/parsers/regression_test.cpp replays it forever.
// The input is also rendered as HTML both ways render_html can hand it to gumbo (whole, and
// with its text held out): a difference between the two aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parsers/common/html_render.h"
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

// The rendering, or the error's message.
std::string render(std::string_view html, vetq::parsers::TextToGumbo how) {
  try {
    const auto r = vetq::parsers::render_html(html, how);
    std::string out = r.text;
    for (int line : r.line_map) out += std::to_string(line) + ",";
    return out;
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
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
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  if (render(html, vetq::parsers::TextToGumbo::kWhole) !=
      render(html, vetq::parsers::TextToGumbo::kHeldOut))
    std::abort();  // the held text did not come back as gumbo reads it
  return 0;
}
