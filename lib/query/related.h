#pragma once
// `vetq related`: for a report (or one of its sections), the policies that bear on it; for a
// policy, the report sections that discuss it. Each link with its evidence (related_match.h).
#include <optional>
#include <string>

#include "store/store.h"
#include "vetq/json.h"

namespace vetq {

struct RelatedOptions {
  std::optional<int> section;  // a report's section by ordinal; every section when empty
  long limit = 20;             // at most this many links; -1: all
};

/// The links, best first (score, then report, section ordinal, policy id):
/// [{"report", "section": {"ordinal", "heading", "lines"}, "policy": {"id", "title",
///   "country"}, "score", "evidence": [{"kind", "term", "report": {"section"?, "line" |
///   "lines"}, "policy": {"field", "year"?, "line" | "lines"}}, ...]}]
/// A report's candidates are the policies of its country and those whose text holds one of its
/// named things; a policy's are every report's sections. vetq::Error for an unknown id or
/// section.
Json related(Store& store, const std::string& id, const RelatedOptions& options);

}  // namespace vetq
