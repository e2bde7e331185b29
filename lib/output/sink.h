#pragma once
// Result rows and the formatters that write them: table, json, ndjson, csv, tsv.
// The only place that knows each syntax. Formatters never run SQL: rows arrive from query.h.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vetq {

/// One cell: NULL, an integer, text, a list of texts or of integers (JSON arrays; "; "-joined
/// in CSV and tables), a boolean (true/false in every format) or a real number.
using Value = std::variant<std::monostate, std::int64_t, std::string, std::vector<std::string>,
                           bool, double, std::vector<std::int64_t>>;

/// Where output text goes: stdout in apps/, a std::string in tests.
using Write = std::function<void(std::string_view)>;

class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void begin(std::span<const std::string> columns) = 0;
  virtual void row(std::span<const Value> values) = 0;
  virtual void end() = 0;  // JSON writes "]" here, so zero rows still prints "[]"
};

enum class OutputFormat { kTable, kJson, kNdjson, kCsv, kTsv };

/// Names accepted by --format, for CLI11's CheckedTransformer.
std::vector<std::pair<std::string, OutputFormat>> output_format_names();

struct SinkOptions {
  bool crlf = false;    // CSV/TSV line ends
  bool headers = true;  // CSV/TSV/table header row
  int width = 0;        // table: terminal columns to fit (0 = no limit)
  bool color = false;   // table: bold header
};

std::unique_ptr<RowSink> make_sink(OutputFormat format, Write write, SinkOptions options = {});

/// RFC 4180 field quoting (only when needed: comma, quote, CR or LF; quotes doubled).
std::string csv_field(std::string_view s, char sep = ',');

}  // namespace vetq
