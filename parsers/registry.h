#pragma once
// The single list of source formats: detection and dispatch. Adding a format = one folder
// under parsers/, one row in registry.cpp, its CMake line and its tests.
#include <span>
#include <string>
#include <string_view>

#include "vetq/record.h"

namespace vetq::parsers {

struct Format {
  std::string_view name;     // "policy-text", shown by `vetq formats` and accepted by --format
  std::string_view summary;  // one line for people
  bool binary;               // parses SourceFile::bytes instead of decoded text (PDF)
  int (*sniff)(const SourceFile&);  // 0..100: how sure this format is about the source
  ParseResult (*parse)(const SourceFile&);
};

std::span<const Format> all_formats();

/// The format named `name`, or nullptr.
const Format* find_format(std::string_view name);

/// True when a binary format (PDF, DOCX) claims the raw bytes: they must not be decoded as text.
bool is_binary_source(const SourceFile& src);

/// The best-scoring format for the source, or nullptr when none scores above zero.
/// Binary formats see the raw bytes; text formats see the decoded text.
const Format* detect(const SourceFile& src);

/// "policy-text, policy-html, ...": the known names, for messages.
std::string format_names();

/// What parse_source made of a source.
struct SourceParse {
  ParseResult result;
  const Format* format = nullptr;  // the format that read it; nullptr when none did
  bool unknown_format = false;     // no format recognised the content (one error says so)
};

/// The format parse_source would read the source as: `forced`, else the detected one (text
/// formats see the decoded text); nullptr when none recognises it or the text does not decode.
const Format* format_of(SourceFile& src, const Format* forced = nullptr);

/// decode -> detect -> parse: the one way every caller (ingest, validate, the fuzz target,
/// the tests) turns a read source into records. `forced` (--format) skips detection. Text
/// formats see the decoded text (an encoding error is the file's error); an empty file, a
/// source no format recognises, and a parse that gives neither a record nor an error each
/// give one error diagnostic.
SourceParse parse_source(SourceFile& src, const Format* forced = nullptr);

}  // namespace vetq::parsers
