#include "parsers/common/html_holdout.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vetq::parsers {

namespace {

// Markers are U+E000 + n, n < kMarkers: three bytes of UTF-8, the first always 0xEE. Runs
// and values past the 4,096th stay in the page.
constexpr char kMarkerLead = '\xEE';
constexpr std::size_t kMarkers = 0x1000;
constexpr char32_t kFirstMarker = 0xE000;
// Shorter runs and values are left to gumbo: the marker would save little.
constexpr std::size_t kMinHeld = 4;
constexpr std::size_t kMinValue = 4;

bool is_marker(utf8proc_int32_t cp) {
  return cp >= static_cast<utf8proc_int32_t>(kFirstMarker) &&
         cp < static_cast<utf8proc_int32_t>(kFirstMarker + kMarkers);
}

void append_marker(std::string& out, std::size_t n) {
  const auto cp = static_cast<std::uint32_t>(kFirstMarker + n);
  out.push_back(kMarkerLead);
  out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
  out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
}

// The number of the marker at s[at] (a 0xEE byte), or kMarkers when it is not a whole one.
std::size_t marker_at(std::string_view s, std::size_t at) {
  if (s.size() - at < 3) return kMarkers;
  const auto b1 = static_cast<unsigned char>(s[at + 1]), b2 = static_cast<unsigned char>(s[at + 2]);
  if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return kMarkers;
  return (static_cast<std::size_t>(b1 & 0x3F) << 6) | (b2 & 0x3F);
}

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether gumbo passes every character of `run` through as it is: printable ASCII but '<' and
// '&', tab, line feed, form feed, and valid UTF-8 above U+009F that is neither a noncharacter
// nor a marker. gumbo turns CR into a line feed and control characters and noncharacters into
// U+FFFD (utf8.c); those runs stay in the page. An attribute value is held only with printable
// ASCII but the characters that end or change a tokenizer state inside a tag or a comment.
constexpr std::array<bool, 128> kPlainAscii = [] {
  std::array<bool, 128> plain{};
  for (int c = 0x20; c < 0x7F; ++c) plain[c] = c != '<' && c != '&';
  plain['\t'] = plain['\n'] = plain['\f'] = true;
  return plain;
}();
constexpr std::array<bool, 128> kInertAscii = [] {
  std::array<bool, 128> inert{};
  for (int c = 0x20; c < 0x7F; ++c)
    inert[c] = c != '<' && c != '&' && c != '>' && c != '"' && c != '\'';
  return inert;
}();

bool passes_through(std::string_view run, const std::array<bool, 128>& ascii = kPlainAscii) {
  for (std::size_t i = 0; i < run.size();) {
    const auto u = static_cast<unsigned char>(run[i]);
    if (u < 0x80) {
      if (!ascii[u]) return false;
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(run.data() + i),
                                    static_cast<utf8proc_ssize_t>(run.size() - i), &cp);
    if (n <= 0 || cp < 0xA0 || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE ||
        is_marker(cp))
      return false;
    i += static_cast<std::size_t>(n);
  }
  return true;
}

// Whether gumbo could put a marker into its tree from the page itself: a character of
// U+E000-U+EFFF (lead byte 0xEE), or a numeric character reference to one ("&#57344;",
// "&#xE000;").
bool spells_marker(std::string_view html) {
  if (html.find(kMarkerLead) != std::string_view::npos) return true;
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
    if (is_marker(static_cast<utf8proc_int32_t>(value))) return true;
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

// A held value's place in the page, and its number among the held values.
struct ValueAt {
  std::size_t at, size, value;
};

// The values worth holding (see html_holdout.h), numbered in held.values; their places, in
// page order.
std::vector<ValueAt> pick_values(std::string_view html, const std::vector<AttrValue>& values,
                                 HeldText& held) {
  std::vector<ValueAt> out;
  std::unordered_map<std::string, std::size_t> numbers;  // name '\0' value -> number
  std::string key;
  for (const AttrValue& v : values) {
    if (v.size < kMinValue || v.name == "type" || v.name == "encoding" || v.name == "prompt")
      continue;
    const std::string_view value = html.substr(v.at, v.size);
    if (!passes_through(value, kInertAscii)) continue;
    key.assign(v.name).push_back('\0');
    key.append(value);
    auto it = numbers.find(key);
    if (it == numbers.end()) {
      if (held.texts.size() + held.values.size() >= kMarkers) continue;
      it = numbers.emplace(key, held.values.size()).first;
      held.values.push_back(value);
    }
    out.push_back({v.at, v.size, it->second});
  }
  return out;
}

class Assembler {
 public:
  Assembler(std::string_view html, HeldText& held, std::vector<ValueAt> values)
      : html_(html), held_(held), values_(std::move(values)) {
    held_.html.reserve(html.size());
    held_.lines.reserve(held_.texts.size());
  }

  // Copies html up to `to`, shrinking the runs of white space of [from, to) (from >= copied).
  void copy(std::size_t from, std::size_t to, bool shrink) {
    markup(from);
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
    markup(at);
    append_marker(held_.html, k);
    held_.lines.push_back(line_feeds(run));
    held_.html.append(held_.lines.back(), '\n');
    copied_ = at + run.size();
  }

  std::size_t copied() const { return copied_; }

 private:
  // Copies the markup up to `to` (outside text regions), its held values as their markers.
  void markup(std::size_t to) {
    for (; next_ < values_.size() && values_[next_].at < to; ++next_) {
      const ValueAt& v = values_[next_];
      if (v.at < copied_) continue;  // never: values lie in tags, text regions between them
      held_.html.append(html_.substr(copied_, v.at - copied_));
      append_marker(held_.html, held_.texts.size() + v.value);
      copied_ = v.at + v.size;
    }
    held_.html.append(html_.substr(copied_, to - copied_));
    copied_ = to;
  }

  std::string_view html_;
  HeldText& held_;
  std::vector<ValueAt> values_;
  std::size_t next_ = 0;  // the next value to hold
  std::size_t copied_ = 0;
};

}  // namespace

HeldText hold_out_text(std::string_view html, const std::vector<TextRegion>& regions,
                       const std::vector<AttrValue>& values) {
  HeldText held;
  if ((regions.empty() && values.empty()) || spells_marker(html)) return held;
  for (const TextRegion& r : regions) runs_of(html, r.at, r.at + r.size, held.texts);
  if (held.texts.size() > kMarkers) held.texts.resize(kMarkers);
  std::vector<ValueAt> value_at = pick_values(html, values, held);
  if (held.empty()) return held;
  const std::size_t shrink_at = shrink_from(html);
  Assembler out(html, held, std::move(value_at));
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

bool has_marker(std::string_view s) { return s.find(kMarkerLead) != std::string_view::npos; }
bool has_marker(const char* s) { return s && has_marker(std::string_view(s)); }

// Puts the held runs and values back into gumbo's tree, checking that each marker is where it
// can only be if gumbo read the page around it as the scan did.
class Restorer {
 public:
  Restorer(const HeldText& held, std::deque<std::string>& store)
      : held_(held), store_(store), seen_(held.texts.size()), value_text_(held.values.size()) {}

  // Held runs back into one text node. False on a marker that is not a run's, whole, seen for
  // the first time, with its line feeds.
  bool text(GumboText& text) {
    const std::string_view t = text.text;
    std::size_t m = t.find(kMarkerLead);
    if (m == std::string_view::npos) return true;
    std::string& out = store_.emplace_back();
    out.reserve(t.size() * 2);
    std::size_t from = 0;
    while (m != std::string_view::npos) {
      out.append(t.substr(from, m - from));
      const std::size_t k = marker_at(t, m);
      if (k >= held_.texts.size() || seen_[k]) return false;
      const std::size_t i = m + 3, lines = held_.lines[k];
      if (t.size() - i < lines ||
          t.substr(i, lines).find_first_not_of('\n') != std::string_view::npos)
        return false;
      seen_[k] = true;
      ++found_;
      out.append(held_.texts[k]);
      from = i + lines;
      m = t.find(kMarkerLead, from);
    }
    out.append(t.substr(from));
    text.text = out.c_str();
    return true;
  }

  // Held values back into an element's attributes: a marker must be the whole value, and a
  // value's (gumbo copies an element's attributes when it clones it: each copy gets it back).
  bool attributes(GumboElement& e) {
    if (e.tag == GUMBO_TAG_UNKNOWN &&
        has_marker(std::string_view(e.original_tag.data, e.original_tag.length)))
      return false;
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      auto* a = static_cast<GumboAttribute*>(e.attributes.data[i]);
      if (has_marker(a->name)) return false;
      const std::string_view v = a->value;
      if (!has_marker(v)) continue;
      const std::size_t k = v.size() == 3 && v[0] == kMarkerLead ? marker_at(v, 0) : kMarkers;
      if (k < held_.texts.size() || k - held_.texts.size() >= held_.values.size()) return false;
      const std::size_t n = k - held_.texts.size();
      if (!value_text_[n]) value_text_[n] = &store_.emplace_back(held_.values[n]);
      a->value = value_text_[n]->c_str();
    }
    return true;
  }

  bool all_texts_found() const { return found_ == held_.texts.size(); }

 private:
  const HeldText& held_;
  std::deque<std::string>& store_;
  std::vector<bool> seen_;
  std::size_t found_ = 0;
  std::vector<const std::string*> value_text_;  // in store_, made when first put back
};

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

void push_children(const GumboVector& kids, std::vector<GumboNode*>& stack) {
  for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<GumboNode*>(kids.data[i]));
}

}  // namespace

bool restore_held_text(GumboNode* root, const HeldText& held, std::deque<std::string>& store) {
  Restorer restore(held, store);
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // text nodes' [start, end) in the input
  std::vector<GumboNode*> stack{root};
  while (!stack.empty()) {
    GumboNode* n = stack.back();
    stack.pop_back();
    switch (n->type) {
      case GUMBO_NODE_DOCUMENT: {
        const GumboDocument& d = n->v.document;
        if (has_marker(d.name) || has_marker(d.public_identifier) ||
            has_marker(d.system_identifier))
          return false;
        push_children(d.children, stack);
        break;
      }
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        if (!restore.attributes(n->v.element)) return false;
        push_children(n->v.element.children, stack);
        break;
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        spans.emplace_back(n->v.text.start_pos.offset,
                           n->v.text.start_pos.offset + n->v.text.original_text.length);
        if (!restore.text(n->v.text)) return false;
        break;
      default:  // a comment: no marker can be in one
        if (has_marker(n->v.text.text)) return false;
        break;
    }
  }
  return restore.all_texts_found() && shrunk_in_text(held, spans);
}

}  // namespace vetq::parsers
