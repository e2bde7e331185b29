#include "parsers/report/report_util.h"

#include <fmt/format.h>

#include <algorithm>

#include "vetq/text.h"

namespace vetq::parsers::report {

namespace {

const RE2& link_re() {
  static const RE2 re(R"(\[([^\]]*)\]\([^)\s]*\))");
  return re;
}
const RE2& bold_re() {
  static const RE2 re(R"(\*\*([^*]+?)\*\*)");
  return re;
}
const RE2& italic_re() {
  static const RE2 re(R"(\*([^*\s](?:[^*]*[^*\s])?)\*)");
  return re;
}
const RE2& date_re() {
  // 28/06/2025, 28.06.25, 2025-06-28
  static const RE2 re(R"(^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$|^(\d{4})-(\d{2})-(\d{2})$)");
  return re;
}

}  // namespace

const RE2& caption_re() {
  static const RE2 re(
      R"(^(?:Figure|Figura|Fig\.?|Abbildung|Irudia)\s+(\d+)\s*(?:[:.–-]\s*(.*))?$)");
  return re;
}
const RE2& source_re() {
  static const RE2 re(R"(^(?:Sources?|Fonte|Fuente|Quelle)\s*:\s*(.*)$)");
  return re;
}
const RE2& note_re() {
  static const RE2 re(R"(^(?:NB|N\.B\.|Note)\s*:)");
  return re;
}
const RE2& starts_lower_re() {
  static const RE2 re(R"(^\p{Ll})");
  return re;
}

std::string clean_markup(std::string s) {
  RE2::GlobalReplace(&s, link_re(), R"(\1)");
  RE2::GlobalReplace(&s, bold_re(), R"(\1)");
  RE2::GlobalReplace(&s, italic_re(), R"(\1)");
  for (std::size_t p; (p = s.find("**")) != std::string::npos;) s.erase(p, 2);
  return std::string(trim(s));
}

int word_count(std::string_view s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool ends_sentence(std::string_view s) {
  s = trim(s);
  if (s.empty()) return true;
  for (std::string_view end : {".", ":", ";", "!", "?", ")", "”", "\"", "»", "*"})
    if (s.ends_with(end)) return true;
  return false;
}

std::string slug(std::string_view s) {
  std::string out;
  for (char c : fold(s)) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum)
      out.push_back(c);
    else if (!out.empty() && out.back() != '-')
      out.push_back('-');
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::optional<std::string> iso_date(std::string_view raw) {
  std::string d, m, y, y4, m4, d4;
  if (!RE2::FullMatch(trim(raw), date_re(), &d, &m, &y, &y4, &m4, &d4)) return std::nullopt;
  int day = 0, month = 0, year = 0;
  if (!y4.empty()) {
    year = std::stoi(y4);
    month = std::stoi(m4);
    day = std::stoi(d4);
  } else {
    day = std::stoi(d);
    month = std::stoi(m);
    year = std::stoi(y);
    if (y.size() == 2) year += 2000;  // version tables write 28/05/25
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

Folded fold_map(std::string_view s) {
  Folded f;
  f.text.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    len = std::min(len, s.size() - i);
    if (len == 1) {
      char out = static_cast<char>(c);
      if (c == '\t' || c == '\n' || c == '\r')
        out = ' ';
      else if (c >= 'A' && c <= 'Z')
        out = static_cast<char>(c - 'A' + 'a');
      f.text.push_back(out);
      f.at.push_back(i);
    } else {
      for (char m : fold(s.substr(i, len))) {
        f.text.push_back(m);
        f.at.push_back(i);
      }
    }
    i += len;
  }
  f.at.push_back(s.size());
  return f;
}

}  // namespace vetq::parsers::report
