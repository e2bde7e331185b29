#include "vetq/merge.h"

namespace vetq {

Json merge_listing_into(Json full, const Json& listing) {
  for (const auto& [key, value] : listing.items()) {
    if (key == "kind" || key == "id" || key == "partial" || key == "source") continue;
    auto it = full.find(key);
    const bool missing = it == full.end() || it->is_null() ||
                         ((it->is_array() || it->is_string()) && it->empty());
    if (missing && !value.is_null()) full[key] = value;
  }
  return full;
}

}  // namespace vetq
