#pragma once
// Reading sources: bytes from a path or standard input, their hash, and their decoded text.
#include <optional>
#include <string>
#include <string_view>

#include "vetq/record.h"

namespace vetq {

/// Reads a whole file ("-" = standard input) into SourceFile::bytes and hashes it.
/// Throws vetq::Error "path: cannot read: <reason> — <what to do>" when it cannot.
SourceFile read_source(const std::string& path);

/// True when the bytes look like a binary document that text decoding must not touch (PDF).
bool is_pdf(std::string_view bytes);

/// Decodes src.bytes into src.text: strips a UTF-8 BOM, turns CRLF and lone CR into LF,
/// NBSP (U+00A0) into a space and drops soft hyphens (U+00AD). Returns an error diagnostic
/// (and leaves text empty) for NUL bytes or invalid UTF-8, naming the line and byte offset.
std::optional<Diagnostic> decode_text(SourceFile& src);

}  // namespace vetq
