#include "parsers/policy/policy_text.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/common/page_lines.h"
#include "vetq/taxonomy.h"
#include "vetq/text.h"

namespace vetq::parsers {

namespace {

// One non-empty line of the page, trimmed, with its 1-based source line.
struct Line {
  int no = 0;
  std::string text;
};

// A section of the page: its canonical header and the lines under it.
struct Section {
  std::string name;
  int header_line = 0;  // 0 for the header-less preamble (the timeline of short copies)
  std::vector<Line> lines;
};

const RE2& timeline_re() {
  static const RE2 re(R"(^(?:(?:-|•|\*|–)\s*)?(\d{4})\s*(\pL.*)$)");
  return re;
}
const RE2& year_re() {
  static const RE2 re(R"(^(\d{4})$)");
  return re;
}
const RE2& citation_re() {
  // "Cedefop, & ReferNet. (2025). <Title>: <Country>. In Cedefop, & ReferNet. (2025).
  //  Timeline of VET policies in Europe (2024 update) [Online tool]."
  static const RE2 re(
      R"(^Cedefop,? (?:&|and) ReferNet\.? \((\d{4})\)\. (.+): ([^:]+?)\. In Cedefop,? (?:&|and) )"
      R"(ReferNet\.? \(\d{4}\)\. Timeline of VET policies in Europe(?: \((\d{4} update)\))?)"
      R"((?: \[Online tool\])?\.?$)");
  return re;
}
const RE2& url_re() {
  static const RE2 re(
      R"(^https?://(?:www\.)?cedefop\.europa\.eu(?:/[a-z]{2})?/tools/timeline-vet-policies-europe/search/(\d+)/?(?:[?#].*)?$)");
  return re;
}
const RE2& id_re() {
  static const RE2 re(R"(^(\d{3,9})$)");
  return re;
}

std::optional<std::string> join_lines(const std::vector<Line>& lines) {
  if (lines.empty()) return std::nullopt;
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out.push_back('\n');
    out += prose_line(l.text);
  }
  return out;
}

class PolicyParser {
 public:
  PolicyParser(const SourceFile& src, std::string_view format, const std::vector<int>* line_map)
      : src_(src), tax_(Taxonomy::get()), line_map_(line_map) {
    rec_.source.path = src.path;
    rec_.source.sha256 = src.sha256;
    rec_.source.format = std::string(format);
  }

  ParseResult run(std::string_view text) {
    split_sections(text);
    for (const auto& s : sections_) parse_section(s);
    finish();
    return std::move(out_);
  }

 private:
  // At most kMaxWarnings warnings per file; a garbage file must not flood the terminal.
  static constexpr int kMaxWarnings = 50;
  void diag(Severity sev, int line, std::string message) {
    if (sev == Severity::kWarning && ++warnings_ > kMaxWarnings) return;
    out_.diagnostics.push_back({sev, src_.path, line, std::move(message)});
  }
  void warn(int line, std::string message) { diag(Severity::kWarning, line, std::move(message)); }

  int source_line(int text_line) const {
    if (line_map_ && text_line >= 1 && static_cast<std::size_t>(text_line) <= line_map_->size())
      return (*line_map_)[static_cast<std::size_t>(text_line - 1)];
    return text_line;
  }

  void split_sections(std::string_view text) {
    sections_.push_back({"Timeline", 0, {}});
    const auto raw = split_lines(text);
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const int no = source_line(static_cast<int>(i) + 1);
      const std::string line(trim(raw[i]));
      if (line.empty()) continue;
      // Both patterns are anchored at a literal start: a cheap test first spares RE2 the
      // ~40 lines of every page that cannot match.
      if (line.starts_with("Cedefop") && RE2::FullMatch(line, citation_re())) {
        citation_lines_.push_back({no, line});
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
      sections_.back().lines.push_back({no, line});
    }
  }

  // Drops the help text printed directly under a header on full pages.
  std::vector<Line> content(const Section& s) const {
    std::vector<Line> lines = s.lines;
    if (!lines.empty() && tax_.is_help_text(s.name, lines.front().text)) {
      lines.erase(lines.begin());
    }
    return lines;
  }

