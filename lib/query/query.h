#pragma once
// Typed queries over the store: a Filter becomes one parameterized SQL statement (values are
// always bound; identifiers come from closed lists), and rows go to a RowSink.
#include <optional>
#include <string>
#include <vector>

#include "output/charts.h"
#include "output/sink.h"
#include "store/store.h"

namespace vetq {

enum class Kind { kPolicy, kReport, kSection };

/// Canonical values (see resolve.h): several values of one field are OR, fields are AND.
struct Filter {
  /// The lowest and highest year the year ranges allow (0 and 9999 when open or absent).
  int year_lo() const;
  int year_hi() const;

  Kind kind = Kind::kPolicy;
  std::vector<std::string> ids, countries, stages, categories, subcategories, target_groups,
      audiences, types, subsystems, priorities, bodies;
  // Years: each an inclusive range (a single year is Y..Y; open ends are 0 and 9999); OR.
  std::vector<std::pair<int, int>> years;
  std::optional<std::string> text;  // full-text search
  bool raw_text = false;            // text is FTS5 syntax, not a quoted phrase list
};

struct QueryShape {
  std::vector<std::string> fields;  // empty = the default columns of the kind
  std::string sort;                 // a field name, "-" prefix for descending; "" = default
  long limit = -1;                  // -1 = no limit
  long offset = 0;
};

/// Columns `query` can print for a kind, and the default ones.
std::vector<std::string> available_fields(Kind kind);
std::vector<std::string> default_fields(Kind kind, bool with_text);

/// Runs the query and streams the rows. Throws UsageError for unknown fields or sort keys and
/// for FTS syntax errors; vetq::Error for database failures.
void run_query(Store& store, const Filter& filter, const QueryShape& shape, RowSink& out);
/// As run_query, but a query without rows gives the sink nothing and returns false.
bool run_query_if_rows(Store& store, const Filter& filter, const QueryShape& shape, RowSink& out);

/// Ids of matching records (policies and reports), for `export`.
std::vector<std::string> matching_ids(Store& store, const Filter& filter);

/// Counts of records by one or two facet dimensions (stats). Rows: value1[, value2], count.
std::vector<Count> count_by(Store& store, const Filter& filter, const std::string& dim1,
                            const std::string& dim2);

/// Policies with their timelines, for the timeline chart (country, id order).
std::vector<PolicyTimeline> timelines(Store& store, const Filter& filter);

/// What a filter selects, in words for titles: "France · 2015–2018 · Adult learners" ("" when
/// nothing is filtered).
std::string describe(const Filter& filter);
/// The heading of a count dimension: "category" -> "Thematic categories".
std::string dimension_heading(const std::string& dim);
/// The title of a stats chart: "Thematic categories by number of policy developments — France".
std::string chart_title(const Filter& filter, const std::string& dim1, const std::string& dim2);

/// The quoted FTS5 expression for plain user text: every word a quoted phrase, AND-ed.
std::string fts_quote(const std::string& text);

}  // namespace vetq
