#include "parsers/policy/policy_text.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/common/page_lines.h"
#include "parsers/policy/policy_parser.h"
#include "vetq/taxonomy.h"
#include "vetq/text.h"

namespace vetq::parsers {

namespace policy {

void PolicyParser::split_sections(std::string_view text) {
  sections_.push_back({"Timeline", 0, {}});
  const auto raw = split_lines(text);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const int no = source_line(static_cast<int>(i) + 1);
    std::string line(trim(raw[i]));
    if (line.empty()) continue;
    // Both patterns are anchored at a literal start: a cheap test first spares RE2 the
    // ~40 lines of every page that cannot match.
    if (line.starts_with("Cedefop") && RE2::FullMatch(line, citation_re())) {
      citation_lines_.push_back({no, line, source_last_line(static_cast<int>(i) + 1)});
      continue;
    }
    if (line.starts_with("http") && RE2::FullMatch(line, url_re())) {
      url_lines_.push_back({no, line});
      continue;
    }
    if (auto header = tax_.section_header(line);
        header && *header != "VET Recommendation" && *header != "Osnabrück Declaration") {
      sections_.push_back({*header, no, {}});
      continue;
    }
    sections_.back().lines.push_back(
        {no, std::move(line), source_last_line(static_cast<int>(i) + 1)});
  }
}

// Drops the help text printed directly under a header on full pages. The section's lines are
// moved out: each section is parsed once.
std::vector<Line> PolicyParser::content(Section& s) const {
  std::vector<Line> lines = std::move(s.lines);
  if (!lines.empty() && tax_.is_help_text(s.name, lines.front().text)) {
    lines.erase(lines.begin());
  }
  return lines;
}

void PolicyParser::note_span(const Section& s) {
  int first = s.header_line ? s.header_line : (s.lines.empty() ? 0 : s.lines.front().no);
  int last = s.lines.empty() ? first : s.lines.back().no;
  if (first == 0) return;
  auto key = fold(s.name);
  std::replace(key.begin(), key.end(), ' ', '_');
  auto [it, inserted] = rec_.source.spans.try_emplace(key, LineSpan{first, last});
  if (!inserted) it->second.last = std::max(it->second.last, last);
}

void PolicyParser::parse_section(Section& s) {
  note_span(s);
  const std::vector<Line> lines = content(s);
  if (s.name == "Timeline") return parse_timeline(s, lines);
  if (s.name == "ID number") return parse_id(lines);
  if (s.name == "Background") return set_text(rec_.background, lines, "background");
  if (s.name == "Objectives") return set_text(rec_.objectives, lines, "objectives");
  if (s.name == "Description") return parse_description(lines);
  if (s.name == "Bodies responsible") return parse_bodies(lines);
  if (s.name == "Target groups") return parse_target_groups(lines);
  if (s.name == "Thematic categories") return parse_categories(lines);
  if (s.name == "European priorities in VET") return parse_priorities(lines);
  if (s.name == "Subsystem") return parse_subsystems(lines);
  if (s.name == "Further reading") {
    for (const auto& l : lines) rec_.further_reading.push_back(strip_bullet(l.text));
    return;
  }
  if (s.name == "Country") return parse_country(lines);
  if (s.name == "Type of development") return parse_type(lines);
  if (s.name == "Cite as") {
    for (const auto& l : lines)
      warn(l.no, fmt::format("unexpected text under 'Cite as': '{}' — ignored", l.text));
    return;
  }
}

void PolicyParser::finish() {
  // Citation: title, country, edition.
  if (!citation_lines_.empty()) {
    const Line& c = citation_lines_.front();
    std::string title, country, edition;
    int year = 0;
    RE2::FullMatch(c.text, citation_re(), &year, &title, &country, &edition);
    rec_.citation = c.text;
    rec_.source.paragraph_lines["citation"] = {{c.no, std::max(c.no, c.last)}};
    rec_.citation_year = year;
    rec_.title = title;
    rec_.country = country;
    if (!edition.empty()) rec_.edition = edition;
    rec_.source.spans["citation"] = {c.no, c.no};
  }
  if (country_field_) {
    if (!rec_.country) {
      rec_.country = country_field_->text;
    } else if (fold(*rec_.country) != fold(country_field_->text)) {
      warn(country_field_->no,
           fmt::format("'Country' says '{}' but the citation says '{}' — the citation wins",
                       country_field_->text, *rec_.country));
    }
  }
  if (rec_.country) {
    if (const Country* c = tax_.country(*rec_.country)) {
      rec_.country = c->label;
      rec_.country_code = c->code;
    } else {
      warn(citation_lines_.empty() ? 0 : citation_lines_.front().no,
           fmt::format("unknown country '{}' — kept as written, without a country code",
                       *rec_.country));
    }
  }
  // URL and id.
  std::optional<std::string> url_id;
  if (!url_lines_.empty()) {
    const Line& u = url_lines_.front();
    // url_re matched the whole line: its id is the digits after the first (the only one
    // before a query or fragment) "/search/" of the path, read without RE2's capturing search.
    constexpr std::string_view kPath = "/timeline-vet-policies-europe/search/";
    const std::string_view rest =
        std::string_view(u.text).substr(u.text.find(kPath) + kPath.size());
    const std::string id(rest.substr(0, rest.find_first_not_of("0123456789")));
    url_id = id;
    rec_.url = "https://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/search/" + id;
    rec_.source.spans["url"] = {u.no, u.no};
  }
  bool ok = true;
  if (id_from_page_) {
    rec_.id = id_from_page_->text;
    if (url_id && *url_id != rec_.id) {
      // Two pages pasted together, or an edited copy: writing either id could overwrite
      // another policy with this page's content.
      diag(Severity::kError, url_lines_.front().no,
           fmt::format("the URL names policy {} but 'ID number' says {} — one page, one "
                       "policy: copy the page again",
                       *url_id, rec_.id));
      ok = false;
    }
  } else if (url_id) {
    rec_.id = *url_id;
  }
  report_.finish("is this really a policy page?");
  if (rec_.id.empty()) {
    diag(Severity::kError, 0,
         "no policy id: neither an 'ID number' section nor a "
         "…/timeline-vet-policies-europe/search/<id> URL line — copy the whole page, "
         "including its URL");
    ok = false;
  }
  if (!rec_.citation) {
    diag(Severity::kError, 0,
         "no citation line ('Cedefop, & ReferNet. (YYYY). <Title>: <Country>. In …') — copy "
         "the whole page, including its 'Cite as' text; without it the title and country "
         "are unknown");
    ok = false;
  }
  if (ok) out_.records.emplace_back(std::move(rec_));
}

}  // namespace policy

