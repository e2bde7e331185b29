#pragma once
// `show` for people: a record (its published JSON document) as a page of text — a title,
// headed sections, bullets, paragraphs wrapped at word boundaries to the width, year notes
// under their year, bodies with their validity ("until 2024"), no JSON. Control characters
// are escaped (escape_controls) as everywhere a terminal shows text.
#include <string>
#include <utility>
#include <vector>

#include "vetq/json.h"

namespace vetq {

/// The whole page for a record, `width` columns wide (0: 80).
std::string record_text(const Json& doc, int width);

/// A page being written: every line at most `width` display columns, except a single word
/// wider than the line, which is the only thing ever cut.
class TextPage {
 public:
  explicit TextPage(int width) : width_(width) {}
  /// Text wrapped at spaces; the first line indented by `indent`, the next by indent + hang.
  void wrap(const std::string& text, int indent, int hang = 0);
  /// Each non-empty line of `text` as a wrapped paragraph.
  void paragraphs(const std::string& text, int indent);
  void heading(const std::string& text);
  void title(const std::string& text);
  void bullet(const std::string& text, int indent = 2);
  void line(const std::string& text) { out_ += text + "\n"; }
  const std::string& text() const { return out_; }

 private:
  int width_;
  std::string out_;
};

/// A string or integer field with control characters escaped; "" when absent or null.
std::string field(const Json& doc, const char* key);
/// A body's validity: "until 2024", "from 2020", "from 2020 until 2022", "".
std::string validity(const Json& body);
/// Timeline entries as spans of consecutive years with one stage: {"2015–2024", "Implementation"}.
std::vector<std::pair<std::string, std::string>> stage_spans(const Json& timeline);

void write_policy_text(const Json& doc, TextPage& page);  // record_text_kinds.cpp
void write_report_text(const Json& doc, TextPage& page);  // record_text_kinds.cpp
void write_source_text(const Json& doc, TextPage& page);

}  // namespace vetq
