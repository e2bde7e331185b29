#pragma once
// The single list of source formats: detection and dispatch. Adding a format = one row in
// registry.cpp plus its parser file.
#include <span>
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

}  // namespace vetq::parsers
