#pragma once
// Combining a full policy page with a search-result listing entry of the same policy.
#include <string>
#include <utility>

#include "vetq/json.h"

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

/// Why `incoming`, a full page of a policy, must not replace `current`, the current page: it is
/// an older edition, or it lost most of the current page's sections (a broken copy). "" when it
/// may replace it. The reason reads as a warning: "2024 update is older than the current 2025
/// update".
std::string why_not_current(const Json& current, const Json& incoming);

}  // namespace vetq
