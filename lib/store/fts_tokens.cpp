// Full-text tokens made on a parse worker, replayed on the writer (fts_tokens.h).
#include "store/fts_tokens.h"

#include <sqlite3.h>

#include <cstring>
#include <string_view>

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

// A worker's tokenizer: an in-memory connection, for FTS5's registry, and one instance of
// the built-in "porter" with policy_fts's arguments.
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

  bool tokenize(const std::string& text, TokenList& out) {
    out.text = text;
    out.bytes.reserve(text.size());
    out.tokens.reserve(text.size() / 6);
    return builtin_.module.xTokenize(instance_, &out, FTS5_TOKENIZE_DOCUMENT, text.data(),
                                     static_cast<int>(text.size()), collect) == SQLITE_OK;
  }

 private:
  sqlite3* db_ = nullptr;
  Builtin builtin_;
  Fts5Tokenizer* instance_ = nullptr;
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

int standin_tokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int size,
                     int (*token)(void*, int, const char*, int, int, int)) {
  auto* inst = reinterpret_cast<StandinInstance*>(t);
  TokenReplay& replay = *inst->standin->replay;
  if (replay.current && inst->replayable && flags == FTS5_TOKENIZE_DOCUMENT) {
    if (const TokenList* list = made_from(*replay.current, text, size)) {
      ++replay.replayed;
      for (const auto& k : list->tokens) {
        const int rc = token(ctx, k.flags, list->bytes.data() + k.offset, static_cast<int>(k.size),
                             k.start, k.end);
        if (rc != SQLITE_OK) return rc;
      }
      return SQLITE_OK;
    }
  }
  return inst->builtin.module.xTokenize(inst->instance, ctx, flags, text, size, token);
}

}  // namespace

std::shared_ptr<const FtsTokens> pre_tokenize(const std::optional<std::string>& title,
                                              const std::string& body) {
  thread_local WorkerTokenizer tokenizer;
  if (!tokenizer.ok()) return nullptr;
  auto out = std::make_shared<FtsTokens>();
  if (title && !tokenizer.tokenize(*title, out->title.emplace())) return nullptr;
  if (!tokenizer.tokenize(body, out->body)) return nullptr;
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
