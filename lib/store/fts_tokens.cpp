// Full-text tokens made on a parse worker, replayed on the writer (fts_tokens.h).
#include "store/fts_tokens.h"

#include <sqlite3.h>

#include <cstring>
#include <string_view>

#include "store/word_stems.h"

namespace vetq {

namespace {

// policy_fts's tokenizer is 'porter unicode61 remove_diacritics 2'
// (schemas/migrations/0003_stemmed_search.sql): "porter" given these arguments. Tokens are
// replayed only into a "porter" created with exactly them.
constexpr std::string_view kArgs[] = {"unicode61", "remove_diacritics", "2"};
constexpr int kArgCount = 3;

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

// SQLite's own "porter" tokenizer as a connection has it.
struct Builtin {
  void* context = nullptr;
  fts5_tokenizer module{};

  bool find(fts5_api* api) {
    return api && api->xFindTokenizer(api, "porter", &context, &module) == SQLITE_OK;
  }
  int create(const char** args, int n, Fts5Tokenizer** out) const {
    return module.xCreate(context, args, n, out);
  }
};

int collect(void* ctx, int flags, const char* token, int size, int start, int end) {
  auto* list = static_cast<TokenList*>(ctx);
  list->tokens.push_back({static_cast<std::uint32_t>(list->bytes.size()),
                          static_cast<std::uint32_t>(size), start, end, flags});
  list->bytes.append(token, static_cast<std::size_t>(size));
  return SQLITE_OK;
}

// Tokens of a piece of a text, placed at `base` in it.
struct Shifted {
  TokenList* list;
  int base;
};
int collect_shifted(void* ctx, int flags, const char* token, int size, int start, int end) {
  auto* at = static_cast<Shifted*>(ctx);
  return collect(at->list, flags, token, size, at->base + start, at->base + end);
}

// The token of an ASCII word: exactly one, with no flags, or the word is not tokenised here.
struct Stem {
  std::string text;
  int count = 0;
};
int keep_stem(void* ctx, int flags, const char* token, int size, int, int) {
  auto* stem = static_cast<Stem*>(ctx);
  stem->text.assign(token, static_cast<std::size_t>(size));
  return flags == 0 && ++stem->count == 1 ? SQLITE_OK : SQLITE_ERROR;
}

bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A worker's tokenizer: an in-memory connection, for FTS5's registry, and one instance of
// the built-in "porter" with policy_fts's arguments.
//
// unicode61 splits ASCII text at every byte that is not a letter or a digit and folds the
// letters to lower case; porter then stems each token by itself. So a maximal run of ASCII
// letters and digits is one token whatever surrounds it, and its stem depends on its letters
// only: each word's stem is kept (policy prose repeats its words), and the built-in tokenizer
// runs once per new word and over the runs that hold bytes of 0x80 and above (other scripts,
// diacritics, non-ASCII punctuation), which are cut out at ASCII separators and so tokenise
// as they would in place. Tests compare both ways on every sample and on tricky text.
class WorkerTokenizer {
 public:
  WorkerTokenizer() {
    if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK ||
        !builtin_.find(fts5_of(db_)))
      return;
    const char* args[kArgCount];
    for (int i = 0; i < kArgCount; ++i) args[i] = kArgs[i].data();
    if (builtin_.create(args, kArgCount, &instance_) != SQLITE_OK) instance_ = nullptr;
  }
  ~WorkerTokenizer() {
    if (instance_) builtin_.module.xDelete(instance_);
    sqlite3_close(db_);
  }
  WorkerTokenizer(const WorkerTokenizer&) = delete;
  WorkerTokenizer& operator=(const WorkerTokenizer&) = delete;

  bool ok() const { return instance_ != nullptr; }

