#pragma once
// Reading sources: bytes from a path or standard input, their hash, and their decoded text;
// the bounds on what one input may cost.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vetq/record.h"

namespace vetq {

/// Bounds on what one input file may cost, so that a hostile or broken file fails alone
/// instead of crashing, hanging or exhausting the memory of the whole run. Each is an ingest
/// option, named in the error it gives.
struct InputLimits {
  std::uint64_t max_file_size = 16u << 20;  // --max-file-size: bytes read from one file
  int max_pdf_pages = 500;                  // --max-pdf-pages: pages of one PDF
  int max_html_depth = 512;                 // --max-html-depth: elements nested in each other
  int max_html_nodes = 250000;              // --max-html-nodes: elements, attributes and comments
  int max_html_attributes = 1000;           // --max-html-attributes: attributes of one element
};

/// The limits in force on this thread: those of the innermost ScopedInputLimits, else the
/// defaults. (Parsers read them; ingest sets them on each parse thread.)
const InputLimits& input_limits();

/// Sets the limits of the calling thread for its lifetime.
class ScopedInputLimits {
 public:
  explicit ScopedInputLimits(const InputLimits& limits);
  ~ScopedInputLimits();
  ScopedInputLimits(const ScopedInputLimits&) = delete;
  ScopedInputLimits& operator=(const ScopedInputLimits&) = delete;

 private:
  const InputLimits* previous_;
};

/// "16 MiB", "512 KiB", "1 GiB", else "1500 bytes".
std::string format_size(std::uint64_t bytes);

/// "16M", "512k", "1G", "1GiB", "4096" (bytes) -> bytes; nullopt for anything else or 0.
std::optional<std::uint64_t> parse_size(std::string_view text);

/// Reads a whole file ("-" = standard input) into SourceFile::bytes and hashes it, at most
/// `max_bytes`: a regular file is measured before it is read, anything else (a pipe, a FIFO,
/// a device) is cut off while reading. Throws vetq::Error "path: <what> — <what to do>" when
/// it cannot read or the file is larger (naming --max-file-size). With `cached`, also says
/// whether a regular file was all in the page cache (false: some of it came from the disk).
SourceFile read_source(const std::string& path,
                       std::uint64_t max_bytes = InputLimits{}.max_file_size,
                       bool* cached = nullptr);

/// Asks the system to read the start of a file (up to 1 MiB, at most `max_bytes`) into the
/// page cache in the background, so that a read_source of it soon after need not wait for
/// the disk. Does nothing (and never blocks) for "-", for what is not a regular file (a FIFO,
/// a device) and for a file it cannot open.
void read_ahead(const std::string& path, std::uint64_t max_bytes = InputLimits{}.max_file_size);

/// True when the bytes look like a binary document that text decoding must not touch (PDF).
bool is_pdf(std::string_view bytes);

/// Decodes src.bytes into src.text: strips a UTF-8 BOM, turns CRLF and lone CR into LF,
/// NBSP (U+00A0) into a space and drops soft hyphens (U+00AD). Returns an error diagnostic
/// (and leaves text empty) for UTF-16 text and ZIP archives (line 0: the whole file), NUL bytes
/// or invalid UTF-8 (naming the line and byte offset).
std::optional<Diagnostic> decode_text(SourceFile& src);

}  // namespace vetq
