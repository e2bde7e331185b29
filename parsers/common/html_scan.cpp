#include "parsers/common/html_scan.h"

#include <fmt/format.h>
#include <gumbo.h>

#include <algorithm>

#include "parsers/common/html_tree.h"

namespace vetq::parsers {

namespace html_tree {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void fail_at(std::string_view html, std::size_t at, const std::string& message) {
  const auto line = 1 + std::count(html.begin(), html.begin() + static_cast<long>(at), '\n');
  throw HtmlLimitError(static_cast<int>(line), message);
}

}  // namespace html_tree

namespace {

using html_tree::fail_at;
using html_tree::lower;
using html_tree::OpenElements;
using html_tree::Tag;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The tokenizer's side of the scan: comments, doctypes, tags and their attributes, raw text;
// the tags go to OpenElements (html_tree.cpp).
class Scanner {
 public:
  Scanner(std::string_view s, const InputLimits& limits, std::vector<TextRegion>* text,
          std::vector<AttrValue>* values)
      : s_(s), lim_(limits), tree_(s, limits), text_(text), values_(values) {}

  void run() {
    constexpr std::size_t kNone = std::string_view::npos;
    std::size_t text_from = 0;  // where markup ended; kNone after a '<' that opened none
    while (i_ < s_.size()) {
      const std::size_t lt = s_.find('<', i_);
      if (text_ && text_from != kNone && text_from < std::min(lt, s_.size()))
        text_->push_back({text_from, std::min(lt, s_.size()) - text_from});
      if (lt == std::string_view::npos) return;
      i_ = lt;
      text_from = kNone;
      const std::string_view rest = s_.substr(lt);
      if (rest.starts_with("<!--")) {
        comment();
      } else if (rest.starts_with("<![CDATA[") && !tree_.in_html_content()) {
        node(lt);
        const std::size_t end = s_.find("]]>", lt + 9);
        i_ = end == std::string_view::npos ? s_.size() : end + 3;
      } else if (rest.starts_with("<!") || rest.starts_with("<?") ||
                 (rest.starts_with("</") && rest.size() > 2 && !is_alpha(rest[2]) &&
                  rest[2] != '>')) {
        node(lt);  // doctype, processing instruction, "</3": a bogus comment up to '>'
        skip_past('>');
      } else if (rest.size() > 2 && (is_alpha(rest[1]) || (rest[1] == '/' && is_alpha(rest[2])))) {
        tag();
      } else {
        ++i_;  // a '<' in text (or "</>", which is dropped)
        continue;
      }
      text_from = i_;
    }
  }

 private:
  void node(std::size_t at) {
    if (++nodes_ > static_cast<long>(lim_.max_html_nodes)) {
      fail_at(s_, at,
              fmt::format("the page holds more than {} elements, attributes and comments "
                          "(--max-html-nodes) — raise --max-html-nodes if it is a real page",
                          lim_.max_html_nodes));
    }
  }

  void skip_past(char c) {
    const std::size_t at = s_.find(c, i_);
    i_ = at == std::string_view::npos ? s_.size() : at + 1;
  }

  // "<!--": ends at "-->" or "--!>"; "<!-->" and "<!--->" end at once.
  void comment() {
    node(i_);
    const std::string_view body = s_.substr(i_ + 4);
    if (body.starts_with(">") || body.starts_with("->")) {
      i_ += body.starts_with(">") ? 5 : 6;
      return;
    }
    const std::size_t a = s_.find("-->", i_ + 4), b = s_.find("--!>", i_ + 4);
    const std::size_t end = std::min(a, b);
    i_ = end == std::string_view::npos ? s_.size() : end + (end == a ? 3 : 4);
  }

  // Reads a start or end tag from '<' to its '>' (quoted attribute values may hold '>').
  Tag read_tag() {
    Tag t;
    t.at = i_;
    t.end = s_[i_ + 1] == '/';
    i_ += t.end ? 2 : 1;
    const std::size_t start = i_;
    while (i_ < s_.size() && !is_html_space(s_[i_]) && s_[i_] != '/' && s_[i_] != '>') ++i_;
    t.name = lower(s_.substr(start, i_ - start));
    t.tag = gumbo_tagn_enum(t.name.data(), static_cast<unsigned>(t.name.size()));
    if (!t.end) node(t.at);
    const std::size_t attributes_at = i_;
    int attributes = 0;
    while (i_ < s_.size() && s_[i_] != '>') {
      const char c = s_[i_];
      if (is_html_space(c)) {
        ++i_;
      } else if (c == '/') {
        ++i_;
        t.self_closing = i_ < s_.size() && s_[i_] == '>';
      } else {
        const std::size_t name_at = i_++;
        while (i_ < s_.size() && !is_html_space(s_[i_]) && s_[i_] != '/' && s_[i_] != '>' &&
               s_[i_] != '=')
          ++i_;
        attribute(t, name_at, ++attributes);
      }
    }
    t.attributes = s_.substr(attributes_at, i_ - attributes_at);
    if (i_ < s_.size()) ++i_;  // '>'
    return t;
  }

