#pragma once
// `vetq diff` for people: one line per change, a changed text as its removed (-) and added (+)
// paragraphs. The diff arrives as diff_versions (query/editions.h) builds it.
#include "output/sink.h"
#include "vetq/json.h"

namespace vetq {

/// Writes {"id", "from", "to", "changes"} as text lines; "no changes" when `changes` is empty.
void write_diff_text(const Json& diff, const Write& write);

}  // namespace vetq
