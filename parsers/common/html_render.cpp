#include "parsers/common/html_render.h"

#include <gumbo.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <deque>
#include <new>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "parsers/common/gumbo_memory.h"
#include "parsers/common/html_holdout.h"
#include "parsers/common/html_scan.h"

namespace vetq::parsers {

namespace {

std::string_view attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

// Whether `s`, in ASCII lower case, is `word` (lower case), or holds it.
bool lower_is(std::string_view s, std::string_view word) {
  return s.size() == word.size() && lower_at(s, 0, word);
}
bool lower_holds(std::string_view s, std::string_view word) {
  return std::search(s.begin(), s.end(), word.begin(), word.end(),
                     [](char a, char b) { return ascii_lower(a) == b; }) != s.end();
}

bool is_element(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

// Page chrome and invisible parts: never rendered, never counted as content.
bool is_chrome(const GumboNode* n) {
  if (!is_element(n)) return false;
  switch (n->v.element.tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
      return true;
    default:
      break;
  }
  if (n->v.element.attributes.length == 0) return false;  // most elements: no lookups
  if (gumbo_get_attribute(&n->v.element.attributes, "hidden")) return true;
  if (lower_is(attr(n, "aria-hidden"), "true")) return true;
  const std::string_view role = attr(n, "role");
  for (const char* landmark :
       {"navigation", "banner", "contentinfo", "complementary", "alertdialog"})
    if (lower_is(role, landmark)) return true;
  // Cookie and consent banners have no tag of their own; their id or class names them.
  const std::string_view id = attr(n, "id"), cls = attr(n, "class");
  for (const char* word : {"cookie", "consent", "gdpr"})
    if (lower_holds(id, word) || lower_holds(cls, word)) return true;
  return false;
}

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

// Collects rendered lines: collapses white space, drops invisible characters, and remembers the
// HTML line where each rendered line starts.
class LineWriter {
 public:
  // Decoded text from a text node whose first byte sits on HTML line `line`.
  void text(std::string_view s, int line, bool keep_space) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (plain(c)) {             // the run of such bytes is appended at once, with single spaces
        std::size_t end = i + 1;  // between them (white space that collapses to itself)
        while (end < s.size() && (plain(static_cast<unsigned char>(s[end])) ||
                                  (s[end] == ' ' && end + 1 < s.size() &&
                                   plain(static_cast<unsigned char>(s[end + 1])))))
          ++end;
        append(s.substr(i, end - i), line, false);
        i = end - 1;
        continue;
      }
      if (c == '\n') {
        ++line;
        if (keep_space) {
          newline();
          continue;
        }
      }
      if (is_html_space(static_cast<char>(c))) {
        if (keep_space)
          append(" ", line, true);
        else
          space_ = true;
        continue;
      }
      const std::string_view rest = s.substr(i);
      if (rest.starts_with("\u00AD") || rest.starts_with("\u200B") || rest.starts_with("\u2060") ||
          rest.starts_with("\uFEFF")) {
        i += rest.starts_with("\u00AD") ? 1 : 2;  // soft hyphen, zero-width: invisible
        continue;
      }
      if (rest.starts_with("\u00A0")) {  // NBSP: a space that white space does not swallow
        append(" ", line, true);
        ++i;
        continue;
      }
      append(s.substr(i, 1), line, false);
    }
  }

  // A list marker ("- ", "1. ") written only if text follows on the same line.
  void prefix(std::string marker, int line) {
    newline();
    prefix_ = std::move(marker);
    prefix_line_ = line;
  }

  // A gap between inline neighbours (table cells).
  void space() { space_ = true; }

  void newline() {
    while (!cur_.empty() && cur_.back() == ' ') cur_.pop_back();
    if (!cur_.empty()) {
      out_.text += cur_;
      out_.text.push_back('\n');
      out_.line_map.push_back(cur_line_);
    }
    cur_.clear();
    prefix_.clear();
    space_ = false;
  }

  RenderedHtml finish() {
    newline();
    return std::move(out_);
  }

