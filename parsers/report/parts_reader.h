#pragma once
// Internal to the parts stage (parts.h): the reader's state, shared by parts.cpp (cover,
// tables, headings, sections, metadata), parts_figures.cpp and parts_lists.cpp (SWOT,
// recommendations). Not for other stages.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parsers/common/reporter.h"
#include "parsers/report/parts.h"
#include "parsers/report/report_rules.h"

namespace vetq::parsers::report {

/// What the parts stage made of a line of the layout.
enum class Claim {
  kNone,  // body text of its section
  kCover,
  kKeyValue,
  kHistoryHeader,
  kHistoryRow,
  kHeading,
  kCaption,
  kFigureTitle,
  kLabel,  // a label inside a chart ("France" on a map)
  kSource,
};

class PartsReader {
 public:
  PartsReader(const ReportLayout& layout, const SourceFile& src);
  ReportParts run();

 private:
  struct Para : Paragraph {
    std::size_t last_index = 0;  // index in lines_ of its last line
    bool bullet = false;
  };
  struct Sect {
    std::string heading;
    std::size_t heading_index = 0;  // index in lines_
    std::size_t end_index = 0;      // one past the last line of the section
    bool front_matter = false;
    std::vector<Para> paras;
  };
  struct PendingFigure {
    std::optional<std::size_t> caption, title, source;
  };

  // diagnostics
  void note(int line, std::string m) { diag(Severity::kNote, line, std::move(m)); }
  void warn(int line, std::string m) { diag(Severity::kWarning, line, std::move(m)); }
  void diag(Severity sev, int line, std::string message);

  // lines
  bool content(std::size_t i) const { return i < lines_.size() && has_text(lines_[i]); }
  bool bullet(std::size_t i) const { return content(i) && lines_[i].role == Role::kListItem; }
  bool styled_heading(std::size_t i) const {
    return lines_[i].role == Role::kHeading && lines_[i].styled;
  }
  bool free_content(std::size_t i) const {
    return content(i) && claims_[i] == Claim::kNone && !styled_heading(i);
  }
  bool is_caption(std::size_t i) const { return content(i) && lines_[i].role == Role::kCaption; }
  bool is_source(std::size_t i) const;

  // parts.cpp
  void find_cover();
  void mark_tables();
  std::size_t read_history(std::size_t header);
  void mark_headings();
  void add_line_to(Sect& s, std::size_t i, bool gap);
  void build_sections();
  void record_sections();
  std::optional<std::string> heading_of(std::size_t i) const;
  int first_body_line() const;
  void resolve_metadata();
  void resolve_region();
  const Region* region_in(const std::string& text) const;

  // parts_figures.cpp
  bool label_like(std::size_t i) const;
  bool title_like(std::size_t i) const;
  std::optional<std::size_t> title_above(std::size_t c, bool skip_notes);
  void mark_figures();
  void mark_uncaptioned_charts();
  void collect_figures();

  // parts_lists.cpp
  void parse_swot();
  bool read_swot(const Sect& s, std::size_t start, std::vector<std::size_t>& labels);
  bool has_lead_in_items(const Sect& s) const;
  const Sect* recommendations_section() const;
  void parse_recommendations();

  const SourceFile& src_;
  const ReportRules& rules_;
  const std::vector<Line>& lines_;
  std::vector<Claim> claims_;
  ReportParts out_;
  ReportRecord& rec_;
  std::size_t cover_end_ = 0;
  std::optional<std::pair<int, std::string>> fields_[7];  // (line, value) per identification key
  std::vector<PendingFigure> pending_;
  std::vector<Sect> sections_;
  const Sect* swot_section_ = nullptr;
  Reporter report_{src_.path, out_.diagnostics};  // the diagnostics of every parser's form
};

}  // namespace vetq::parsers::report
