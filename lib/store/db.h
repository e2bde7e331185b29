#pragma once
// Private to lib/store: the SQLite side of Store, shared by the store's .cpp files.
#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/checkpoint.h"
#include "store/facets.h"
#include "store/fts_tokens.h"
#include "store/sql.h"
#include "store/store.h"

namespace vetq {

struct Store::Impl {
  std::string path;
  TokenReplay replay;   // the full-text rows' tokens made ahead; must outlive db
  SQLite::Database db;  // declared before the statements: they must die first
  std::unique_ptr<Checkpointer> checkpointer;  // writing only; stops before db closes
  bool in_transaction = false;
  int as_of_year = 0;  // Store::as_of (as_of.cpp); 0: the current records
  // Write statements, prepared on first use and reused for the whole run.
  std::unique_ptr<SQLite::Statement> find_policy, page_facts, insert_policy, upsert_policy,
      upsert_policy_doc, find_listing, upsert_listing, find_report, upsert_report, add_history,
      del_facets, del_timeline, add_timeline, del_sections_fts, del_sections, add_section,
      add_section_fts, has_source, add_source, old_policy_text, fts_delete, fts_insert,
      find_version, find_facet_value, add_facet_value, find_facets, find_timeline;

  // Full-text rows of this transaction (fts_queue.cpp). FTS5 keeps the terms of a
  // transaction in memory and writes them as one index segment at COMMIT, but also whenever
  // a statement opens a savepoint, and replacing a stored policy (its upsert, the DELETEs of
  // its facet and timeline rows) does; indexing page by page would then make one segment per
  // page. So the rows wait in this queue until COMMIT, or until kFtsQueueRows of them wait.
  // Inserting new policies opens no savepoint: while a transaction has done only that
  // (fts_stream), each row is written as it comes (kFtsStreamRows), so that the writer's
  // full-text work is spread over the batch instead of stopping the pipeline at each COMMIT,
  // and the batch's texts and tokens are not all held until then. A row written at once
  // also lets its tokens be freed by the parse worker that made them, with the rest of its
  // page: freed on the writer, memory from a worker's allocator arena waits for that arena's
  // lock. Deletes carry the text the index holds for a row replaced in this transaction;
  // inserts the row's current text (the last put of a pk wins).
  struct FtsRow {
    int64_t pk;
    std::optional<std::string> title;
    std::string body;
    std::shared_ptr<const FtsTokens> tokens;  // title and body tokenised, or null
  };
  static constexpr std::size_t kFtsQueueRows = 1024;  // ~5 MB of policy text
  static constexpr std::size_t kFtsStreamRows = 1;
  bool fts_stream = false;  // this transaction has only inserted new policies so far
  std::vector<FtsRow> fts_deletes, fts_inserts;
  std::unordered_map<int64_t, std::size_t> fts_queued;  // pk -> its index in fts_inserts

  // Facet rows are written by one INSERT of n rows; add_facets[n - 1] is that statement.
  static constexpr std::size_t kFacetRowsPerInsert = 64;
  std::array<std::unique_ptr<SQLite::Statement>, kFacetRowsPerInsert> add_facets;
  // Facet value ids this connection has seen (write_facets), by dim, value and parent.
  static constexpr std::size_t kFacetIdsKept = 1 << 16;
  std::unordered_map<std::string, int64_t> facet_ids;
  std::string facet_key;  // write_facets' buffer

  Impl(std::string p, int flags, int busy_ms) : path(std::move(p)), db(path, flags, busy_ms) {}
  // `filename` may be a URI (file:...?immutable=1) naming the file at `p`.
  Impl(std::string p, const std::string& filename, int flags, int busy_ms)
      : path(std::move(p)), db(filename, flags, busy_ms) {}

  SQLite::Statement& prepare(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    slot->reset();
    slot->clearBindings();
    return *slot;
  }
};

/// The SQLite side of a Store (for lib/store's tests).
Store::Impl& store_impl(Store& store);

void bind_opt(SQLite::Statement& st, int i, const std::optional<std::string>& v);

// The full-text queue (fts_queue.cpp).
void drop_fts_queue(Store::Impl& s);
void flush_fts(Store::Impl& s);
/// Queues the deletion of the text the index holds for an existing policy row (unless this
/// transaction queued the row already): call it before the row's document changes.
void queue_fts_delete(Store::Impl& s, int64_t pk);
/// Queues the policy's current text (the last one queued for a pk wins).
void queue_fts_insert(Store::Impl& s, int64_t pk, std::optional<std::string> title,
                      std::string body, std::shared_ptr<const FtsTokens> tokens = nullptr);

// Rows every kind of record has (write_report.cpp).
void clear_facets(Store::Impl& s, const char* kind, int64_t owner);
void write_facets(Store::Impl& s, const char* kind, int64_t owner,
                  const std::vector<facets::Row>& rows);
/// The record's facet rows made `rows`; rows stored already as they are stay untouched.
void replace_facets(Store::Impl& s, const char* kind, int64_t owner,
                    const std::vector<facets::Row>& rows);
/// Keeps the replaced version. old: pk, content_hash, doc, source_path, source_sha256,
/// ingested_at, edition.
void save_history(Store::Impl& s, const char* kind, SQLite::Statement& old, const std::string& id,
                  const std::string& now);

PutResult put_policy(Store::Impl& s, const PolicyRecord& incoming, const PreparedRecord& in,
                     const std::string& now, const PutOptions& options);
/// Keeps a record that does not become current among the versions (once per content).
/// False when the same content is there already.
bool save_version(Store::Impl& s, const char* kind, const PreparedRecord& in, const std::string& id,
                  const std::string& now);
PutOutcome put_report(Store::Impl& s, const ReportRecord& r, const PreparedRecord& in,
                      const std::string& now);

}  // namespace vetq
