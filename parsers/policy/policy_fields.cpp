// The values of each section of a policy page: timeline, id, description and its year notes,
// bodies, target groups, categories, priorities, subsystem, country and type.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "parsers/common/page_lines.h"
#include "parsers/policy/policy_parser.h"
#include "vetq/text.h"

namespace vetq::parsers::policy {

void PolicyParser::parse_timeline(const Section& s, const std::vector<Line>& lines) {
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
    if (year < kFirstYear || year > kLastYear) {
      diag(Severity::kError, l.no,
           fmt::format("timeline year {} is outside {}-{} — fix the year in the page", year,
                       kFirstYear, kLastYear));
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

void PolicyParser::parse_id(const std::vector<Line>& lines) {
  for (const auto& l : lines) {
    std::string id;
    if (RE2::FullMatch(l.text, policy_id_re(), &id) && !id_from_page_) {
      id_from_page_ = {l.no, id};
    } else {
      warn(l.no, fmt::format("unexpected text under 'ID number': '{}' — ignored", l.text));
    }
  }
}

void PolicyParser::parse_description(std::vector<Line> lines) {
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
  set_text(rec_.description, prose, "description");
}

// A listing teaser (cut with "...") copied before the full text it abbreviates: the teaser's
// lines repeat the lines that follow it, and its last line is a prefix of their last line.
void PolicyParser::drop_teasers(std::vector<Line>& lines) {
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

void PolicyParser::parse_bodies(const std::vector<Line>& lines) {
  for (const auto& l : lines) rec_.bodies.push_back(parse_body(l.text));
}

void PolicyParser::parse_target_groups(const std::vector<Line>& lines) {
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
      warn(l.no, fmt::format("target group '{}' has no audience header above it — ignored", item));
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

bool PolicyParser::looks_like_heading(std::string_view s) {
  if (s.size() > 160) return false;
  const char last = s.back();
  return last != '.' && last != ':' && last != ';' && last != ',' && last != ')';
}

void PolicyParser::add_category_tag(const Category& cat, std::optional<std::string> sub,
                                    std::string evidence) {
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

void PolicyParser::parse_categories(const std::vector<Line>& lines) {
  // Each line's category name and category description, looked up once (each line is also
  // the line after another).
  std::vector<const Category*> named(lines.size()), described(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    named[i] = tax_.category(lines[i].text);
    if (!named[i]) described[i] = tax_.boilerplate_of(lines[i].text);
  }
  const Category* cat = nullptr;
  std::optional<Line> heading;  // a sub-category name seen on the page, awaiting its text
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (const Category* c = named[i]) {
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
    if (described[i]) continue;  // the category's own description
    const bool next_is_text = i + 1 < lines.size() && !named[i + 1] && !described[i + 1];
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

void PolicyParser::parse_priorities(const std::vector<Line>& lines) {
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

void PolicyParser::parse_subsystems(const std::vector<Line>& lines) {
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

void PolicyParser::parse_country(const std::vector<Line>& lines) {
  for (const auto& l : lines) {
    if (country_field_) {
      warn(l.no, fmt::format("second value under 'Country': '{}' — ignored", l.text));
      continue;
    }
    country_field_ = l;
  }
}

void PolicyParser::parse_type(const std::vector<Line>& lines) {
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

}  // namespace vetq::parsers::policy
