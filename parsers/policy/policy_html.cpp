#include "parsers/policy/policy_html.h"

#include <algorithm>
#include <string_view>

#include "parsers/common/html_render.h"
#include "parsers/policy/policy_text.h"

namespace vetq::parsers {

int sniff_policy_html(const SourceFile& src) {
  return looks_like_html(src.text) ? policy_page_score(src.text) : 0;
}

ParseResult parse_policy_html(const SourceFile& src) {
  const RenderedHtml page = render_html(src.text);
  return parse_policy_lines(src, page.text, "policy-html", &page.line_map);
}

}  // namespace vetq::parsers
