#pragma once
// The vocabulary every stage shares: source files, records, diagnostics.
// Plain values only; no stage-specific dependencies.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vetq {

/// A file's bytes after decoding (see source.h): UTF-8, LF line ends, no BOM, NBSP as space.
struct SourceFile {
  std::string path;    // as given on the command line ("-" for standard input)
  std::string sha256;  // hex digest of the raw bytes as read
  std::string text;    // decoded text
  std::string bytes;   // raw bytes as read (binary formats such as PDF parse these)
};

enum class Severity { kNote, kWarning, kError };

/// Something a stage wants a person to know, located in a source file.
struct Diagnostic {
  Severity severity = Severity::kWarning;
  std::string path;
  int line = 0;  // 1-based; 0 when there is no line
  std::string message;
};

/// "path:line: severity: message", line 0 for the whole file; control characters in the path
/// and the message escaped (escape_controls in text.h).
std::string to_string(const Diagnostic& d);

/// Lines [first, last] of a source file, 1-based and inclusive.
struct LineSpan {
  int first = 0;
  int last = 0;
};

/// Where a record came from.
struct Provenance {
  std::string path;
  std::string sha256;
  std::string format;                     // parser name, e.g. "policy-text"
  std::map<std::string, LineSpan> spans;  // section name -> lines
  // The source lines of each paragraph of a text, one span per paragraph (a policy's
  // "background", "objectives", "description": its '\n'-separated lines; a report's
  // "section N": section N's paragraphs).
  std::map<std::string, std::vector<LineSpan>> paragraph_lines;
};

struct TimelineEntry {
  int year = 0;
  std::string stage;
};

struct YearNote {
  int year = 0;
  std::string stage;
  std::optional<std::string> text;  // null when the marker is followed directly by the next one
};

struct Body {
  std::string name;
  std::optional<int> from;   // "(since 2025)", "(from 2020 till 2022)"
  std::optional<int> until;  // "(until 2024)", "(from 2020 till 2022)"
};

struct TargetGroup {
  std::string audience;  // "Learners", "Education professionals", "Entities providing VET"
  std::string group;
};

struct CategoryTag {
  std::string category;
  std::optional<std::string> subcategory;
  std::string evidence;  // "heading" | "description" | "category" (no sub-category given)
};

struct Priority {
  std::string framework;  // "VET Recommendation" | "Osnabrück Declaration"
  std::string item;
};

/// One Cedefop "Timeline of VET policies in Europe" policy development.
/// A field the source lacks is std::nullopt or empty, never guessed.
struct PolicyRecord {
  std::string id;
  std::optional<std::string> title;
  std::optional<std::string> country;
  std::optional<std::string> country_code;
  std::optional<std::string> type;
  std::vector<std::string> subsystem;
  std::vector<TimelineEntry> timeline;
  std::optional<std::string> background;
  std::optional<std::string> objectives;
  std::optional<std::string> description;
  std::vector<YearNote> year_notes;
  std::vector<Body> bodies;
  std::vector<TargetGroup> target_groups;
  std::vector<CategoryTag> categories;
  std::vector<Priority> priorities;
  std::vector<std::string> further_reading;
  std::optional<std::string> citation;
  std::optional<int> citation_year;
  std::optional<std::string> edition;  // "2024 update"
  std::optional<std::string> url;
  bool partial = false;  // true for a search-result listing entry (teasers only)
  Provenance source;
};

struct ReportHistoryRow {
  std::optional<std::string> date;  // ISO 8601
  std::optional<std::string> contributor;
  std::optional<std::string> contribution;
};

struct ReportSection {
  int ordinal = 0;
  std::string heading;
  std::vector<std::string> paragraphs;
  LineSpan lines;
};

struct ReportFigure {
  std::optional<int> number;          // null for a chart with a title but no "Figure N" line
  std::string caption;                // the title line above the image when the caption is empty
  std::optional<std::string> title;   // the chart's own title line above the image
  std::optional<std::string> source;  // "Source: ..." printed with the figure
  std::optional<std::string> section;
  int line = 0;
};

struct SwotItem {
  std::string quadrant;  // strengths | weaknesses | opportunities | threats
  std::string text;
};

struct Recommendation {
  std::string title;
  std::string text;
};

struct Mention {
  std::string type;   // year | legal_act | statistic | organisation | programme | place
  std::string text;   // as written
  std::string value;  // normalized value
  std::optional<std::string> section;
  int line = 0;
  // Statistics only: the number (68.6 million -> 68600000), its unit ("%", "candidates") and
  // the clause that says what is counted.
  std::optional<double> number;
  std::optional<std::string> unit;
  std::optional<std::string> subject;
};

struct DerivedTag {
  std::string dimension;  // "category" | "target_group"
  std::string value;
  std::optional<std::string> parent;  // the category of a sub-category, the audience of a group
  std::string evidence;               // the words matched
  std::optional<std::string> section;
};

/// A regional report (e.g. a DIG.INT partner annex).
struct ReportRecord {
  std::string id;
  std::optional<std::string> title;
  std::optional<std::string> project_name;
  std::optional<std::string> project_number;
  std::optional<std::string> applicant;
  std::optional<std::string> manager;
  std::optional<std::string> region;
  std::optional<std::string> country;
  std::optional<std::string> country_code;
  std::optional<std::string> version;
  std::optional<std::string> date;  // ISO 8601
  std::vector<ReportHistoryRow> history;
  std::vector<ReportSection> sections;
  std::vector<ReportFigure> figures;
  std::vector<SwotItem> swot;
  std::vector<Recommendation> recommendations;
  std::vector<Mention> mentions;
  std::vector<DerivedTag> tags;
  Provenance source;
};

using Record = std::variant<PolicyRecord, ReportRecord>;

/// What every parser returns: what it could read, and what it could not.
struct ParseResult {
  std::vector<Record> records;
  std::vector<Diagnostic> diagnostics;

  bool has_errors() const;
};

}  // namespace vetq
