#pragma once
// Full-text tokens made ahead on a parse worker and replayed on the writer. Tokenising (the
// porter stemmer over unicode61) was 18 % of the writer's instructions in an ingest, and the
// writer is the pipeline's critical path. A worker runs the very tokenizer SQLite's FTS5 would
// run (the built-in one, with policy_fts's arguments) over a policy's title and body; on the
// writer's connection a stand-in registered under the same name, "porter", gives FTS5 those
// tokens when the text it is handed is, byte for byte, the text they were made from, and runs
// the built-in tokenizer otherwise. The index is the same either way; the schema and other
// SQLite clients see nothing of it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace vetq {

/// The tokens FTS5's tokenizer gives for one text (FTS5_TOKENIZE_DOCUMENT).
struct TokenList {
  struct Token {
    std::uint32_t offset, size;  // in `bytes`
    int start, end;              // byte range in `text`
    int flags;                   // FTS5_TOKEN_COLOCATED or 0
  };
  std::string text;   // the text they were made from
  std::string bytes;  // the tokens' text, back to back
  std::vector<Token> tokens;
};

/// A policy's full-text row, tokenised.
struct FtsTokens {
  std::optional<TokenList> title;
  TokenList body;
};

/// How a worker tokenises a text: kWords keeps each ASCII word's stem and runs SQLite's
/// tokenizer on new words and on non-ASCII text only; kBuiltin runs it over the whole text.
/// Both give the same tokens (tests compare them).
enum class TokenizeWay { kWords, kBuiltin };

/// The tokens policy_fts's tokenizer gives for `text`, made on the calling thread. False when
/// SQLite cannot give the tokenizer, or it fails.
bool tokenize_text(const std::string& text, TokenList& out, TokenizeWay way);

/// Tokenises a policy's full-text row as policy_fts would, with a tokenizer of the calling
/// thread's own. nullptr when SQLite cannot give one (the writer then tokenises as usual).
std::shared_ptr<const FtsTokens> pre_tokenize(const std::optional<std::string>& title,
                                              const std::string& body);

/// The stand-in tokenizer of one writing connection. `current` is the row being inserted.
struct TokenReplay {
  const FtsTokens* current = nullptr;
  std::uint64_t replayed = 0;   // texts given from `current` (for tests)
  std::uint64_t tokenized = 0;  // other texts, tokenised on the writer with kept stems
};

/// Registers the stand-in "porter" tokenizer on `db`, before any full-text table is used on
/// it; `replay` must outlive the connection. False (and nothing changed) when FTS5 lacks it.
bool install_token_replay(sqlite3* db, TokenReplay* replay);

}  // namespace vetq
