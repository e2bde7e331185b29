// Opening a database: checks that it is vetq's before anything is written, applies the
// embedded migrations (schemas/migrations/NNNN_*.sql) in one transaction under the write lock,
// and sets the connection's pragmas. Read commands open it read-only and change nothing.
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "store/db.h"
#include "store/store.h"
#include "vetq/embedded.h"
#include "vetq/error.h"

namespace vetq {

namespace {

// WAL pages after which a writing connection checkpoints (SQLite's automatic checkpoint while
// migrating, then the Checkpointer's thread; the WAL starts over at 4 x this).
constexpr int kCheckpointPages = 2048;

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

// What a database says it is: read with a statement that writes nothing.
struct Header {
  int app = 0;
  int version = 0;
  int tables = 0;
};

// One statement, so one snapshot: read piece by piece, a database another vetq is creating
// could show its tables but not yet its version (and look like someone else's).
Header read_header(SQLite::Database& db) {
  SQLite::Statement st(db,
                       "SELECT (SELECT application_id FROM pragma_application_id), "
                       "(SELECT user_version FROM pragma_user_version), "
                       "(SELECT count(*) FROM sqlite_schema WHERE type = 'table')");
  st.executeStep();
  return {st.getColumn(0).getInt(), st.getColumn(1).getInt(), st.getColumn(2).getInt()};
}

// Refuses a database that is not vetq's, or of a schema newer than this vetq's.
void check_header(const std::string& path, const Header& h, int target) {
  if (h.app != 0 && h.app != kApplicationId) {
    throw Error(
        fmt::format("{}: not a vetq database (application_id {:#x}) — choose another "
                    "--db; vetq does not write into other databases",
                    path, h.app));
  }
  if (h.app == 0 && h.version == 0 && h.tables > 0) {
    throw Error(
        fmt::format("{}: a SQLite database that vetq did not create — choose another "
                    "--db; vetq does not write into other databases",
                    path));
  }
  if (h.version > target) {
    throw Error(
        fmt::format("{}: written by a newer vetq (schema version {}, this vetq knows up "
                    "to {}) — upgrade vetq; the database was not changed",
                    path, h.version, target));
  }
}

// Applies the missing migrations in one write transaction. The version is read again once
// the write lock is held: another vetq may have created or upgraded the database since it was
// first read (several ingests into a new database at once), and then there is nothing to do.
void migrate(Store::Impl& s, const Header& seen, const Store::UpgradeNotice& notice) {
  const auto steps = migrations();
  const int target = steps.back().version;
  if (seen.version == target) return;
  auto& db = s.db;
  // Foreign keys off while migrating (it cannot change inside a transaction): a migration
  // that rebuilds a table drops the old one, which must not cascade into its children. The
  // result is checked before COMMIT instead.
  db.exec("PRAGMA foreign_keys = OFF");
  db.exec("BEGIN IMMEDIATE");
  try {
    const Header h = read_header(db);
    check_header(s.path, h, target);
    if (h.version < target) {
      if (h.version > 0 && notice) notice(h.version, target);
      for (const auto& m : steps)
        if (m.version > h.version) db.exec(std::string(m.sql));
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
    }
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    db.exec("PRAGMA foreign_keys = ON");
    throw;
  }
  db.exec("PRAGMA foreign_keys = ON");
}

// "file:" URI of a path (RFC 3986 escapes for the characters a URI gives meaning to).
std::string file_uri(const std::string& path, const char* query) {
  std::string out = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#' || static_cast<unsigned char>(c) < 0x21)
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else
      out.push_back(c);
  }
  out += '?';
  out += query;
  return out;
}

// Whether a reader may let SQLite create the database's -wal and -shm files (a WAL database
// is read through them): only the file's owner (or root, whose files SQLite hands to the
// owner) with write access to the file and its directory. Anyone else would leave files the
// owner cannot write, and the owner's next ingest would fail.
bool may_create_wal_files(const std::string& path) {
  namespace fs = std::filesystem;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (geteuid() != 0 && geteuid() != st.st_uid) return false;
  const std::string dir = fs::path(path).parent_path().string();
  return access(path.c_str(), W_OK) == 0 && access(dir.empty() ? "." : dir.c_str(), W_OK) == 0;
}

// Opens an existing database for reading: never creates, migrates or changes it, nor its
// journal mode. Through SQLite's -wal/-shm files when this user may create them or they exist;
// else as an immutable file (what was last checkpointed: an ingest running at the same time is
// not seen until it ends).
std::unique_ptr<Store::Impl> open_for_reading(const std::string& path, int busy_timeout_ms) {
  namespace fs = std::filesystem;
  const int ro = SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX;
  const auto immutable = [&] {
    return std::make_unique<Store::Impl>(path, file_uri(path, "immutable=1"), ro, busy_timeout_ms);
  };
  std::error_code ec;
  std::string uri;
  if (may_create_wal_files(path))
    uri = file_uri(path, "mode=ro");
  else if (fs::exists(path + "-wal", ec) && fs::exists(path + "-shm", ec))
    uri = file_uri(path, "mode=ro&readonly_shm=1");
  else
    return immutable();
  try {
    auto impl = std::make_unique<Store::Impl>(path, uri, ro, busy_timeout_ms);
    impl->db.execAndGet("PRAGMA user_version");  // SQLite opens the file at the first read
    return impl;
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode();
    if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY) throw;
    return immutable();  // the -wal/-shm files cannot be made or written here
  }
}

