#include "store/store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>

#include "store/db.h"
#include "vetq/embedded.h"
#include "vetq/error.h"
#include "store/policy_doc.h"
#include "vetq/text.h"

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

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// A document's stored text and the hash of its content. The hash leaves out "source" (where
// the record was read from), so the same record from another file is unchanged.
struct DocText {
  std::string text;
  std::string hash;
};

DocText doc_text(const Json& doc) {
  DocText out;
  // to_json puts "source" last: serialise once, and hash the text without that field.
  if (doc.size() > 1 && (--doc.end()).key() == "source") {
    out.text = dump(doc);
    const std::string tail = ",\"source\":" + dump(doc.back()) + "}";
    if (out.text.ends_with(tail)) {
      out.hash = sha256_hex(out.text.substr(0, out.text.size() - tail.size()) + "}");
      return out;
    }
  }
  // Otherwise: every field but "source", then "source" appended.
  Json content = Json::object();
  for (const auto& [k, v] : doc.items())
    if (k != "source") content[k] = v;
  out.text = dump(content);
  out.hash = sha256_hex(out.text);
  if (auto it = doc.find("source"); it != doc.end()) {
    out.text.pop_back();  // '}'
    out.text += ",\"source\":" + dump(*it) + "}";
  }
  return out;
}

std::string content_hash(const Json& doc) { return doc_text(doc).hash; }

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
      return "see the SQLite message above";
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

int schema_version() { return migrations().back().version; }

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

