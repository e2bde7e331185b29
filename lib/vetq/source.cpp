#include "vetq/source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "vetq/error.h"
#include "vetq/text.h"

namespace vetq {

namespace {

thread_local const InputLimits* t_limits = nullptr;

[[noreturn]] void too_large(const std::string& path, std::uint64_t max_bytes) {
  throw Error(fmt::format(
      "{}: file is larger than --max-file-size ({}) — raise --max-file-size if it is a real page",
      path, format_size(max_bytes)));
}

// What read_ahead asks the system to read of a file; the kernel's own read-ahead follows a
// longer file as it is read.
constexpr std::uint64_t kReadAhead = std::uint64_t{1} << 20;

// Closes a descriptor vetq opened (never standard input).
struct Fd {
  int fd;
  bool own;
  ~Fd() {
    if (own) ::close(fd);
  }
};

}  // namespace

const InputLimits& input_limits() {
  static const InputLimits kDefaults;
  return t_limits ? *t_limits : kDefaults;
}

ScopedInputLimits::ScopedInputLimits(const InputLimits& limits) : previous_(t_limits) {
  t_limits = &limits;
}

ScopedInputLimits::~ScopedInputLimits() { t_limits = previous_; }

std::string format_size(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"GiB", "MiB", "KiB"};
  for (int i = 0; i < 3; ++i) {
    const std::uint64_t unit = std::uint64_t{1} << (10 * (3 - i));
    if (bytes >= unit && bytes % unit == 0) return fmt::format("{} {}", bytes / unit, kUnits[i]);
  }
  return fmt::format("{} bytes", bytes);
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  std::uint64_t n = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (n > (std::uint64_t{1} << 50)) return std::nullopt;  // far beyond any file
    n = n * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (i == 0) return std::nullopt;
  std::string unit(text.substr(i));
  for (char& c : unit) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  int shift = 0;
  if (unit == "K" || unit == "KB" || unit == "KIB")
    shift = 10;
  else if (unit == "M" || unit == "MB" || unit == "MIB")
    shift = 20;
  else if (unit == "G" || unit == "GB" || unit == "GIB")
    shift = 30;
  else if (!unit.empty() && unit != "B")
    return std::nullopt;
  if (n == 0) return std::nullopt;
  return n << shift;
}

SourceFile read_source(const std::string& path, std::uint64_t max_bytes, bool* cached) {
  SourceFile src;
  src.path = path;
  const bool in = path == "-";
  Fd f{in ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC), !in};
  if (f.fd < 0) {
    throw Error(fmt::format("{}: cannot read: {} — check the path and its permissions", path,
                            std::strerror(errno)));
  }
  struct stat st {};
  std::size_t expect = 0;  // a regular file's size: read at once, with one byte more
  const bool regular = ::fstat(f.fd, &st) == 0 && S_ISREG(st.st_mode);
  if (regular) {
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) too_large(path, max_bytes);
    expect = static_cast<std::size_t>(st.st_size);
    src.bytes.reserve(expect + 1);
  }
  // Read at most max_bytes + 1 bytes: one more than allowed proves the file too large, and
  // an endless source (/dev/zero, a FIFO) stops there. A file that grows while it is read,
  // and a pipe, are read in chunks (each chunk is zeroed first, so no more than needed).
  constexpr std::size_t kChunk = std::size_t{1} << 18;
  if (cached) *cached = true;
  bool probe = cached && regular && expect > 0;
  for (;;) {
    const std::size_t have = src.bytes.size();
    const std::size_t next = have <= expect ? expect - have + 1 : kChunk;
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(next, max_bytes + 1 - have));
    src.bytes.resize(have + want);
    ssize_t n = 0;
    if (probe) {
      // The first read takes only what the page cache holds: the caller learns whether the
      // file had to come from the disk. (A file system that cannot tell is taken as cached.)
      probe = false;
      iovec part{src.bytes.data() + have, want};
      n = ::preadv2(f.fd, &part, 1, -1, RWF_NOWAIT);
      if (n < 0 && errno == EAGAIN) *cached = false;
      if (n < 0) {
        src.bytes.resize(have);
        continue;
      }
      if (static_cast<std::size_t>(n) < expect) *cached = false;
    } else {
      n = ::read(f.fd, src.bytes.data() + have, want);
    }
    if (n < 0 && errno == EINTR) {
      src.bytes.resize(have);
      continue;
    }
    if (n < 0) {
      throw Error(fmt::format("{}: read error: {} — check the file and the disk", path,
                              std::strerror(errno)));
    }
    src.bytes.resize(have + static_cast<std::size_t>(n));
    if (n == 0) break;
    if (src.bytes.size() > max_bytes) too_large(path, max_bytes);
    // A regular file that gave exactly its size when asked for one byte more is at its end:
    // no second read to see it (one system call per file less in an ingest).
    if (regular && src.bytes.size() == expect && static_cast<std::size_t>(n) < want) break;
  }
  src.sha256 = sha256_hex(src.bytes);
  return src;
}

