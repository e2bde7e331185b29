#include "parsers/common/html_render.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>

namespace vetq::parsers {

namespace {

// ASCII lower case (tag names, attribute values, markers): what std::tolower does in the C
// locale, without a call per byte.
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
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
  if (gumbo_get_attribute(&n->v.element.attributes, "hidden")) return true;
  if (lower(attr(n, "aria-hidden")) == "true") return true;
  const std::string role = lower(attr(n, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary" || role == "alertdialog")
    return true;
  // Cookie and consent banners have no tag of their own; their id or class names them.
  const std::string names = lower(attr(n, "id")) + " " + lower(attr(n, "class"));
  for (const char* word : {"cookie", "consent", "gdpr"})
    if (names.find(word) != std::string::npos) return true;
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
      if (c == '\n') {
        ++line;
        if (keep_space) {
          newline();
          continue;
        }
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
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

void render(const GumboNode* n, LineWriter& w, bool in_pre) {
  switch (n->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      w.text(n->v.text.text, static_cast<int>(n->v.text.start_pos.line), in_pre);
      return;
    case GUMBO_NODE_ELEMENT:
      break;
    default:
      return;  // comments, templates, the document node
  }
  if (is_chrome(n)) return;
  const GumboElement& e = n->v.element;
  const int line = static_cast<int>(e.start_pos.line);
  if (e.tag == GUMBO_TAG_BR) {
    w.newline();
    return;
  }
  if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) w.space();
  const bool block = is_block(e.tag);
  if (block) w.newline();
  if (e.tag == GUMBO_TAG_LI) {
    const GumboNode* list = n->parent;
    if (list && list->type == GUMBO_NODE_ELEMENT && list->v.element.tag == GUMBO_TAG_OL) {
      int number = 1;
      if (const std::string_view start = attr(list, "start"); !start.empty()) {
        number = std::atoi(std::string(start).c_str());
      }
      const GumboVector& siblings = list->v.element.children;
      for (unsigned i = 0; i < siblings.length; ++i) {
        const auto* s = static_cast<const GumboNode*>(siblings.data[i]);
        if (s == n) break;
        if (s->type == GUMBO_NODE_ELEMENT && s->v.element.tag == GUMBO_TAG_LI) ++number;
      }
      w.prefix(std::to_string(number) + ". ", line);
    } else {
      w.prefix("- ", line);
    }
  }
  const bool pre = in_pre || e.tag == GUMBO_TAG_PRE || e.tag == GUMBO_TAG_TEXTAREA;
  for (unsigned i = 0; i < e.children.length; ++i)
    render(static_cast<const GumboNode*>(e.children.data[i]), w, pre);
  if (block) w.newline();
  if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) w.space();
}

// Visible text bytes outside links under n (chrome excluded): how much content n holds.
std::size_t weight(const GumboNode* n, bool in_link = false) {
  if (n->type == GUMBO_NODE_TEXT) {
    if (in_link) return 0;
    std::size_t k = 0;
    for (char c : std::string_view(n->v.text.text))
      if (!std::isspace(static_cast<unsigned char>(c))) ++k;
    return k;
  }
  if (n->type != GUMBO_NODE_ELEMENT || is_chrome(n)) return 0;
  const bool link = in_link || n->v.element.tag == GUMBO_TAG_A;
  std::size_t sum = 0;
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i)
    sum += weight(static_cast<const GumboNode*>(kids.data[i]), link);
  return sum;
}

// Elements with `tag` (or with role="main" when tag is MAIN), outside chrome.
void find_all(const GumboNode* n, GumboTag tag, std::vector<const GumboNode*>& out) {
  if (n->type != GUMBO_NODE_ELEMENT || is_chrome(n)) return;
  if (n->v.element.tag == tag || (tag == GUMBO_TAG_MAIN && lower(attr(n, "role")) == "main")) {
    out.push_back(n);
    return;
  }
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i)
    find_all(static_cast<const GumboNode*>(kids.data[i]), tag, out);
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
const GumboNode* main_content(const GumboNode* root) {
  std::vector<const GumboNode*> found;
  find_all(root, GUMBO_TAG_MAIN, found);
  if (!found.empty()) return found.front();
  find_all(root, GUMBO_TAG_ARTICLE, found);
  if (found.size() == 1) return found.front();
  const GumboNode* n = body_of(root);
  for (;;) {
    const std::size_t total = weight(n);
    const GumboNode* next = nullptr;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length && total > 0; ++i) {
      const auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type == GUMBO_NODE_ELEMENT && weight(k) * 5 >= total * 4) next = k;
    }
    if (!next) return n;
    n = next;
  }
}

}  // namespace

bool looks_like_html(std::string_view text) {
  const std::string head = lower(text.substr(0, 4096));
  for (const char* mark : {"<!doctype html", "<html", "<head>", "<head ", "<body>", "<body "})
    if (head.find(mark) != std::string::npos) return true;
  return false;
}

RenderedHtml render_html(std::string_view html) {
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> doc(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  LineWriter w;
  render(main_content(doc->root), w, false);
  return w.finish();
}

}  // namespace vetq::parsers
