// Counts of records by one or two dimensions (`vetq stats`).
//
// Each dimension is a set of (record, value) pairs over the filtered records, and a cell counts
// the records that have both values, once each. Time is taken into account for policies: the
// year dimension and, with --year, the stage dimension come from the timeline (a policy's stage
// in the years asked), and year x stage counts timeline entries (a policy once per year and
// stage). Two dimensions: the first's pairs, each joined to the second's values of the same
// record through an index on the owner, so the work grows with the number of facet rows, not
// with their square.
#include <fmt/format.h>

#include "query/sql_build.h"
#include "store/facets.h"
#include "store/sql.h"

namespace vetq {

using namespace detail;

namespace {

struct Pairs {
  std::string sql;  // SELECT owner, value ...
  std::vector<Bind> binds;
};

bool from_timeline(const Filter& f, const std::string& dim) {
  return f.kind == Kind::kPolicy &&
         (dim == facets::kYear || (dim == facets::kStage && !f.years.empty()));
}

// (owner, value) pairs of one dimension over the records `restrict` selects ("" = all).
Pairs pairs_of(const Filter& f, const std::string& dim, const std::string& restrict,
               const std::vector<Bind>& restrict_binds) {
  Pairs out;
  if (from_timeline(f, dim)) {
    Sql years;
    std::string where = f.years.empty() ? "1" : years_sql(years, f, "year");
    out.sql = fmt::format(
        "SELECT DISTINCT policy AS owner, {} AS value FROM policy_timeline "
        "WHERE {}",
        dim == facets::kYear ? "year" : "stage", where);  // policy_timeline columns
    out.binds = years.binds;
    if (!restrict.empty()) out.sql += " AND policy IN (" + restrict + ")";
  } else {
    out.sql = fmt::format("SELECT owner, value FROM facet WHERE dim = ? AND kind = '{}'",
                          f.kind == Kind::kPolicy ? "policy" : "report");
    out.binds.emplace_back(dim);
    if (!restrict.empty()) out.sql += " AND owner IN (" + restrict + ")";
  }
  if (!restrict.empty())
    out.binds.insert(out.binds.end(), restrict_binds.begin(), restrict_binds.end());
  return out;
}

std::vector<Count> run(Store& store, const Filter& f, const std::string& sql,
                       const std::vector<Bind>& binds) {
  std::vector<Count> out;
  try {
    SQLite::Statement st(database(store), sql);
    bind_all(st, binds);
    while (st.executeStep())
      out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(),
                     static_cast<long>(st.getColumn(2).getInt64())});
  } catch (const SQLite::Exception& e) {
    rethrow(store, e, f);
  }
  return out;
}

// year x stage (either order): timeline entries, a policy once per year and stage.
std::vector<Count> timeline_cells(Store& store, const Filter& f, bool year_first,
                                  const std::string& restrict,
                                  const std::vector<Bind>& restrict_binds) {
  Sql where;
  std::string sql = year_first ? "SELECT year, stage" : "SELECT stage, year";
  sql += ", count(DISTINCT policy) FROM policy_timeline WHERE ";
  sql += f.years.empty() ? "1" : years_sql(where, f, "year");
  if (!restrict.empty()) {
    sql += " AND policy IN (" + restrict + ")";
    where.binds.insert(where.binds.end(), restrict_binds.begin(), restrict_binds.end());
  }
  sql += " GROUP BY 1, 2 ORDER BY 1, 2";
  return run(store, f, sql, where.binds);
}

}  // namespace

std::vector<Count> count_by(Store& store, const Filter& filter, const std::string& dim1,
                            const std::string& dim2) {
  Filter f = filter;
  if (f.kind == Kind::kSection) f.kind = Kind::kReport;
  Sql where = where_of(f);
  // The filtered records; without filters every facet row belongs to a stored record.
  std::string restrict;
  if (!where.where.empty() || f.text)
    restrict = select_sql(f, where, f.kind == Kind::kPolicy ? "p.pk" : "r.pk");
  const bool is_year1 = dim1 == facets::kYear, is_year2 = dim2 == facets::kYear;
  // As of an edition the tables are views (Store::as_of), which take no INDEXED BY.
  auto indexed = [&](const char* index) {
    return store.as_of_year() ? std::string() : fmt::format("INDEXED BY {}", index);
  };
  if (f.kind == Kind::kPolicy && !dim2.empty() &&
      ((is_year1 && dim2 == facets::kStage) || (dim1 == facets::kStage && is_year2)))
    return timeline_cells(store, f, is_year1, restrict, where.binds);
  const Pairs a = pairs_of(f, dim1, restrict, where.binds);
  std::vector<Bind> binds = a.binds;
  std::string sql;
  if (dim2.empty()) {
    sql = fmt::format(
        "SELECT value, '', count(DISTINCT owner) AS n FROM ({}) GROUP BY value ORDER BY {}", a.sql,
        is_year1 ? "value" : "n DESC, value");
  } else {
    // The second dimension is looked up per record through an index on the owner, so the
    // work is one index probe per pair of the first.
    std::string join;
    if (from_timeline(f, dim2)) {
      Sql years;
      join = fmt::format("JOIN policy_timeline b {} ON b.policy = a.owner{}",
                         indexed("policy_timeline_by_policy"),
                         f.years.empty() ? "" : " AND " + years_sql(years, f, "b.year"));
      binds.insert(binds.end(), years.binds.begin(), years.binds.end());
      sql = fmt::format(
          "WITH a(owner, value) AS ({}) SELECT a.value, b.{}, count(DISTINCT "
          "a.owner) FROM a {} GROUP BY 1, 2 ORDER BY 1, 2",
          a.sql, dim2 == facets::kYear ? "year" : "stage", join);
    } else {
      // Through the view: the planner takes facet_row's key (kind, owner, dim) for b, as it
      // does on the views an edition puts in place (Store::as_of).
      join = fmt::format("JOIN facet b ON b.kind = '{}' AND b.owner = a.owner AND b.dim = ?",
                         f.kind == Kind::kPolicy ? "policy" : "report");
      binds.emplace_back(dim2);
      sql = fmt::format(
          "WITH a(owner, value) AS ({}) SELECT a.value, b.value, count(DISTINCT "
          "a.owner) FROM a {} GROUP BY 1, 2 ORDER BY 1, 2",
          a.sql, join);
    }
  }
  return run(store, f, sql, binds);
}

}  // namespace vetq