void read_ahead(const std::string& path, std::uint64_t max_bytes) {
  if (path == "-") return;
  // O_NONBLOCK: opening a FIFO without a writer, or a device, must not stop the thread.
  const Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), true};
  struct stat st {};
  if (f.fd < 0 || ::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode))
    return;  // read_source reports it
  // Linux reads the range in the background (nothing is read into this process).
  ::posix_fadvise(f.fd, 0, static_cast<off_t>(std::min<std::uint64_t>(max_bytes, kReadAhead)),
                  POSIX_FADV_WILLNEED);
}

bool is_pdf(std::string_view bytes) { return bytes.starts_with("%PDF-"); }

namespace {

// UTF-16 (or UTF-32) text: a byte order mark, or NUL bytes at most odd or most even offsets
// of the first 4 KiB, as ASCII characters give in UTF-16LE and UTF-16BE.
bool looks_utf16(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return true;
  const std::size_t pairs = std::min<std::size_t>(bytes.size(), 4096) / 2;
  if (pairs < 2) return false;
  std::size_t even = 0, odd = 0;
  for (std::size_t i = 0; i < pairs; ++i) {
    even += bytes[2 * i] == '\0';
    odd += bytes[2 * i + 1] == '\0';
  }
  const auto most = [&](std::size_t k) { return k * 10 >= pairs * 3; };  // 30 %
  const auto few = [&](std::size_t k) { return k * 20 <= pairs; };       // 5 %
  return (most(odd) && few(even)) || (most(even) && few(odd));
}

int line_of_offset(std::string_view bytes, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i)
    if (bytes[i] == '\n') ++line;
  return line;
}

}  // namespace

std::optional<Diagnostic> decode_text(SourceFile& src) {
  std::string_view in = src.bytes;
  src.text.clear();
  if (looks_utf16(in)) {
    return Diagnostic{Severity::kError, src.path, 0,
                      "UTF-16 text — save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8"};
  }
  if (in.starts_with("PK\x03\x04")) {
    return Diagnostic{Severity::kError, src.path, 0,
                      "a ZIP archive (a .docx?) — vetq reads UTF-8 text, HTML and PDF; save the "
                      "document as PDF or text, or unzip it and ingest what it holds"};
  }
  if (const auto nul = in.find('\0'); nul != std::string_view::npos) {
    return Diagnostic{Severity::kError, src.path, line_of_offset(in, nul),
                      fmt::format("binary content (NUL byte at byte offset {}) — vetq reads "
                                  "UTF-8 text, HTML and PDF; convert the file or leave it out",
                                  nul)};
  }
  if (const auto bad = invalid_utf8_offset(in)) {
    return Diagnostic{Severity::kError, src.path, line_of_offset(in, *bad),
                      fmt::format("invalid UTF-8 at byte offset {} (byte 0x{:02X}) — re-save the "
                                  "file as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8",
                                  *bad, static_cast<unsigned char>(in[*bad]))};
  }
  if (in.starts_with("\xEF\xBB\xBF")) in.remove_prefix(3);
  std::string& out = src.text;
  out.reserve(in.size());
  // Copy runs of ordinary bytes at once; stop only at CR and at U+00A0 / U+00AD (C2 A0/AD).
  // Each is found with memchr (find_first_of tests the set byte by byte), and its next place
  // is looked for again only once it has been passed.
  std::size_t i = 0, next_cr = in.find('\r'), next_c2 = in.find('\xC2');
  while (i < in.size()) {
    if (next_cr < i) next_cr = in.find('\r', i);  // npos is never below i
    if (next_c2 < i) next_c2 = in.find('\xC2', i);
    const std::size_t stop = std::min(next_cr, next_c2);
    if (stop == std::string_view::npos) {
      out.append(in.substr(i));
      break;
    }
    out.append(in.substr(i, stop - i));
    i = stop;
    if (in[i] == '\r') {
      out.push_back('\n');
      i += (i + 1 < in.size() && in[i + 1] == '\n') ? 2 : 1;
    } else if (i + 1 < in.size() && in[i + 1] == '\xA0') {
      out.push_back(' ');
      i += 2;
    } else if (i + 1 < in.size() && in[i + 1] == '\xAD') {
      i += 2;
    } else {
      out.push_back(in[i]);
      ++i;
    }
  }
  return std::nullopt;
}

}  // namespace vetq
