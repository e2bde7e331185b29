#pragma once
// The second stage of the report parser: the parts of a report read from its layout
// (layout.h): the cover, the document-identification block and version history, the sections
// and their paragraphs, the figures, the SWOT analysis and the recommendations, and the
// metadata they give (title, project, version, date, region). Whatever the front end.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "parsers/report/layout.h"
#include "vetq/record.h"

namespace vetq::parsers::report {

/// A paragraph with the source line of each piece it was joined from.
struct Paragraph {
  std::string text;
  std::vector<std::pair<std::size_t, int>> pieces;  // (offset in text, source line)

  /// The source line of the piece holding byte `offset` of text.
  int line_at(std::size_t offset) const;
};

/// A section as the mentions stage reads it: ReportSection's paragraphs with their lines.
struct Section {
  std::string heading;
  bool front_matter = false;  // identification block, version history, contents
  std::vector<Paragraph> paragraphs;
};

struct ReportParts {
  /// Everything but mentions, derived tags, the id and a country the text alone gives:
  /// the later stages add those. source.path and source.sha256 are set, source.format is not.
  ReportRecord record;
  std::vector<Section> sections;  // one per record.sections, in order
  bool headed = false;            // at least one section heading
  std::vector<Diagnostic> diagnostics;
};

/// Reads the parts of the report laid out in `layout` (src names the file in diagnostics).
/// Warns (path:line) when a part is missing or shaped unexpectedly; never guesses a value.
ReportParts read_parts(const ReportLayout& layout, const SourceFile& src);

}  // namespace vetq::parsers::report