std::unique_ptr<Store::Impl> open_read(const std::string& path, int busy_timeout_ms) {
  auto impl = open_for_reading(path, busy_timeout_ms);
  const Header h = read_header(impl->db);
  const int target = schema_version();
  check_header(path, h, target);
  if (h.version == 0) {
    throw Error(fmt::format(
        "{}: not yet initialised (an empty database) — run 'vetq ingest PATH' first, or wait "
        "for the ingest that is creating it",
        path));
  }
  if (h.version < target) {
    throw Error(
        fmt::format("{}: needs an upgrade (schema version {}, this vetq reads {}) — run 'vetq "
                    "ingest' (any write command) once; read commands never change the database",
                    path, h.version, target));
  }
  return impl;
}

// SQLite's process-wide settings, made once before the first connection initialises SQLite
// (later calls are refused, harmlessly).
void configure_sqlite() {
  static const bool done = [] {
    // vetq never reads SQLite's memory statistics; keeping them takes a global mutex on every
    // allocation SQLite makes (Debian's build has no lookaside, so a row write makes many).
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    // No bulk allocation for a connection's page cache: by default SQLite allocates room for
    // 20 pages at once (330 KB with 16 KiB pages) and writes a header into each, which touches
    // 20 fresh memory pages however few the command reads. A page fault costs ~13 µs on the
    // paravirtualised machine vetq is measured on: `query --limit 20` took 16-31 fewer faults
    // and 0.3-1 ms less (bench/RESULTS.md). Pages are then allocated as they are read.
    sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
    return true;
  }();
  (void)done;
}

}  // namespace

int schema_version() { return migrations().back().version; }

Store Store::open(const std::string& path, OpenMode mode, int busy_timeout_ms,
                  const UpgradeNotice& notice) {
  configure_sqlite();
  namespace fs = std::filesystem;
  std::error_code ec;
  if (mode == OpenMode::kRead) {
    if (!fs::exists(path, ec)) {
      throw Error(
          fmt::format("{}: no database here — run 'vetq ingest PATH' first, or point "
                      "--db / VETQ_DB at an existing database",
                      path));
    }
    try {
      return Store(open_read(path, busy_timeout_ms));
    } catch (const SQLite::Exception& e) {
      throw_db_error(path, "cannot open the database", e);
    }
  }
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent, ec)) {
    fs::create_directories(parent, ec);
    if (ec) {
      throw Error(fmt::format("{}: cannot create directory {}: {} — choose another --db", path,
                              parent.string(), ec.message()));
    }
    fs::permissions(parent, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  if (access(path.c_str(), W_OK) != 0 && fs::exists(path, ec)) {
    throw Error(
        fmt::format("{}: the database file is read-only — fix its permissions or "
                    "choose another --db",
                    path));
  }
  // A Store is used by one thread at a time (ingest's writer thread, or a command's main
  // thread), so SQLite's per-call connection mutex is only overhead.
  const int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX;
  try {
    auto impl = std::make_unique<Impl>(path, flags, busy_timeout_ms);
    auto& db = impl->db;
    // Before any full-text table is used on this connection (fts_tokens.h). Without it the
    // writer tokenises as SQLite does by itself.
    install_token_replay(db.getHandle(), &impl->replay);
    // Whose file it is, before anything is written to it (the journal mode is in the header).
    const Header h = read_header(db);
    check_header(path, h, schema_version());
    db.exec("PRAGMA foreign_keys = ON");
    // A new file gets 16 KiB pages (SQLite's default is 4 KiB), set before WAL mode fixes the
    // page size: a 10,000-page load writes a quarter of the WAL frames, each frame one
    // system call, and ingest takes 9 % less time; queries are as fast (bench/RESULTS.md).
    // An existing database keeps the page size it has.
    if (db.execAndGet("PRAGMA page_count").getInt64() == 0) db.exec("PRAGMA page_size = 16384");
    // WAL lets `vetq query` read while an ingest writes; NORMAL is durable per commit in WAL.
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    // Debian builds SQLite with secure_delete on: every page FTS5 frees when it merges index
    // segments is overwritten with zeros and written to the WAL again (35 MB more WAL for
    // 10,000 pages, 295 MB instead of 260). FAST still clears deleted content inside the pages
    // it writes anyway; the documents are public texts, and replaced versions are kept.
    db.exec("PRAGMA secure_delete = FAST");
    // For writing only (bench/RESULTS.md; a query is ~2x slower with them, its sorter
    // allocating for the bigger cache): statement journals (multi-row INSERTs, FTS5) in
    // memory, not in temp files; a 16 MiB page cache that keeps the index pages a batch
    // touches (the default 2 MiB re-reads them from the OS); a checkpoint every 2048 pages
    // of WAL (32 MiB) instead of 1000, which copies a page rewritten by several batches once
    // and syncs less often, on a thread of its own (checkpoint.h) so that the writer does not
    // wait for its syncs; at 8192 pages the WAL starts over. bench/floor.cpp: the same cache.
    db.exec("PRAGMA temp_store = MEMORY");
    db.exec("PRAGMA cache_size = -16384");
    db.exec(fmt::format("PRAGMA wal_autocheckpoint = {}", kCheckpointPages));
    migrate(*impl, h, notice);
    impl->checkpointer = std::make_unique<Checkpointer>(path, db.getHandle(), kCheckpointPages);
    return Store(std::move(impl));
  } catch (const SQLite::Exception& e) {
    throw_db_error(path, "cannot open the database", e);
  }
}

}  // namespace vetq
