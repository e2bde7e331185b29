#include "parsers/common/html_holdout.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

namespace vetq::parsers {

namespace {

constexpr std::string_view kOpen = "\xEE\x80\x80";   // U+E000
constexpr std::string_view kClose = "\xEE\x80\x81";  // U+E001
// Shorter runs are left to gumbo: the marker would save little.
constexpr std::size_t kMinHeld = 16;
constexpr std::size_t kMaxDigits = 9;

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether gumbo passes every character of `run` through as it is: printable ASCII but '<' and
// '&', tab, line feed, form feed, and valid UTF-8 above U+009F that is neither a noncharacter
// nor a marker. gumbo turns CR into a line feed and control characters and noncharacters into
// U+FFFD (utf8.c); those runs stay in the page.
constexpr std::array<bool, 128> kPlainAscii = [] {
  std::array<bool, 128> plain{};
  for (int c = 0x20; c < 0x7F; ++c) plain[c] = c != '<' && c != '&';
  plain['\t'] = plain['\n'] = plain['\f'] = true;
  return plain;
}();

bool passes_through(std::string_view run) {
  for (std::size_t i = 0; i < run.size();) {
    const auto u = static_cast<unsigned char>(run[i]);
    if (u < 0x80) {
      if (!kPlainAscii[u]) return false;
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(run.data() + i),
                                    static_cast<utf8proc_ssize_t>(run.size() - i), &cp);
    if (n <= 0 || cp < 0xA0 || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE ||
        cp == 0xE000 || cp == 0xE001)
      return false;
    i += static_cast<std::size_t>(n);
  }
  return true;
}

// Whether gumbo could put U+E000 into a text node from the page itself: the character, or a
// numeric character reference to it ("&#57344;", "&#xE000;").
bool spells_marker(std::string_view html) {
  if (html.find(kOpen) != std::string_view::npos) return true;
  for (auto at = html.find("&#"); at != std::string_view::npos; at = html.find("&#", at + 2)) {
    std::size_t i = at + 2;
    const bool hex = i < html.size() && (html[i] == 'x' || html[i] == 'X');
    i += hex ? 1 : 0;
    unsigned long value = 0;
    for (; i < html.size(); ++i) {
      const char c = html[i];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) break;
      value = std::min(value * (hex ? 16 : 10) + static_cast<unsigned long>(digit), 0x110000UL);
    }
    if (value == 0xE000) return true;
  }
  return false;
}

// The runs worth holding in [from, to): a piece of text between character references, less
// the white space at its ends (the tree builder treats white space apart).
void runs_of(std::string_view html, std::size_t from, std::size_t to,
             std::vector<std::string_view>& out) {
  std::size_t i = from;
  while (i < to) {
    const void* amp = std::memchr(html.data() + i, '&', to - i);  // within the region only
    const std::size_t end =
        amp ? static_cast<std::size_t>(static_cast<const char*>(amp) - html.data()) : to;
    std::size_t a = i, b = end;
    while (a < b && is_html_space(html[a])) ++a;
    while (b > a && is_html_space(html[b - 1])) --b;
    const std::string_view run = html.substr(a, b - a);
    if (run.size() >= kMinHeld && passes_through(run)) out.push_back(run);
    if (end == to) return;
    // A character reference: its name or number stays for gumbo to decode, and so does what
    // it could be read to end with; the next run starts at another kind of character.
    i = end + 1;
    while (i < to && (is_ascii_alnum(html[i]) || html[i] == '#' || html[i] == ';')) ++i;
  }
}

std::size_t line_feeds(std::string_view s) {
  std::size_t n = 0;
  for (const char *p = s.data(), *end = p + s.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))); ++p)
    ++n;
  return n;
}

// White space (is_html_space) gumbo reads one character at a time, though its tree depends
// only on where the run is and the renderer only on its line breaks (CR LF and CR are line
// breaks as LF is). Not shrunk on a page that could hold an element that keeps white space
// (pre, textarea, listing, plaintext, xmp) or before its first <head or <body, where gumbo
// drops white space instead of keeping a text node of it.
bool starts_with_tag(std::string_view html, std::size_t at, std::string_view name) {
  return lower_at(html, at + 1, name);  // html[at] is '<'
}

// Where white space may be shrunk from: after the first <head or <body; npos when not at all.
std::size_t shrink_from(std::string_view html) {
  std::size_t from = std::string_view::npos;
  for (auto at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    for (std::string_view keeps : {"pre", "textarea", "listing", "plaintext", "xmp"})
      if (starts_with_tag(html, at, keeps)) return std::string_view::npos;
    if (from == std::string_view::npos &&
        (starts_with_tag(html, at, "head") || starts_with_tag(html, at, "body")))
      from = at;
  }
  return from;
}

// The white space of html[a, b), as gumbo will count its lines: that many line feeds, or one
// space.
void append_shrunk(std::string& out, std::string_view white) {
  std::size_t breaks = 0;
  for (std::size_t i = 0; i < white.size(); ++i)
    if (white[i] == '\n' || (white[i] == '\r' && (i + 1 == white.size() || white[i + 1] != '\n')))
      ++breaks;
  if (breaks == 0)
    out.push_back(' ');
  else
    out.append(breaks, '\n');
}

class Assembler {
 public:
  Assembler(std::string_view html, HeldText& held) : html_(html), held_(held) {
    held_.html.reserve(html.size());
    held_.lines.reserve(held_.texts.size());
  }

