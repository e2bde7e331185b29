#include "parsers/common/html_scan.h"

#include "parsers/common/html_tags.h"

#include <fmt/format.h>
#include <gumbo.h>

#include <algorithm>
#include <initializer_list>
#include <vector>

namespace vetq::parsers {

namespace {

using namespace html_tags;  // NOLINT: the categories, in this file only

bool one_of(GumboTag t, Tags set) { return std::find(set.begin(), set.end(), t) != set.end(); }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

enum class Ns : unsigned char { kHtml, kSvg, kMath };

struct Open {
  GumboTag tag;      // GUMBO_TAG_UNKNOWN for foreign elements
  std::string name;  // lower case
  Ns ns;
  // A foreign element whose children's start tags are HTML again (SVG foreignObject, desc and
  // title, MathML text elements, annotation-xml holding HTML).
  bool integration;
  bool boundary;           // a foreign element that scope and "special" checks stop at
  long formatting_id = 0;  // its entry in the list of active formatting elements
  bool special() const { return ns == Ns::kHtml ? kSpecial.has(tag) : boundary; }
  bool scope() const { return ns == Ns::kHtml ? kScope.has(tag) : boundary; }
  bool html(GumboTag t) const { return ns == Ns::kHtml && tag == t; }
};

// The list of active formatting elements: gumbo re-opens those no longer open (inside a new
// paragraph, say), so they count towards the depth.
struct Active {
  long id;  // 0: a marker
  GumboTag tag;
  std::string attributes;  // their text: three equal elements at most (the Noah's Ark clause)
  bool open;
};

struct Tag {
  std::size_t at = 0;  // offset of '<'
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  std::string name, attributes;
  bool end = false;
  bool self_closing = false;
  bool font_breakout = false;  // font with color, face or size
  bool html_encoding = false;  // encoding="text/html" or "application/xhtml+xml"
};

class Scanner {
 public:
  Scanner(std::string_view s, const InputLimits& limits) : s_(s), lim_(limits) {}

  void run() {
    while (i_ < s_.size()) {
      const std::size_t lt = s_.find('<', i_);
      if (lt == std::string_view::npos) return;
      i_ = lt;
      const std::string_view rest = s_.substr(lt);
      if (rest.starts_with("<!--")) {
        comment();
      } else if (rest.starts_with("<![CDATA[") && !in_html_content()) {
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
      }
    }
  }

 private:
  [[noreturn]] void fail(std::size_t at, const std::string& message) const {
    const auto line = 1 + std::count(s_.begin(), s_.begin() + static_cast<long>(at), '\n');
    throw HtmlLimitError(static_cast<int>(line), message);
  }

  void node(std::size_t at) {
    if (++nodes_ > static_cast<long>(lim_.max_html_nodes)) {
      fail(at, fmt::format("the page holds more than {} elements, attributes and comments "
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
    while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != '/' && s_[i_] != '>') ++i_;
    t.name = lower(s_.substr(start, i_ - start));
    t.tag = gumbo_tagn_enum(t.name.data(), static_cast<unsigned>(t.name.size()));
    if (!t.end) node(t.at);
    const std::size_t attributes_at = i_;
    int attributes = 0;
    while (i_ < s_.size() && s_[i_] != '>') {
      const char c = s_[i_];
      if (is_space(c)) {
        ++i_;
      } else if (c == '/') {
        ++i_;
        t.self_closing = i_ < s_.size() && s_[i_] == '>';
      } else {
        const std::size_t name_at = i_++;
        while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != '/' && s_[i_] != '>' &&
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
      fail(at, fmt::format("an element with more than {} attributes (--max-html-attributes) "
                           "— raise --max-html-attributes if it is a real page",
                           lim_.max_html_attributes));
    }
    const std::string name = lower(s_.substr(at, i_ - at));
    if (name == "color" || name == "face" || name == "size") t.font_breakout = true;
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
    if (i_ >= s_.size() || s_[i_] != '=') return;
    ++i_;
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
    const std::size_t value_at = i_;
    if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '\'')) {
      const char quote = s_[i_++];
      skip_past(quote);
    } else {
      while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != '>') ++i_;
    }
    if (name == "encoding") {
      std::string value = lower(s_.substr(value_at, i_ - value_at));
      std::erase_if(value, [](char c) { return c == '"' || c == '\''; });
      t.html_encoding = value == "text/html" || value == "application/xhtml+xml";
    }
  }

