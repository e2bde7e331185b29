#include "output/record_writer.h"

#include <algorithm>
#include <string>
#include <vector>

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

class CsvWriter : public RecordWriter {
 public:
  explicit CsvWriter(Write w) : sink_(make_sink(OutputFormat::kCsv, std::move(w))) {}
  void record(const Json& doc) override {
    if (columns_.empty()) {
      for (const auto& [k, v] : doc.items()) columns_.push_back(k);
      sink_->begin(columns_);
    }
    std::vector<Value> row;
    for (const auto& c : columns_) row.push_back(cell(doc.contains(c) ? doc[c] : Json()));
    sink_->row(row);
  }
  void end() override {
    if (!columns_.empty()) sink_->end();
  }

 private:
  static Value cell(const Json& v) {
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
  std::unique_ptr<RowSink> sink_;
  std::vector<std::string> columns_;
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

std::unique_ptr<RecordWriter> make_record_writer(RecordFormat format, Write write) {
  switch (format) {
    case RecordFormat::kText:
      return std::make_unique<TextWriter>(std::move(write));
    case RecordFormat::kCsv:
      return std::make_unique<CsvWriter>(std::move(write));
    default:
      return std::make_unique<JsonWriter>(std::move(write), format);
  }
}

}  // namespace vetq
