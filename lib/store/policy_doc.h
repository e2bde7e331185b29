#pragma once
// Combining a full policy page with a search-result listing entry of the same policy.
#include "vetq/json.h"

namespace vetq {

/// `full` with every field it lacks (null or empty) taken from `listing`. Fields that `full`
/// has are never overwritten; kind, id, partial and source stay those of `full`.
Json merge_listing_into(Json full, const Json& listing);

}  // namespace vetq
