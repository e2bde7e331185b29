#include <doctest/doctest.h>

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support.h"
#include "vetq/text.h"

TEST_CASE("fold: case, diacritics, dashes and quotes") {
  CHECK(vetq::fold("Osnabrück Declaration") == "osnabruck declaration");
  CHECK(vetq::fold("  Qualéduc   Mobilités ") == "qualeduc mobilites");
  CHECK(vetq::fold("measures aimed at ‘greening’ VET – now") ==
        "measures aimed at 'greening' vet - now");
}

TEST_CASE("invalid_utf8_offset names the first bad byte") {
  CHECK_FALSE(vetq::invalid_utf8_offset("Cl\xC3\xA9"
                                        "A")
                  .has_value());
  CHECK(vetq::invalid_utf8_offset("ab\xE9z").value() == 2);
}

TEST_CASE("display_width counts terminal columns") {
  CHECK(vetq::display_width("CléA") == 4);
  CHECK(vetq::display_width("日本") == 4);
  CHECK(vetq::prefix_by_width("Qualéduc", 5) == "Qualé");
}

TEST_CASE("fold maps only the non-ASCII runs and gives the fold of the whole text") {
  // Every line of the text samples, then random mixes of pieces that normalisation joins,
  // splits, lumps or strips, next to ASCII.
  std::vector<std::string> texts;
  for (const char* name :
       {"policy-28020-belgium-fr-work-based-learning.txt",
        "policy-28228-france-digital-transition.txt", "report-digint-auvergne-rhone-alpes.txt"}) {
    // Kept: split_lines gives views into it.
    const std::string text = vetq::test::read_file(vetq::test::sample_path(name));
    for (const auto& l : vetq::split_lines(text)) texts.emplace_back(l);
  }
  const std::vector<std::string> pieces = {"A",
                                           "e",
                                           " ",
                                           "\t",
                                           "Qual",
                                           "\xCC\x81" /* U+0301 */,
                                           "é",
                                           "Ü",
                                           "ß",
                                           "İ",
                                           "ﬁ",
                                           "\xC2\xA0" /* NBSP */,
                                           "–",
                                           "‘",
                                           "Ｆｕｌｌ",
                                           "\xE1\x84\x80" /* jamo L */,
                                           "\xE1\x85\xA1" /* jamo V */,
                                           "ǅ",
                                           "Ω",
                                           "½",
                                           "\xFF" /* not UTF-8 */,
                                           "x\xCC\xA3\xCC\x87"};
  std::uint32_t seed = 20261130;
  for (int n = 0; n < 3000; ++n) {
    std::string t;
    const int len = 1 + static_cast<int>(seed % 7);
    for (int k = 0; k < len; ++k) {
      seed = seed * 1664525u + 1013904223u;
      t += pieces[(seed >> 8) % pieces.size()];
    }
    texts.push_back(t);
  }
  int non_ascii = 0;
  for (const auto& t : texts) {
    CHECK_MESSAGE(vetq::fold(t) == vetq::fold_unsegmented(t), t);
    non_ascii += std::any_of(t.begin(), t.end(), [](char c) { return c & 0x80; });
  }
  CHECK(non_ascii > 1000);
}

namespace {

// Byte by byte, as the word-at-a-time forms must answer.
std::optional<std::size_t> invalid_utf8_reference(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                    static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) return i;
    i += static_cast<std::size_t>(n);
  }
  return std::nullopt;
}

std::string collapse_lower_reference(std::string_view s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

TEST_CASE("ascii_prefix, invalid_utf8_offset and fold agree with byte-by-byte forms") {
  // Pieces land at every offset of the 8-byte words the fast paths read.
  const std::vector<std::string> pieces = {"a", "Bc", "  ", "\t",   "\n",       "\r\n", "xyzXYZ12",
                                           "é", "€",  "😀",  "\xff", "\xe2\x82", "\xc3", "-"};
  int invalid = 0, non_ascii = 0;
  for (const auto& t : vetq::test::random_mixes(pieces, 4000, 12, 7)) {
    const auto ascii = static_cast<std::size_t>(
        std::find_if(t.begin(), t.end(), [](char c) { return c & 0x80; }) - t.begin());
    CHECK(vetq::ascii_prefix(t) == ascii);
    const auto bad = invalid_utf8_reference(t);
    CHECK(vetq::invalid_utf8_offset(t) == bad);
    invalid += bad.has_value();
    non_ascii += ascii < t.size();
    if (ascii == t.size()) CHECK_MESSAGE(vetq::fold(t) == collapse_lower_reference(t), t);
  }
  CHECK(invalid > 500);
  CHECK(non_ascii > 2000);
  CHECK(vetq::fold(" \t\r\n ") == "");
  CHECK(vetq::fold("AB  CD\n") == "ab cd");
}
