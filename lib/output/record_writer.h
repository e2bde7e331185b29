#pragma once
// Full records (show, export) as people and programs read them: text, JSON (one array),
// NDJSON (one per line) and CSV (the top-level fields; lists of strings joined with "; ",
// other structures as JSON). The records arrive as their published JSON documents.
#include <memory>

#include "output/sink.h"
#include "vetq/json.h"

namespace vetq {

enum class RecordFormat {
  kText,        // pages for people (record_text.h), 80 columns
  kJson,        // one JSON array of every record
  kNdjson,      // one compact JSON record per line
  kCsv,         // a header row of the first record's fields, a row per record
  kJsonObject,  // each record as an indented JSON object (show)
};

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  virtual void record(const Json& doc) = 0;
  virtual void end() = 0;  // JSON closes its array here, so no records still prints "[]"
};

std::unique_ptr<RecordWriter> make_record_writer(RecordFormat format, Write write);

}  // namespace vetq
