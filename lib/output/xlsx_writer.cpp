#include "output/xlsx_writer.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "output/flatten.h"
#include "output/xlsx_module.h"
#include "vetq/error.h"
#include "vetq/module.h"
#include "vetq/text.h"

namespace vetq {

namespace {

const XlsxApi& xlsx_api() {
  static const XlsxApi* api = [] {
    std::string error;
    const ModuleLocation where{"libvetq_xlsx.so", VETQ_XLSX_MODULE_FROM_BIN, VETQ_XLSX_MODULE};
    if (const void* api = module_api(where, kVetqXlsxSymbol, &error))
      return static_cast<const XlsxApi*>(api);
    throw Error(fmt::format(
        "workbooks (libvetq_xlsx.so) cannot be loaded: {} — reinstall vetq with its modules, "
        "or export --format csv",
        error));
  }();
  return *api;
}

// One worksheet: its number in the workbook, its header row, the rows written so far.
struct Sheet {
  int n = 0;
  std::vector<std::string> columns;
  unsigned rows = 0;  // including the header
};

class XlsxWriter : public RecordWriter {
 public:
  XlsxWriter(std::string path, CutEvent on_cut)
      : api_(xlsx_api()), path_(std::move(path)), on_cut_(std::move(on_cut)) {
    // libxlsxwriter creates the file only at the end (and prints its own error then): fail
    // before any work, in vetq's words, when it cannot be created.
    std::FILE* probe = std::fopen(path_.c_str(), "wb");
    if (!probe) {
      throw Error(fmt::format("{}: cannot create: {} — check the path and its permissions", path_,
                              std::strerror(errno)));
    }
    std::fclose(probe);
    book_ = api_.open(path_.c_str());
    if (!book_) throw Error(fmt::format("{}: cannot start the workbook — check the path", path_));
    policies_ = add_sheet("policies", flat_columns("policy"));
    for (const auto& t : dimension_tables()) dimensions_.push_back(add_sheet(t.name, t.columns));
    reports_ = add_sheet("reports", flat_columns("report"));
  }
  ~XlsxWriter() override {
    if (!book_) return;
    std::string ignored;
    api_.close(book_, &ignored);  // not ended (an error on the way): no half workbook is left
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
      api_.filter(book_, s->n, s->rows, static_cast<unsigned>(s->columns.size()));
    void* book = book_;
    book_ = nullptr;
    if (std::string why; !api_.close(book, &why))
      throw Error(fmt::format("{}: cannot write the workbook: {} — check the path and the disk",
                              path_, why));
  }

 private:
  Sheet add_sheet(const std::string& name, std::vector<std::string> columns) {
    const int n = api_.add_sheet(book_, name, columns);
    return Sheet{n, std::move(columns), 1};
  }

  std::vector<Sheet*> all_sheets() {
    std::vector<Sheet*> out{&policies_};
    for (auto& d : dimensions_) out.push_back(&d);
    out.push_back(&reports_);
    return out;
  }

  void write_row(Sheet& s, std::vector<Value> row, const std::string& id) {
    const unsigned r = s.rows++;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const auto col = static_cast<unsigned>(c);
      Value& v = row[c];
      if (auto* list = std::get_if<std::vector<std::string>>(&v)) v = join(*list, "; ");
      bool ok = true;
      std::string why;
      if (auto* text = std::get_if<std::string>(&v)) {
        if (const std::size_t length = cut_to_cell_limit(*text); length > 0 && on_cut_)
          on_cut_(id, s.columns[c], length);
        ok = api_.text(book_, s.n, r, col, *text, &why);
      } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        ok = api_.number(book_, s.n, r, col, static_cast<double>(*i), &why);
      } else if (const auto* d = std::get_if<double>(&v)) {
        ok = api_.number(book_, s.n, r, col, *d, &why);
      } else if (const auto* b = std::get_if<bool>(&v)) {
        ok = api_.boolean(book_, s.n, r, col, *b, &why);
      }
      if (!ok)
        throw Error(fmt::format("{}: record {}, column {}: {} — report this as a vetq bug", path_,
                                id, s.columns[c], why));
    }
  }

  const XlsxApi& api_;
  std::string path_;
  CutEvent on_cut_;
  void* book_ = nullptr;
  Sheet policies_, reports_;
  std::vector<Sheet> dimensions_;
};

}  // namespace

std::unique_ptr<RecordWriter> make_xlsx_writer(const std::string& path, CutEvent on_cut) {
  return std::make_unique<XlsxWriter>(path, std::move(on_cut));
}

}  // namespace vetq
