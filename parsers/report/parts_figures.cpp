// The parts stage (parts.h): figures. A figure is a "Figure N:" caption with the chart title,
// chart labels, notes and "Source:" line printed around its image, or a chart title and a
// source line without a caption.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#include "parsers/report/parts_reader.h"
#include "parsers/report/report_util.h"
#include "vetq/text.h"

namespace vetq::parsers::report {

bool PartsReader::label_like(std::size_t i) const {
  if (!free_content(i) || bullet(i) || is_caption(i) || is_source(i)) return false;
  const std::string& t = lines_[i].text;
  return t.size() <= 30 && word_count(t) <= 3 && !ends_sentence(t);
}

bool PartsReader::title_like(std::size_t i) const {
  if (!free_content(i) || bullet(i) || is_caption(i) || is_source(i)) return false;
  const std::string& t = lines_[i].text;
  return t.size() <= 160 && word_count(t) >= 3 && !ends_sentence(t) &&
         t.find("**") == std::string::npos && !rules_.swot_label(t);
}

// Walks back from a caption or source line over gaps, chart labels and notes; returns the
// figure's title line, if any, and claims the labels on the way.
std::optional<std::size_t> PartsReader::title_above(std::size_t c, bool skip_notes) {
  std::vector<std::size_t> labels;
  std::optional<std::size_t> title;
  for (std::size_t k = c; k-- > cover_end_ && c - k <= 12;) {
    if (!content(k)) continue;
    const Claim claim = claims_[k];
    if (claim == Claim::kHeading || claim == Claim::kCaption || claim == Claim::kFigureTitle ||
        styled_heading(k))
      break;
    if (skip_notes && (is_source(k) || RE2::PartialMatch(lines_[k].text, note_re()))) continue;
    if (title_like(k)) {
      title = k;
      break;
    }
    if (label_like(k) && labels.size() < 3) {
      labels.push_back(k);
      continue;
    }
    break;
  }
  if (title || !labels.empty() || skip_notes) {
    for (std::size_t k : labels) {
      claims_[k] = Claim::kLabel;
      note(lines_[k].no,
           fmt::format("'{}' looks like a label inside a figure — left out of the text",
                       lines_[k].text));
    }
  }
  return title;
}

void PartsReader::mark_figures() {
  for (std::size_t i = cover_end_; i < lines_.size(); ++i) {
    if (!is_caption(i) || claims_[i] != Claim::kNone) continue;
    claims_[i] = Claim::kCaption;
    PendingFigure f;
    f.caption = i;
    // Notes and sources printed before the caption belong to the figure.
    for (std::size_t k = i; k-- > cover_end_ && i - k <= 6;) {
      if (!content(k)) continue;
      if (is_source(k) && claims_[k] == Claim::kNone) {
        claims_[k] = Claim::kSource;
        f.source = k;
        continue;
      }
      if (RE2::PartialMatch(lines_[k].text, note_re())) continue;
      break;
    }
    if (auto t = title_above(i, true)) {
      claims_[*t] = Claim::kFigureTitle;
      f.title = t;
    }
    // A source line right after the caption.
    std::size_t n = i + 1;
    while (n < lines_.size() && !content(n) && n - i <= 3) ++n;
    if (!f.source && is_source(n) && claims_[n] == Claim::kNone) {
      claims_[n] = Claim::kSource;
      f.source = n;
    }
    pending_.push_back(f);
  }
  mark_uncaptioned_charts();
}

// A chart with a title and a source but no "Figure N" line.
void PartsReader::mark_uncaptioned_charts() {
  for (std::size_t i = cover_end_; i < lines_.size(); ++i) {
    if (!is_source(i) || claims_[i] != Claim::kNone) continue;
    if (auto t = title_above(i, false)) {
      claims_[*t] = Claim::kFigureTitle;
      claims_[i] = Claim::kSource;
      PendingFigure f;
      f.title = t;
      f.source = i;
      pending_.push_back(f);
      warn(lines_[*t].no, fmt::format("chart '{}' has no 'Figure N:' caption — kept as a figure "
                                      "without a number",
                                      std::string(prefix_by_width(lines_[*t].text, 60))));
    }
  }
}

void PartsReader::collect_figures() {
  std::sort(pending_.begin(), pending_.end(), [](const auto& a, const auto& b) {
    return a.title.value_or(*a.caption) < b.title.value_or(*b.caption);
  });
  for (const auto& p : pending_) {
    ReportFigure f;
    std::optional<std::string> title;
    if (p.title) title = clean_markup(lines_[*p.title].text);
    if (p.caption) {
      const Line& c = lines_[*p.caption];
      int number = 0;
      std::string caption;
      RE2::FullMatch(c.text, caption_re(), &number, &caption);
      f.number = number;
      f.caption = clean_markup(caption);
      f.line = c.no;
      if (f.caption.empty()) {
        if (title)
          f.caption = *title;
        else
          warn(c.no, fmt::format("Figure {} has an empty caption and no title line above its "
                                 "image — caption left empty",
                                 number));
      }
    } else {
      f.caption = title.value_or("");
      f.line = lines_[*p.title].no;
    }
    f.title = title;
    if (p.source) {
      std::string s;
      RE2::FullMatch(lines_[*p.source].text, source_re(), &s);
      f.source = clean_markup(s);
    }
    f.section = heading_of(p.caption.value_or(p.title.value_or(0)));
    rec_.figures.push_back(std::move(f));
  }
}

}  // namespace vetq::parsers::report
