#pragma once
// The SQLite database: open (creating and migrating it), write records, read them back.
// SQLiteCpp is hidden behind a pimpl; nothing here parses source text.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/prepare.h"
#include "vetq/json.h"
#include "vetq/record.h"

namespace SQLite {
class Database;
}

namespace vetq {

/// Where the database lives: --db, else $VETQ_DB, else $XDG_DATA_HOME/vetq/vetq.db, else
/// ~/.local/share/vetq/vetq.db. `flag` is the --db value ("" when not given).
std::string default_db_path(const std::string& flag);

/// The schema version this build writes (the number of the last embedded migration).
int schema_version();

enum class OpenMode {
  kReadWrite,  // create the file and its directories if needed; migrate (WAL mode)
  // The file must exist, be vetq's and of this vetq's schema (an empty or older one is an
  // error: a write command initialises or upgrades it). Opened read-only: nothing is created,
  // migrated or changed, the journal mode included; where this user may not create the
  // -wal/-shm files beside it, as an immutable file.
  kRead,
};

/// What put() did with a record.
enum class PutOutcome {
  kInserted,       // a new id
  kUpdated,        // the id existed with other content: the old version went to history
  kUnchanged,      // the id existed with the same content
  kMerged,         // a listing entry filled fields the full page lacks (or nothing changed)
  kKeptAsVersion,  // an older edition or a broken copy: kept in the versions, not current
};

/// How put() treats a record.
struct PutOptions {
  bool force = false;  // a full page becomes current even when older or broken (--force)
};

/// What put() did, and why a page was kept as a version (a warning for people).
struct PutResult {
  PutOutcome outcome = PutOutcome::kUnchanged;
  std::string reason;
};

struct HistoryEntry {
  std::optional<std::string> edition;
  std::string source_path;
  std::string source_sha256;
  std::string content_hash;
  std::string ingested_at;
  std::string replaced_at;
};

struct StoredRecord {
  std::string kind;  // "policy" | "report"
  Json doc;          // the record as record.schema.json describes it
  std::string ingested_at;
  std::vector<HistoryEntry> history;  // oldest first
};

/// One stored version of a policy: its current record or one in history (the document is read
/// with Store::version_doc). Order versions with order_versions() (store/editions.h).
struct PolicyVersion {
  std::string id;
  std::optional<std::string> edition;  // "2024 update"
  std::optional<int> citation_year;    // read where the policy has more than one version
  std::string content_hash;
  std::string source_path;
  std::string source_sha256;
  std::string ingested_at;
  std::int64_t history_rowid = 0;  // 0: the current record
  bool current() const { return history_rowid == 0; }
};

/// The record as `show` and `export` publish it: the stored document, with source.ingested_at
/// and "versions" (the replaced versions, oldest first; a report's own "history" is its
/// version table).
Json published_record(const StoredRecord& r);

class Store {
 public:
  /// Opens (and for kReadWrite creates) the database. Throws vetq::Error with the path, what
  /// failed and what to do: missing, empty or older file (kRead), not a vetq database, a newer
  /// schema than this vetq knows, corrupt file, locked beyond the busy timeout, read-only file
  /// for kReadWrite. Nothing is written before the file is known to be vetq's.
  /// Called before an existing database is upgraded to this vetq's schema (from, to).
  using UpgradeNotice = std::function<void(int from, int to)>;
  static Store open(const std::string& path, OpenMode mode, int busy_timeout_ms = 5000,
                    const UpgradeNotice& notice = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::string& path() const;

  /// Batch transactions (BEGIN IMMEDIATE ... COMMIT). rollback() is a no-op outside one.
  void begin();
  void commit();
  void rollback();

  /// True when the database holds no policy and no report.
  bool empty();
  /// For a first load into an empty database: sets aside the indexes that only queries read
  /// (their definitions wait in deferred_index), so that the load does not maintain them row
  /// by row. Queries still answer, more slowly, until rebuild_indexes(). Returns how many.
  int defer_indexes();
  /// Builds every index set aside, by this run or by a load that never finished, from its
  /// kept definition. Returns how many (0, at once, when none waits).
  int rebuild_indexes();

  /// True when a file with this content hash was ingested before.
  bool has_source(const std::string& sha256);
  /// The content hashes of files that still give a record (the current one, a version or a
  /// listing entry), with the format each was read as: such a file read again as the same
  /// format is unchanged. Read once at the start of an ingest.
  std::unordered_map<std::string, std::string> source_hashes();
  void add_source(const SourceFile& src, const std::string& format, int records,
                  const std::string& now);

  /// Writes a record (upsert by id). Inside begin()/commit() it joins that transaction;
  /// outside one it is a transaction of its own. A put that throws inside begin()/commit()
  /// may leave part of the record written: the caller rolls back (its statements open no
  /// statement journal of their own, which would copy every page they touch).
  PutOutcome put(const PreparedRecord& record, const std::string& now);
  PutOutcome put(const Record& record, const std::string& now);
  PutResult put(const PreparedRecord& record, const std::string& now, const PutOptions& options);

  /// The current record with this id ("policy" first, then "report"), with its history.
  std::optional<StoredRecord> get(const std::string& id);

  /// Every stored version (current and history) of these policies, or of every policy when
  /// `ids` is empty; by id, then as stored.
  std::vector<PolicyVersion> policy_versions(const std::vector<std::string>& ids);
  /// The document of a version, as the store keeps it.
  Json version_doc(const PolicyVersion& version);
  /// The edition labels of the stored policy versions ("2023 update", ...), oldest first.
  std::vector<std::string> editions();

  /// From now on this connection reads policies as of an edition year: each policy as its
  /// newest version at or before it (order_versions), and without the policies that have none.
  /// Reports stay as they are. Nothing is written to the database: temporary views over it
  /// take the names of the policy tables for this connection. `full_text`: also build the
  /// full-text index of those versions (needed for --text; it reads every policy).
  void as_of(int edition_year, bool full_text);
  /// The edition year given to as_of(), or 0.
  int as_of_year() const;

  /// Distinct values of a facet dimension ("" kind = policies and reports), sorted.
  std::vector<std::string> distinct_values(const std::string& dim, const std::string& kind);
  /// Whether some record has exactly this value of the dimension (kind "" for any kind).
  bool has_value(const std::string& dim, const std::string& kind, const std::string& value);

  /// Distinct values of a facet dimension with their record counts, most frequent first.
  std::vector<std::pair<std::string, long>> facet_values(const std::string& dim,
                                                         const std::string& kind);

  struct Impl;  // store/db.h, private to lib/store

 private:
  friend SQLite::Database& database(Store& store);  // store/sql.h
  friend Impl& store_impl(Store& store);            // store/db.h
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Current UTC time as "YYYY-MM-DDThh:mm:ssZ".
std::string utc_now();

}  // namespace vetq
