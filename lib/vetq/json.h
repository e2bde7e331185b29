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

/// dump(to_json(r)), byte for byte, written without building the Json tree (ingest's hot
/// path). `content_end`, when given, receives the offset of the `,"source":` member that comes
/// last: the text before it, closed with '}', is the document without its source.
std::string policy_json_text(const PolicyRecord& r, std::size_t* content_end = nullptr);

/// The inverse of to_json(PolicyRecord) for documents this vetq wrote. Throws Json exceptions
/// on documents of another shape.
PolicyRecord policy_from_json(const Json& j);

/// Compact JSON text; invalid UTF-8 (never expected after decoding) is replaced, not thrown.
std::string dump(const Json& j, int indent = -1);

}  // namespace vetq
