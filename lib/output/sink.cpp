#include "output/sink.h"

#include <fmt/format.h>

#include <algorithm>

#include "vetq/json.h"
#include "vetq/text.h"

namespace vetq {

std::vector<std::pair<std::string, OutputFormat>> output_format_names() {
  return {{"table", OutputFormat::kTable},
          {"json", OutputFormat::kJson},
          {"ndjson", OutputFormat::kNdjson},
          {"csv", OutputFormat::kCsv},
          {"tsv", OutputFormat::kTsv}};
}

std::string csv_field(std::string_view s, char sep) {
  const bool quote = s.find_first_of(std::string{sep, '"', '\r', '\n'}) != std::string_view::npos;
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

namespace {

std::string text_of(const Value& v, std::string_view list_sep) {
  if (std::holds_alternative<std::monostate>(v)) return {};
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  std::string out;
  if (const auto* ints = std::get_if<std::vector<std::int64_t>>(&v)) {
    for (const auto i : *ints) {
      if (!out.empty()) out += list_sep;
      out += std::to_string(i);
    }
    return out;
  }
  for (const auto& item : std::get<std::vector<std::string>>(v)) {
    if (!out.empty()) out += list_sep;
    out += item;
  }
  return out;
}

// Appends v as JSON. Strings of printable ASCII without '"' or '\\' (nearly every id, code,
// year and title) are their own JSON text between quotes; anything else goes through
// nlohmann::json's serialiser (tests/lib/output_test.cpp compares the two).
void append_json_string(std::string& out, std::string_view s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
  });
  if (plain) {
    out += '"';
    out += s;
    out += '"';
  } else {
    out += dump(Json(std::string(s)));
  }
}

void append_json(std::string& out, const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    out += "null";
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    out += std::to_string(*i);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    append_json_string(out, *s);
  } else if (std::holds_alternative<bool>(v) || std::holds_alternative<double>(v)) {
    out += text_of(v, "");
  } else if (const auto* ints = std::get_if<std::vector<std::int64_t>>(&v)) {
    out += '[';
    for (std::size_t k = 0; k < ints->size(); ++k) {
      if (k) out += ',';
      out += std::to_string((*ints)[k]);
    }
    out += ']';
  } else {
    out += '[';
    bool first = true;
    for (const auto& item : std::get<std::vector<std::string>>(v)) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, item);
    }
    out += ']';
  }
}

// One JSON object per row, keys in column order, written as compact as dump() writes them.
class JsonSink : public RowSink {
 public:
  JsonSink(Write w, bool lines) : write_(std::move(w)), lines_(lines) {}
  void begin(std::span<const std::string> columns) override {
    keys_.clear();
    for (const auto& c : columns) {
      std::string key;
      append_json_string(key, c);
      keys_.push_back(key + ":");
    }
    if (!lines_) write_("[");
  }
  void row(std::span<const Value> values) override {
    line_.clear();
    if (!lines_) line_ += first_ ? "\n  " : ",\n  ";
    line_ += '{';
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (i) line_ += ',';
      line_ += keys_[i];
      append_json(line_, values[i]);
    }
    line_ += '}';
    if (lines_) line_ += '\n';
    write_(line_);
    first_ = false;
  }
  void end() override {
    if (!lines_) write_(first_ ? "]\n" : "\n]\n");
  }

 private:
  Write write_;
  bool lines_;
  bool first_ = true;
  std::vector<std::string> keys_;
  std::string line_;
};

class CsvSink : public RowSink {
 public:
  CsvSink(Write w, char sep, SinkOptions o) : write_(std::move(w)), sep_(sep), opt_(o) {}
  void begin(std::span<const std::string> columns) override {
    if (!opt_.headers) return;
    std::vector<Value> names(columns.begin(), columns.end());
    row(names);
  }
  void row(std::span<const Value> values) override {
    std::string line;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) line.push_back(sep_);
      std::string cell = text_of(values[i], "; ");
      if (sep_ == '\t') {  // TSV has no quoting: tabs and line breaks become spaces
        std::replace_if(
            cell.begin(), cell.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; },
            ' ');
        line += cell;
      } else {
        line += csv_field(cell, sep_);
      }
    }
    line += opt_.crlf ? "\r\n" : "\n";
    write_(line);
  }
  void end() override {}

 private:
  Write write_;
  char sep_;
  SinkOptions opt_;
};