  // One attribute (gumbo checks each against the element's others: keep them few), and its
  // "= value", if any.
  void attribute(Tag& t, std::size_t at, int count) {
    node(at);
    if (count > lim_.max_html_attributes) {
      fail_at(s_, at,
              fmt::format("an element with more than {} attributes (--max-html-attributes) "
                          "— raise --max-html-attributes if it is a real page",
                          lim_.max_html_attributes));
    }
    const std::string name = lower(s_.substr(at, i_ - at));
    if (name == "color" || name == "face" || name == "size") t.font_breakout = true;
    while (i_ < s_.size() && is_html_space(s_[i_])) ++i_;
    if (i_ >= s_.size() || s_[i_] != '=') return;
    ++i_;
    while (i_ < s_.size() && is_html_space(s_[i_])) ++i_;
    const std::size_t value_at = i_;
    if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '\'')) {
      const char quote = s_[i_++];
      skip_past(quote);
      if (values_ && s_[i_ - 1] == quote && i_ - 1 > value_at)
        values_->push_back({value_at + 1, i_ - 2 - value_at, name});
    } else {
      while (i_ < s_.size() && !is_html_space(s_[i_]) && s_[i_] != '>') ++i_;
    }
    if (name == "encoding") {
      std::string value = lower(s_.substr(value_at, i_ - value_at));
      std::erase_if(value, [](char c) { return c == '"' || c == '\''; });
      t.html_encoding = value == "text/html" || value == "application/xhtml+xml";
    }
  }

  // Whether the text at `at` is "<name" or "</name" (any case) ending the tag name.
  bool tag_at(std::size_t at, std::string_view open, const std::string& name) const {
    const std::size_t after = at + open.size() + name.size();
    return s_.substr(at).starts_with(open) && after <= s_.size() &&
           lower(s_.substr(at + open.size(), name.size())) == name &&
           (after == s_.size() || is_html_space(s_[after]) || s_[after] == '/' || s_[after] == '>');
  }

  // Text up to the element's end tag, which it consumes. In a script, "<!--" escapes and a
  // "<script" inside the escape hides "</script>" until "-->" (the tokenizer's script data
  // states): text the scan must not read as tags.
  void skip_raw_text(const std::string& name) {
    const bool script = name == "script";
    enum { kData, kEscaped, kDoubleEscaped } state = kData;
    for (; i_ < s_.size(); ++i_) {
      if (s_[i_] == '-' && state != kData && s_.substr(i_).starts_with("-->")) {
        state = kData;
        i_ += 2;
      } else if (s_[i_] != '<') {
        continue;
      } else if (script && state == kData && s_.substr(i_).starts_with("<!--")) {
        state = kEscaped;
        ++i_;  // its dashes may close it at once: "<!-->"
      } else if (tag_at(i_, "</", name)) {
        if (state != kDoubleEscaped) return skip_past('>');
        state = kEscaped;
      } else if (script && state == kEscaped && tag_at(i_, "<", name)) {
        state = kDoubleEscaped;
      }
    }
  }

  void tag() {
    const Tag t = read_tag();
    if (t.end)
      tree_.end_tag(t);
    else if (tree_.start_tag(t))
      skip_raw_text(t.name);
  }

  std::string_view s_;
  const InputLimits& lim_;
  OpenElements tree_;
  std::vector<TextRegion>* text_;
  std::vector<AttrValue>* values_;
  std::size_t i_ = 0;
  long nodes_ = 0;
};

}  // namespace

void check_html_limits(std::string_view html, const InputLimits& limits,
                       std::vector<TextRegion>* text, std::vector<AttrValue>* values) {
  Scanner(html, limits, text, values).run();
}

}  // namespace vetq::parsers
