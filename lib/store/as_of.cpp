// Store::as_of: this connection reads the policies as of an edition. Temporary views named
// after the policy tables (policy, policy_doc, facet, policy_timeline; SQLite looks names up
// in the temp schema first) show the current rows of the policies whose newest version at or
// before the edition is the current one, and rows computed from the stored version of the
// others. The queries run unchanged on them; nothing is written to the database file.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <unordered_set>

#include "store/db.h"
#include "store/editions.h"
#include "store/policy_doc.h"
#include "store/prepare.h"

namespace vetq {

namespace {

constexpr const char* kDrop =
    "DROP VIEW IF EXISTS temp.policy; DROP VIEW IF EXISTS temp.policy_doc; "
    "DROP VIEW IF EXISTS temp.facet; DROP VIEW IF EXISTS temp.policy_timeline; "
    "DROP TABLE IF EXISTS temp.policy_fts; DROP TABLE IF EXISTS temp.asof_hidden; "
    "DROP TABLE IF EXISTS temp.asof_policy; DROP TABLE IF EXISTS temp.asof_policy_doc; "
    "DROP TABLE IF EXISTS temp.asof_facet; DROP TABLE IF EXISTS temp.asof_timeline;";

// Tables of the replacement rows, and the views that put them in place of the current ones.
constexpr const char* kCreate =
    "CREATE TEMP TABLE asof_hidden(pk INTEGER PRIMARY KEY);"
    "CREATE TEMP TABLE asof_policy AS SELECT * FROM main.policy WHERE 0;"
    "CREATE TEMP TABLE asof_policy_doc AS SELECT * FROM main.policy_doc WHERE 0;"
    "CREATE TEMP TABLE asof_facet(kind TEXT, owner INTEGER, dim TEXT, value TEXT, parent TEXT);"
    "CREATE INDEX temp.asof_facet_by_owner ON asof_facet(kind, owner);"
    "CREATE TEMP TABLE asof_timeline AS SELECT * FROM main.policy_timeline WHERE 0;"
    "CREATE TEMP VIEW policy AS SELECT * FROM main.policy WHERE pk NOT IN "
    "(SELECT pk FROM temp.asof_hidden) UNION ALL SELECT * FROM temp.asof_policy;"
    "CREATE TEMP VIEW policy_doc AS SELECT * FROM main.policy_doc WHERE pk NOT IN "
    "(SELECT pk FROM temp.asof_hidden) UNION ALL SELECT * FROM temp.asof_policy_doc;"
    // The queries list a record's values in the order of facet's seq and of the timeline's
    // rowid, columns of these views.
    "CREATE TEMP VIEW facet(seq, kind, owner, dim, value, parent) AS SELECT seq, kind, "
    "owner, dim, value, parent FROM main.facet WHERE kind = 'report' OR owner NOT IN "
    "(SELECT pk FROM temp.asof_hidden) UNION ALL SELECT rowid, kind, owner, dim, value, parent "
    "FROM temp.asof_facet;"
    "CREATE TEMP VIEW policy_timeline(rowid, policy, year, stage) AS SELECT rowid, policy, "
    "year, stage FROM main.policy_timeline WHERE policy NOT IN (SELECT pk FROM "
    "temp.asof_hidden) UNION ALL SELECT rowid, policy, year, stage FROM temp.asof_timeline;";

class AsOf {
 public:
  AsOf(Store& store, SQLite::Database& db, int year) : store_(store), db_(db), year_(year) {}

  void run(bool full_text) {
    db_.exec(kDrop);
    db_.exec(kCreate);
    std::unordered_set<std::string> versioned;
    {
      SQLite::Statement h(db_, "SELECT DISTINCT id FROM main.history WHERE kind = 'policy'");
      while (h.executeStep()) versioned.insert(h.getColumn(0).getString());
    }
    // A policy with one version: shown when its edition is at or before the year.
    SQLite::Statement cur(db_, "SELECT pk, id, edition FROM main.policy");
    while (cur.executeStep()) {
      if (versioned.count(cur.getColumn(1).getString())) continue;
      if (!cur.isColumnNull(2) && edition_year(cur.getColumn(2).getString()) > year_)
        hide(cur.getColumn(0).getInt64());
    }
    std::vector<std::string> ids(versioned.begin(), versioned.end());
    if (!ids.empty())
      for (const auto& group : group_versions(store_.policy_versions(ids))) choose(group);
    if (full_text) index_text();
  }

 private:
  // A statement prepared once for the run, reset for each use.
  SQLite::Statement& stmt(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
    if (!slot) slot = std::make_unique<SQLite::Statement>(db_, sql);
    slot->reset();
    slot->clearBindings();
    return *slot;
  }

  std::int64_t pk_of(const std::string& id) {
    auto& st = stmt(pk_st_, "SELECT pk FROM main.policy WHERE id = ?");
    st.bind(1, id);
    return st.executeStep() ? st.getColumn(0).getInt64() : 0;
  }

