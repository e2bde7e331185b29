#pragma once
// The third stage of the report parser: what the text of a report's parts mentions (years,
// legal acts, statistics, organisations, programmes, places) and the categories and target
// groups its sections' words point to.
#include <vector>

#include "parsers/report/parts.h"
#include "vetq/record.h"

namespace vetq::parsers::report {

/// Mentions in the body sections' paragraphs (not the front matter) and in figure captions and
/// titles, in reading order. Legal acts and statistics are kept per occurrence; other types
/// each spelling once per section.
std::vector<Mention> find_mentions(const ReportParts& parts);

/// Derived categories and target groups: a rule of schemas/taxonomy.json's report_rules holds
/// for a body section when its keywords occur there at least min_hits times.
std::vector<DerivedTag> derive_tags(const ReportParts& parts);

}  // namespace vetq::parsers::report