  // Text up to the element's end tag, which it consumes.
  void skip_raw_text(const std::string& name) {
    for (;;) {
      const std::size_t at = s_.find("</", i_);
      if (at == std::string_view::npos) {
        i_ = s_.size();
        return;
      }
      i_ = at + 2;
      const std::size_t after = i_ + name.size();
      if (after <= s_.size() && lower(s_.substr(i_, name.size())) == name &&
          (after == s_.size() || is_space(s_[after]) || s_[after] == '/' || s_[after] == '>')) {
        skip_past('>');
        return;
      }
    }
  }

  void tag() {
    const Tag t = read_tag();
    if (t.end)
      end_tag(t);
    else
      start_tag(t);
  }

  bool in_html_content() const {
    return stack_.empty() || stack_.back().ns == Ns::kHtml || stack_.back().integration;
  }

  void start_tag(const Tag& t) {
    if (!in_html_content()) {
      if (!kBreakout.has(t.tag) && !(t.tag == GUMBO_TAG_FONT && t.font_breakout)) {
        if (!t.self_closing) push(t, stack_.back().ns);
        return;
      }
      std::size_t k = stack_.size();
      while (k > 0 && stack_[k - 1].ns != Ns::kHtml && !stack_[k - 1].integration) --k;
      truncate(k);
    }
    if (t.tag == GUMBO_TAG_SVG || t.tag == GUMBO_TAG_MATH) {
      if (!t.self_closing) push(t, t.tag == GUMBO_TAG_SVG ? Ns::kSvg : Ns::kMath);
      return;
    }
    if (kVoid.has(t.tag) || t.tag == GUMBO_TAG_HTML || t.tag == GUMBO_TAG_HEAD ||
        t.tag == GUMBO_TAG_BODY || t.tag == GUMBO_TAG_FRAMESET)
      return;  // nothing opens (html, head, body: merged into the ones the page has)
    if (kRawText.has(t.tag)) {
      skip_raw_text(t.name);
      return;
    }
    if (kTableParts.has(t.tag) || t.tag == GUMBO_TAG_TABLE) {
      table_part(t);
      return;
    }
    close_implied(t.tag);
    push(t, Ns::kHtml);
    if (t.tag == GUMBO_TAG_PLAINTEXT) i_ = s_.size();  // the rest is text
  }

  // Implied end tags of a start tag in HTML content.
  void close_implied(GumboTag tag) {
    if (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT) {
      for (std::size_t k = stack_.size(); k-- > 0;) {
        const Open& o = stack_[k];
        const bool same = tag == GUMBO_TAG_LI ? o.html(GUMBO_TAG_LI)
                                              : o.html(GUMBO_TAG_DD) || o.html(GUMBO_TAG_DT);
        if (same) {
          truncate(k);
          break;
        }
        if (o.special() && !o.html(GUMBO_TAG_ADDRESS) && !o.html(GUMBO_TAG_DIV) &&
            !o.html(GUMBO_TAG_P))
          break;
      }
    }
    if (kClosesP.has(tag)) close_in_scope(GUMBO_TAG_P, {GUMBO_TAG_BUTTON});
    if (kHeadings.has(tag) && !stack_.empty() && stack_.back().ns == Ns::kHtml &&
        kHeadings.has(stack_.back().tag))
      truncate(stack_.size() - 1);
    if (tag == GUMBO_TAG_OPTION || tag == GUMBO_TAG_OPTGROUP) {
      if (!stack_.empty() && stack_.back().html(GUMBO_TAG_OPTION)) truncate(stack_.size() - 1);
      if (tag == GUMBO_TAG_OPTGROUP && !stack_.empty() && stack_.back().html(GUMBO_TAG_OPTGROUP))
        truncate(stack_.size() - 1);
    }
    if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_NOBR) close_formatting(tag);  // <a> ends an <a>
    if (tag == GUMBO_TAG_BUTTON) close_in_scope(tag, {});
  }

