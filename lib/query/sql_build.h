#pragma once
// Private to lib/query: a Filter as the WHERE clause of one parameterised statement, shared by
// the row queries (query.cpp) and the counts (stats.cpp). Values are always bound; identifiers
// come from closed lists.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "query/query.h"

namespace vetq::detail {

using Bind = std::variant<std::string, std::int64_t>;

struct Sql {
  std::string where;
  std::vector<Bind> binds;

  void add(const std::string& clause) { where += where.empty() ? clause : " AND " + clause; }
  std::string placeholders(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
      out += out.empty() ? "?" : ", ?";
      binds.emplace_back(v);
    }
    return out;
  }
};

/// The filter's conditions on the kind's row (p: policy, r: report).
Sql where_of(const Filter& f);
/// "SELECT columns FROM ... WHERE ...", with the full-text match where the kind joins an index.
std::string select_sql(const Filter& f, Sql& where, const std::string& columns);
/// "(column BETWEEN ? AND ? OR ...)" for the filter's year ranges, bound in `sql`.
std::string years_sql(Sql& sql, const Filter& f, const std::string& column);
void bind_all(SQLite::Statement& st, const std::vector<Bind>& binds);
/// A SQLite failure as a usage error (a bad FTS query) or a vetq::Error.
[[noreturn]] void rethrow(Store& store, const SQLite::Exception& e, const Filter& f);

}  // namespace vetq::detail
