#include "parsers/common/page_lines.h"

#include <re2/re2.h>

#include <optional>

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

namespace {

// The bullet and the white space after it, matched at the start of a line.
const RE2& bullet_mark_re() {
  static const RE2 re(R"((?:[-•*–·▪])\s+)");
  return re;
}

// The item text of a list item (what bullet_re's group 1 captures). Most lines are prose:
// a line whose first byte cannot begin a bullet is refused before RE2 is asked.
std::optional<std::string_view> bullet_item(std::string_view line) {
  const auto c = line.empty() ? 0 : static_cast<unsigned char>(line.front());
  if (c != '-' && c != '*' && c != 0xE2 && c != 0xC2) return std::nullopt;  // •–▪: E2, ·: C2
  re2::StringPiece rest(line.data(), line.size());
  if (!RE2::Consume(&rest, bullet_mark_re())) return std::nullopt;
  if (rest.find('\n') != re2::StringPiece::npos) return std::nullopt;  // '.' stops at '\n'
  return std::string_view(rest.data(), rest.size());
}

}  // namespace

bool is_bullet(std::string_view line) { return bullet_item(line).has_value(); }

std::string strip_bullet(std::string_view line) {
  if (const auto item = bullet_item(line)) return std::string(*item);
  return std::string(line);
}

std::string prose_line(std::string_view line) {
  if (const auto item = bullet_item(line)) return "- " + std::string(*item);
  return std::string(line);
}

Body parse_body(std::string_view line) {
  Body b;
  const std::string name = strip_bullet(line);
  std::string kind, y1, y2;
  // validity_re ends in ')': most names are refused before RE2's capturing search.
  if (name.ends_with(')') && RE2::FullMatch(name, validity_re(), &b.name, &kind, &y1, &y2)) {
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
