#include "output/xlsx_writer.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "output/flatten.h"
#include "vetq/error.h"
#include "vetq/text.h"

namespace vetq {

namespace {

// One worksheet: its header row, the rows written so far.
struct Sheet {
  lxw_worksheet* ws = nullptr;
  std::vector<std::string> columns;
  lxw_row_t rows = 0;  // including the header
};

class XlsxWriter : public RecordWriter {
 public:
  XlsxWriter(std::string path, CutEvent on_cut)
      : path_(std::move(path)), on_cut_(std::move(on_cut)) {
    // libxlsxwriter creates the file only at the end (and prints its own error then): fail
    // before any work, in vetq's words, when it cannot be created.
    std::FILE* probe = std::fopen(path_.c_str(), "wb");
    if (!probe) {
      throw Error(fmt::format("{}: cannot create: {} — check the path and its permissions", path_,
                              std::strerror(errno)));
    }
    std::fclose(probe);
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;  // rows stream to temporary files: memory stays flat
    wb_ = workbook_new_opt(path_.c_str(), &options);
    if (!wb_) throw Error(fmt::format("{}: cannot start the workbook — check the path", path_));
    bold_ = workbook_add_format(wb_);
    format_set_bold(bold_);
    policies_ = add_sheet("policies", flat_columns("policy"));
    for (const auto& t : dimension_tables()) dimensions_.push_back(add_sheet(t.name, t.columns));
    reports_ = add_sheet("reports", flat_columns("report"));
  }
  ~XlsxWriter() override {
    if (!wb_) return;
    workbook_close(wb_);  // not ended (an error on the way): no half workbook is left
    std::remove(path_.c_str());
  }

  void record(const Json& doc) override {
    const std::string id = doc.value("id", std::string());
    const bool policy = doc.value("kind", std::string()) == "policy";
    Sheet& sheet = policy ? policies_ : reports_;
    write_row(sheet, flat_row(doc, sheet.columns), id);
    const auto& tables = dimension_tables();
    for (std::size_t i = 0; i < tables.size(); ++i)
      for (const auto& row : dimension_rows(tables[i], doc)) write_row(dimensions_[i], row, id);
  }

  void end() override {
    for (Sheet* s : all_sheets())
      worksheet_autofilter(s->ws, 0, 0, s->rows - 1, static_cast<lxw_col_t>(s->columns.size() - 1));
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    if (const lxw_error e = workbook_close(wb); e != LXW_NO_ERROR)
      throw Error(fmt::format("{}: cannot write the workbook: {} — check the path and the disk",
                              path_, lxw_strerror(e)));
  }

 private:
  Sheet add_sheet(const std::string& name, std::vector<std::string> columns) {
    Sheet s{workbook_add_worksheet(wb_, name.c_str()), std::move(columns), 0};
    for (std::size_t c = 0; c < s.columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      const double width = std::clamp<double>(static_cast<double>(s.columns[c].size()) + 4, 10, 40);
      worksheet_set_column(s.ws, col, col, width, nullptr);
      worksheet_write_string(s.ws, 0, col, s.columns[c].c_str(), bold_);
    }
    worksheet_freeze_panes(s.ws, 1, 0);
    s.rows = 1;
    return s;
  }

  std::vector<Sheet*> all_sheets() {
    std::vector<Sheet*> out{&policies_};
    for (auto& d : dimensions_) out.push_back(&d);
    out.push_back(&reports_);
    return out;
  }

  void write_row(Sheet& s, std::vector<Value> row, const std::string& id) {
    const lxw_row_t r = s.rows++;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      Value& v = row[c];
      if (auto* list = std::get_if<std::vector<std::string>>(&v)) v = join(*list, "; ");
      lxw_error e = LXW_NO_ERROR;
      if (auto* text = std::get_if<std::string>(&v)) {
        if (const std::size_t length = cut_to_cell_limit(*text); length > 0 && on_cut_)
          on_cut_(id, s.columns[c], length);
        e = worksheet_write_string(s.ws, r, col, text->c_str(), nullptr);
      } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        e = worksheet_write_number(s.ws, r, col, static_cast<double>(*i), nullptr);
      } else if (const auto* d = std::get_if<double>(&v)) {
        e = worksheet_write_number(s.ws, r, col, *d, nullptr);
      } else if (const auto* b = std::get_if<bool>(&v)) {
        e = worksheet_write_boolean(s.ws, r, col, *b ? 1 : 0, nullptr);
      }
      if (e != LXW_NO_ERROR)
        throw Error(fmt::format("{}: record {}, column {}: {} — report this as a vetq bug", path_,
                                id, s.columns[c], lxw_strerror(e)));
    }
  }

  std::string path_;
  CutEvent on_cut_;
  lxw_workbook* wb_ = nullptr;
  lxw_format* bold_ = nullptr;
  Sheet policies_, reports_;
  std::vector<Sheet> dimensions_;
};

}  // namespace

std::unique_ptr<RecordWriter> make_xlsx_writer(const std::string& path, CutEvent on_cut) {
  return std::make_unique<XlsxWriter>(path, std::move(on_cut));
}

}  // namespace vetq
