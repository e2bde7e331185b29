#pragma once
// Records as spreadsheet rows: flat columns with no JSON in a cell, the list dimensions as rows
// of their own tables, and text cut to what a spreadsheet cell holds. Plain JSON documents in
// (the published records), plain values out; the writers (CSV, xlsx) only lay them out.
#include <cstddef>
#include <string>
#include <vector>

#include "output/sink.h"
#include "vetq/json.h"

namespace vetq {

/// The top-level fields of a kind ("policy" or "report"), from schemas/record.schema.json.
std::vector<std::string> schema_fields(const std::string& kind);

/// The flat columns of a kind ("policy" or "report"), from schemas/record.schema.json: each
/// top-level field, an object field as one column per member (source_path, project_name).
std::vector<std::string> flat_columns(const std::string& kind);

/// A record's cells for `columns`: scalars as they are; lists of texts as lists ("; " in CSV);
/// lists of objects as one short text per item ("2019 Implementation", "Learners: Adult
/// learners", "Governance: Engaging stakeholders"); a report's sections as their text, each
/// heading on a line of its own; other objects as "key: value; ..." text. Absent: null.
std::vector<Value> flat_row(const Json& doc, const std::vector<std::string>& columns);

/// A list dimension of the records, one row per record and item (a tidy table).
struct DimensionTable {
  std::string name;                  // "timeline", "target_groups", ...
  std::vector<std::string> columns;  // kind, id, then the item's fields
};

/// timeline, target_groups, categories, bodies, priorities.
const std::vector<DimensionTable>& dimension_tables();

/// The rows of `table` for one record (none when the record has no such list).
std::vector<std::vector<Value>> dimension_rows(const DimensionTable& table, const Json& doc);

/// Excel's limit on the characters of a cell (UTF-16 code units).
inline constexpr std::size_t kCellLimit = 32767;

/// Cuts `text` to at most kCellLimit UTF-16 code units, ending with a marker that says so, at
/// a character boundary. Returns the length in UTF-16 code units it had when it was cut, or 0
/// when it fits.
std::size_t cut_to_cell_limit(std::string& text);

}  // namespace vetq
