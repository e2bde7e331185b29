#pragma once
// vetq's optional modules (libvetq_pdf.so, libvetq_draw.so, libvetq_zip.so, libvetq_xlsx.so):
// shared objects opened with dlopen() on first use, so that a command that reads no PDF, draws
// no chart, reads no .docx and writes no workbook starts without poppler, cairo, libzip,
// libxlsxwriter and what they load in turn.
#include <string>

namespace vetq {

struct ModuleLocation {
  const char* file;        // "libvetq_zip.so"
  const char* from_bin;    // installed: its path relative to bin/ ("../lib/vetq/libvetq_zip.so")
  const char* build_path;  // where the build wrote it
};

/// The address of `symbol` in the module, looked for next to the running executable (the build
/// tree, a copied vetq), at `from_bin` relative to it (an installed vetq), then at
/// `build_path`. The handle stays open for the life of the process. nullptr, with `error` set
/// to the loader's words, when no candidate loads or has the symbol.
void* module_symbol(const ModuleLocation& where, const char* symbol, std::string* error);

/// The table of functions a module hands out through its entry point `symbol` (extern "C"
/// const void* symbol(void)), found as module_symbol() finds it; nullptr with `error` set.
const void* module_api(const ModuleLocation& where, const char* symbol, std::string* error);

}  // namespace vetq