  void note_span(const Section& s) {
    int first = s.header_line ? s.header_line : (s.lines.empty() ? 0 : s.lines.front().no);
    int last = s.lines.empty() ? first : s.lines.back().no;
    if (first == 0) return;
    auto key = fold(s.name);
    std::replace(key.begin(), key.end(), ' ', '_');
    auto [it, inserted] = rec_.source.spans.try_emplace(key, LineSpan{first, last});
    if (!inserted) it->second.last = std::max(it->second.last, last);
  }

  void parse_section(const Section& s) {
    note_span(s);
    const std::vector<Line> lines = content(s);
    if (s.name == "Timeline") return parse_timeline(s, lines);
    if (s.name == "ID number") return parse_id(lines);
    if (s.name == "Background") return set_text(rec_.background, lines);
    if (s.name == "Objectives") return set_text(rec_.objectives, lines);
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

  void set_text(std::optional<std::string>& field, const std::vector<Line>& lines) {
    if (auto t = join_lines(lines)) field = std::move(t);
  }

  void parse_timeline(const Section& s, const std::vector<Line>& lines) {
    for (const auto& l : lines) {
      int year = 0;
      std::string stage;
      if (!RE2::FullMatch(l.text, timeline_re(), &year, &stage)) {
        warn(l.no, fmt::format("{} — expected a timeline entry such as '- 2016Implementation'; "
                               "line ignored",
                               s.header_line ? "unexpected text under 'Timeline'"
                                             : "unexpected text before the first section"));
        continue;
      }
      stage = std::string(trim(stage));
      if (auto canon = tax_.stage(stage)) {
        stage = *canon;
      } else {
        warn(l.no, fmt::format("unknown stage '{}' — kept as written; known stages: {}", stage,
                               join(tax_.stages(), ", ")));
      }
      rec_.timeline.push_back({year, stage});
    }
  }

  void parse_id(const std::vector<Line>& lines) {
    for (const auto& l : lines) {
      std::string id;
      if (RE2::FullMatch(l.text, id_re(), &id) && !id_from_page_) {
        id_from_page_ = {l.no, id};
      } else {
        warn(l.no, fmt::format("unexpected text under 'ID number': '{}' — ignored", l.text));
      }
    }
  }

  void parse_description(std::vector<Line> lines) {
    drop_teasers(lines);
    std::vector<Line> prose;
    std::optional<std::size_t> note;  // index into rec_.year_notes
    std::vector<std::string> note_text;
    auto close_note = [&] {
      if (note && !note_text.empty()) rec_.year_notes[*note].text = join(note_text, "\n");
      note_text.clear();
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
      int year = 0;
      if (i + 1 < lines.size() && RE2::FullMatch(lines[i].text, year_re(), &year)) {
        if (auto stage = tax_.stage(lines[i + 1].text)) {
          close_note();
          rec_.year_notes.push_back({year, *stage, std::nullopt});
          note = rec_.year_notes.size() - 1;
          ++i;
          continue;
        }
      }
      prose.push_back(lines[i]);
      if (note) note_text.push_back(prose_line(lines[i].text));
    }
    close_note();
    set_text(rec_.description, prose);
  }

  // A listing teaser (cut with "...") copied before the full text it abbreviates: the teaser's
  // lines repeat the lines that follow it, and its last line is a prefix of their last line.
  void drop_teasers(std::vector<Line>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string_view last = lines[i].text;
      std::string_view stem;
      if (last.ends_with("..."))
        stem = last.substr(0, last.size() - 3);
      else if (last.ends_with("…"))
        stem = last.substr(0, last.size() - std::string_view("…").size());
      else
        continue;
      stem = trim(stem);
      if (stem.empty()) continue;
      for (std::size_t j = i + 1; j < lines.size(); ++j) {
        const std::size_t len = j - i;  // lines in the teaser = lines in the full copy
        if (len > i + 1) break;
        const std::string& full = lines[j].text;
        if (!(full.size() > stem.size() && full.starts_with(stem))) continue;
        const std::size_t start = i + 1 - len;
        bool same = true;
        for (std::size_t k = 0; k + 1 < len && same; ++k)
          same = lines[start + k].text == lines[i + 1 + k].text;
        if (!same) continue;
        diag(Severity::kNote, lines[start].no,
             fmt::format("dropped a teaser of {} line(s) cut with '...' that the full text on "
                         "line {} repeats",
                         len, lines[i + 1].no));
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(start),
                    lines.begin() + static_cast<std::ptrdiff_t>(i + 1));
        i = start;
        break;
      }
    }
  }

