#pragma once
// Policies across editions: `vetq diff` (two versions of one policy), `vetq changes` (the corpus
// between two editions) and --edition (answers as of an edition). The store gives the versions
// (Store::policy_versions, store/editions.h orders them); vetq/policy_diff.h compares two.
#include <optional>
#include <string>

#include "output/sink.h"
#include "query/query.h"
#include "query/resolve.h"
#include "store/store.h"

namespace vetq {

/// An edition as typed ("2024 update", "2024") -> its year. UsageError naming `flag` when it
/// names no year.
int parse_edition(const std::string& typed, const std::string& flag);

/// The edition year of `typed`, checked against the stored editions: vetq::Error listing them
/// when no stored policy version is of that edition.
int stored_edition(Store& store, const std::string& typed, const std::string& flag);

/// --edition: from now on the store answers as of that edition (Store::as_of). Nothing when
/// `typed` is empty. Call it before resolve_filter: filter values are those of that edition.
/// `full_text`: the query searches text (--text).
void apply_edition(Store& store, const std::optional<std::string>& typed, bool full_text);

/// `vetq diff`: {"id", "from": {"edition", "sha256", "ingested_at"}, "to": {...}, "changes"}
/// (diff_policies). Without `from` and `to`: the two newest versions; `to` alone: it and the
/// version before it; `from` alone: it and the newest. vetq::Error (exit 1) when the id is
/// unknown, a report, has one version, or no version of an edition asked.
Json diff_versions(Store& store, const std::string& id, const std::optional<std::string>& from,
                   const std::optional<std::string>& to);

/// The columns of `vetq changes`.
std::vector<std::string> change_columns();

/// The filter of `vetq changes`, its values resolved against the policies as of `to_year`,
/// else as of `from_year` (a value of either edition); the UsageError of `to_year` otherwise.
Filter resolve_changes_filter(Store& store, const FilterInput& input, int from_year, int to_year);

/// `vetq changes`: for each policy that matches `filter` as of the edition `from_year` or as of
/// `to_year`, comparing its newest versions at or before each: "new" (none at or before
/// `from_year`; after: the edition), "not_carried" (no version after `from_year` up to
/// `to_year`; before: the edition), "stage" (a timeline year's stage; null where the year is
/// not in one version), "year_note" (a year note new in the later version; after: its text),
/// "body" (a responsible body: before/after as the page writes it). Rows in country, id order.
/// Leaves the store as of `from_year`.
void run_changes(Store& store, const Filter& filter, int from_year, int to_year, RowSink& out);

}  // namespace vetq
