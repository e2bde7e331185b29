// `show` for people: a record as headed sections, bullets and paragraphs wrapped at word
// boundaries to the width (see record_text.h).
#include "output/record_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "vetq/text.h"

namespace vetq {

namespace {

std::string str(const Json& doc, const char* key) {
  if (!doc.is_object() || !doc.contains(key)) return {};
  const Json& v = doc[key];
  if (v.is_string()) return escape_controls(v.get<std::string>());
  if (v.is_number_integer()) return std::to_string(v.get<long>());
  return {};
}

}  // namespace

void TextPage::wrap(const std::string& text, int indent, int hang) {
  const int width = std::max(width_, indent + 20);
  std::string line(static_cast<std::size_t>(indent), ' ');
  int used = indent;
  bool empty = true;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto space = text.find(' ', pos);
    std::string word =
        text.substr(pos, space == std::string::npos ? std::string::npos : space - pos);
    pos = space == std::string::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    int w = display_width(word);
    if (!empty && used + 1 + w > width) {
      out_ += line + "\n";
      line = std::string(static_cast<std::size_t>(indent + hang), ' ');
      used = indent + hang;
      empty = true;
    }
    while (w > width - used && empty) {  // a word wider than the line: the only cut
      const auto head = std::string(prefix_by_width(word, width - used));
      if (head.empty()) break;
      out_ += line + head + "\n";
      word = word.substr(head.size());
      w = display_width(word);
      line = std::string(static_cast<std::size_t>(indent + hang), ' ');
      used = indent + hang;
    }
    line += (empty ? "" : " ") + word;
    used += (empty ? 0 : 1) + w;
    empty = false;
  }
  out_ += line + "\n";
}

// The hanging indent of a list item ("- ", "• ", "1. "): its text lines up after the marker.
int item_hang(std::string_view line) {
  for (std::string_view marker : {"- ", "• ", "– ", "* "})
    if (line.starts_with(marker)) return display_width(marker);
  std::size_t digits = 0;
  while (digits < line.size() && digits < 3 &&
         std::isdigit(static_cast<unsigned char>(line[digits])))
    ++digits;
  if (digits > 0 && line.substr(digits).starts_with(". ")) return static_cast<int>(digits) + 2;
  return 0;
}

void TextPage::paragraphs(const std::string& text, int indent) {
  for (const auto& p : split_lines(text)) {
    if (trim(p).empty()) continue;
    wrap(escape_controls(trim(p)), indent, item_hang(trim(p)));
  }
}

void TextPage::heading(const std::string& text) {
  out_ +=
      "\n" + text + "\n" + std::string(static_cast<std::size_t>(display_width(text)), '-') + "\n";
}

void TextPage::title(const std::string& text) {
  wrap(text, 0);
  out_ += std::string(static_cast<std::size_t>(std::min(display_width(text), width_)), '=') + "\n";
}

void TextPage::bullet(const std::string& text, int indent) { wrap("• " + text, indent, 2); }

std::string validity(const Json& body) {
  const std::string from = str(body, "from"), until = str(body, "until");
  if (!from.empty() && !until.empty()) return fmt::format("from {} until {}", from, until);
  if (!from.empty()) return "from " + from;
  if (!until.empty()) return "until " + until;
  return {};
}

std::vector<std::pair<std::string, std::string>> stage_spans(const Json& timeline) {
  std::vector<std::pair<std::string, std::string>> out;
  int first = 0, last = 0;
  std::string stage;
  auto flush = [&] {
    if (stage.empty()) return;
    out.emplace_back(first == last ? std::to_string(first) : fmt::format("{}–{}", first, last),
                     stage);
  };
  for (const auto& t : timeline) {
    const int y = t.value("year", 0);
    const std::string s = escape_controls(t.value("stage", ""));
    if (s == stage && y == last + 1) {
      last = y;
      continue;
    }
    flush();
    first = last = y;
    stage = s;
  }
  flush();
  return out;
}

std::string field(const Json& doc, const char* key) { return str(doc, key); }

std::string record_text(const Json& doc, int width) {
  TextPage page(width > 0 ? width : 80);
  if (doc.value("kind", "") == "report")
    write_report_text(doc, page);
  else
    write_policy_text(doc, page);
  write_source_text(doc, page);
  return page.text();
}

void write_source_text(const Json& doc, TextPage& page) {
  const Json& src = doc.contains("source") ? doc["source"] : Json::object();
  page.heading("Source");
  page.wrap(fmt::format("File: {} (read as {})", str(src, "path"), str(src, "format")), 2, 4);
  page.wrap("SHA-256: " + str(src, "sha256"), 2, 4);
  page.wrap("Ingested: " + str(src, "ingested_at"), 2, 4);
  if (!doc.contains("versions") || doc["versions"].empty()) return;
  page.line("");
  page.line("  Earlier versions");
  for (const auto& v : doc["versions"]) {
    const std::string edition = str(v, "edition");
    page.bullet(fmt::format("{}{} (ingested {}, replaced {}; sha256 {})",
                            edition.empty() ? "" : edition + ": ", str(v, "source_path"),
                            str(v, "ingested_at"), str(v, "replaced_at"), str(v, "sha256")),
                4);
  }
}

}  // namespace vetq
