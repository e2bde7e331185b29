#include "output/record_writer.h"

#include <algorithm>
#include <string>
#include <vector>

#include "output/flatten.h"
#include "output/record_text.h"
#include "vetq/text.h"

namespace vetq {

namespace {

// kJson: one array; kNdjson: a compact record per line; kJsonObject: each record indented.
class JsonWriter : public RecordWriter {
 public:
  JsonWriter(Write w, RecordFormat format) : w_(std::move(w)), format_(format) {}
  void record(const Json& doc) override {
    if (format_ == RecordFormat::kNdjson)
      w_(dump(doc) + "\n");
    else if (format_ == RecordFormat::kJsonObject)
      w_(dump(doc, 2) + "\n");
    else
      w_(std::string(first_ ? "[\n  " : ",\n  ") + dump(doc));
    first_ = false;
  }
  void end() override {
    if (format_ == RecordFormat::kJson) w_(first_ ? "[]\n" : "\n]\n");
  }

 private:
  Write w_;
  RecordFormat format_;
  bool first_ = true;
};

// CSV: a header row of the expected kinds' columns (their union, in order), a row per record.
class CsvWriter : public RecordWriter {
 public:
  CsvWriter(Write w, RecordWriterOptions o)
      : write_(std::move(w)), sink_(make_sink(OutputFormat::kCsv, write_)), o_(std::move(o)) {}
  void expect(const std::string& kind) override {
    for (auto& c : o_.json_cells ? schema_fields(kind) : flat_columns(kind))
      if (std::find(columns_.begin(), columns_.end(), c) == columns_.end())
        columns_.push_back(std::move(c));
  }
  void record(const Json& doc) override {
    if (columns_.empty()) expect(doc.value("kind", std::string()));
    if (!begun_) {
      if (o_.bom) write_("\xEF\xBB\xBF");
      sink_->begin(columns_);
      begun_ = true;
    }
    if (o_.json_cells) {
      std::vector<Value> row;
      for (const auto& c : columns_) row.push_back(json_cell(doc.contains(c) ? doc[c] : Json()));
      sink_->row(row);
      return;
    }
    std::vector<Value> row = flat_row(doc, columns_);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (auto* list = std::get_if<std::vector<std::string>>(&row[i])) row[i] = join(*list, "; ");
      auto* s = std::get_if<std::string>(&row[i]);
      if (!s) continue;
      if (const std::size_t length = cut_to_cell_limit(*s); length > 0 && o_.on_cut)
        o_.on_cut(doc.value("id", std::string()), columns_[i], length);
    }
    sink_->row(row);
  }
  void end() override {
    if (begun_) sink_->end();
  }

 private:
  static Value json_cell(const Json& v) {
    if (v.is_null()) return std::monostate{};
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number_float()) return v.get<double>();
    if (v.is_array() &&
        std::all_of(v.begin(), v.end(), [](const Json& x) { return x.is_string(); }))
      return v.get<std::vector<std::string>>();
    return dump(v);
  }
  Write write_;
  std::unique_ptr<RowSink> sink_;
  RecordWriterOptions o_;
  std::vector<std::string> columns_;
  bool begun_ = false;
};

// Pages for people (record_text.h), a blank line between records.
class TextWriter : public RecordWriter {
 public:
  explicit TextWriter(Write w) : w_(std::move(w)) {}
  void record(const Json& doc) override {
    w_((first_ ? "" : "\n") + record_text(doc, 80));
    first_ = false;
  }
  void end() override {}

 private:
  Write w_;
  bool first_ = true;
};

}  // namespace

std::unique_ptr<RecordWriter> make_record_writer(RecordFormat format, Write write,
                                                 RecordWriterOptions options) {
  switch (format) {
    case RecordFormat::kText:
      return std::make_unique<TextWriter>(std::move(write));
    case RecordFormat::kCsv:
      return std::make_unique<CsvWriter>(std::move(write), std::move(options));
    default:
      return std::make_unique<JsonWriter>(std::move(write), format);
  }
}

}  // namespace vetq
