#include "parsers/common/html_tree.h"

#include <fmt/format.h>

#include <algorithm>

namespace vetq::parsers::html_tree {

bool one_of(GumboTag t, Tags set) { return std::find(set.begin(), set.end(), t) != set.end(); }

namespace {

// An element the tree builder adds without a tag (tbody, tr).
Tag implied(std::size_t at, GumboTag tag, const char* name) {
  Tag t;
  t.at = at;
  t.tag = tag;
  t.name = name;
  return t;
}

// An element gumbo most likely drops, counted all the same: an element of no name, which no
// end tag closes and no check stops at (only the element it sits in closes it).
Tag phantom(std::size_t at) { return implied(at, GUMBO_TAG_UNKNOWN, ""); }

}  // namespace

bool OpenElements::in_html_content() const {
  return stack_.empty() || stack_.back().ns == Ns::kHtml || stack_.back().integration;
}

bool OpenElements::start_tag(const Tag& t) {
  if (!in_html_content()) {
    if (!kBreakout.has(t.tag) && !(t.tag == GUMBO_TAG_FONT && t.font_breakout)) {
      if (!t.self_closing) push(t, stack_.back().ns);
      return false;
    }
    std::size_t k = stack_.size();
    while (k > 0 && stack_[k - 1].ns != Ns::kHtml && !stack_[k - 1].integration) --k;
    truncate(k);
  }
  if (in_select()) {
    const InSelect what = select_start_tag(t.tag);
    if (what == InSelect::kCount && !kVoid.has(t.tag)) push(phantom(t.at), Ns::kHtml);
    if (what != InSelect::kProcess) return false;
  }
  if (t.tag == GUMBO_TAG_SVG || t.tag == GUMBO_TAG_MATH) {
    if (!t.self_closing) push(t, t.tag == GUMBO_TAG_SVG ? Ns::kSvg : Ns::kMath);
    return false;
  }
  if (kVoid.has(t.tag) || t.tag == GUMBO_TAG_HTML || t.tag == GUMBO_TAG_HEAD ||
      t.tag == GUMBO_TAG_BODY || t.tag == GUMBO_TAG_FRAMESET)
    return false;  // nothing opens (html, head, body: merged into the ones the page has)
  if (kRawText.has(t.tag)) return true;
  if (kTableParts.has(t.tag) || t.tag == GUMBO_TAG_TABLE) {
    table_part(t);
    return false;
  }
  // <plaintext> makes the rest text when gumbo takes it; read on as markup all the same,
  // since the depth gumbo reaches is then the one reached here already.
  close_implied(t.tag);
  push(t, Ns::kHtml);
  return false;
}

bool OpenElements::in_select() const {
  const Open* m = mode();
  return m && m->tag == GUMBO_TAG_SELECT;
}

OpenElements::InSelect OpenElements::select_start_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_TEMPLATE:
      return InSelect::kProcess;
    case GUMBO_TAG_SELECT:
      pop_to({GUMBO_TAG_SELECT}, true);
      return InSelect::kDone;
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_TEXTAREA:
      pop_to({GUMBO_TAG_SELECT}, true);
      return InSelect::kProcess;
    default:
      break;
  }
  if ((kTableParts.has(tag) || tag == GUMBO_TAG_TABLE) && select_in_table()) {
    pop_to({GUMBO_TAG_SELECT}, true);
    return InSelect::kProcess;
  }
  return InSelect::kCount;
}