// Aligned columns for people; buffers all rows to measure widths.
class TableSink : public RowSink {
 public:
  TableSink(Write w, SinkOptions o) : write_(std::move(w)), opt_(o) {}
  void begin(std::span<const std::string> columns) override {
    columns_.assign(columns.begin(), columns.end());
  }
  void row(std::span<const Value> values) override {
    std::vector<std::string> cells;
    for (const auto& v : values) {
      std::string t = text_of(v, "; ");
      std::replace_if(
          t.begin(), t.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
      cells.push_back(escape_controls(t));  // no escape sequence from a page reaches a terminal
    }
    rows_.push_back(std::move(cells));
  }
  void end() override {
    const std::size_t n = columns_.size();
    std::vector<int> width(n, 0);
    for (std::size_t i = 0; i < n; ++i) width[i] = display_width(columns_[i]);
    for (const auto& r : rows_)
      for (std::size_t i = 0; i < n; ++i) width[i] = std::max(width[i], display_width(r[i]));
    if (opt_.width > 0) fit(width);
    if (opt_.headers) emit(columns_, width, opt_.color);
    for (const auto& r : rows_) emit(r, width, false);
  }

 private:
  static constexpr int kWrapMin = 20;  // the wrapped column keeps at least this many columns

  int total(const std::vector<int>& width) const {
    int t = 0;
    for (int w : width) t += w;
    return t + 2 * static_cast<int>(width.size() - 1);
  }
  // When the table is wider than the terminal, its widest column (the title, mostly) wraps at
  // word boundaries onto more lines, and keeps the room it needs: the other columns give up
  // columns (cut with "…") only while it would have fewer than kWrapMin.
  void fit(std::vector<int>& width) {
    if (total(width) <= opt_.width || width.empty()) return;
    wrap_ = static_cast<std::size_t>(std::max_element(width.begin(), width.end()) - width.begin());
    const int natural = width[wrap_];
    width[wrap_] = std::min(natural, kWrapMin);
    while (total(width) > opt_.width) {
      auto widest = width.begin();
      for (auto it = width.begin(); it != width.end(); ++it)
        if (static_cast<std::size_t>(it - width.begin()) != wrap_ && *it > *widest) widest = it;
      if (static_cast<std::size_t>(widest - width.begin()) == wrap_ || *widest <= 8) break;
      *widest -= 1;
    }
    width[wrap_] = std::max(8, std::min(natural, width[wrap_] + opt_.width - total(width)));
  }
  // The lines of a cell `w` columns wide: wrapped at spaces (in the wrapped column), else one
  // line cut with "…".
  std::vector<std::string> lines(const std::string& cell, int w, bool wrap) const {
    if (display_width(cell) <= w) return {cell};
    if (!wrap) return {std::string(prefix_by_width(cell, w - 1)) + "…"};
    std::vector<std::string> out(1);
    std::string_view rest = cell;
    while (!rest.empty()) {
      const auto space = rest.find(' ');
      std::string_view word = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      const std::string joined =
          out.back().empty() ? std::string(word) : out.back() + " " + std::string(word);
      if (display_width(joined) <= w) {
        out.back() = joined;
        continue;
      }
      if (!out.back().empty()) out.emplace_back();
      while (display_width(word) > w) {  // a word wider than the column: the only cut
        const auto head = prefix_by_width(word, w);
        out.back() = std::string(head);
        out.emplace_back();
        word.remove_prefix(head.size());
      }
      out.back() = std::string(word);
    }
    return out;
  }
  void emit(const std::vector<std::string>& cells, const std::vector<int>& width, bool bold) {
    std::vector<std::vector<std::string>> cell_lines;
    std::size_t height = 1;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      cell_lines.push_back(lines(cells[i], width[i], i == wrap_ && !bold));
      height = std::max(height, cell_lines.back().size());
    }
    for (std::size_t k = 0; k < height; ++k) {
      std::string line;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::string cell = k < cell_lines[i].size() ? cell_lines[i][k] : "";
        if (bold) line += "\x1b[1m";
        line += cell;
        if (bold) line += "\x1b[0m";
        if (i + 1 < cells.size())
          line += std::string(static_cast<std::size_t>(width[i] - display_width(cell) + 2), ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      write_(line + "\n");
    }
  }

  Write write_;
  SinkOptions opt_;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::size_t wrap_ = static_cast<std::size_t>(-1);  // the column that wraps (fit)
};

}  // namespace

std::unique_ptr<RowSink> make_sink(OutputFormat format, Write write, SinkOptions options) {
  switch (format) {
    case OutputFormat::kTable:
      return std::make_unique<TableSink>(std::move(write), options);
    case OutputFormat::kJson:
      return std::make_unique<JsonSink>(std::move(write), false);
    case OutputFormat::kNdjson:
      return std::make_unique<JsonSink>(std::move(write), true);
    case OutputFormat::kCsv:
      return std::make_unique<CsvSink>(std::move(write), ',', options);
    case OutputFormat::kTsv:
      return std::make_unique<CsvSink>(std::move(write), '\t', options);
  }
  return nullptr;
}

}  // namespace vetq