namespace {

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

namespace {

// Forgets the queued full-text rows (after writing them, or with the rolled-back transaction).
void drop_fts_queue(Store::Impl& s) {
  s.fts_deletes.clear();
  s.fts_inserts.clear();
  s.fts_queued.clear();
}

// Writes the queued full-text rows (Impl::fts_deletes, fts_inserts): deletes first, with the
// text the index holds, then the new text, by single-row statements that open no savepoint,
// so that FTS5 keeps the terms in memory and writes them as one segment at COMMIT.
void flush_fts(Store::Impl& s) {
  auto write = [&](std::unique_ptr<SQLite::Statement>& slot, const char* sql,
                   const std::vector<Store::Impl::FtsRow>& rows) {
    for (const auto& r : rows) {
      auto& st = s.prepare(slot, sql);
      st.bind(1, static_cast<int64_t>(r.pk));
      if (r.title)
        st.bind(2, *r.title);
      else
        st.bind(2);
      st.bind(3, r.body);
      st.exec();
    }
  };
  write(s.fts_delete,
        "INSERT INTO policy_fts(policy_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
        s.fts_deletes);
  write(s.fts_insert, "INSERT INTO policy_fts(rowid, title, body) VALUES (?, ?, ?)", s.fts_inserts);
  drop_fts_queue(s);
}

}  // namespace

void Store::begin() {
  try {
    impl_->db.exec("BEGIN IMMEDIATE");
    impl_->in_transaction = true;
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

std::unordered_set<std::string> Store::source_hashes() {
  std::unordered_set<std::string> out;
  try {
    SQLite::Statement st(impl_->db, "SELECT sha256 FROM source_file");
    while (st.executeStep()) out.insert(st.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read", e);
  }
  return out;
}

void Store::add_source(const SourceFile& src, const std::string& format, int records,
                       const std::string& now) {
  auto& st = impl_->prepare(impl_->add_source,
                            "INSERT INTO source_file(sha256, path, format, records, ingested_at) "
                            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET "
                            "path = excluded.path, records = excluded.records");
  st.bind(1, src.sha256);
  st.bind(2, src.path);
  st.bind(3, format);
  st.bind(4, records);
  st.bind(5, now);
  st.exec();
}

namespace {

void bind_opt(SQLite::Statement& st, int i, const std::optional<std::string>& v) {
  if (v)
    st.bind(i, *v);
  else
    st.bind(i);
}

// The facet rows of one record, de-duplicated, written with one statement (json_each) so that
// a page costs one INSERT instead of dozens.
class FacetRows {
 public:
  void add(const char* dim, const std::string& value,
           const std::optional<std::string>& parent = {}) {
    if (!seen_.emplace(dim, value).second) return;
    rows_.push_back(Json::array({dim, value, parent ? Json(*parent) : Json(nullptr)}));
  }
  void write(Store::Impl& s, const char* kind, int64_t owner) const {
    write_json(s, kind, owner, json());
  }
  std::string json() const { return rows_.empty() ? std::string() : dump(rows_); }
  static void write_json(Store::Impl& s, const char* kind, int64_t owner, const std::string& json) {
    if (json.empty()) return;
    auto& st = s.prepare(s.add_facet,
                         "INSERT INTO facet(kind, owner, dim, value, parent) "
                         "SELECT ?, ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)");
    st.bind(1, kind);
    st.bind(2, static_cast<int64_t>(owner));
    st.bind(3, json);
    st.exec();
  }

 private:
  std::set<std::pair<std::string, std::string>> seen_;
  Json rows_ = Json::array();
};

void clear_facets(Store::Impl& s, const char* kind, int64_t owner) {
  auto& st = s.prepare(s.del_facets, "DELETE FROM facet WHERE kind = ? AND owner = ?");
  st.bind(1, kind);
  st.bind(2, static_cast<int64_t>(owner));
  st.exec();
}

void save_history(Store::Impl& s, const char* kind, SQLite::Statement& old, const std::string& id,
                  const std::string& now) {
  // old: pk, content_hash, doc, source_path, source_sha256, ingested_at, edition
  auto& h = s.prepare(s.add_history,
                      "INSERT INTO history(kind, id, edition, content_hash, source_path, "
                      "source_sha256, ingested_at, replaced_at, doc) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  h.bind(1, kind);
  h.bind(2, id);
  if (old.isColumnNull(6))
    h.bind(3);
  else
    h.bind(3, old.getColumn(6).getString());
  h.bind(4, old.getColumn(1).getString());
  h.bind(5, old.getColumn(3).getString());
  h.bind(6, old.getColumn(4).getString());
  h.bind(7, old.getColumn(5).getString());
  h.bind(8, now);
  h.bind(9, old.getColumn(2).getString());
  h.exec();
}

// The text the full-text index holds for a policy's body: exactly what the policy_search
// view (schemas/migrations/0002_policy_doc.sql) gives for the stored document, as FTS5 reads
// that view for snippets and 'rebuild' (tests/lib/store_test.cpp compares the two).
std::string search_body(const PolicyRecord& p) {
  std::string out = p.background.value_or("");
  out += '\n';
  out += p.objectives.value_or("");
  out += '\n';
  out += p.description.value_or("");
  out += '\n';
  for (std::size_t i = 0; i < p.bodies.size(); ++i) {
    if (i) out += '\n';
    out += p.bodies[i].name;
  }
  return out;
}

// The facet, timeline and full-text rows of a policy, as the statements of put_policy bind
// them (JSON arrays for json_each; "" when there is none).
PolicyRows policy_rows(const PolicyRecord& p) {
  FacetRows rows;
  auto facet = [&](const char* dim, const std::string& value,
                   const std::optional<std::string>& parent = {}) { rows.add(dim, value, parent); };
  Json timeline = Json::array();
  for (const auto& t : p.timeline) {
    timeline.push_back(Json::array({t.year, t.stage}));
    facet("year", std::to_string(t.year));
    facet("stage", t.stage);
  }
  if (p.country) facet("country", *p.country, p.country_code);
  if (p.type) facet("type", *p.type);
  for (const auto& x : p.subsystem) facet("subsystem", x);
  for (const auto& g : p.target_groups) {
    facet("audience", g.audience);
    facet("target_group", g.group, g.audience);
  }
  for (const auto& c : p.categories) {
    facet("category", c.category);
    if (c.subcategory) facet("subcategory", *c.subcategory, c.category);
  }
  for (const auto& x : p.priorities) {
    facet("framework", x.framework);
    facet("priority", x.item, x.framework);
  }
  for (const auto& b : p.bodies) facet("body", b.name);
  PolicyRows out;
  out.facets = rows.json();
  if (!timeline.empty()) out.timeline = dump(timeline);
  out.search_body = search_body(p);
  return out;
}

// A policy's stored document is its full page (page_doc) with the fields the page lacks
// filled from the latest listing entry, or the listing entry alone while no page arrived.
// Computing it from both parts every time makes the result independent of ingest order.
PutOutcome put_policy(Store::Impl& s, const PolicyRecord& incoming, const PreparedRecord& in,
                      const std::string& now) {
  const Json& in_doc = in.doc;
  std::optional<Json> page, listing;
  std::optional<std::string> old_hash;
  auto& find = s.prepare(s.find_policy,
                         "SELECT p.pk, p.content_hash, d.doc, p.source_path, p.source_sha256, "
                         "p.ingested_at, p.edition, d.page_doc, p.partial "
                         "FROM policy p JOIN policy_doc d ON d.pk = p.pk WHERE p.id = ?");
  find.bind(1, incoming.id);
  const bool exists = find.executeStep();
  // The stored page: page_doc is kept only when a listing filled fields the page lacks;
  // otherwise the stored doc of a non-partial policy is the page itself.
  const bool old_page = exists && (!find.isColumnNull(7) || find.getColumn(8).getInt() == 0);
  if (exists) old_hash = find.getColumn(1).getString();
  auto& fl = s.prepare(s.find_listing, "SELECT doc FROM listing_entry WHERE id = ?");
  fl.bind(1, incoming.id);
  if (fl.executeStep()) listing = Json::parse(fl.getColumn(0).getString());
  fl.reset();

  bool page_changed = false;
  bool listing_changed_doc = false;  // the stored listing is more than the incoming entry
  if (incoming.partial) {
    if (old_page) page = Json::parse(find.getColumn(find.isColumnNull(7) ? 2 : 7).getString());
    // A later listing wins over an earlier one, but keeps what the earlier one had alone.
    Json combined = listing ? merge_listing_into(in_doc, *listing) : in_doc;
    if (!listing || combined != *listing) {
      auto& ul = s.prepare(s.upsert_listing,
                           "INSERT INTO listing_entry(id, doc, source_path, source_sha256, "
                           "ingested_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                           "doc = excluded.doc, source_path = excluded.source_path, "
                           "source_sha256 = excluded.source_sha256, "
                           "ingested_at = excluded.ingested_at");
      ul.bind(1, incoming.id);
      ul.bind(2, dump(combined));
      ul.bind(3, incoming.source.path);
      ul.bind(4, incoming.source.sha256);
      ul.bind(5, now);
      ul.exec();
    }
    listing_changed_doc = combined != in_doc;
    listing = std::move(combined);
  } else if (old_page) {
    // Without page_doc the stored content hash is the page's own.
    const std::string old_page_hash =
        find.isColumnNull(7) ? *old_hash : content_hash(Json::parse(find.getColumn(7).getString()));
    page_changed = old_page_hash != in.hash;
  }
  // The stored document: the page (as prepared) when no listing adds to it, else computed.
  const Json* page_doc = incoming.partial ? (page ? &*page : nullptr) : &in_doc;
  Json doc;
  DocText computed;
  const std::string* text = &in.text;
  const std::string* hash = &in.hash;
  if (incoming.partial || listing) {
    doc = page_doc ? (listing ? merge_listing_into(*page_doc, *listing) : *page_doc) : *listing;
    doc["partial"] = page_doc == nullptr;
    computed = doc_text(doc);
    text = &computed.text;
    hash = &computed.hash;
  }
  if (exists && *hash == *old_hash) {
    find.reset();
    return PutOutcome::kUnchanged;
  }
  if (exists && page_changed) save_history(s, "policy", find, incoming.id, now);
  if (exists && !s.fts_queued.count(find.getColumn(0).getInt64())) {
    // The index holds the old text: keep it, so that flush_fts can delete exactly that.
    auto& ot = s.prepare(s.old_policy_text, "SELECT title, body FROM policy_search WHERE pk = ?");
    ot.bind(1, find.getColumn(0).getInt64());
    if (ot.executeStep()) {
      std::optional<std::string> title;
      if (!ot.isColumnNull(0)) title = ot.getColumn(0).getString();
      s.fts_deletes.push_back(
          {find.getColumn(0).getInt64(), std::move(title), ot.getColumn(1).getString()});
    }
    ot.reset();
  }
  find.reset();
  const PutOutcome outcome = !exists            ? PutOutcome::kInserted
                             : incoming.partial ? PutOutcome::kMerged
                                                : PutOutcome::kUpdated;
  const bool merged = page_doc && listing;  // else doc is the incoming record or the listing
  std::optional<PolicyRecord> from_doc;     // the record as stored, when it is not `incoming`
  if (merged || (incoming.partial && listing_changed_doc)) from_doc = policy_from_json(doc);
  const PolicyRecord& p = from_doc ? *from_doc : incoming;
  auto& up = s.prepare(
      s.upsert_policy,
      "INSERT INTO policy(id, title, country, country_code, type, edition, first_year, "
      "last_year, last_stage, partial, content_hash, source_path, source_sha256, "
      "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET title = excluded.title, country = excluded.country, "
      "country_code = excluded.country_code, type = excluded.type, edition = excluded.edition, "
      "first_year = excluded.first_year, last_year = excluded.last_year, "
      "last_stage = excluded.last_stage, partial = excluded.partial, "
      "content_hash = excluded.content_hash, source_path = excluded.source_path, "
      "source_sha256 = excluded.source_sha256, ingested_at = excluded.ingested_at "
      "RETURNING pk");
  up.bind(1, p.id);
  bind_opt(up, 2, p.title);
  bind_opt(up, 3, p.country);
  bind_opt(up, 4, p.country_code);
  bind_opt(up, 5, p.type);
  bind_opt(up, 6, p.edition);
  if (p.timeline.empty()) {
    up.bind(7);
    up.bind(8);
    up.bind(9);
  } else {
    const auto [lo, hi] =
        std::minmax_element(p.timeline.begin(), p.timeline.end(),
                            [](const auto& a, const auto& b) { return a.year < b.year; });
    up.bind(7, lo->year);
    up.bind(8, hi->year);
    up.bind(9, hi->stage);
  }
  up.bind(10, p.partial ? 1 : 0);
  up.bind(11, *hash);
  up.bind(12, p.source.path);
  up.bind(13, p.source.sha256);
  up.bind(14, now);
  up.executeStep();
  const int64_t pk = up.getColumn(0).getInt64();
  up.reset();
  auto& ud = s.prepare(s.upsert_policy_doc,
                       "INSERT INTO policy_doc(pk, doc, page_doc) VALUES (?, ?, ?) "
                       "ON CONFLICT(pk) DO UPDATE SET doc = excluded.doc, "
                       "page_doc = excluded.page_doc");
  ud.bind(1, pk);
  ud.bind(2, *text);
  if (merged && *page_doc != doc)
    ud.bind(3, dump(*page_doc));
  else
    ud.bind(3);
  ud.exec();

  if (exists) {  // a new row has none: policy rows are never deleted, so no pk is reused
    clear_facets(s, "policy", pk);
    auto& dt = s.prepare(s.del_timeline, "DELETE FROM policy_timeline WHERE policy = ?");
    dt.bind(1, pk);
    dt.exec();
  }
  PolicyRows computed_rows;
  if (&p != &incoming) computed_rows = policy_rows(p);
  const PolicyRows& rows = &p != &incoming ? computed_rows : in.rows;
  if (!rows.timeline.empty()) {
    auto& at = s.prepare(s.add_timeline,
                         "INSERT INTO policy_timeline(policy, year, stage) "
                         "SELECT ?, value ->> 0, value ->> 1 FROM json_each(?)");
    at.bind(1, pk);
    at.bind(2, rows.timeline);
    at.exec();
  }
  FacetRows::write_json(s, "policy", pk, rows.facets);

  Store::Impl::FtsRow row{pk, p.title, rows.search_body};
  if (auto [it, fresh] = s.fts_queued.emplace(pk, s.fts_inserts.size()); fresh)
    s.fts_inserts.push_back(std::move(row));
  else
    s.fts_inserts[it->second] = std::move(row);
  // A long transaction (--strict, a big --batch) writes its rows in chunks: the queue holds
  // a few MB, not the run. A row written now is in the index for the rest of the transaction.
  if (s.fts_inserts.size() + s.fts_deletes.size() >= Store::Impl::kFtsQueueRows) flush_fts(s);
  return outcome;
}

PutOutcome put_report(Store::Impl& s, const ReportRecord& r, const PreparedRecord& in,
                      const std::string& now) {
  const std::string& hash = in.hash;
  auto& find = s.prepare(s.find_report,
                         "SELECT pk, content_hash, doc, source_path, source_sha256, ingested_at, "
                         "version FROM report WHERE id = ?");
  find.bind(1, r.id);
  PutOutcome outcome = PutOutcome::kInserted;
  if (find.executeStep()) {
    if (hash == find.getColumn(1).getString()) return PutOutcome::kUnchanged;
    save_history(s, "report", find, r.id, now);
    outcome = PutOutcome::kUpdated;
  }
  find.reset();
  auto& up = s.prepare(
      s.upsert_report,
      "INSERT INTO report(id, title, region, country, country_code, version, date, "
      "content_hash, doc, source_path, source_sha256, ingested_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
      "title = excluded.title, region = excluded.region, country = excluded.country, "
      "country_code = excluded.country_code, version = excluded.version, date = excluded.date, "
      "content_hash = excluded.content_hash, doc = excluded.doc, "
      "source_path = excluded.source_path, source_sha256 = excluded.source_sha256, "
      "ingested_at = excluded.ingested_at RETURNING pk");
  up.bind(1, r.id);
  bind_opt(up, 2, r.title);
  bind_opt(up, 3, r.region);
  bind_opt(up, 4, r.country);
  bind_opt(up, 5, r.country_code);
  bind_opt(up, 6, r.version);
  bind_opt(up, 7, r.date);
  up.bind(8, hash);
  up.bind(9, in.text);
  up.bind(10, r.source.path);
  up.bind(11, r.source.sha256);
  up.bind(12, now);
  up.executeStep();
  const int64_t pk = up.getColumn(0).getInt64();
  up.reset();

  clear_facets(s, "report", pk);
  auto& dsf = s.prepare(s.del_sections_fts,
                        "DELETE FROM section_fts WHERE rowid IN "
                        "(SELECT pk FROM report_section WHERE report = ?)");
  dsf.bind(1, pk);
  dsf.exec();
  auto& ds = s.prepare(s.del_sections, "DELETE FROM report_section WHERE report = ?");
  ds.bind(1, pk);
  ds.exec();
  for (const auto& sec : r.sections) {
    const std::string text = join(sec.paragraphs, "\n");
    // Figure captions and chart titles are searchable with the section that shows them.
    std::string searchable = text;
    for (const auto& f : r.figures) {
      if (f.section != sec.heading) continue;
      searchable += "\n" + f.caption;
      if (f.title && *f.title != f.caption) searchable += "\n" + *f.title;
    }
    auto& as = s.prepare(s.add_section,
                         "INSERT INTO report_section(report, ordinal, heading, text, first_line, "
                         "last_line) VALUES (?, ?, ?, ?, ?, ?) RETURNING pk");
    as.bind(1, pk);
    as.bind(2, sec.ordinal);
    as.bind(3, sec.heading);
    as.bind(4, text);
    as.bind(5, sec.lines.first);
    as.bind(6, sec.lines.last);
    as.executeStep();
    const int64_t spk = as.getColumn(0).getInt64();
    as.reset();
    auto& af = s.prepare(s.add_section_fts,
                         "INSERT INTO section_fts(rowid, heading, body) VALUES (?, ?, ?)");
    af.bind(1, spk);
    af.bind(2, sec.heading);
    af.bind(3, searchable);
    af.exec();
  }
  FacetRows rows;
  auto facet = [&](const char* dim, const std::string& value,
                   const std::optional<std::string>& parent = {}) { rows.add(dim, value, parent); };
  if (r.country) facet("country", *r.country, r.country_code);
  if (r.region) facet("region", *r.region, r.country);
  if (r.date && r.date->size() >= 4) facet("year", r.date->substr(0, 4));
  for (const auto& m : r.mentions) {
    if (m.type == "year") facet("year", m.value);
    if (m.type == "organisation") facet("organisation", m.value);
    if (m.type == "programme") facet("programme", m.value);
    if (m.type == "legal_act") facet("legal_act", m.value);
    if (m.type == "place") facet("place", m.value);
  }
  for (const auto& t : r.tags) {
    if (t.dimension == "category") {
      if (t.parent) {
        facet("category", *t.parent);
        facet("subcategory", t.value, t.parent);
      } else {
        facet("category", t.value);
      }
    } else if (t.dimension == "target_group") {
      if (t.parent) facet("audience", *t.parent);
      facet("target_group", t.value, t.parent);
    }
  }
  rows.write(s, "report", pk);
  return outcome;
}

}  // namespace

PreparedRecord prepare_record(Record record) {
  PreparedRecord out;
  out.record = std::move(record);
  out.doc = to_json(out.record);
  DocText t = doc_text(out.doc);
  out.text = std::move(t.text);
  out.hash = std::move(t.hash);
  if (const auto* p = std::get_if<PolicyRecord>(&out.record)) out.rows = policy_rows(*p);
  return out;
}

PutOutcome Store::put(const Record& record, const std::string& now) {
  return put(prepare_record(record), now);
}

PutOutcome Store::put(const PreparedRecord& record, const std::string& now) {
  if (!impl_->in_transaction) {  // a record on its own is a transaction of its own
    begin();
    try {
      const PutOutcome out = put(record, now);
      commit();
      return out;
    } catch (...) {
      rollback();
      throw;
    }
  }
  try {
    return std::visit(
        [&](const auto& r) -> PutOutcome {
          using T = std::decay_t<decltype(r)>;
          if constexpr (std::is_same_v<T, PolicyRecord>)
            return put_policy(*impl_, r, record, now);
          else
            return put_report(*impl_, r, record, now);
        },
        record.record);
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot write a record", e);
  }
}

std::optional<StoredRecord> Store::get(const std::string& id) {
  try {
    for (const char* kind : {"policy", "report"}) {
      SQLite::Statement st(impl_->db, std::string_view(kind) == "policy"
                                          ? "SELECT d.doc, p.ingested_at FROM policy p "
                                            "JOIN policy_doc d ON d.pk = p.pk WHERE p.id = ?"
                                          : "SELECT doc, ingested_at FROM report WHERE id = ?");
      st.bind(1, id);
      if (!st.executeStep()) continue;
      StoredRecord out;
      out.kind = kind;
      out.doc = Json::parse(st.getColumn(0).getString());
      out.ingested_at = st.getColumn(1).getString();
      SQLite::Statement h(impl_->db,
                          "SELECT edition, source_path, source_sha256, content_hash, ingested_at, "
                          "replaced_at FROM history WHERE kind = ? AND id = ? ORDER BY rowid");
      h.bind(1, kind);
      h.bind(2, id);
      while (h.executeStep()) {
        HistoryEntry e;
        if (!h.isColumnNull(0)) e.edition = h.getColumn(0).getString();
        e.source_path = h.getColumn(1).getString();
        e.source_sha256 = h.getColumn(2).getString();
        e.content_hash = h.getColumn(3).getString();
        e.ingested_at = h.getColumn(4).getString();
        e.replaced_at = h.getColumn(5).getString();
        out.history.push_back(std::move(e));
      }
      return out;
    }
    return std::nullopt;
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read", e);
  }
}

std::vector<std::string> Store::distinct_values(const std::string& dim, const std::string& kind) {
  std::vector<std::string> out;
  try {
    SQLite::Statement st(impl_->db,
                         "SELECT DISTINCT value FROM facet WHERE dim = ? AND (? = '' OR kind = ?) "
                         "ORDER BY value");
    st.bind(1, dim);
    st.bind(2, kind);
    st.bind(3, kind);
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read", e);
  }
  return out;
}

std::vector<std::pair<std::string, long>> Store::facet_values(const std::string& dim,
                                                              const std::string& kind) {
  std::vector<std::pair<std::string, long>> out;
  try {
    SQLite::Statement st(impl_->db,
                         "SELECT value, count(DISTINCT owner) AS n FROM facet "
                         "WHERE dim = ? AND (? = '' OR kind = ?) GROUP BY value "
                         "ORDER BY n DESC, value");
    st.bind(1, dim);
    st.bind(2, kind);
    st.bind(3, kind);
    while (st.executeStep())
      out.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getInt64());
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read", e);
  }
  return out;
}

}  // namespace vetq
