#include "parsers/policy_html.h"

#include <algorithm>
#include <string_view>

#include "parsers/html_render.h"
#include "parsers/policy_text.h"

namespace vetq::parsers {

int sniff_policy_html(const SourceFile& src) {
  const std::string_view t = src.text;
  if (!looks_like_html(t)) return 0;
  int score = 0;
  if (t.find("Timeline of VET policies in Europe") != std::string_view::npos) score += 50;
  if (t.find("/timeline-vet-policies-europe/search/") != std::string_view::npos) score += 30;
  if (t.find("Thematic categories") != std::string_view::npos) score += 10;
  if (t.find("Bodies responsible") != std::string_view::npos) score += 10;
  if (t.find("Displaying 1 - ") != std::string_view::npos) score -= 40;  // a listing page
  return std::clamp(score, 0, 100);
}

ParseResult parse_policy_html(const SourceFile& src) {
  const RenderedHtml page = render_html(src.text);
  return parse_policy_lines(src, page.text, "policy-html", &page.line_map);
}

}  // namespace vetq::parsers
