#pragma once
// Full records (show, export) as people and programs read them: text, JSON (one array),
// NDJSON (one per line) and CSV (flat cells, output/flatten.h; or with json_cells the
// top-level fields, lists of strings joined with "; ", other structures as JSON). The records
// arrive as their published JSON documents.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

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

/// Told when a cell was cut to the spreadsheet limit (kCellLimit): the record, the column and
/// the length the text had (UTF-16 code units, as spreadsheets count).
using CutEvent =
    std::function<void(const std::string& id, const std::string& column, std::size_t length)>;

struct RecordWriterOptions {
  bool json_cells = false;  // CSV: the top-level fields, structures as JSON, nothing cut
  bool bom = false;         // CSV: a UTF-8 byte order mark before the header (Excel)
  CutEvent on_cut;          // CSV (flat) and xlsx
};

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  /// Records of this kind ("policy", "report") will come: CSV adds its columns to the header.
  /// Called before the first record; without it, the first record's kind gives the columns.
  virtual void expect(const std::string& kind) { (void)kind; }
  virtual void record(const Json& doc) = 0;
  virtual void end() = 0;  // JSON closes its array here, so no records still prints "[]"
};

std::unique_ptr<RecordWriter> make_record_writer(RecordFormat format, Write write,
                                                 RecordWriterOptions options = {});

}  // namespace vetq
