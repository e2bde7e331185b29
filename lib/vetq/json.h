#pragma once
// Records as JSON, in the field order of schemas/record.schema.json (the public contract).
#include <nlohmann/json.hpp>

#include "vetq/record.h"

namespace vetq {

using Json = nlohmann::ordered_json;

Json to_json(const PolicyRecord& r);
Json to_json(const ReportRecord& r);
Json to_json(const Record& r);
Json to_json(const Provenance& p);

/// The inverse of to_json(PolicyRecord) for documents this vetq wrote. Throws Json exceptions
/// on documents of another shape.
PolicyRecord policy_from_json(const Json& j);

/// Compact JSON text; invalid UTF-8 (never expected after decoding) is replaced, not thrown.
std::string dump(const Json& j, int indent = -1);

}  // namespace vetq
