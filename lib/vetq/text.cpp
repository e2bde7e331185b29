#include "vetq/text.h"

#include <nettle/sha2.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace vetq {

std::size_t ascii_prefix(std::string_view s) {
  // Eight bytes at a time: a word with no high bit set is eight ASCII characters.
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ULL) break;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

std::optional<std::size_t> invalid_utf8_offset(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    i += ascii_prefix(s.substr(i));  // most of every page
    if (i == s.size()) break;
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                    static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) return i;
    i += static_cast<std::size_t>(n);
  }
  return std::nullopt;
}

std::string escape_controls(std::string_view s) {
  const auto plain = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u < 0x7F) || c == '\t';
  };
  if (std::all_of(s.begin(), s.end(), plain)) return std::string(s);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 8);
  std::size_t i = 0;
  while (i < s.size()) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (plain(s[i])) {
      out.push_back(s[i++]);
      continue;
    }
    if (u == '\n' || u == '\r') {
      out += u == '\n' ? "\\n" : "\\r";
      ++i;
      continue;
    }
    utf8proc_int32_t cp = -1;
    auto n = u < 0x80 ? 1
                      : utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                         static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (u >= 0x80 && n > 0 && cp > 0x9F) {  // a printable character beyond ASCII
      out.append(s.substr(i, static_cast<std::size_t>(n)));
    } else if (u >= 0x80 && n > 0) {  // C1 control
      out += "\\u00";
      out.push_back(kHex[cp >> 4]);
      out.push_back(kHex[cp & 0xF]);
    } else {  // C0 control, DEL, or a byte that is not UTF-8
      n = 1;
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
    i += static_cast<std::size_t>(n);
  }
  return out;
}

namespace {

// Each byte as itself, or its lower case for an ASCII capital.
constexpr std::array<char, 256> kAsciiLower = [] {
  std::array<char, 256> t{};
  for (int i = 0; i < 256; ++i)
    t[static_cast<std::size_t>(i)] = static_cast<char>(i >= 'A' && i <= 'Z' ? i - 'A' + 'a' : i);
  return t;
}();

// Collapses runs of white space to one space and trims; with `lower`, ASCII letters are
// lower-cased on the way (the case folding of pure-ASCII text).
std::string collapse_spaces(std::string_view s, bool lower) {
  // The key is never longer than s: a space is written only for white space read.
  std::string key(s.size(), '\0');
  char* const begin = key.data();
  char* out = begin;
  bool space = false;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      space = out != begin;
      continue;
    }
    if (space) *out++ = ' ';
    space = false;
    *out++ = lower ? kAsciiLower[u] : c;
  }
  key.resize(static_cast<std::size_t>(out - begin));
  return key;
}

}  // namespace

namespace {

constexpr auto kFoldOptions =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                   UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_LUMP);

bool is_ascii(char c) { return static_cast<unsigned char>(c) < 0x80; }

// utf8proc's fold of s appended to out; false when s is not UTF-8.
bool map_into(std::string& out, std::string_view s) {
  utf8proc_uint8_t* mapped = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(s.size()), &mapped, kFoldOptions);
  if (n < 0) return false;
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  out.append(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  return true;
}

}  // namespace

std::string fold_unsegmented(std::string_view s) {
  std::string out;
  if (!map_into(out, s)) return collapse_spaces(s, false);
  return collapse_spaces(out, false);
}

std::string fold(std::string_view s) {
  // Pure ASCII (most lines of a page): NFKC, STRIPMARK and LUMP leave it as it is and case
  // folding is lower-casing, so utf8proc is not needed.
  if (ascii_prefix(s) == s.size()) return collapse_spaces(s, true);
  // Otherwise utf8proc maps only each run of non-ASCII characters, with the ASCII character
  // before it (the base a combining mark may follow); ASCII in between is lower-cased. No
  // normalisation joins a character to the ASCII character after it, so this is the fold of
  // the whole text (fold_unsegmented; tests/lib/text_test.cpp compares the two).
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t j = i + ascii_prefix(s.substr(i));
    const std::size_t run_start = j < s.size() && j > i ? j - 1 : j;  // keep the base
    for (std::size_t k = i; k < run_start; ++k)
      out.push_back(s[k] >= 'A' && s[k] <= 'Z' ? static_cast<char>(s[k] - 'A' + 'a') : s[k]);
    if (run_start == s.size()) break;
    std::size_t end = j;
    while (end < s.size() && !is_ascii(s[end])) ++end;
    if (!map_into(out, s.substr(run_start, end - run_start))) return collapse_spaces(s, false);
    i = end;
  }
  return collapse_spaces(out, false);
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < s.size()) {
    const auto nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(s.substr(start));
      break;
    }
    lines.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

namespace {

// Decodes one code point at s[i]; returns its byte length (1 for an invalid byte).
std::size_t next_code_point(std::string_view s, std::size_t i, utf8proc_int32_t& cp) {
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                  static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0) {
    cp = 0xFFFD;
    return 1;
  }
  return static_cast<std::size_t>(n);
}

}  // namespace

int display_width(std::string_view s) {
  int width = 0;
  for (std::size_t i = 0; i < s.size();) {
    utf8proc_int32_t cp = 0;
    i += next_code_point(s, i, cp);
    width += utf8proc_charwidth(cp);
  }
  return width;
}

std::string_view prefix_by_width(std::string_view s, int columns) {
  int width = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    utf8proc_int32_t cp = 0;
    const auto n = next_code_point(s, i, cp);
    const int w = utf8proc_charwidth(cp);
    if (width + w > columns) break;
    width += w;
    i += n;
  }
  return s.substr(0, i);
}

std::string sha256_hex(std::string_view bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_SIZE);
  for (std::size_t i = 0; i < SHA256_DIGEST_SIZE; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }
bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

std::string join(const std::vector<std::string>& pieces, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i) out.append(sep);
    out.append(pieces[i]);
  }
  return out;
}

}  // namespace vetq
