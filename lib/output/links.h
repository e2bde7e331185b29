#pragma once
// `vetq related` as rows (table, csv, tsv): one row per link, its evidence as a list of
// "kind term: report line L, policy field line M" texts. JSON prints the links as they are.
#include "output/sink.h"
#include "vetq/json.h"

namespace vetq {

/// Rows: report, section, heading, policy, score, evidence, title.
void write_link_rows(const Json& links, RowSink& out);

/// One evidence item for people: "name Erasmus+: report line 184, policy description line 17".
std::string evidence_text(const Json& evidence);

}  // namespace vetq
