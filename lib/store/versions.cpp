// Reading the stored versions of policies (current and history), and the edition labels.
// Names are qualified with "main.": as_of() gives the unqualified names to temporary views.
#include <algorithm>

#include "store/db.h"
#include "store/policy_doc.h"
#include "store/store.h"

namespace vetq {

std::vector<PolicyVersion> Store::policy_versions(const std::vector<std::string>& ids) {
  std::vector<PolicyVersion> out;
  try {
    // The citation year is read from the documents only where there is more than one version:
    // a lone version needs no ordering, and reading every document would read the corpus.
    SQLite::Statement st(
        impl_->db,
        "SELECT p.id, p.edition, CASE WHEN EXISTS (SELECT 1 FROM main.history h WHERE "
        "h.kind = 'policy' AND h.id = p.id) THEN json_extract(d.doc, '$.citation_year') END, "
        "p.content_hash, p.source_path, p.source_sha256, p.ingested_at, 0 "
        "FROM main.policy p JOIN main.policy_doc d ON d.pk = p.pk "
        "WHERE ?1 IS NULL OR p.id IN (SELECT value FROM json_each(?1)) "
        "UNION ALL SELECT id, edition, json_extract(doc, '$.citation_year'), content_hash, "
        "source_path, source_sha256, ingested_at, rowid FROM main.history "
        "WHERE kind = 'policy' AND (?1 IS NULL OR id IN (SELECT value FROM json_each(?1))) "
        "ORDER BY 1, 8");
    if (!ids.empty()) st.bind(1, dump(Json(ids)));
    while (st.executeStep()) {
      PolicyVersion v;
      v.id = st.getColumn(0).getString();
      if (!st.isColumnNull(1)) v.edition = st.getColumn(1).getString();
      if (st.getColumn(2).isInteger()) v.citation_year = st.getColumn(2).getInt();
      v.content_hash = st.getColumn(3).getString();
      v.source_path = st.getColumn(4).getString();
      v.source_sha256 = st.getColumn(5).getString();
      v.ingested_at = st.getColumn(6).getString();
      v.history_rowid = st.getColumn(7).getInt64();
      out.push_back(std::move(v));
    }
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read", e);
  }
  return out;
}

Json Store::version_doc(const PolicyVersion& version) {
  try {
    SQLite::Statement st(impl_->db, version.current()
                                        ? "SELECT d.doc FROM main.policy p JOIN main.policy_doc d "
                                          "ON d.pk = p.pk WHERE p.id = ?"
                                        : "SELECT doc FROM main.history WHERE rowid = ?");
    if (version.current())
      st.bind(1, version.id);
    else
      st.bind(1, version.history_rowid);
    if (!st.executeStep()) return Json();
    return Json::parse(st.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read", e);
  }
}

std::vector<std::string> Store::editions() {
  std::vector<std::string> out;
  try {
    SQLite::Statement st(impl_->db,
                         "SELECT edition FROM main.policy WHERE edition IS NOT NULL UNION "
                         "SELECT edition FROM main.history WHERE kind = 'policy' AND "
                         "edition IS NOT NULL");
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    throw_db_error(impl_->path, "cannot read", e);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::make_pair(edition_year(a), a) < std::make_pair(edition_year(b), b);
  });
  return out;
}

}  // namespace vetq
