#pragma once
// Combining a full policy page with a search-result listing entry of the same policy.
#include <span>
#include <string>
#include <utility>

#include "vetq/json.h"
#include "vetq/record.h"

namespace vetq {

/// `full` with every field it lacks (null or empty) taken from `listing`. Fields that `full`
/// has are never overwritten; kind, id, partial and source stay those of `full`.
Json merge_listing_into(Json full, const Json& listing);

/// The order of a page among the editions of its policy: the edition label's year ("2025
/// update"), then the citation year; 0 where the page lacks them.
std::pair<int, int> edition_order(const Json& page);

/// The year of an edition label ("2025 update" -> 2025; also what a user types: "2025"), 0
/// when it has none.
int edition_year(const std::string& label);

/// What the edition rules read of a page: its edition order, and how many it has of the
/// sections a copy can lose (page_sections). A section counts when it is present and not null,
/// nor an empty string, array or object.
struct PageFacts {
  std::pair<int, int> order;  // edition_order
  int sections = 0;
  bool operator==(const PageFacts&) const = default;
};
PageFacts page_facts(const Json& page);
/// The facts of `page`'s document (to_json), read from the record: equal to
/// page_facts(to_json(page)).
PageFacts page_facts(const PolicyRecord& page);

/// The top-level fields of a page that a copy of it can lose.
std::span<const char* const> page_sections();

/// Three SQL result columns that read the facts of the JSON document given by the expression
/// `doc`: the edition label (NULL when not a string; edition_year gives its year), the citation
/// year (0 when not an integer) and the section count. SQLite's JSON functions parse the
/// document once for all of them, which is cheaper than parsing it into a Json.
std::string page_facts_sql(const std::string& doc);

/// Whether a page of facts `incoming` may replace the current page of facts `current`: false
/// exactly when why_not_current gives a reason.
bool may_replace(const PageFacts& current, const PageFacts& incoming);

/// Why `incoming`, a full page of a policy, must not replace `current`, the current page: it is
/// an older edition, or it lost most of the current page's sections (a broken copy). "" when it
/// may replace it. The reason reads as a warning: "2024 update is older than the current 2025
/// update".
std::string why_not_current(const Json& current, const Json& incoming);

}  // namespace vetq
