#include "vetq/source.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "vetq/error.h"
#include "vetq/text.h"

namespace vetq {

SourceFile read_source(const std::string& path) {
  SourceFile src;
  src.path = path;
  if (path == "-") {
    std::ostringstream buf;
    buf << std::cin.rdbuf();
    src.bytes = std::move(buf).str();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      throw Error(fmt::format("{}: cannot read: {} — check the path and its permissions", path,
                              std::strerror(errno)));
    }
    src.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) {
      throw Error(fmt::format("{}: read error: {} — check the file and the disk", path,
                              std::strerror(errno)));
    }
  }
  src.sha256 = sha256_hex(src.bytes);
  return src;
}

bool is_pdf(std::string_view bytes) { return bytes.starts_with("%PDF-"); }

namespace {

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
  std::size_t i = 0;
  while (i < in.size()) {
    const std::size_t stop = in.find_first_of("\r\xC2", i);
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