  void parse_bodies(const std::vector<Line>& lines) {
    for (const auto& l : lines) rec_.bodies.push_back(parse_body(l.text));
  }

  void parse_target_groups(const std::vector<Line>& lines) {
    std::optional<std::string> audience;
    for (const auto& l : lines) {
      if (!is_bullet(l.text)) {
        if (auto a = tax_.audience(l.text)) {
          audience = *a;
          continue;
        }
        if (!audience) {
          audience = l.text;
          warn(l.no, fmt::format("unknown audience '{}' — kept as written; known: Learners, "
                                 "Education professionals, Entities providing VET",
                                 l.text));
          continue;
        }
      }
      const std::string item = strip_bullet(l.text);
      if (!audience) {
        warn(l.no,
             fmt::format("target group '{}' has no audience header above it — ignored", item));
        continue;
      }
      if (auto canon = tax_.target_group(*audience, item)) {
        rec_.target_groups.push_back({*audience, *canon});
      } else {
        warn(l.no, fmt::format("target group '{}' is not in the taxonomy under '{}' — kept as "
                               "written; check the spelling or extend schemas/taxonomy.json",
                               item, *audience));
        rec_.target_groups.push_back({*audience, item});
      }
    }
  }

  static bool looks_like_heading(std::string_view s) {
    if (s.size() > 160) return false;
    const char last = s.back();
    return last != '.' && last != ':' && last != ';' && last != ',' && last != ')';
  }

  void add_category_tag(const Category& cat, std::optional<std::string> sub, std::string evidence) {
    for (const auto& t : rec_.categories)
      if (t.category == cat.name && t.subcategory == sub) return;
    // A category first recorded without a sub-category gains it instead of a second entry.
    for (auto& t : rec_.categories) {
      if (t.category == cat.name && !t.subcategory) {
        t.subcategory = std::move(sub);
        t.evidence = std::move(evidence);
        return;
      }
    }
    rec_.categories.push_back({cat.name, std::move(sub), std::move(evidence)});
  }

