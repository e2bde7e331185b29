#pragma once
// The interface of libvetq_xlsx.so (xlsx_module.cpp, built with libxlsxwriter), which
// xlsx_writer.cpp opens on first use (vetq/module.h): every other command starts without
// libxlsxwriter and the zip library it loads. A thin table over the calls the workbook needs;
// the module and the binary are built together by one compiler, so it passes C++ values, and a
// failure comes back as the error text, never as an exception across the boundary.
#include <string>
#include <vector>

namespace vetq {

struct XlsxApi {
  /// Starts a workbook to be written to `path` at close(), rows streaming through temporary
  /// files meanwhile; nullptr when it cannot start.
  void* (*open)(const char* path);
  /// Adds a sheet with a bold, frozen header row; returns its number.
  int (*add_sheet)(void* book, const std::string& name, const std::vector<std::string>& columns);
  /// One cell of the given row and column; false with *error when it cannot be written.
  bool (*text)(void* book, int sheet, unsigned row, unsigned col, const std::string& value,
               std::string* error);
  bool (*number)(void* book, int sheet, unsigned row, unsigned col, double value,
                 std::string* error);
  bool (*boolean)(void* book, int sheet, unsigned row, unsigned col, bool value,
                  std::string* error);
  /// A filter over the sheet's header and rows.
  void (*filter)(void* book, int sheet, unsigned rows, unsigned cols);
  /// Writes the file and frees the workbook; false with *error when it cannot be written.
  bool (*close)(void* book, std::string* error);
};

/// extern "C" const void* vetq_xlsx_api_v1(void): a const XlsxApi*.
inline constexpr const char* kVetqXlsxSymbol = "vetq_xlsx_api_v1";

}  // namespace vetq
