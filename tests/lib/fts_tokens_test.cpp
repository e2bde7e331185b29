// A parse worker's full-text tokens (lib/store/fts_tokens.cpp): the stems it keeps by word
// must give, token for token, what SQLite's own tokenizer gives over the whole text.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "store/fts_tokens.h"
#include "store/prepare.h"
#include "support.h"

namespace {

using vetq::TokenizeWay;
using vetq::TokenList;

TokenList tokens_of(const std::string& text, TokenizeWay way) {
  TokenList out;
  REQUIRE(vetq::tokenize_text(text, out, way));
  return out;
}

// "token@start-end/flags" for each token: what FTS5 is handed.
std::vector<std::string> shown(const TokenList& list) {
  std::vector<std::string> out;
  for (const auto& t : list.tokens)
    out.push_back(list.bytes.substr(t.offset, t.size) + "@" + std::to_string(t.start) + "-" +
                  std::to_string(t.end) + "/" + std::to_string(t.flags));
  return out;
}

void check_both_ways(const std::string& text) {
  CAPTURE(text);
  const auto words = shown(tokens_of(text, TokenizeWay::kWords));
  const auto builtin = shown(tokens_of(text, TokenizeWay::kBuiltin));
  CHECK(words == builtin);
}

}  // namespace

TEST_CASE("full-text tokens: kept stems give what the built-in tokenizer gives, on every sample") {
  int texts = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(VETQ_SOURCE_DIR) + "/samples")) {
    if (!entry.is_regular_file() || entry.path().extension() == ".pdf") continue;
    check_both_ways(vetq::test::read_file(entry.path().string()));
    ++texts;
  }
  CHECK(texts >= 10);
  // The text a policy is indexed by, as ingest makes it.
  const auto page =
      vetq::test::parse_policy_sample("policy-28020-belgium-fr-work-based-learning.txt");
  const vetq::PreparedRecord prepared = vetq::prepare_record(page.policy);
  REQUIRE(prepared.fts_tokens != nullptr);
  CHECK(shown(prepared.fts_tokens->body) ==
        shown(tokens_of(prepared.rows.search_body, TokenizeWay::kBuiltin)));
  // Real values: the page's words, folded, stemmed and placed where they stand.
  const auto body = shown(prepared.fts_tokens->body);
  const std::string& b = prepared.rows.search_body;
  const auto at = b.find("learning");
  REQUIRE(at != std::string::npos);
  const auto expect = "learn@" + std::to_string(at) + "-" + std::to_string(at + 8) + "/0";
  CHECK(std::find(body.begin(), body.end(), expect) != body.end());
}

TEST_CASE("full-text tokens: kept stems on tricky text") {
  const std::vector<std::string> texts = {
      "",
      " ,.;-- ",
      "Apprenticeships APPRENTICESHIPS apprenticeships",
      "Café au lait, naïve, ÅNGSTRÖM, Ærø",
      "e\xcc\x81t\xc3\xa9",  // a combining acute accent
      "work\xc2\xa0"
      "based learning",  // NBSP between words
      "work\xe2\x80\x93"
      "based",  // an en dash joins no words
      "2018-2020 COVID19 3rd 1st",
      "Ελληνικά και Русский 中文字符 العربية",
      "abc\xc3\xa9"
      "def ghi",  // ASCII around a non-ASCII letter
      "a\xff\xfe"
      "b \x80"
      "abc \xc3",                // not UTF-8
      std::string("a\0b c", 5),  // NUL
      std::string(64, 'x') + " " + std::string(65, 'Y') + " " + std::string(200, 'z'),
      "a b c de fgh ijkl relational conditional hopefulness",
      "l'apprentissage d’adultes (CléA) — certificats",
      "\xef\xbb\xbf"
      "BOM first",
  };
  for (const auto& t : texts) check_both_ways(t);
  // Mixes of the above, drawn the same way on every run.
  const std::vector<std::string> pieces = {
      "Word", "words",        "RUNNING",  " ", "-",    "é", "\xc2\xa0",
      "123",  "\xe2\x80\x93", "\xcc\x81", "Ж", "\xff", ".", "generalization",
      "s",    "ing",          "\n",       "x"};
  for (const auto& t : vetq::test::random_mixes(pieces, 2000, 24, 19)) check_both_ways(t);
}

TEST_CASE("full-text tokens: after more words than are kept, the stems are still right") {
  // 70,000 distinct words: the table is emptied once (it keeps 65,536) and filled again.
  std::string text;
  for (int i = 0; i < 70000; ++i) {
    text += "w";
    for (int v = i; v > 0; v /= 26) text += static_cast<char>('a' + v % 26);
    text += "ings ";
  }
  check_both_ways(text);
  check_both_ways(text);  // each word found this time
  // Words of 9 to 16 bytes that share their first 8 bytes (words are compared 8 bytes at a
  // time), each twice.
  std::string same_start;
  for (int i = 0; i < 20000; ++i) {
    std::string w = "training";
    for (int v = i; v > 0; v /= 26) w += static_cast<char>('a' + v % 26);
    same_start += w + "s " + w + "ed ";
  }
  check_both_ways(same_start);
}