  void parse_categories(const std::vector<Line>& lines) {
    const Category* cat = nullptr;
    std::optional<Line> heading;  // a sub-category name seen on the page, awaiting its text
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const Line& l = lines[i];
      if (const Category* c = tax_.category(l.text)) {
        cat = c;
        heading.reset();
        add_category_tag(*c, std::nullopt, "heading");
        continue;
      }
      if (!cat) {
        warn(l.no, fmt::format("text before the first thematic category: '{}' — ignored",
                               l.text.substr(0, 60)));
        continue;
      }
      if (tax_.boilerplate_of(l.text)) continue;  // the category's own description
      const bool next_is_text = i + 1 < lines.size() && !tax_.category(lines[i + 1].text) &&
                                !tax_.boilerplate_of(lines[i + 1].text);
      if (tax_.subcategory(*cat, l.text) || (looks_like_heading(l.text) && next_is_text)) {
        if (heading) {
          warn(heading->no,
               fmt::format("sub-category heading '{}' has no description", heading->text));
          add_category_tag(*cat, heading->text, "heading");
        }
        heading = l;
        continue;
      }
      if (heading) {
        const Subcategory* known = tax_.subcategory(*cat, heading->text);
        if (!known) {
          warn(heading->no,
               fmt::format("sub-category '{}' is not in the taxonomy under '{}' — kept as "
                           "written",
                           heading->text, cat->name));
        }
        add_category_tag(*cat, heading->text, "heading");
        heading.reset();
        continue;
      }
      const auto hits = tax_.match_subcategories(*cat, l.text);
      if (hits.empty()) {
        warn(l.no, fmt::format("paragraph under '{}' matches no known sub-category: '{}...' — "
                               "not assigned; add its key phrases to schemas/taxonomy.json",
                               cat->name, l.text.substr(0, 60)));
        continue;
      }
      add_category_tag(*cat, hits.front()->name, "description");
    }
    if (heading) {
      warn(heading->no, fmt::format("sub-category heading '{}' has no description", heading->text));
      add_category_tag(*cat, heading->text, "heading");
    }
  }

  void parse_priorities(const std::vector<Line>& lines) {
    std::optional<std::string> framework;
    for (const auto& l : lines) {
      if (!is_bullet(l.text)) {
        if (auto f = tax_.framework(l.text)) {
          framework = *f;
          continue;
        }
      }
      const std::string item = strip_bullet(l.text);
      if (!framework) {
        warn(l.no, fmt::format("priority '{}' has no framework header ('VET Recommendation' or "
                               "'Osnabrück Declaration') above it — ignored",
                               item));
        continue;
      }
      if (auto canon = tax_.priority(*framework, item)) {
        rec_.priorities.push_back({*framework, *canon});
      } else {
        warn(l.no, fmt::format("priority '{}' is not in the taxonomy under '{}' — kept as written",
                               item, *framework));
        rec_.priorities.push_back({*framework, item});
      }
    }
  }

  void parse_subsystems(const std::vector<Line>& lines) {
    for (const auto& l : lines) {
      const std::string value = strip_bullet(l.text);
      if (auto canon = tax_.subsystem(value)) {
        rec_.subsystem.push_back(*canon);
      } else {
        warn(l.no, fmt::format("unknown subsystem '{}' — kept as written; known: {}", value,
                               join(tax_.subsystems(), ", ")));
        rec_.subsystem.push_back(value);
      }
    }
  }

  void parse_country(const std::vector<Line>& lines) {
    for (const auto& l : lines) {
      if (country_field_) {
        warn(l.no, fmt::format("second value under 'Country': '{}' — ignored", l.text));
        continue;
      }
      country_field_ = l;
    }
  }

  void parse_type(const std::vector<Line>& lines) {
    for (const auto& l : lines) {
      if (rec_.type) {
        warn(l.no, fmt::format("second value under 'Type of development': '{}' — ignored", l.text));
        continue;
      }
      if (auto canon = tax_.type(l.text)) {
        rec_.type = *canon;
      } else {
        warn(l.no, fmt::format("unknown type of development '{}' — kept as written; known: {}",
                               l.text, join(tax_.types(), ", ")));
        rec_.type = l.text;
      }
    }
  }

  void finish() {
    // Citation: title, country, edition.
    if (!citation_lines_.empty()) {
      const Line& c = citation_lines_.front();
      std::string title, country, edition;
      int year = 0;
      RE2::FullMatch(c.text, citation_re(), &year, &title, &country, &edition);
      rec_.citation = c.text;
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
      std::string id;
      RE2::FullMatch(u.text, url_re(), &id);
      url_id = id;
      rec_.url = "https://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/search/" + id;
      rec_.source.spans["url"] = {u.no, u.no};
    }
    if (id_from_page_) {
      rec_.id = id_from_page_->text;
      if (url_id && *url_id != rec_.id) {
        warn(url_lines_.front().no,
             fmt::format("the URL names policy {} but 'ID number' says {} — the ID number wins",
                         *url_id, rec_.id));
      }
    } else if (url_id) {
      rec_.id = *url_id;
    }
    if (warnings_ > kMaxWarnings) {
      diag(Severity::kNote, 0,
           fmt::format("{} more warnings not shown — is this really a policy page?",
                       warnings_ - kMaxWarnings));
    }
    bool ok = true;
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

  const SourceFile& src_;
  const Taxonomy& tax_;
  const std::vector<int>* line_map_;
  PolicyRecord rec_;
  ParseResult out_;
  std::vector<Section> sections_;
  std::vector<Line> citation_lines_, url_lines_;
  std::optional<Line> id_from_page_, country_field_;
  int warnings_ = 0;
};

}  // namespace

int sniff_policy_text(const SourceFile& src) {
  const std::string_view t = src.text;
  if (t.find("<html") != std::string_view::npos || t.find("<HTML") != std::string_view::npos)
    return 0;
  return policy_page_score(t);
}

int policy_page_score(std::string_view t) {
  int score = 0;
  if (t.find("Timeline of VET policies in Europe") != std::string_view::npos) score += 50;
  if (t.find("/timeline-vet-policies-europe/search/") != std::string_view::npos) score += 30;
  if (t.find("\nThematic categories") != std::string_view::npos) score += 10;
  if (t.find("\nBodies responsible") != std::string_view::npos) score += 10;
  if (t.find("Displaying 1 - ") != std::string_view::npos) score -= 40;  // a listing page
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