using policy::PolicyParser;

int sniff_policy_text(const SourceFile& src) {
  const std::string_view t = src.text;
  if (t.find("<html") != std::string_view::npos || t.find("<HTML") != std::string_view::npos)
    return 0;
  return policy_page_score(t);
}

namespace {

const RE2& page_id_block_re() {
  static const RE2 re("(?m)^ID number[ \\t]*\\r?\\n\\s*\\d{3,}[ \\t]*\\r?$");
  return re;
}

const RE2& page_timeline_re() {
  static const RE2 re("(?m)^Timeline[ \\t]*\\r?\\n\\s*(?:[•*·-]\\s*)?(?:19|20)\\d\\d");
  return re;
}

}  // namespace

int policy_page_score(std::string_view t) {
  int score = 0;
  if (t.find("Timeline of VET policies in Europe") != std::string_view::npos) score += 50;
  if (t.find("/timeline-vet-policies-europe/search/") != std::string_view::npos) score += 30;
  if (t.find("\nThematic categories") != std::string_view::npos) score += 10;
  if (t.find("\nBodies responsible") != std::string_view::npos) score += 10;
  if (t.find("Displaying 1 - ") != std::string_view::npos) score -= 40;  // a listing page
  if (score >= 100) return 100;  // a whole page: the patterns below could only add to it
  // The head of a page copied without the site's header (or a page cut short): the timeline
  // bullets and the ID number block come before everything else.
  // Each pattern starts a line with a fixed word: a line that starts with it is looked for
  // first (memchr-fast), and only then the pattern (a scan of the whole text; saved HTML pages,
  // which have neither line, end here).
  const auto has_line = [&](std::string_view word) {
    return t.starts_with(word) || t.find(std::string("\n").append(word)) != std::string_view::npos;
  };
  if (has_line("ID number") && RE2::PartialMatch(t, page_id_block_re())) score += 30;
  if (has_line("Timeline") && RE2::PartialMatch(t, page_timeline_re())) score += 10;
  return std::clamp(score, 0, 100);
}

ParseResult parse_policy_text(const SourceFile& src) {
  return parse_policy_lines(src, src.text, "policy-text");
}

ParseResult parse_policy_lines(const SourceFile& src, std::string_view text,
                               std::string_view format, const std::vector<int>* line_map) {
  return PolicyParser(src, format, line_map).run(text);
}

}  // namespace vetq::parsers
