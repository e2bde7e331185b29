#pragma once
// The store's SQLite connection, for the query layer (lib/query) only: it runs its own
// parameterised SELECTs on it. Nothing outside lib/store and lib/query includes SQLiteCpp.
#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "store/store.h"

namespace vetq {

SQLite::Database& database(Store& store);

/// Rethrows a SQLite failure as vetq::Error naming the database, the action and a remedy.
[[noreturn]] void throw_db_error(const std::string& path, const std::string& action,
                                 const SQLite::Exception& e);

}  // namespace vetq