  // Copies html up to `to`, shrinking the runs of white space of [from, to) (from >= copied).
  void copy(std::size_t from, std::size_t to, bool shrink) {
    held_.html.append(html_.substr(copied_, from - copied_));
    copied_ = from;
    for (std::size_t i = from; shrink && i < to;) {
      if (!is_html_space(html_[i])) {
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      while (j < to && is_html_space(html_[j])) ++j;
      if (j - i >= 2) {
        held_.html.append(html_.substr(copied_, i - copied_));
        const std::size_t at = held_.html.size();
        append_shrunk(held_.html, html_.substr(i, j - i));
        held_.shrunk.push_back({at, held_.html.size() - at});
        copied_ = j;
      }
      i = j;
    }
    held_.html.append(html_.substr(copied_, to - copied_));
    copied_ = to;
  }

  // Replaces held run k by its marker.
  void hold(std::size_t k) {
    const std::string_view run = held_.texts[k];
    const auto at = static_cast<std::size_t>(run.data() - html_.data());
    copy(at, at, false);
    held_.html.append(kOpen);
    held_.html.append(std::to_string(k));
    held_.html.append(kClose);
    held_.lines.push_back(line_feeds(run));
    held_.html.append(held_.lines.back(), '\n');
    copied_ = at + run.size();
  }

  std::size_t copied() const { return copied_; }

 private:
  std::string_view html_;
  HeldText& held_;
  std::size_t copied_ = 0;
};

}  // namespace

HeldText hold_out_text(std::string_view html, const std::vector<TextRegion>& regions) {
  HeldText held;
  if (regions.empty() || spells_marker(html)) return held;
  for (const TextRegion& r : regions) runs_of(html, r.at, r.at + r.size, held.texts);
  if (held.texts.empty()) return held;
  const std::size_t shrink_at = shrink_from(html);
  Assembler out(html, held);
  std::size_t k = 0;  // the next held run
  for (const TextRegion& r : regions) {
    const std::size_t end = r.at + r.size;
    std::size_t i = r.at;
    while (i < end) {
      const bool held_next = k < held.texts.size() &&
                             static_cast<std::size_t>(held.texts[k].data() - html.data()) < end;
      const std::size_t stop =
          held_next ? static_cast<std::size_t>(held.texts[k].data() - html.data()) : end;
      out.copy(i, stop, shrink_at != std::string_view::npos && i >= shrink_at);
      if (!held_next) break;
      out.hold(k);
      i = out.copied();
      ++k;
    }
  }
  out.copy(html.size(), html.size(), false);
  return held;
}

namespace {

// Puts the held runs back into one text node. False on a marker that is not one of ours,
// whole, seen for the first time.
bool restore_node(GumboText& text, const HeldText& held, std::vector<bool>& seen,
                  std::size_t& found, std::deque<std::string>& store) {
  const std::string_view t = text.text;
  std::size_t m = t.find(kOpen);
  if (m == std::string_view::npos) return true;
  std::string& out = store.emplace_back();
  out.reserve(t.size() * 2);
  std::size_t from = 0;
  while (m != std::string_view::npos) {
    out.append(t.substr(from, m - from));
    std::size_t i = m + kOpen.size(), k = 0;
    const std::size_t digits_at = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i - digits_at < kMaxDigits)
      k = k * 10 + static_cast<std::size_t>(t[i++] - '0');
    if (i == digits_at || k >= held.texts.size() || seen[k] || t.substr(i, 3) != kClose)
      return false;
    i += kClose.size();
    const std::string_view run = held.texts[k];
    const std::size_t lines = held.lines[k];
    if (t.substr(i, lines).find_first_not_of('\n') != std::string_view::npos ||
        t.size() - i < lines)
      return false;
    seen[k] = true;
    ++found;
    out.append(run);
    from = i + lines;
    m = t.find(kOpen, from);
  }
  out.append(t.substr(from));
  text.text = out.c_str();
  return true;
}

// Whether each shrunk run lies in a text node's source (sorted spans of gumbo's input): else
// gumbo read it otherwise than the scan (as markup, or white space it drops).
bool shrunk_in_text(const HeldText& held, std::vector<std::pair<std::size_t, std::size_t>>& spans) {
  std::sort(spans.begin(), spans.end());
  for (const auto& [at, size] : held.shrunk) {
    auto it = std::upper_bound(spans.begin(), spans.end(),
                               std::pair{at, std::numeric_limits<std::size_t>::max()});
    if (it == spans.begin() || std::prev(it)->second < at + size) return false;
  }
  return true;
}

}  // namespace

bool restore_held_text(GumboNode* root, const HeldText& held, std::deque<std::string>& store) {
  std::vector<bool> seen(held.texts.size());
  std::size_t found = 0;
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // text nodes' [start, end) in the input
  std::vector<GumboNode*> stack{root};
  while (!stack.empty()) {
    GumboNode* n = stack.back();
    stack.pop_back();
    switch (n->type) {
      case GUMBO_NODE_DOCUMENT:
        for (unsigned i = n->v.document.children.length; i-- > 0;)
          stack.push_back(static_cast<GumboNode*>(n->v.document.children.data[i]));
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        for (unsigned i = n->v.element.children.length; i-- > 0;)
          stack.push_back(static_cast<GumboNode*>(n->v.element.children.data[i]));
        break;
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        spans.emplace_back(n->v.text.start_pos.offset,
                           n->v.text.start_pos.offset + n->v.text.original_text.length);
        if (!restore_node(n->v.text, held, seen, found, store)) return false;
        break;
      default:  // comments: a marker there is missing from the text, and found so
        break;
    }
  }
  return found == held.texts.size() && shrunk_in_text(held, spans);
}

}  // namespace vetq::parsers