  // The nearest element deciding the insertion mode (see kModes), or nullptr.
  const Open* mode() const {
    for (std::size_t k = stack_.size(); k-- > 0;)
      if (stack_[k].ns == Ns::kHtml && kModes.has(stack_[k].tag)) return &stack_[k];
    return nullptr;
  }

  // Table sections and cells: ignored outside a table; inside one they close the cell, row
  // or section they cannot sit in.
  void table_part(const Tag& t) {
    const Open* m = mode();
    const bool in_table =
        m && m->tag != GUMBO_TAG_HTML && m->tag != GUMBO_TAG_TEMPLATE && m->tag != GUMBO_TAG_SELECT;
    if (t.tag == GUMBO_TAG_TABLE) {
      if (in_table && m->tag != GUMBO_TAG_TD && m->tag != GUMBO_TAG_TH)
        pop_to({GUMBO_TAG_TABLE}, true);  // a table in a table (not in a cell) ends it
      push(t, Ns::kHtml);
      return;
    }
    if (!in_table) return;
    if (t.tag == GUMBO_TAG_TD || t.tag == GUMBO_TAG_TH)
      pop_to({GUMBO_TAG_TR, GUMBO_TAG_TABLE}, false);
    else if (t.tag == GUMBO_TAG_TR)
      pop_to({GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT, GUMBO_TAG_TABLE}, false);
    else
      pop_to({GUMBO_TAG_TABLE}, false);
    if (t.tag != GUMBO_TAG_COL) push(t, Ns::kHtml);
  }

  // Pops the elements above the nearest of `tags`, and it too when `inclusive`.
  void pop_to(Tags tags, bool inclusive) {
    for (std::size_t k = stack_.size(); k-- > 0;) {
      if (stack_[k].ns == Ns::kHtml && one_of(stack_[k].tag, tags)) {
        truncate(inclusive ? k : k + 1);
        return;
      }
    }
  }

  // Closes `tag` when it is open in scope (kScope, plus `extra`).
  void close_in_scope(GumboTag tag, Tags extra) {
    for (std::size_t k = stack_.size(); k-- > 0;) {
      const Open& o = stack_[k];
      if (o.html(tag)) return truncate(k);
      if (o.scope() || (o.ns == Ns::kHtml && one_of(o.tag, extra))) return;
    }
  }

  // A formatting element's end (the adoption agency, estimated): it leaves the list of active
  // formatting elements; it is closed like any element when nothing special was opened inside
  // it, else gumbo moves elements around and the depth stays about the same.
  void close_formatting(GumboTag tag) {
    for (std::size_t k = active_.size(); k-- > 0 && active_[k].id != 0;) {
      if (active_[k].tag == tag) {
        active_.erase(active_.begin() + static_cast<long>(k));
        break;
      }
    }
    for (std::size_t k = stack_.size(); k-- > 0;) {
      const Open& o = stack_[k];
      if (o.html(tag)) return truncate(k);
      if (o.special() || o.scope()) return;
    }
  }

  void end_tag(const Tag& t) {
    if (!stack_.empty() && stack_.back().ns != Ns::kHtml) {
      // Foreign content: the nearest foreign element of that name, unless an HTML element
      // comes first (then it is an HTML end tag).
      for (std::size_t k = stack_.size(); k-- > 0 && stack_[k].ns != Ns::kHtml;)
        if (stack_[k].name == t.name) return truncate(k);
    }
    const GumboTag tag = t.tag;
    if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML ||
        tag == GUMBO_TAG_HEAD)
      return;
    if (kFormatting.has(tag)) return close_formatting(tag);
    if (tag == GUMBO_TAG_P) return close_in_scope(tag, {GUMBO_TAG_BUTTON});
    if (tag == GUMBO_TAG_LI) return close_in_scope(tag, {GUMBO_TAG_OL, GUMBO_TAG_UL});
    if (kBlockEnd.has(tag)) return close_in_scope(tag, {});
    if (kTableParts.has(tag) || tag == GUMBO_TAG_TABLE) {
      for (std::size_t k = stack_.size(); k-- > 0;) {
        if (stack_[k].html(tag)) return truncate(k);
        if (stack_[k].html(GUMBO_TAG_TABLE) || stack_[k].html(GUMBO_TAG_TEMPLATE)) return;
      }
      return;
    }
    if (kHeadings.has(tag)) {
      for (std::size_t k = stack_.size(); k-- > 0;) {
        if (stack_[k].ns == Ns::kHtml && kHeadings.has(stack_[k].tag)) return truncate(k);
        if (stack_[k].scope()) return;
      }
      return;
    }
    if (tag == GUMBO_TAG_FORM) return remove_form();
    // Any other end tag: the nearest element of that name, unless a special one comes first.
    for (std::size_t k = stack_.size(); k-- > 0;) {
      const Open& o = stack_[k];
      if (o.ns == Ns::kHtml && o.name == t.name) return truncate(k);
      if (o.special()) return;
    }
  }

