// Reading records back: the current record with its history, and facet values.
#include "store/db.h"
#include "store/store.h"

namespace vetq {

Json published_record(const StoredRecord& r) {
  Json versions = Json::array();
  for (const auto& e : r.history) {
    versions.push_back({{"edition", e.edition ? Json(*e.edition) : Json(nullptr)},
                        {"source_path", e.source_path},
                        {"sha256", e.source_sha256},
                        {"ingested_at", e.ingested_at},
                        {"replaced_at", e.replaced_at}});
  }
  Json doc = r.doc;
  doc["source"]["ingested_at"] = r.ingested_at;
  doc["versions"] = std::move(versions);
  return doc;
}

std::optional<StoredRecord> Store::get(const std::string& id) {
  try {
    for (const char* kind : {"policy", "report"}) {
      SQLite::Statement st(impl_->db, std::string_view(kind) == "policy"
                                          // A subquery, not a join: as of an edition both
                                          // are views (as_of.cpp), and a join of two views
                                          // reads every document.
                                          ? "SELECT (SELECT d.doc FROM policy_doc d WHERE "
                                            "d.pk = p.pk), p.ingested_at FROM policy p "
                                            "WHERE p.id = ?"
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

bool Store::has_value(const std::string& dim, const std::string& kind, const std::string& value) {
  try {
    SQLite::Statement st(impl_->db,
                         "SELECT 1 FROM facet WHERE dim = ? AND value = ? AND (? = '' OR kind = ?) "
                         "LIMIT 1");
    st.bind(1, dim);
    st.bind(2, value);
    st.bind(3, kind);
    st.bind(4, kind);
    return st.executeStep();
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read", e);
  }
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
