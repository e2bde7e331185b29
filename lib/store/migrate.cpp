// Opening a database: checks that it is vetq's, applies the embedded migrations
// (schemas/migrations/NNNN_*.sql) in one transaction, and sets the connection's pragmas.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "store/db.h"
#include "store/store.h"
#include "vetq/embedded.h"
#include "vetq/error.h"

namespace vetq {

namespace {

// PRAGMA application_id of every vetq database ("VETQ" in ASCII).
constexpr int kApplicationId = 0x56455451;

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

std::vector<Migration> migrations() {
  std::vector<Migration> out;
  for (const auto& f : embedded::files()) {
    if (!f.name.starts_with("migrations/")) continue;
    const auto base = f.name.substr(std::string_view("migrations/").size());
    out.push_back({std::stoi(std::string(base.substr(0, 4))), f.name, f.text});
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.version < b.version; });
  return out;
}

void migrate(Store::Impl& s, const Store::UpgradeNotice& notice) {
  const auto steps = migrations();
  const int target = steps.back().version;
  auto& db = s.db;
  const int app = db.execAndGet("PRAGMA application_id").getInt();
  const int version = db.execAndGet("PRAGMA user_version").getInt();
  if (app != 0 && app != kApplicationId) {
    throw Error(
        fmt::format("{}: not a vetq database (application_id {:#x}) — choose another "
                    "--db; vetq does not write into other databases",
                    s.path, app));
  }
  if (app == 0 && version == 0) {
    const int tables =
        db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").getInt();
    if (tables > 0) {
      throw Error(
          fmt::format("{}: a SQLite database that vetq did not create — choose another "
                      "--db; vetq does not write into other databases",
                      s.path));
    }
  }
  if (version > target) {
    throw Error(
        fmt::format("{}: written by a newer vetq (schema version {}, this vetq knows up "
                    "to {}) — upgrade vetq; the database was not changed",
                    s.path, version, target));
  }
  if (version == target) return;
  if (version > 0 && notice) notice(version, target);
  // Foreign keys off while migrating (it cannot change inside a transaction): a migration
  // that rebuilds a table drops the old one, which must not cascade into its children. The
  // result is checked before COMMIT instead.
  db.exec("PRAGMA foreign_keys = OFF");
  db.exec("BEGIN IMMEDIATE");
  try {
    for (const auto& m : steps) {
      if (m.version <= version) continue;
      db.exec(std::string(m.sql));
    }
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    if (fk.executeStep()) {
      throw Error(
          fmt::format("{}: upgrading the schema to version {} would break a reference "
                      "({} row {}) — nothing was changed; report this with the file",
                      s.path, target, fk.getColumn(0).getString(), fk.getColumn(1).getInt64()));
    }
    fk.reset();
    db.exec(fmt::format("PRAGMA user_version = {}", target));
    db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    db.exec("PRAGMA foreign_keys = ON");
    throw;
  }
  db.exec("PRAGMA foreign_keys = ON");
}

}  // namespace

int schema_version() { return migrations().back().version; }

Store Store::open(const std::string& path, OpenMode mode, int busy_timeout_ms,
                  const UpgradeNotice& notice) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (mode == OpenMode::kRead && !fs::exists(path, ec)) {
    throw Error(
        fmt::format("{}: no database here — run 'vetq ingest PATH' first, or point "
                    "--db / VETQ_DB at an existing database",
                    path));
  }
  if (mode == OpenMode::kReadWrite) {
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty() && !fs::exists(parent, ec)) {
      fs::create_directories(parent, ec);
      if (ec) {
        throw Error(fmt::format("{}: cannot create directory {}: {} — choose another --db", path,
                                parent.string(), ec.message()));
      }
      fs::permissions(parent, fs::perms::owner_all, fs::perm_options::replace, ec);
    }
  }
  const bool writable_file = access(path.c_str(), W_OK) == 0 || !fs::exists(path, ec);
  int flags = SQLite::OPEN_READWRITE | (mode == OpenMode::kReadWrite ? SQLite::OPEN_CREATE : 0);
  const bool read_only = mode == OpenMode::kRead && !writable_file;
  if (read_only) flags = SQLite::OPEN_READONLY;
  // A Store is used by one thread at a time (ingest's writer thread, or a command's main
  // thread), so SQLite's per-call connection mutex is only overhead.
  flags |= SQLite::OPEN_NOMUTEX;
  if (mode == OpenMode::kReadWrite && !writable_file) {
    throw Error(
        fmt::format("{}: the database file is read-only — fix its permissions or "
                    "choose another --db",
                    path));
  }
  try {
    auto impl = std::make_unique<Impl>(path, flags, busy_timeout_ms);
    auto& db = impl->db;
    db.exec("PRAGMA foreign_keys = ON");
    if (!read_only) {
      // WAL lets `vetq query` read while an ingest writes; NORMAL is durable per commit in WAL.
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
      if (mode == OpenMode::kReadWrite) {
        // For writing only (bench/RESULTS.md; a query is ~2x slower with them, its sorter
        // allocating for the bigger cache): statement journals (multi-row INSERTs, FTS5) in
        // memory, not in temp files; a 16 MiB page cache that keeps the index pages a batch
        // touches (the default 2 MiB re-reads them from the OS); a checkpoint every 32 MiB of
        // WAL instead of 4 MiB, which copies a page rewritten by several batches once and
        // syncs less often. bench/floor.cpp uses the same settings.
        db.exec("PRAGMA temp_store = MEMORY");
        db.exec("PRAGMA cache_size = -16384");
        db.exec("PRAGMA wal_autocheckpoint = 8192");
      }
      migrate(*impl, notice);
    } else {
      const int version = db.execAndGet("PRAGMA user_version").getInt();
      if (version > schema_version()) {
        throw Error(
            fmt::format("{}: written by a newer vetq (schema version {}, this vetq "
                        "knows up to {}) — upgrade vetq",
                        path, version, schema_version()));
      }
      if (version < schema_version()) {
        throw Error(
            fmt::format("{}: needs a schema upgrade but is read-only — open it once "
                        "with write access (any vetq command)",
                        path));
      }
    }
    return Store(std::move(impl));
  } catch (const SQLite::Exception& e) {
    throw_db_error(path, "cannot open the database", e);
  }
}

}  // namespace vetq