  // </form> removes the form element alone; what it holds stays open.
  void remove_form() {
    for (std::size_t k = stack_.size(); k-- > 0;) {
      if (stack_[k].html(GUMBO_TAG_FORM)) {
        stack_.erase(stack_.begin() + static_cast<long>(k));
        return;
      }
      if (stack_[k].scope()) return;
    }
  }

  // Pops the open elements from index k on. A formatting element stays on the active list
  // (closed); a marker element clears the list back to its marker.
  void truncate(std::size_t k) {
    for (std::size_t j = stack_.size(); j-- > k;) {
      const Open& o = stack_[j];
      if (o.ns == Ns::kHtml && kMarkers.has(o.tag)) {
        while (!active_.empty() && active_.back().id != 0) active_.pop_back();
        if (!active_.empty()) active_.pop_back();
      }
      for (auto& a : active_)
        if (a.id == o.formatting_id) a.open = false;
    }
    stack_.resize(k);
  }

  void push(const Tag& t, Ns ns) {
    Open o{ns == Ns::kHtml ? t.tag : GUMBO_TAG_UNKNOWN, t.name, ns, false, false};
    const std::string& n = t.name;
    if (ns == Ns::kSvg) o.integration = n == "foreignobject" || n == "desc" || n == "title";
    if (ns == Ns::kMath) {
      o.integration = n == "mi" || n == "mo" || n == "mn" || n == "ms" || n == "mtext" ||
                      (n == "annotation-xml" && t.html_encoding);
      o.boundary = n == "annotation-xml";
    }
    o.boundary = o.boundary || o.integration;
    if (ns == Ns::kHtml && kMarkers.has(t.tag)) active_.push_back({0, t.tag, {}, false});
    if (ns == Ns::kHtml && kFormatting.has(t.tag)) {
      // At most three equal entries after the last marker: the earliest goes.
      int equal = 0;
      std::size_t earliest = 0;
      for (std::size_t k = active_.size(); k-- > 0 && active_[k].id != 0;) {
        if (active_[k].tag == t.tag && active_[k].attributes == t.attributes) {
          ++equal;
          earliest = k;
        }
      }
      if (equal >= 3) active_.erase(active_.begin() + static_cast<long>(earliest));
      o.formatting_id = ++formatting_ids_;
      active_.push_back({o.formatting_id, t.tag, t.attributes, true});
    }
    stack_.push_back(std::move(o));
    // The elements gumbo may re-open count too.
    const long reopened = std::count_if(active_.begin(), active_.end(),
                                        [](const Active& a) { return a.id != 0 && !a.open; });
    if (static_cast<long>(stack_.size()) + reopened > static_cast<long>(lim_.max_html_depth)) {
      fail(t.at, fmt::format("elements nest more than {} deep (--max-html-depth) — raise "
                             "--max-html-depth if it is a real page",
                             lim_.max_html_depth));
    }
  }

  std::string_view s_;
  const InputLimits& lim_;
  std::size_t i_ = 0;
  long nodes_ = 0, formatting_ids_ = 0;
  std::vector<Open> stack_;
  std::vector<Active> active_;
};

}  // namespace

void check_html_limits(std::string_view html, const InputLimits& limits) {
  Scanner(html, limits).run();
}

}  // namespace vetq::parsers