 private:
  // A byte written as it is: not white space, and not the first byte of a character that is
  // dropped or replaced (U+00A0 and U+00AD start with 0xC2, U+200B and U+2060 with 0xE2,
  // U+FEFF with 0xEF; a character's first byte is never one of its later bytes).
  static bool plain(unsigned char c) { return kPlain[c]; }
  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0; c < 256; ++c)
      plain[c] = !is_html_space(static_cast<char>(c)) && c != 0xC2 && c != 0xE2 && c != 0xEF;
    return plain;
  }();

  void append(std::string_view piece, int line, bool is_space) {
    if (cur_.empty()) {
      if (is_space) return;  // leading space: the line is trimmed anyway
      cur_line_ = prefix_.empty() ? line : prefix_line_;
      cur_ = prefix_;
      prefix_.clear();
      space_ = false;
    } else if (space_ && !is_space && cur_.back() != ' ') {
      cur_.push_back(' ');
    }
    space_ = false;
    cur_ += piece;
  }

  RenderedHtml out_;
  std::string cur_, prefix_;
  int cur_line_ = 0, prefix_line_ = 0;
  bool space_ = false;
};

const GumboNode* child(const GumboNode* n, unsigned i) {
  return static_cast<const GumboNode*>(n->v.element.children.data[i]);
}

[[noreturn]] void too_deep(const GumboNode* n, int max_depth) {
  throw HtmlLimitError(static_cast<int>(n->v.element.start_pos.line),
                       fmt::format("elements nest more than {} deep (--max-html-depth) — raise "
                                   "--max-html-depth if it is a real page",
                                   max_depth));
}

// Writes what an element opens with; false when nothing of it is rendered.
bool open_element(const GumboNode* n, LineWriter& w) {
  if (is_chrome(n)) return false;
  const GumboElement& e = n->v.element;
  if (e.tag == GUMBO_TAG_BR) {
    w.newline();
    return false;
  }
  if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) w.space();
  if (is_block(e.tag)) w.newline();
  if (e.tag != GUMBO_TAG_LI) return true;
  const int line = static_cast<int>(e.start_pos.line);
  const GumboNode* list = n->parent;
  if (!list || list->type != GUMBO_NODE_ELEMENT || list->v.element.tag != GUMBO_TAG_OL) {
    w.prefix("- ", line);
    return true;
  }
  int number = 1;
  if (const std::string_view start = attr(list, "start"); !start.empty())
    number = std::atoi(std::string(start).c_str());
  for (unsigned i = 0; i < list->v.element.children.length; ++i) {
    const GumboNode* s = child(list, i);
    if (s == n) break;
    if (s->type == GUMBO_NODE_ELEMENT && s->v.element.tag == GUMBO_TAG_LI) ++number;
  }
  w.prefix(std::to_string(number) + ". ", line);
  return true;
}

void close_element(const GumboNode* n, LineWriter& w) {
  const GumboTag tag = n->v.element.tag;
  if (is_block(tag)) w.newline();
  if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) w.space();
}

// Renders the subtree of `root` with a stack of its own (a page may nest deeper than the
// thread's stack would allow recursion).
void render(const GumboNode* root, LineWriter& w, int max_depth) {
  struct Frame {
    const GumboNode* n;
    unsigned next;
    bool pre;
  };
  std::vector<Frame> stack;
  auto visit = [&](const GumboNode* n, bool in_pre) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
      w.text(n->v.text.text, static_cast<int>(n->v.text.start_pos.line), in_pre);
      return;
    }
    // Comments, templates and the document node are not rendered.
    if (n->type != GUMBO_NODE_ELEMENT || !open_element(n, w)) return;
    if (static_cast<int>(stack.size()) >= max_depth + 2) too_deep(n, max_depth);
    const GumboTag tag = n->v.element.tag;
    stack.push_back({n, 0, in_pre || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_TEXTAREA});
  };
  visit(root, false);
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next < f.n->v.element.children.length) {
      const GumboNode* next = child(f.n, f.next++);
      visit(next, f.pre);  // may grow the stack: f is not used after this
      continue;
    }
    close_element(f.n, w);
    stack.pop_back();
  }
}

// Visible text bytes outside links of every element (chrome counts 0): how much content each
// holds. One pass, bottom up, with a stack of its own; it also bounds the depth of the tree
// (below <html> and <body>, as html_scan.cpp counts it).
std::unordered_map<const GumboNode*, std::size_t> weigh(const GumboNode* root, int max_depth) {
  std::unordered_map<const GumboNode*, std::size_t> weights;
  struct Frame {
    const GumboNode* n;
    unsigned next;
    bool in_link, chrome;
    std::size_t sum;
  };
  std::vector<Frame> stack{{root, 0, false, is_chrome(root), 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next >= f.n->v.element.children.length) {
      const std::size_t w = f.chrome ? 0 : f.sum;
      weights[f.n] = w;
      stack.pop_back();
      if (!stack.empty()) stack.back().sum += w;
      continue;
    }
    const GumboNode* k = child(f.n, f.next++);
    if (k->type == GUMBO_NODE_TEXT && !f.in_link) {
      for (char c : std::string_view(k->v.text.text))
        if (!std::isspace(static_cast<unsigned char>(c))) ++f.sum;
    } else if (k->type == GUMBO_NODE_ELEMENT) {
      if (static_cast<int>(stack.size()) >= max_depth + 2) too_deep(k, max_depth);
      const bool link = f.in_link || k->v.element.tag == GUMBO_TAG_A;
      stack.push_back({k, 0, link, f.chrome || is_chrome(k), 0});
    }
  }
  return weights;
}

