// libvetq_xlsx.so: a workbook written with libxlsxwriter (xlsx_module.h).
#include "output/xlsx_module.h"

#include <xlsxwriter.h>

#include <algorithm>

namespace vetq {

namespace {

struct Book {
  lxw_workbook* wb = nullptr;
  lxw_format* bold = nullptr;
  std::vector<lxw_worksheet*> sheets;
};

void* open(const char* path) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows stream to temporary files: memory stays flat
  lxw_workbook* wb = workbook_new_opt(path, &options);
  if (!wb) return nullptr;
  auto* book = new Book{wb, workbook_add_format(wb), {}};
  format_set_bold(book->bold);
  return book;
}

int add_sheet(void* b, const std::string& name, const std::vector<std::string>& columns) {
  auto* book = static_cast<Book*>(b);
  lxw_worksheet* ws = workbook_add_worksheet(book->wb, name.c_str());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    const double width = std::clamp<double>(static_cast<double>(columns[c].size()) + 4, 10, 40);
    worksheet_set_column(ws, col, col, width, nullptr);
    worksheet_write_string(ws, 0, col, columns[c].c_str(), book->bold);
  }
  worksheet_freeze_panes(ws, 1, 0);
  book->sheets.push_back(ws);
  return static_cast<int>(book->sheets.size() - 1);
}

lxw_worksheet* sheet(void* b, int n) { return static_cast<Book*>(b)->sheets.at(n); }

bool ok(lxw_error e, std::string* error) {
  if (e == LXW_NO_ERROR) return true;
  *error = lxw_strerror(e);
  return false;
}

bool text(void* b, int s, unsigned row, unsigned col, const std::string& value,
          std::string* error) {
  return ok(
      worksheet_write_string(sheet(b, s), row, static_cast<lxw_col_t>(col), value.c_str(), nullptr),
      error);
}

bool number(void* b, int s, unsigned row, unsigned col, double value, std::string* error) {
  return ok(worksheet_write_number(sheet(b, s), row, static_cast<lxw_col_t>(col), value, nullptr),
            error);
}

bool boolean(void* b, int s, unsigned row, unsigned col, bool value, std::string* error) {
  return ok(worksheet_write_boolean(sheet(b, s), row, static_cast<lxw_col_t>(col), value ? 1 : 0,
                                    nullptr),
            error);
}

void filter(void* b, int s, unsigned rows, unsigned cols) {
  worksheet_autofilter(sheet(b, s), 0, 0, rows - 1, static_cast<lxw_col_t>(cols - 1));
}

bool close(void* b, std::string* error) {
  auto* book = static_cast<Book*>(b);
  const lxw_error e = workbook_close(book->wb);
  delete book;
  return ok(e, error);
}

constexpr XlsxApi kApi{open, add_sheet, text, number, boolean, filter, close};

}  // namespace

}  // namespace vetq

extern "C" __attribute__((visibility("default"))) const void* vetq_xlsx_api_v1() {
  return &vetq::kApi;
}
