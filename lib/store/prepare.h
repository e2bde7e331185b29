#pragma once
// A record made ready for the store: its JSON document serialised and hashed, and a policy's
// facet, timeline and full-text rows. Built on any thread (it reads no database), so that
// ingest's parse workers do this work and the single writer thread only writes.
#include <string>

#include <memory>

#include "store/facets.h"
#include "store/fts_tokens.h"
#include "store/policy_doc.h"
#include "vetq/json.h"
#include "vetq/record.h"

namespace vetq {

/// What a policy adds to the facet, timeline and full-text tables, ready to bind.
struct PolicyRows {
  std::vector<facets::Row> facets;
  std::vector<TimelineEntry> timeline;
  std::string search_body;  // the full-text body (the policy_search view gives the same)
};

struct PreparedRecord {
  Record record;
  std::string text;  // to_json(record) serialised, "source" last
  std::string hash;  // SHA-256 of the serialised doc without "source": where a record was
                     // read from is not a change of its content
  PolicyRows rows;   // a policy's rows as the record gives them (empty for a report)
  // A policy's title and rows.search_body as the full-text index tokenises them (null for a
  // report, or when no tokenizer could be had): the writer replays them (fts_tokens.h).
  std::shared_ptr<const FtsTokens> fts_tokens;
  // What the edition rules read of a policy page (policy_doc.h), so that the writer need not
  // parse the document back to compare it with the current page.
  PageFacts facts;
};

PreparedRecord prepare_record(Record record);

/// A document's stored text and the hash of its content. The hash leaves out "source" (where
/// the record was read from), so the same record from another file is unchanged.
struct DocText {
  std::string text;
  std::string hash;
};
DocText doc_text(const Json& doc);
inline std::string content_hash(const Json& doc) { return doc_text(doc).hash; }

/// A policy's facet, timeline and full-text rows (what prepare_record puts in `rows`).
PolicyRows policy_rows(const PolicyRecord& p);

}  // namespace vetq
