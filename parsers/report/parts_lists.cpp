// The parts stage (parts.h): the lists a report is read for, the SWOT analysis and the
// recommendations.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#include "parsers/report/parts_reader.h"
#include "parsers/report/report_util.h"
#include "vetq/text.h"

namespace vetq::parsers::report {

namespace {

// "**Lead-in** rest", "Lead-in: rest" or a bare title.
Recommendation lead_in(const std::string& item) {
  Recommendation r;
  std::string_view v = trim(item);
  if (v.starts_with("**")) {
    const auto close = v.find("**", 2);
    if (close != std::string_view::npos) {
      r.title = clean_markup(std::string(v.substr(2, close - 2)));
      std::string rest(trim(v.substr(close + 2)));
      while (!rest.empty() && (rest.front() == ':' || rest.front() == '-')) rest.erase(0, 1);
      r.text = clean_markup(rest);
    }
  }
  if (r.title.empty()) {
    const std::string clean = clean_markup(std::string(v));
    const auto colon = clean.find(": ");
    if (colon != std::string::npos && colon <= 80 && word_count(clean.substr(0, colon)) <= 10) {
      r.title = clean.substr(0, colon);
      r.text = std::string(trim(clean.substr(colon + 2)));
    } else {
      r.title = clean;
    }
  }
  while (!r.title.empty() && (r.title.back() == ':' || r.title.back() == '.')) r.title.pop_back();
  return r;
}

}  // namespace

void PartsReader::parse_swot() {
  int announced = 0;  // the line of the first heading or paragraph naming a SWOT
  for (auto& s : sections_) {
    if (s.front_matter) continue;
    // The introduction: the heading or the first paragraph that names the SWOT.
    std::optional<std::size_t> start;
    if (fold(s.heading).find("swot") != std::string::npos) start = s.heading_index + 1;
    for (const auto& p : s.paras) {
      if (start) break;
      if (fold(p.text).find("swot") != std::string::npos) start = p.last_index + 1;
    }
    if (start && !announced) announced = lines_[*start - 1].no;
    std::vector<std::size_t> labels;
    if (start && read_swot(s, *start, labels)) {
      swot_section_ = &s;
      // Quadrant labels ("Strengths") name lists; they are not paragraphs of the section.
      std::erase_if(s.paras, [&](const Para& p) {
        return p.pieces.size() == 1 &&
               std::find(labels.begin(), labels.end(), p.last_index) != labels.end();
      });
      return;
    }
  }
  if (sections_.empty()) return;  // not a report: read_parts' caller says so
  if (announced)
    warn(announced,
         "a SWOT analysis is announced here but no list of strengths, weaknesses, "
         "opportunities or threats follows in its section — SWOT left empty");
  else
    warn(first_body_line(),
         "no SWOT analysis found (no heading or paragraph names 'SWOT') — "
         "SWOT left empty");
}

// The SWOT lists after line `start`: labelled ("Strengths:") or four unlabelled lists in the
// order strengths, weaknesses, opportunities, threats. False when there are none. `labels`:
// the label lines.
bool PartsReader::read_swot(const Sect& s, std::size_t start, std::vector<std::size_t>& labels) {
  static const char* const kQuadrants[] = {"strengths", "weaknesses", "opportunities", "threats"};
  int block = -1;
  bool labelled = false, prev_bullet = false;
  std::string quadrant;
  int first = 0, last = 0;
  for (std::size_t i = start; i < s.end_index; ++i) {
    if (!content(i)) {
      prev_bullet = false;
      continue;
    }
    const Line& l = lines_[i];
    if (claims_[i] != Claim::kNone) continue;
    if (auto q = rules_.swot_label(l.text)) {
      labels.push_back(i);
      quadrant = *q;
      labelled = true;
      prev_bullet = false;
      continue;
    }
    if (!bullet(i)) {
      if (!rec_.swot.empty()) break;  // the text after the lists
      continue;                       // a footnote between the introduction and the lists
    }
    if (!labelled && !prev_bullet) {
      if (++block >= 4) break;
      quadrant = kQuadrants[block];
    }
    prev_bullet = true;
    if (quadrant.empty()) continue;
    rec_.swot.push_back({quadrant, clean_markup(l.text)});
    if (!first) first = l.no;
    last = l.no;
  }
  if (rec_.swot.empty()) return false;
  if (!labelled && block != 3)
    warn(first, fmt::format("SWOT analysis has {} unlabelled list(s), expected 4 — quadrants "
                            "assigned in order strengths, weaknesses, opportunities, threats",
                            block + 1));
  rec_.source.spans["swot"] = {first, last};
  return true;
}

bool PartsReader::has_lead_in_items(const Sect& s) const {
  for (std::size_t i = s.heading_index + 1; i + 1 < s.end_index; ++i)
    if (bullet(i) && content(i + 1) && claims_[i + 1] == Claim::kNone && !bullet(i + 1))
      return true;
  return false;
}

// After the SWOT: the first section with a list and a recommendation cue in its heading or
// lead paragraph, else the first whose list items have bodies.
const PartsReader::Sect* PartsReader::recommendations_section() const {
  const Sect* target = nullptr;
  bool after_swot = swot_section_ == nullptr;
  for (const auto& s : sections_) {
    if (&s == swot_section_) {
      after_swot = true;
      continue;
    }
    if (!after_swot || s.front_matter) continue;
    bool bullets = false;
    for (const auto& p : s.paras) bullets = bullets || p.bullet;
    if (!bullets) continue;
    const bool cue = rules_.has_recommendation_cue(s.heading) ||
                     (!s.paras.empty() && !s.paras.front().bullet &&
                      rules_.has_recommendation_cue(s.paras.front().text));
    if (cue || (!target && has_lead_in_items(s))) {
      target = &s;
      if (cue) break;
    }
  }
  return target;
}

void PartsReader::parse_recommendations() {
  const Sect* target = recommendations_section();
  if (!target) return;
  std::optional<Recommendation> cur;
  bool gap = false;
  int first = 0, last = 0;
  auto close = [&] {
    if (cur) rec_.recommendations.push_back(std::move(*cur));
    cur.reset();
  };
  for (std::size_t i = target->heading_index + 1; i < target->end_index; ++i) {
    if (!content(i)) {
      gap = true;
      continue;
    }
    const Line& l = lines_[i];
    if (claims_[i] != Claim::kNone) continue;
    if (bullet(i)) {
      close();
      cur = lead_in(l.text);
      if (!first) first = l.no;
      last = l.no;
    } else if (cur) {
      std::string body = clean_markup(l.text);
      const bool continues =
          !ends_sentence(cur->text) && RE2::PartialMatch(body, starts_lower_re());
      if (gap && !continues && !cur->text.empty()) {
        close();  // a paragraph after the list
      } else {
        if (cur->text.empty())
          cur->text = body;
        else
          cur->text += (continues ? " " : "\n") + body;
        last = l.no;
      }
    }
    gap = false;
  }
  close();
  if (first) rec_.source.spans["recommendations"] = {first, last};
}

}  // namespace vetq::parsers::report
