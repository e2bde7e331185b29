// A first load: the indexes the writer never reads are set aside while an ingest fills an empty
// database, and built once, sorted, when it ends (schemas/migrations/0006_deferred_index.sql).
#include <fmt/format.h>

#include <array>

#include "store/db.h"

namespace vetq {

namespace {

// Indexes that only queries read. The writer finds rows by id (policy, listing_entry,
// history), by owner (facet_row's primary key, policy_timeline_by_policy) and facet values by
// their text (facet_value_by_text): those stay.
constexpr std::array<const char*, 2> kDeferrable = {"facet_row_by_value",
                                                    "policy_timeline_by_year"};

// Runs `body` in a transaction of its own.
template <typename Body>
void in_transaction(Store::Impl& s, const char* action, const Body& body) {
  try {
    s.db.exec("BEGIN IMMEDIATE");
    try {
      body();
      s.db.exec("COMMIT");
    } catch (...) {
      s.db.exec("ROLLBACK");
      throw;
    }
  } catch (const SQLite::Exception& e) {
    throw_db_error(s.path, action, e);
  }
}

}  // namespace

bool Store::empty() {
  try {
    return impl_->db
               .execAndGet(
                   "SELECT NOT EXISTS (SELECT 1 FROM policy) AND "
                   "NOT EXISTS (SELECT 1 FROM report)")
               .getInt() != 0;
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read the database", e);
  }
}

int Store::defer_indexes() {
  int deferred = 0;
  in_transaction(*impl_, "cannot set the query indexes aside", [&] {
    // With the query planner's figures for it (sqlite_stat1), which DROP INDEX deletes.
    SQLite::Statement keep(impl_->db,
                           "INSERT OR IGNORE INTO deferred_index(name, sql, stat) "
                           "SELECT name, sql, (SELECT stat FROM sqlite_stat1 WHERE idx = name) "
                           "FROM sqlite_schema WHERE type = 'index' AND name = ?");
    for (const char* name : kDeferrable) {
      keep.bind(1, name);
      const int kept = keep.exec();
      keep.reset();
      if (kept == 0) continue;  // not there: set aside already
      // The name is one of kDeferrable, never input.
      impl_->db.exec(fmt::format("DROP INDEX {}", name));
      ++deferred;
    }
  });
  return deferred;
}

int Store::rebuild_indexes() {
  int built = 0;
  try {
    if (!impl_->db.execAndGet("SELECT EXISTS (SELECT 1 FROM deferred_index)").getInt()) return 0;
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read the database", e);
  }
  // The sort of a big index spills to temporary files, not to memory, in runs of the size of
  // SQLite's default cache (its sorter works in runs of the page cache's size).
  impl_->db.exec("PRAGMA temp_store = FILE");
  impl_->db.exec("PRAGMA cache_size = -2000");
  // The 16 MiB the load's page cache held stay in the heap for the sort to reuse. Giving them
  // back first (malloc_trim) saved ~3 MiB of peak RSS at 100,000 pages, but cost ~600 madvise
  // calls and their TLB flushes, 70 ms at the end of every first load (bench/RESULTS.md).
  // The load's last pages are copied into the database file while the indexes are sorted.
  // (SQLite's multi-threaded sorter, PRAGMA threads, gave no measurable gain here and 4 MiB
  // more peak RSS at 100,000 pages.)
  if (impl_->checkpointer) impl_->checkpointer->request();
  in_transaction(*impl_, "cannot build the query indexes", [&] {
    SQLite::Statement pending(impl_->db, "SELECT name, sql FROM deferred_index ORDER BY name");
    std::vector<std::pair<std::string, std::string>> todo;
    while (pending.executeStep())
      todo.emplace_back(pending.getColumn(0).getString(), pending.getColumn(1).getString());
    pending.reset();
    SQLite::Statement stat(impl_->db,
                           "INSERT INTO sqlite_stat1(tbl, idx, stat) SELECT s.tbl_name, d.name, "
                           "d.stat FROM deferred_index d JOIN sqlite_schema s ON s.name = d.name "
                           "WHERE d.name = ? AND d.stat IS NOT NULL");
    SQLite::Statement done(impl_->db, "DELETE FROM deferred_index WHERE name = ?");
    for (const auto& [name, sql] : todo) {
      // The definition as SQLite kept it in sqlite_schema (see defer_indexes).
      impl_->db.exec(sql);
      for (auto* st : {&stat, &done}) {
        st->bind(1, name);
        st->exec();
        st->reset();
      }
      ++built;
    }
  });
  impl_->db.exec("PRAGMA temp_store = MEMORY");  // as Store::open sets them
  impl_->db.exec("PRAGMA cache_size = -16384");
  return built;
}

}  // namespace vetq
