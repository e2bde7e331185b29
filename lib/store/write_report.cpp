// Writing a report (its row, sections, section full text and facets), and what both kinds of
// record share: replaced versions into history, facet rows.
#include <algorithm>
#include <string_view>
#include <tuple>

#include "store/db.h"
#include "store/facets.h"
#include "vetq/text.h"

namespace vetq {

void clear_facets(Store::Impl& s, const char* kind, int64_t owner) {
  auto& st = s.prepare(s.del_facets, "DELETE FROM facet_row WHERE kind = ? AND owner = ?");
  st.bind(1, kind);
  st.bind(2, static_cast<int64_t>(owner));
  st.exec();
}

namespace {

// The id of a facet value (schema 9), added to facet_value when new. Ids this connection has
// seen are kept in memory; Store::rollback forgets them, as a rolled-back transaction may have
// added them.
int64_t facet_value_id(Store::Impl& s, const facets::Row& r) {
  // Lengths before the texts, so that no two rows share a key.
  std::string& key = s.facet_key;
  key.clear();
  key += r.dim;
  key += '\0';
  key += std::to_string(r.value.size());
  key += ':';
  key += r.value;
  if (r.parent) {
    key += '\0';
    key += *r.parent;
  }
  if (const auto it = s.facet_ids.find(key); it != s.facet_ids.end()) return it->second;
  auto& find = s.prepare(s.find_facet_value,
                         "SELECT id FROM facet_value WHERE dim = ? AND value = ? AND parent IS ?");
  find.bindNoCopy(1, r.dim);
  find.bindNoCopy(2, r.value);
  bind_opt(find, 3, r.parent);
  int64_t id = 0;
  if (find.executeStep()) {
    id = find.getColumn(0).getInt64();
    find.reset();
  } else {
    find.reset();
    auto& add = s.prepare(s.add_facet_value,
                          "INSERT INTO facet_value(dim, value, parent) VALUES (?, ?, ?)");
    add.bindNoCopy(1, r.dim);
    add.bindNoCopy(2, r.value);
    bind_opt(add, 3, r.parent);
    add.exec();
    id = s.db.getLastInsertRowid();
  }
  // Bounded: a corpus with many distinct bodies looks the rest up in facet_value_by_text.
  if (s.facet_ids.size() >= Store::Impl::kFacetIdsKept) s.facet_ids.clear();
  s.facet_ids.emplace(key, id);
  return id;
}

// The value ids of `rows`, added to facet_value where new. Looked up before any row is
// written: looking one up may run other statements.
std::vector<int64_t> value_ids(Store::Impl& s, const std::vector<facets::Row>& rows) {
  std::vector<int64_t> ids(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) ids[i] = facet_value_id(s, rows[i]);
  return ids;
}

void insert_facets(Store::Impl& s, const char* kind, int64_t owner,
                   const std::vector<facets::Row>& rows, const std::vector<int64_t>& ids) {
  // One INSERT per record (up to kFacetRowsPerInsert rows each), not one per row: SQLite
  // opens the b-tree and runs the statement's set-up once. OR FAIL: a multi-row INSERT that
  // may abort makes SQLite open a statement journal and copy every page it touches into it;
  // a failed statement rolls back the whole batch anyway (ingest.cpp).
  constexpr std::size_t kMax = Store::Impl::kFacetRowsPerInsert;
  for (std::size_t first = 0; first < rows.size(); first += kMax) {
    const std::size_t n = std::min(kMax, rows.size() - first);
    auto& slot = s.add_facets[n - 1];
    if (!slot) {
      std::string sql = "INSERT OR FAIL INTO facet_row(kind, owner, dim, ord, value_id) VALUES ";
      for (std::size_t i = 0; i < n; ++i) sql += i ? ", (?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?)";
      slot = std::make_unique<SQLite::Statement>(s.db, sql);
    }
    auto& st = *slot;
    st.reset();
    for (std::size_t i = 0; i < n; ++i) {
      const int c = static_cast<int>(i * 5);
      const auto& r = rows[first + i];
      st.bindNoCopy(c + 1, kind);
      st.bind(c + 2, static_cast<int64_t>(owner));
      st.bindNoCopy(c + 3, r.dim);
      st.bind(c + 4, static_cast<int64_t>(first + i));
      st.bind(c + 5, ids[first + i]);
    }
    st.exec();
  }
}

// Whether the record's stored facet rows are exactly `rows` with `ids`.
bool stored_facets_are(Store::Impl& s, const char* kind, int64_t owner,
                       const std::vector<facets::Row>& rows, const std::vector<int64_t>& ids) {
  using Key = std::tuple<std::string_view, int64_t, int64_t>;  // dim, ord, value id
  std::vector<Key> want;
  want.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    want.emplace_back(rows[i].dim, static_cast<int64_t>(i), ids[i]);
  std::sort(want.begin(), want.end());  // facet_row's key order
  auto& st = s.prepare(s.find_facets,
                       "SELECT dim, ord, value_id FROM facet_row WHERE kind = ? AND owner = ? "
                       "ORDER BY dim, ord");
  st.bind(1, kind);
  st.bind(2, static_cast<int64_t>(owner));
  std::size_t i = 0;
  bool same = true;
  while (same && st.executeStep()) {
    same = i < want.size() && std::string_view(st.getColumn(0).getText()) == std::get<0>(want[i]) &&
           st.getColumn(1).getInt64() == std::get<1>(want[i]) &&
           st.getColumn(2).getInt64() == std::get<2>(want[i]);
    ++i;
  }
  st.reset();
  return same && i == want.size();
}

}  // namespace

void write_facets(Store::Impl& s, const char* kind, int64_t owner,
                  const std::vector<facets::Row>& rows) {
  insert_facets(s, kind, owner, rows, value_ids(s, rows));
}

void replace_facets(Store::Impl& s, const char* kind, int64_t owner,
                    const std::vector<facets::Row>& rows) {
  // A new version of a record mostly keeps its facets (a corrected paragraph, a new
  // edition's text): deleting and inserting its ~27 rows moved each through facet_row and
  // its index by value, ~10 % of a re-ingest of changed pages (bench/RESULTS.md).
  const std::vector<int64_t> ids = value_ids(s, rows);
  if (stored_facets_are(s, kind, owner, rows, ids)) return;
  clear_facets(s, kind, owner);
  insert_facets(s, kind, owner, rows, ids);
}

void save_history(Store::Impl& s, const char* kind, SQLite::Statement& old, const std::string& id,
                  const std::string& now) {
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

bool save_version(Store::Impl& s, const char* kind, const PreparedRecord& in, const std::string& id,
                  const std::string& now) {
  auto& seen = s.prepare(s.find_version,
                         "SELECT 1 FROM history WHERE kind = ? AND id = ? AND content_hash = ?");
  seen.bind(1, kind);
  seen.bind(2, id);
  seen.bind(3, in.hash);
  const bool known = seen.executeStep();
  seen.reset();
  if (known) return false;
  const auto& src =
      std::visit([](const auto& r) -> const Provenance& { return r.source; }, in.record);
  auto& h = s.prepare(s.add_history,
                      "INSERT INTO history(kind, id, edition, content_hash, source_path, "
                      "source_sha256, ingested_at, replaced_at, doc) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  h.bind(1, kind);
  h.bind(2, id);
  const auto* p = std::get_if<PolicyRecord>(&in.record);
  if (p && p->edition)
    h.bind(3, *p->edition);
  else
    h.bind(3);
  h.bind(4, in.hash);
  h.bind(5, src.path);
  h.bind(6, src.sha256);
  h.bind(7, now);
  h.bind(8, now);  // never current: replaced as it arrived
  h.bind(9, in.text);
  h.exec();
  return true;
}

namespace {

int64_t upsert_report_row(Store::Impl& s, const ReportRecord& r, const PreparedRecord& in,
                          const std::string& now) {
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
  up.bind(8, in.hash);
  up.bind(9, in.text);
  up.bind(10, r.source.path);
  up.bind(11, r.source.sha256);
  up.bind(12, now);
  up.executeStep();
  const int64_t pk = up.getColumn(0).getInt64();
  up.reset();
  return pk;
}

// Replaces the report's sections and their full-text rows.
void write_sections(Store::Impl& s, const ReportRecord& r, int64_t pk) {
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
}

std::vector<facets::Row> report_facets(const ReportRecord& r) {
  using namespace facets;
  Rows rows;
  auto facet = [&](const char* dim, const std::string& value,
                   const std::optional<std::string>& parent = {}) { rows.add(dim, value, parent); };
  if (r.country) facet(kCountry, *r.country, r.country_code);
  if (r.region) facet(kRegion, *r.region, r.country);
  if (r.date && r.date->size() >= 4) facet(kYear, r.date->substr(0, 4));
  for (const auto& m : r.mentions) {
    for (const char* dim : {kYear, kOrganisation, kProgramme, kLegalAct, kPlace})
      if (m.type == dim) facet(dim, m.value);
  }
  for (const auto& t : r.tags) {
    if (t.dimension == kCategory) {
      if (t.parent) {
        facet(kCategory, *t.parent);
        facet(kSubcategory, t.value, t.parent);
      } else {
        facet(kCategory, t.value);
      }
    } else if (t.dimension == kTargetGroup) {
      if (t.parent) facet(kAudience, *t.parent);
      facet(kTargetGroup, t.value, t.parent);
    }
  }
  return rows.take();
}

}  // namespace

PutOutcome put_report(Store::Impl& s, const ReportRecord& r, const PreparedRecord& in,
                      const std::string& now) {
  s.fts_stream = false;  // a report's statements may open savepoints (db.h)
  auto& find = s.prepare(s.find_report,
                         "SELECT pk, content_hash, doc, source_path, source_sha256, ingested_at, "
                         "version FROM report WHERE id = ?");
  find.bind(1, r.id);
  PutOutcome outcome = PutOutcome::kInserted;
  if (find.executeStep()) {
    if (in.hash == find.getColumn(1).getString()) return PutOutcome::kUnchanged;
    save_history(s, "report", find, r.id, now);
    outcome = PutOutcome::kUpdated;
  }
  find.reset();
  const int64_t pk = upsert_report_row(s, r, in, now);
  write_sections(s, r, pk);
  replace_facets(s, "report", pk, report_facets(r));
  return outcome;
}

}  // namespace vetq