  void hide(std::int64_t pk) {
    auto& st = stmt(hide_st_, "INSERT OR IGNORE INTO temp.asof_hidden(pk) VALUES (?)");
    st.bind(1, pk);
    st.exec();
  }

  void choose(const std::vector<PolicyVersion>& ordered) {
    const PolicyVersion* v = newest_at_or_before(ordered, year_);
    if (v && v->current()) return;
    const std::int64_t pk = pk_of(ordered.front().id);
    if (pk == 0) return;
    hide(pk);
    if (v) add(pk, *v);
  }

  // The rows a stored version gives, as write_policy.cpp writes them for a current record.
  void add(std::int64_t pk, const PolicyVersion& v) {
    const Json doc = store_.version_doc(v);
    const PolicyRecord p = policy_from_json(doc);
    const PolicyRows rows = policy_rows(p);
    auto& up = stmt(policy_st_,
                    "INSERT INTO temp.asof_policy(pk, id, title, country, country_code, "
                    "type, edition, first_year, last_year, last_stage, partial, "
                    "content_hash, source_path, source_sha256, ingested_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    up.bind(1, pk);
    up.bind(2, p.id);
    bind_opt(up, 3, p.title);
    bind_opt(up, 4, p.country);
    bind_opt(up, 5, p.country_code);
    bind_opt(up, 6, p.type);
    bind_opt(up, 7, p.edition);
    if (!p.timeline.empty()) {
      const auto [lo, hi] =
          std::minmax_element(p.timeline.begin(), p.timeline.end(),
                              [](const auto& a, const auto& b) { return a.year < b.year; });
      up.bind(8, lo->year);
      up.bind(9, hi->year);
      up.bind(10, hi->stage);
    }
    up.bind(11, p.partial ? 1 : 0);
    up.bind(12, v.content_hash);
    up.bind(13, v.source_path);
    up.bind(14, v.source_sha256);
    up.bind(15, v.ingested_at);
    up.exec();
    add_children(pk, p, doc, rows);
  }

  void add_children(std::int64_t pk, const PolicyRecord& p, const Json& doc,
                    const PolicyRows& rows) {
    auto& d = stmt(doc_st_, "INSERT INTO temp.asof_policy_doc(pk, doc, bodies) VALUES (?, ?, ?)");
    d.bind(1, pk);
    d.bind(2, dump(doc));
    std::string names;
    for (const auto& b : p.bodies) names += (names.empty() ? "" : "\n") + b.name;
    if (!names.empty()) d.bind(3, names);
    d.exec();
    for (const auto& r : rows.facets) {
      auto& f = stmt(facet_st_,
                     "INSERT INTO temp.asof_facet(kind, owner, dim, value, parent) "
                     "VALUES ('policy', ?, ?, ?, ?)");
      f.bind(1, pk);
      f.bind(2, r.dim);
      f.bind(3, r.value);
      bind_opt(f, 4, r.parent);
      f.exec();
    }
    for (const auto& e : rows.timeline) {
      auto& t = stmt(timeline_st_,
                     "INSERT INTO temp.asof_timeline(policy, year, stage) VALUES (?, ?, ?)");
      t.bind(1, pk);
      t.bind(2, e.year);
      t.bind(3, e.stage);
      t.exec();
    }
  }

  // The full-text index of what the views show (the same text as main.policy_search).
  void index_text() {
    db_.exec(
        "CREATE VIRTUAL TABLE temp.policy_fts USING fts5(title, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2');"
        "INSERT INTO temp.policy_fts(rowid, title, body) SELECT p.pk, p.title, "
        "coalesce(json_extract(d.doc, '$.background'), '') || char(10) || "
        "coalesce(json_extract(d.doc, '$.objectives'), '') || char(10) || "
        "coalesce(json_extract(d.doc, '$.description'), '') || char(10) || "
        "coalesce(d.bodies, '') FROM temp.policy p JOIN temp.policy_doc d ON d.pk = p.pk;");
  }

  Store& store_;
  SQLite::Database& db_;
  int year_;
  std::unique_ptr<SQLite::Statement> pk_st_, hide_st_, policy_st_, doc_st_, facet_st_, timeline_st_;
};

}  // namespace

void Store::as_of(int edition_year, bool full_text) {
  try {
    impl_->db.exec("BEGIN");
    AsOf(*this, impl_->db, edition_year).run(full_text);
    impl_->db.exec("COMMIT");
    impl_->as_of_year = edition_year;
  } catch (const SQLite::Exception& e) {
    try {
      impl_->db.exec("ROLLBACK");
    } catch (const SQLite::Exception&) {  // no transaction left to roll back
    }
    throw_db_error(impl_->path, "cannot read the versions", e);
  }
}

int Store::as_of_year() const { return impl_->as_of_year; }

}  // namespace vetq
