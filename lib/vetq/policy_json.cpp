// A policy's JSON document written straight from the record: the text dump(to_json(r)) gives,
// without building the Json tree first. Ingest serialises every page it reads; building the
// tree, dumping it and freeing it took about a sixth of the parse workers' time. Every value
// is written as nlohmann's serializer writes it (tests/lib/record_text_test.cpp compares the
// two on every sample and on generated records); a string that is not UTF-8 is handed to
// nlohmann itself.
#include <fmt/format.h>

#include <cstdint>
#include <cstring>

#include "vetq/json.h"
#include "vetq/text.h"

namespace vetq {

namespace {

// The length of s's leading run of bytes a JSON string holds as they are (not '"', '\\' or a
// C0 control), eight bytes at a time (the SWAR tests of "Bit Twiddling Hacks": a byte below
// n, a zero byte after XOR; exact as yes/no answers).
std::size_t plain_prefix(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t v) { return ((v - kOnes) & ~v & kHigh) != 0; };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    const bool control = ((w - kOnes * 0x20) & ~w & kHigh) != 0;
    if (control || has_zero(w ^ (kOnes * '"')) || has_zero(w ^ (kOnes * '\\'))) break;
  }
  return i;
}

// Writes a value of a JSON object or array: a comma before every member but the first.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void open(char c) {
    comma();
    out_ += c;
    first_ = true;
  }
  void close(char c) {
    out_ += c;
    first_ = false;
  }
  Writer& key(std::string_view k) {  // keys are this file's ASCII literals
    comma();
    out_ += '"';
    out_ += k;
    out_ += "\":";
    first_ = true;
    return *this;
  }
  void str(std::string_view s) {
    comma();
    escaped(s);
  }
  void num(long long v) {
    comma();
    fmt::format_to(std::back_inserter(out_), "{}", v);
  }
  void boolean(bool b) {
    comma();
    out_ += b ? "true" : "false";
  }
  void null() {
    comma();
    out_ += "null";
  }
  void opt(const std::optional<std::string>& v) { v ? str(*v) : null(); }
  void opt(const std::optional<int>& v) { v ? num(*v) : null(); }
  void strings(const std::vector<std::string>& v) {
    open('[');
    for (const auto& s : v) str(s);
    close(']');
  }
  void span(const LineSpan& s) {
    open('[');
    num(s.first);
    num(s.last);
    close(']');
  }
  // An array of objects under `k`: `members` writes each item's members.
  template <typename T, typename F>
  void objects(std::string_view k, const std::vector<T>& items, F members) {
    key(k).open('[');
    for (const auto& x : items) {
      open('{');
      members(x);
      close('}');
    }
    close(']');
  }
  std::size_t size() const { return out_.size(); }

 private:
  void comma() {
    if (!first_) out_ += ',';
    first_ = false;
  }

  // As nlohmann's dump_escaped with ensure_ascii off: '"', '\\' and the C0 controls escaped,
  // the short forms where JSON has them, "\u00XX" (lower-case hex) otherwise.
  void escaped(std::string_view s) {
    if (invalid_utf8_offset(s)) {
      out_ += dump(Json(std::string(s)));
      return;
    }
    out_ += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      i += plain_prefix(s.substr(i));  // most text needs no escape
      if (i == s.size()) break;
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\t':
          out_ += "\\t";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\r':
          out_ += "\\r";
          break;
        default:
          fmt::format_to(std::back_inserter(out_), "\\u{:04x}", c);
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }

  std::string& out_;
  bool first_ = true;
};

void write_source(Writer& w, const Provenance& p) {
  w.open('{');
  w.key("path").str(p.path);
  w.key("sha256").str(p.sha256);
  w.key("format").str(p.format);
  w.key("lines").open('{');
  for (const auto& [name, s] : p.spans) w.key(name).span(s);
  w.close('}');
  if (!p.paragraph_lines.empty()) {
    w.key("paragraph_lines").open('{');
    for (const auto& [name, list] : p.paragraph_lines) {
      w.key(name).open('[');
      for (const auto& s : list) w.span(s);
      w.close(']');
    }
    w.close('}');
  }
  w.close('}');
}

// The members of a policy's lists, in to_json's order.
void write_lists(Writer& w, const PolicyRecord& r) {
  w.objects("year_notes", r.year_notes, [&](const YearNote& n) {
    w.key("year").num(n.year);
    w.key("stage").str(n.stage);
    w.key("text").opt(n.text);
  });
  w.objects("bodies", r.bodies, [&](const Body& b) {
    w.key("name").str(b.name);
    w.key("from").opt(b.from);
    w.key("until").opt(b.until);
  });
  w.objects("target_groups", r.target_groups, [&](const TargetGroup& g) {
    w.key("audience").str(g.audience);
    w.key("group").str(g.group);
  });
  w.objects("categories", r.categories, [&](const CategoryTag& c) {
    w.key("category").str(c.category);
    w.key("subcategory").opt(c.subcategory);
    w.key("evidence").str(c.evidence);
  });
  w.objects("priorities", r.priorities, [&](const Priority& p) {
    w.key("framework").str(p.framework);
    w.key("item").str(p.item);
  });
}

}  // namespace

std::string policy_json_text(const PolicyRecord& r, std::size_t* content_end) {
  std::string out;
  const auto bytes = [](const std::optional<std::string>& t) { return t ? t->size() : 0; };
  out.reserve(bytes(r.background) + bytes(r.objectives) + bytes(r.description) + 4096);
  Writer w(out);
  w.open('{');
  w.key("kind").str("policy");
  w.key("id").str(r.id);
  w.key("title").opt(r.title);
  w.key("country").opt(r.country);
  w.key("country_code").opt(r.country_code);
  w.key("type").opt(r.type);
  w.key("subsystem").strings(r.subsystem);
  w.key("edition").opt(r.edition);
  w.key("citation_year").opt(r.citation_year);
  w.key("url").opt(r.url);
  w.key("partial").boolean(r.partial);
  w.objects("timeline", r.timeline, [&](const TimelineEntry& t) {
    w.key("year").num(t.year);
    w.key("stage").str(t.stage);
  });
  w.key("background").opt(r.background);
  w.key("objectives").opt(r.objectives);
  w.key("description").opt(r.description);
  write_lists(w, r);
  w.key("further_reading").strings(r.further_reading);
  w.key("citation").opt(r.citation);
  if (content_end) *content_end = w.size();
  w.key("source");
  write_source(w, r.source);
  w.close('}');
  return out;
}

}  // namespace vetq