  bool tokenize(const std::string& text, TokenList& out, TokenizeWay way) {
    out.text = text;
    out.bytes.reserve(text.size());
    out.tokens.reserve(text.size() / 6);
    if (way == TokenizeWay::kBuiltin) return run(text, &out, collect);
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
      if (p[i] < 0x80 && !ascii_alnum(p[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      bool ascii = true;
      for (; j < n && (p[j] >= 0x80 || ascii_alnum(p[j])); ++j) ascii = ascii && p[j] < 0x80;
      const std::string_view piece(text.data() + i, j - i);
      if (!(ascii ? word(piece, static_cast<int>(i), out) : other(piece, static_cast<int>(i), out)))
        return false;
      i = j;
    }
    return true;
  }

 private:
  int run(std::string_view text, void* ctx,
          int (*token)(void*, int, const char*, int, int, int)) const {
    return builtin_.module.xTokenize(instance_, ctx, FTS5_TOKENIZE_DOCUMENT, text.data(),
                                     static_cast<int>(text.size()), token) == SQLITE_OK;
  }

  bool other(std::string_view piece, int base, TokenList& out) const {
    Shifted at{&out, base};
    return run(piece, &at, collect_shifted);
  }

  bool word(std::string_view piece, int base, TokenList& out) {
    if (piece.size() > WordStems::kLongest) return other(piece, base, out);
    // unicode61 folds A-Z to a-z; digits already have the 0x20 bit.
    folded_.size = piece.size();
    std::memset(folded_.bytes + 8 * (folded_.chunks() - 1), 0, 8);
    for (std::size_t k = 0; k < piece.size(); ++k)
      folded_.bytes[k] = static_cast<char>(piece[k] | 0x20);
    const std::uint64_t h = WordStems::hash(folded_);
    if (auto stem = stems_.find(folded_, h)) return add(out, *stem, base, piece.size());
    made_.count = 0;
    if (!run(folded_.view(), &made_, keep_stem) || made_.count != 1) return false;
    stems_.add(folded_, h, made_.text);
    return add(out, made_.text, base, piece.size());
  }

  static bool add(TokenList& out, std::string_view stem, int base, std::size_t size) {
    return collect(&out, 0, stem.data(), static_cast<int>(stem.size()), base,
                   base + static_cast<int>(size)) == SQLITE_OK;
  }

  sqlite3* db_ = nullptr;
  Builtin builtin_;
  Fts5Tokenizer* instance_ = nullptr;
  WordStems stems_;
  PaddedWord folded_;
  Stem made_;
};

// The stand-in "porter" of a writing connection, and one instance of it per full-text table.
struct Standin {
  TokenReplay* replay;
  Builtin builtin;
};
struct StandinInstance {
  Standin* standin;
  Builtin builtin;  // a copy: the instance may be deleted after the Standin
  Fts5Tokenizer* instance = nullptr;
  bool replayable = false;
};

int standin_create(void* ctx, const char** args, int n, Fts5Tokenizer** out) {
  auto* standin = static_cast<Standin*>(ctx);
  auto* inst = new StandinInstance{standin, standin->builtin};
  if (const int rc = inst->builtin.create(args, n, &inst->instance); rc != SQLITE_OK) {
    delete inst;
    return rc;
  }
  inst->replayable = n == kArgCount;
  for (int i = 0; inst->replayable && i < n; ++i) inst->replayable = args[i] == kArgs[i];
  *out = reinterpret_cast<Fts5Tokenizer*>(inst);
  return SQLITE_OK;
}

void standin_delete(Fts5Tokenizer* t) {
  auto* inst = reinterpret_cast<StandinInstance*>(t);
  inst->builtin.module.xDelete(inst->instance);
  delete inst;
}

// The tokens of `row` made from exactly this text, if any.
const TokenList* made_from(const FtsTokens& row, const char* text, int size) {
  auto same = [&](const TokenList& l) {
    return l.text.size() == static_cast<std::size_t>(size) &&
           (size == 0 || std::memcmp(l.text.data(), text, l.text.size()) == 0);
  };
  if (row.title && same(*row.title)) return &*row.title;
  if (same(row.body)) return &row.body;
  return nullptr;
}

WorkerTokenizer& thread_tokenizer() {
  thread_local WorkerTokenizer tokenizer;
  return tokenizer;
}

int replay_list(const TokenList& list, void* ctx,
                int (*token)(void*, int, const char*, int, int, int)) {
  for (const auto& k : list.tokens) {
    const int rc =
        token(ctx, k.flags, list.bytes.data() + k.offset, static_cast<int>(k.size), k.start, k.end);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int standin_tokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int size,
                     int (*token)(void*, int, const char*, int, int, int)) {
  auto* inst = reinterpret_cast<StandinInstance*>(t);
  TokenReplay& replay = *inst->standin->replay;
  if (inst->replayable && flags == FTS5_TOKENIZE_DOCUMENT) {
    if (replay.current) {
      if (const TokenList* list = made_from(*replay.current, text, size)) {
        ++replay.replayed;
        return replay_list(*list, ctx, token);
      }
    }
    // A text nobody tokenised ahead (the old text of a replaced row, which FTS5 reads to
    // delete its terms; a record the writer computed): the kept stems tokenise it here too,
    // ~1.5 times as fast as the built-in tokenizer over all of it, with the same tokens.
    thread_local TokenList scratch;
    scratch.bytes.clear();
    scratch.tokens.clear();
    auto& tokenizer = thread_tokenizer();
    if (tokenizer.ok() && tokenizer.tokenize(std::string(text, static_cast<std::size_t>(size)),
                                             scratch, TokenizeWay::kWords)) {
      ++replay.tokenized;
      return replay_list(scratch, ctx, token);
    }
  }
  return inst->builtin.module.xTokenize(inst->instance, ctx, flags, text, size, token);
}

}  // namespace

bool tokenize_text(const std::string& text, TokenList& out, TokenizeWay way) {
  auto& tokenizer = thread_tokenizer();
  return tokenizer.ok() && tokenizer.tokenize(text, out, way);
}

std::shared_ptr<const FtsTokens> pre_tokenize(const std::optional<std::string>& title,
                                              const std::string& body) {
  auto& tokenizer = thread_tokenizer();
  if (!tokenizer.ok()) return nullptr;
  auto out = std::make_shared<FtsTokens>();
  if (title && !tokenizer.tokenize(*title, out->title.emplace(), TokenizeWay::kWords))
    return nullptr;
  if (!tokenizer.tokenize(body, out->body, TokenizeWay::kWords)) return nullptr;
  return out;
}

bool install_token_replay(sqlite3* db, TokenReplay* replay) {
  fts5_api* api = fts5_of(db);
  auto* standin = new Standin{replay, {}};
  fts5_tokenizer module{standin_create, standin_delete, standin_tokenize};
  if (!standin->builtin.find(api) ||
      api->xCreateTokenizer(api, "porter", standin, &module,
                            [](void* p) { delete static_cast<Standin*>(p); }) != SQLITE_OK) {
    delete standin;
    return false;
  }
  return true;
}

}  // namespace vetq
