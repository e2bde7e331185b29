#include "store/policy_doc.h"

namespace vetq {

Json merge_listing_into(Json full, const Json& listing) {
  for (const auto& [key, value] : listing.items()) {
    if (key == "kind" || key == "id" || key == "partial" || key == "source") continue;
    auto it = full.find(key);
    // Json::empty() is false for every string, so an empty string is checked as a string.
    const bool missing = it == full.end() || it->is_null() || (it->is_array() && it->empty()) ||
                         (it->is_string() && it->get_ref<const std::string&>().empty());
    if (missing && !value.is_null()) full[key] = value;
  }
  return full;
}

}  // namespace vetq
