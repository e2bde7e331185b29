// Store basics: where the database lives, errors, the clock, transactions, source files, and
// put() dispatching a record to its writer (write_policy.cpp, write_report.cpp).
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "store/db.h"
#include "store/store.h"
#include "vetq/error.h"

namespace vetq {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string remedy_for(int code) {
  switch (code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "another vetq is writing to it; wait for it to finish and run this again";
    case SQLITE_READONLY:
      return "the file or its directory is read-only; fix the permissions or choose another "
             "--db";
    case SQLITE_FULL:
      return "the disk is full; free some space and run this again (nothing of this batch "
             "was kept)";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "the file is damaged or not a SQLite database; restore a backup or choose "
             "another --db";
    case SQLITE_CANTOPEN:
      return "check that the directory exists and is writable";
    case SQLITE_IOERR:
      return "an I/O error occurred; check the disk";
    default:
      return "this is not expected: report it as a vetq bug, with the command that gave it";
  }
}

}  // namespace

void throw_db_error(const std::string& path, const std::string& action,
                    const SQLite::Exception& e) {
  throw Error(
      fmt::format("{}: {}: {} — {}", path, action, e.what(), remedy_for(e.getExtendedErrorCode())));
}

std::string default_db_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (auto v = env("VETQ_DB"); !v.empty()) return v;
  if (auto x = env("XDG_DATA_HOME"); !x.empty() && x.front() == '/') return x + "/vetq/vetq.db";
  if (auto home = env("HOME"); !home.empty()) return home + "/.local/share/vetq/vetq.db";
  return "vetq.db";
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() {
  if (impl_ && impl_->in_transaction) {
    try {
      impl_->db.exec("ROLLBACK");
    } catch (...) {  // the connection closes next; SQLite rolls back anyway
    }
  }
}

const std::string& Store::path() const { return impl_->path; }

void Store::begin() {
  try {
    impl_->db.exec("BEGIN IMMEDIATE");
    impl_->in_transaction = true;
    impl_->fts_stream = true;
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot start writing", e);
  }
}

void Store::commit() {
  try {
    flush_fts(*impl_);
    impl_->db.exec("COMMIT");
    impl_->in_transaction = false;
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot commit", e);
  }
}

void Store::rollback() {
  drop_fts_queue(*impl_);
  impl_->facet_ids.clear();  // the transaction may have added some
  if (!impl_->in_transaction) return;
  impl_->in_transaction = false;
  try {
    impl_->db.exec("ROLLBACK");
  } catch (const SQLite::Exception&) {  // SQLite may already have rolled back (SQLITE_FULL)
  }
}

bool Store::has_source(const std::string& sha256) {
  auto& st = impl_->prepare(impl_->has_source, "SELECT 1 FROM source_file WHERE sha256 = ?");
  st.bind(1, sha256);
  const bool found = st.executeStep();
  st.reset();
  return found;
}

std::unordered_map<std::string, std::string> Store::source_hashes() {
  std::unordered_map<std::string, std::string> out;
  try {
    SQLite::Statement st(impl_->db,
                         "SELECT sha256, format FROM source_file WHERE sha256 IN ("
                         "SELECT source_sha256 FROM policy UNION SELECT source_sha256 FROM report "
                         "UNION SELECT source_sha256 FROM history "
                         "UNION SELECT source_sha256 FROM listing_entry)");
    while (st.executeStep()) out.emplace(st.getColumn(0).getString(), st.getColumn(1).getString());
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read", e);
  }
  return out;
}

void Store::add_source(const SourceFile& src, const std::string& format, int records,
                       const std::string& now) {
  auto& st =
      impl_->prepare(impl_->add_source,
                     "INSERT INTO source_file(sha256, path, format, records, ingested_at) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET "
                     "path = excluded.path, format = excluded.format, records = excluded.records");
  st.bind(1, src.sha256);
  st.bind(2, src.path);
  st.bind(3, format);
  st.bind(4, records);
  st.bind(5, now);
  st.exec();
}

SQLite::Database& database(Store& store) { return store.impl_->db; }
Store::Impl& store_impl(Store& store) { return *store.impl_; }

void bind_opt(SQLite::Statement& st, int i, const std::optional<std::string>& v) {
  if (v)
    st.bind(i, *v);
  else
    st.bind(i);
}

PutOutcome Store::put(const Record& record, const std::string& now) {
  return put(prepare_record(record), now);
}

PutOutcome Store::put(const PreparedRecord& record, const std::string& now) {
  return put(record, now, PutOptions{}).outcome;
}

PutResult Store::put(const PreparedRecord& record, const std::string& now,
                     const PutOptions& options) {
  if (!impl_->in_transaction) {  // a record on its own is a transaction of its own
    begin();
    try {
      PutResult out = put(record, now, options);
      commit();
      return out;
    } catch (...) {
      rollback();
      throw;
    }
  }
  try {
    return std::visit(
        [&](const auto& r) -> PutResult {
          using T = std::decay_t<decltype(r)>;
          if constexpr (std::is_same_v<T, PolicyRecord>)
            return put_policy(*impl_, r, record, now, options);
          else
            return {put_report(*impl_, r, record, now), {}};
        },
        record.record);
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot write a record", e);
  }
}

}  // namespace vetq