void OpenElements::close_implied(GumboTag tag) {
  if (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT) {
    for (std::size_t k = stack_.size(); k-- > 0;) {
      const Open& o = stack_[k];
      const bool same =
          tag == GUMBO_TAG_LI ? o.html(GUMBO_TAG_LI) : o.html(GUMBO_TAG_DD) || o.html(GUMBO_TAG_DT);
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

const OpenElements::Open* OpenElements::mode() const {
  for (std::size_t k = stack_.size(); k-- > 0;)
    if (stack_[k].ns == Ns::kHtml && kModes.has(stack_[k].tag)) return &stack_[k];
  return nullptr;
}

void OpenElements::table_part(const Tag& t) {
  const Open* m = mode();
  const bool in_table =
      m && m->tag != GUMBO_TAG_HTML && m->tag != GUMBO_TAG_TEMPLATE && m->tag != GUMBO_TAG_SELECT;
  if (t.tag == GUMBO_TAG_TABLE) {
    // A table in a table (not in a cell or caption, where it nests) ends it.
    if (in_table && m->tag != GUMBO_TAG_TD && m->tag != GUMBO_TAG_TH && m->tag != GUMBO_TAG_CAPTION)
      pop_to({GUMBO_TAG_TABLE}, true);
    push(t, Ns::kHtml);
    return;
  }
  if (!in_table) {  // dropped outside a table; counted all the same (inside a template, not)
    if (t.tag != GUMBO_TAG_COL) push(phantom(t.at), Ns::kHtml);
    return;
  }
  const bool cell = t.tag == GUMBO_TAG_TD || t.tag == GUMBO_TAG_TH;
  if (cell)
    pop_to({GUMBO_TAG_TR, GUMBO_TAG_TABLE}, false);
  else if (t.tag == GUMBO_TAG_TR)
    pop_to({GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT, GUMBO_TAG_TABLE}, false);
  else
    pop_to({GUMBO_TAG_TABLE}, false);
  // The sections and rows the tree builder adds: <table><td> is table, tbody, tr, td.
  if ((cell || t.tag == GUMBO_TAG_TR) && stack_.back().html(GUMBO_TAG_TABLE))
    push(implied(t.at, GUMBO_TAG_TBODY, "tbody"), Ns::kHtml);
  if (cell && !stack_.back().html(GUMBO_TAG_TR)) push(implied(t.at, GUMBO_TAG_TR, "tr"), Ns::kHtml);
  if (t.tag != GUMBO_TAG_COL) push(t, Ns::kHtml);
}

void OpenElements::pop_to(Tags tags, bool inclusive) {
  for (std::size_t k = stack_.size(); k-- > 0;) {
    if (stack_[k].ns == Ns::kHtml && one_of(stack_[k].tag, tags)) {
      truncate(inclusive ? k : k + 1);
      return;
    }
    if (stack_[k].html(GUMBO_TAG_TEMPLATE)) return;
  }
}

std::optional<std::size_t> OpenElements::in_table_scope(GumboTag tag) const {
  for (std::size_t k = stack_.size(); k-- > 0;) {
    if (stack_[k].html(tag)) return k;
    if (stack_[k].html(GUMBO_TAG_TABLE) || stack_[k].html(GUMBO_TAG_TEMPLATE) ||
        stack_[k].html(GUMBO_TAG_HTML))
      return std::nullopt;
  }
  return std::nullopt;
}

bool OpenElements::select_in_table() const {
  bool select = false;
  for (std::size_t k = stack_.size(); k-- > 0;) {
    if (stack_[k].html(GUMBO_TAG_TEMPLATE)) return false;
    select = select || stack_[k].html(GUMBO_TAG_SELECT);
    if (select && stack_[k].html(GUMBO_TAG_TABLE)) return true;
  }
  return false;
}

void OpenElements::close_in_scope(GumboTag tag, Tags extra) {
  for (std::size_t k = stack_.size(); k-- > 0;) {
    const Open& o = stack_[k];
    if (o.html(tag)) return truncate(k);
    if (o.scope() || (o.ns == Ns::kHtml && one_of(o.tag, extra))) return;
  }
}

void OpenElements::close_formatting(GumboTag tag) {
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

void OpenElements::end_tag(const Tag& t) {
  if (!stack_.empty() && stack_.back().ns != Ns::kHtml) {
    // Foreign content: the nearest foreign element of that name, unless an HTML element
    // comes first (then it is an HTML end tag).
    for (std::size_t k = stack_.size(); k-- > 0 && stack_[k].ns != Ns::kHtml;)
      if (stack_[k].name == t.name) return truncate(k);
  }
  const GumboTag tag = t.tag;
  if (in_select() && (kTableParts.has(tag) || tag == GUMBO_TAG_TABLE) && select_in_table() &&
      in_table_scope(tag))
    pop_to({GUMBO_TAG_SELECT}, true);  // a table's end tag ends the select in it first
  if (in_select()) {                   // only options and the select itself end here
    if (tag == GUMBO_TAG_SELECT) return pop_to({GUMBO_TAG_SELECT}, true);
    if ((tag == GUMBO_TAG_OPTION || tag == GUMBO_TAG_OPTGROUP) &&
        stack_.back().html(GUMBO_TAG_OPTION))
      truncate(stack_.size() - 1);
    if (tag == GUMBO_TAG_OPTGROUP && stack_.back().html(GUMBO_TAG_OPTGROUP))
      truncate(stack_.size() - 1);
    return;
  }
  if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML ||
      tag == GUMBO_TAG_HEAD)
    return;
  if (kFormatting.has(tag)) return close_formatting(tag);
  if (tag == GUMBO_TAG_P) return close_in_scope(tag, {GUMBO_TAG_BUTTON});
  if (tag == GUMBO_TAG_LI) return close_in_scope(tag, {GUMBO_TAG_OL, GUMBO_TAG_UL});
  if (kBlockEnd.has(tag)) return close_in_scope(tag, {});
  if (kTableParts.has(tag) || tag == GUMBO_TAG_TABLE || tag == GUMBO_TAG_APPLET ||
      tag == GUMBO_TAG_MARQUEE || tag == GUMBO_TAG_OBJECT) {
    if (const auto k = in_table_scope(tag)) truncate(*k);
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

void OpenElements::remove_form() {
  for (std::size_t k = stack_.size(); k-- > 0;) {
    if (stack_[k].html(GUMBO_TAG_FORM)) {
      stack_.erase(stack_.begin() + static_cast<long>(k));
      return;
    }
    if (stack_[k].scope()) return;
  }
}

void OpenElements::truncate(std::size_t k) {
  for (std::size_t j = stack_.size(); j-- > k;) {
    const Open& o = stack_[j];
    if (o.ns == Ns::kHtml && kMarkers.has(o.tag)) {
      while (!active_.empty() && active_.back().id != 0) active_.pop_back();
      if (!active_.empty()) active_.pop_back();
    }
    if (o.formatting_id != 0)
      for (auto& a : active_)
        if (a.id == o.formatting_id) a.open = false;
  }
  stack_.resize(k);
}

void OpenElements::push(const Tag& t, Ns ns) {
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
    fail_at(html_, t.at,
            fmt::format("elements nest more than {} deep (--max-html-depth) — raise "
                        "--max-html-depth if it is a real page",
                        lim_.max_html_depth));
  }
}

}  // namespace vetq::parsers::html_tree
