#pragma once
// Full records as an Excel workbook (libxlsxwriter): a `policies` sheet of flat columns, one
// sheet per list dimension (timeline, target_groups, categories, bodies, priorities: a row per
// record and item), a `reports` sheet. Header rows frozen, filters on, numbers as numbers;
// text over a cell's limit is cut with a marker (output/flatten.h).
#include <memory>
#include <string>

#include "output/record_writer.h"

namespace vetq {

/// Writes the workbook to `path` at end() (rows stream through temporary files meanwhile).
/// Throws vetq::Error when the workbook cannot be written.
std::unique_ptr<RecordWriter> make_xlsx_writer(const std::string& path, CutEvent on_cut = {});

}  // namespace vetq