// Elements with `tag` (or with role="main" when tag is MAIN), outside chrome, in document
// order.
std::vector<const GumboNode*> find_all(const GumboNode* root, GumboTag tag) {
  std::vector<const GumboNode*> out;
  std::vector<std::pair<const GumboNode*, unsigned>> stack;
  auto visit = [&](const GumboNode* n) {
    if (n->type != GUMBO_NODE_ELEMENT || is_chrome(n)) return;
    if (n->v.element.tag == tag || (tag == GUMBO_TAG_MAIN && lower_is(attr(n, "role"), "main")))
      out.push_back(n);
    else
      stack.emplace_back(n, 0);
  };
  visit(root);
  while (!stack.empty()) {
    auto& [n, next] = stack.back();
    if (next >= n->v.element.children.length) {
      stack.pop_back();
      continue;
    }
    visit(child(n, next++));
  }
  return out;
}

const GumboNode* body_of(const GumboNode* root) {
  const GumboVector& kids = root->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    const auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_BODY) return k;
  }
  return root;
}

// The page's main content: <main> (or role="main"), else a single <article>, else the block
// that holds most of the page's text: walk down from <body> while one child element holds at
// least 80% of its parent's text outside links.
const GumboNode* main_content(const GumboNode* root, int max_depth) {
  if (auto found = find_all(root, GUMBO_TAG_MAIN); !found.empty()) return found.front();
  if (auto found = find_all(root, GUMBO_TAG_ARTICLE); found.size() == 1) return found.front();
  const auto weights = weigh(root, max_depth);  // only what has neither is weighed
  const GumboNode* n = body_of(root);
  auto weight = [&](const GumboNode* k) {
    const auto it = weights.find(k);
    return it == weights.end() ? std::size_t{0} : it->second;
  };
  for (;;) {
    const std::size_t total = weight(n);
    const GumboNode* next = nullptr;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length && total > 0; ++i) {
      const GumboNode* k = child(n, i);
      if (k->type == GUMBO_NODE_ELEMENT && weight(k) * 5 >= total * 4) next = k;
    }
    if (!next) return n;
    n = next;
  }
}

}  // namespace

bool looks_like_html(std::string_view text) {
  // At each '<' of the first 4 KiB (text pages have few), any case.
  const std::string_view head = text.substr(0, 4096);
  for (auto i = head.find('<'); i != std::string_view::npos; i = head.find('<', i + 1))
    for (const char* mark : {"<!doctype html", "<html", "<head>", "<head ", "<body>", "<body "})
      if (lower_at(head, i, mark)) return true;
  return false;
}

namespace {

RenderedHtml render_root(const GumboOutput* doc, int max_depth) {
  LineWriter w;
  render(main_content(doc->root, max_depth), w, max_depth);
  return w.finish();
}

}  // namespace

RenderedHtml render_html(std::string_view html, TextToGumbo how) {
  const InputLimits& limits = input_limits();
  std::vector<TextRegion> regions;
  std::vector<AttrValue> values;
  // Before gumbo: the costly pages never reach it.
  const bool hold = how == TextToGumbo::kHeldOut;
  check_html_limits(html, limits, hold ? &regions : nullptr, hold ? &values : nullptr);
  if (const HeldText held = hold_out_text(html, regions, values); !held.empty()) {
    GumboMemory memory;
    GumboOutput* doc = parse_in(memory, held.html);
    std::deque<std::string> store;
    if (restore_held_text(doc->document, held, store)) {
      RenderedHtml out = render_root(doc, limits.max_html_depth);
      out.texts_held = static_cast<int>(held.texts.size());
      out.values_held = static_cast<int>(held.values.size());
      out.spaces_shrunk = static_cast<int>(held.shrunk.size());
      return out;
    }
  }
  GumboMemory memory;
  return render_root(parse_in(memory, html), limits.max_html_depth);
}

}  // namespace vetq::parsers
