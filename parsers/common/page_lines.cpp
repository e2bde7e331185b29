#include "parsers/common/page_lines.h"

#include <re2/re2.h>

namespace vetq::parsers {

const RE2& policy_id_re() {
  static const RE2 re(R"(^(\d{3,9})$)");
  return re;
}

const RE2& bullet_re() {
  static const RE2 re(R"(^(?:[-•*–·▪])\s+(.*)$)");
  return re;
}

namespace {

const RE2& validity_re() {
  static const RE2 re(
      R"(^(.*?)\s*\((?:(until|since|from) (\d{4})(?: (?:till|until|to) (\d{4}))?)\)$)");
  return re;
}

}  // namespace

bool is_bullet(std::string_view line) { return RE2::FullMatch(line, bullet_re()); }

std::string strip_bullet(std::string_view line) {
  std::string item;
  if (RE2::FullMatch(line, bullet_re(), &item)) return item;
  return std::string(line);
}

std::string prose_line(std::string_view line) {
  std::string item;
  if (RE2::FullMatch(line, bullet_re(), &item)) return "- " + item;
  return std::string(line);
}

Body parse_body(std::string_view line) {
  Body b;
  const std::string name = strip_bullet(line);
  std::string kind, y1, y2;
  if (RE2::FullMatch(name, validity_re(), &b.name, &kind, &y1, &y2)) {
    const int a = std::stoi(y1);
    if (kind == "until")
      b.until = a;
    else
      b.from = a;
    if (!y2.empty()) b.until = std::stoi(y2);
  } else {
    b.name = name;
  }
  return b;
}

}  // namespace vetq::parsers
