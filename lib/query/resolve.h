#pragma once
// Turning what a user typed into canonical filter values: case- and diacritic-insensitive,
// by code or alias, by unique prefix. Unknown or ambiguous values are usage errors that name
// the closest known values.
#include <optional>
#include <string>
#include <vector>

#include "query/query.h"
#include "store/store.h"

namespace vetq {

/// Filter values as typed (each entry may hold several values separated by commas).
struct FilterInput {
  std::string kind = "policy";  // policy | report | section
  std::vector<std::string> ids, countries, years, stages, categories, subcategories, target_groups,
      audiences, types, subsystems, priorities, bodies;
  std::optional<std::string> text;
  bool raw_text = false;
};

/// Resolves every value against the taxonomy and the values present in the database.
/// Throws UsageError: "--country 'Frnace': unknown value — did you mean 'France'?".
Filter resolve_filter(Store& store, const FilterInput& input);

/// `vetq query`: a field's one value typed without a comma is first taken as typed, not looked
/// up (rows found show it stored); when that finds no row, the input is resolved again with
/// resolve_filter, which turns a code, alias or prefix into its value and names an unknown one.
/// The sink sees one query only: nothing is written before the first row.
void run_typed_query(Store& store, const FilterInput& input, const QueryShape& shape, RowSink& out);

/// Canonical facet dimension names accepted by stats/facets (country, year, stage, ...).
std::vector<std::string> facet_dimensions();
/// "target-group" -> "target_group"; throws UsageError for an unknown dimension.
std::string resolve_dimension(const std::string& typed);

/// The known values closest to `typed` (edit distance on folded text), best first.
std::vector<std::string> closest(const std::string& typed, const std::vector<std::string>& known,
                                 std::size_t n = 3);

}  // namespace vetq
