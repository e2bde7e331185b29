// The parts stage (parts.h): cover, identification block and version history, headings,
// sections and metadata. Figures are read in parts_figures.cpp, lists in parts_lists.cpp.
#include "parsers/report/parts.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <iterator>

#include "parsers/report/parts_reader.h"
#include "parsers/report/report_util.h"
#include "vetq/text.h"

namespace vetq::parsers::report {

namespace {

struct KeyField {
  const char* key;  // folded key
  int field;        // index into PartsReader::fields_
};

// Folded keys of the document-identification block.
constexpr KeyField kKeys[] = {
    {"document title", 0},  {"title", 0},
    {"project name", 1},    {"project", 1},
    {"project number", 2},  {"project no.", 2},
    {"project no", 2},      {"grant agreement number", 2},
    {"project id", 2},      {"applicant", 3},
    {"coordinator", 3},     {"lead partner", 3},
    {"project manager", 4}, {"project coordinator", 4},
    {"doc. version", 5},    {"document version", 5},
    {"version", 5},         {"date", 6},
    {"document date", 6},   {"doc. date", 6},
};

constexpr const char* kFrontMatterHeadings[] = {
    "document identification", "document information", "version history", "document history",
    "revision history",        "table of contents",    "contents"};

const RE2& annex_re() {
  static const RE2 re(R"((?i)annex(?:es|e)?\s*[:\-–—]?\s+(.+)$)");
  return re;
}

// Index of the key's field, or -1.
int key_field(std::string_view key) {
  const std::string k = fold(key);
  for (const auto& kf : kKeys)
    if (k == kf.key) return kf.field;
  return -1;
}

// "Key<TAB>Value" or "Key  Value" with a known key: (field, value).
std::optional<std::pair<int, std::string>> key_value(std::string_view line) {
  std::size_t sep = line.find('\t');
  std::size_t skip = 1;
  if (sep == std::string_view::npos) {
    sep = line.find("  ");
    skip = 2;
  }
  if (sep == std::string_view::npos) return std::nullopt;
  const int field = key_field(trim(line.substr(0, sep)));
  if (field < 0) return std::nullopt;
  return std::make_pair(field, std::string(trim(line.substr(sep + skip))));
}

// A row of the identification block: not a list item, whose text lost its bullet.
std::optional<std::pair<int, std::string>> identification_row(const Line& l) {
  if (l.role == Role::kListItem) return std::nullopt;
  return key_value(l.text);
}

bool is_front_matter_heading(std::string_view s) {
  const std::string f = fold(s);
  for (const char* h : kFrontMatterHeadings)
    if (f == h) return true;
  return false;
}

bool is_history_first_cell(const std::string& cell) {
  const std::string first = fold(cell);
  return first == "version" || first == "date" || first == "version date" || first == "rev." ||
         first == "revision";
}

}  // namespace

int Paragraph::line_at(std::size_t offset) const {
  int line = pieces.empty() ? 0 : pieces.front().second;
  for (const auto& [off, no] : pieces)
    if (off <= offset) line = no;
  return line;
}

ReportParts read_parts(const ReportLayout& layout, const SourceFile& src) {
  return PartsReader(layout, src).run();
}

PartsReader::PartsReader(const ReportLayout& layout, const SourceFile& src)
    : src_(src),
      rules_(ReportRules::get()),
      lines_(layout.lines),
      claims_(layout.lines.size(), Claim::kNone),
      rec_(out_.record) {
  rec_.source.path = src.path;
  rec_.source.sha256 = src.sha256;
}

ReportParts PartsReader::run() {
  find_cover();
  mark_tables();
  mark_figures();
  mark_headings();
  build_sections();
  collect_figures();
  parse_swot();
  parse_recommendations();
  record_sections();
  resolve_metadata();
  for (const Claim c : claims_) out_.headed = out_.headed || c == Claim::kHeading;
  for (const auto& s : sections_) {
    Section out{s.heading, s.front_matter, {}};
    for (const auto& p : s.paras) out.paragraphs.push_back(p);
    out_.sections.push_back(std::move(out));
  }
  report_.finish("is this really a regional report?");
  return std::move(out_);
}

void PartsReader::diag(Severity sev, int line, std::string message) {
  report_.diag(sev, line, std::move(message));
}

bool PartsReader::is_source(std::size_t i) const {
  return content(i) && RE2::FullMatch(lines_[i].text, source_re());
}

// The cover: lines before the first front-matter heading or identification line.
void PartsReader::find_cover() {
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (!content(i)) continue;
    if (is_front_matter_heading(lines_[i].text) || identification_row(lines_[i])) {
      cover_end_ = i;
      break;
    }
  }
  for (std::size_t i = 0; i < cover_end_; ++i)
    if (content(i)) claims_[i] = Claim::kCover;
}

void PartsReader::mark_tables() {
  for (std::size_t i = cover_end_; i < lines_.size(); ++i) {
    if (!content(i)) continue;
    const Line& l = lines_[i];
    if (auto kv = identification_row(l); kv && !fields_[static_cast<std::size_t>(kv->first)]) {
      claims_[i] = Claim::kKeyValue;
      fields_[static_cast<std::size_t>(kv->first)] = {l.no, kv->second};
      continue;
    }
    if (l.role != Role::kTableRow || l.cells.size() < 2 || !is_history_first_cell(l.cells[0]))
      continue;
    i = read_history(i);
  }
  int first = 0, last = 0;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (claims_[i] != Claim::kKeyValue) continue;
    if (!first) first = lines_[i].no;
    last = lines_[i].no;
  }
  if (first) rec_.source.spans["identification"] = {first, last};
}

// The version history from its header row; returns the index of its last row.
std::size_t PartsReader::read_history(std::size_t header) {
  claims_[header] = Claim::kHistoryHeader;
  const auto& head = lines_[header].cells;
  int contributor = -1, contribution = -1;
  for (std::size_t c = 1; c < head.size(); ++c) {
    const std::string h = fold(head[c]);
    if (h.find("contributor") != std::string::npos || h.find("author") != std::string::npos)
      contributor = static_cast<int>(c);
    else if (h.find("contribution") != std::string::npos ||
             h.find("description") != std::string::npos || h.find("change") != std::string::npos)
      contribution = static_cast<int>(c);
  }
  if (contributor < 0 && head.size() > 1) contributor = 1;
  if (contribution < 0 && head.size() > 2) contribution = 2;
  std::size_t j = header + 1;
  for (; content(j) && lines_[j].role == Role::kTableRow; ++j) {
    claims_[j] = Claim::kHistoryRow;
    const auto& row = lines_[j].cells;
    auto cell = [&](int c) -> std::optional<std::string> {
      if (c < 0 || static_cast<std::size_t>(c) >= row.size() ||
          row[static_cast<std::size_t>(c)].empty())
        return std::nullopt;
      return row[static_cast<std::size_t>(c)];
    };
    ReportHistoryRow h;
    h.date = iso_date(row.front());
    if (!h.date)
      warn(lines_[j].no, fmt::format("version-history row starts with '{}', not a date "
                                     "(dd/mm/yyyy) — its date is left empty",
                                     row.front()));
    h.contributor = cell(contributor);
    h.contribution = cell(contribution);
    rec_.history.push_back(std::move(h));
  }
  if (!rec_.history.empty()) rec_.source.spans["history"] = {lines_[header].no, lines_[j - 1].no};
  return j - 1;
}

void PartsReader::mark_headings() {
  for (std::size_t i = cover_end_; i < lines_.size(); ++i)
    if (content(i) && lines_[i].role == Role::kHeading && claims_[i] == Claim::kNone)
      claims_[i] = Claim::kHeading;
}

void PartsReader::add_line_to(Sect& s, std::size_t i, bool gap) {
  const Line& l = lines_[i];
  std::string text;
  const bool item = l.role == Role::kListItem;
  switch (claims_[i]) {
    case Claim::kKeyValue: {
      auto kv = key_value(l.text);
      const auto tab = l.text.find('\t');
      const std::string key(trim(
          std::string_view(l.text).substr(0, tab == std::string::npos ? l.text.find("  ") : tab)));
      text = key + ": " + (kv ? kv->second : std::string());
      s.front_matter = true;
      break;
    }
    case Claim::kHistoryHeader:
    case Claim::kHistoryRow:
      text = join(l.cells, " | ");
      s.front_matter = true;
      break;
    case Claim::kNone:
      text = clean_markup(item ? "- " + l.text : l.text);
      if (item && text.size() > 2) text = "- " + std::string(trim(text.substr(1)));
      break;
    default:
      return;  // captions, figure titles, labels, sources: figures, not text
  }
  if (text.empty()) return;
  if (!s.paras.empty() && !item && claims_[i] == Claim::kNone) {
    Para& prev = s.paras.back();
    if (!ends_sentence(prev.text) && RE2::PartialMatch(text, starts_lower_re())) {
      if (gap)
        note(l.no, fmt::format("line {} continues the sentence of line {} across a blank line "
                               "or page break — joined",
                               l.no, prev.pieces.back().second));
      prev.pieces.emplace_back(prev.text.size() + 1, l.no);
      prev.text += " " + text;
      prev.last_index = i;
      return;
    }
  }
  Para p;
  p.text = std::move(text);
  p.pieces.emplace_back(0, l.no);
  p.last_index = i;
  p.bullet = item;
  s.paras.push_back(std::move(p));
}

void PartsReader::build_sections() {
  std::optional<Sect> cur;
  bool gap = false;
  auto close = [&](std::size_t end) {
    if (!cur) return;
    cur->end_index = end;
    if (is_front_matter_heading(cur->heading)) cur->front_matter = true;
    sections_.push_back(std::move(*cur));
    cur.reset();
  };
  for (std::size_t i = cover_end_; i < lines_.size(); ++i) {
    if (!content(i)) {
      gap = true;
      continue;
    }
    if (claims_[i] == Claim::kHeading) {
      close(i);
      cur = Sect{};
      cur->heading = lines_[i].text;
      cur->heading_index = i;
      gap = false;
      continue;
    }
    if (!cur) {
      warn(lines_[i].no, "text before the first heading — kept in a section named '(untitled)'");
      cur = Sect{};
      cur->heading = "(untitled)";
      cur->heading_index = i;
    }
    add_line_to(*cur, i, gap);
    gap = false;
  }
  close(lines_.size());
}

void PartsReader::record_sections() {
  int ordinal = 0;
  for (const auto& s : sections_) {
    ReportSection rs;
    rs.ordinal = ++ordinal;
    rs.heading = s.heading;
    rs.lines.first = lines_[s.heading_index].no;
    rs.lines.last = rs.lines.first;
    for (std::size_t k = s.end_index; k-- > s.heading_index;) {
      if (content(k)) {
        rs.lines.last = lines_[k].no;
        break;
      }
    }
    auto& lines = rec_.source.paragraph_lines["section " + std::to_string(rs.ordinal)];
    for (const auto& p : s.paras) {
      rs.paragraphs.push_back(p.text);
      lines.push_back(p.pieces.empty() ? LineSpan{rs.lines.first, rs.lines.first}
                                       : LineSpan{p.pieces.front().second, p.pieces.back().second});
    }
    rec_.sections.push_back(std::move(rs));
  }
}

// The first line after the cover that has text (0 when there is none): where a part that
// should be there but is not is reported.
int PartsReader::first_body_line() const {
  for (std::size_t i = cover_end_; i < lines_.size(); ++i)
    if (content(i) && lines_[i].no > 0) return lines_[i].no;
  return 0;
}

std::optional<std::string> PartsReader::heading_of(std::size_t i) const {
  for (const auto& s : sections_)
    if (i >= s.heading_index && i < s.end_index) return s.heading;
  return std::nullopt;
}

void PartsReader::resolve_metadata() {
  auto field = [&](int f) -> std::optional<std::string> {
    const auto& v = fields_[static_cast<std::size_t>(f)];
    if (!v || v->second.empty()) return std::nullopt;
    return clean_markup(v->second);
  };
  if (std::none_of(std::begin(fields_), std::end(fields_), [](const auto& f) { return f; })) {
    warn(first_body_line(),
         "no document-identification block found (a table or lines of "
         "'Document Title', 'Project Number', 'Doc. Version', 'Date' … with "
         "their values) — title, project, version and date left empty");
  } else if (!fields_[0]) {
    warn(rec_.source.spans["identification"].first,
         "no 'Document Title' in the document-identification block — title left empty");
  }
  rec_.title = field(0);
  rec_.project_name = field(1);
  rec_.project_number = field(2);
  rec_.applicant = field(3);
  rec_.manager = field(4);
  rec_.version = field(5);
  if (auto d = field(6)) {
    rec_.date = iso_date(*d);
    if (!rec_.date)
      warn(fields_[6]->first, fmt::format("date '{}' is not dd/mm/yyyy — left empty", *d));
  }
  resolve_region();
}

// The region: after "Annexes" in the title, else a region named in the title, the cover or
// the first heading.
void PartsReader::resolve_region() {
  std::optional<std::string> raw;
  const int line = fields_[0] ? fields_[0]->first : 0;
  std::string tail;
  if (rec_.title && RE2::PartialMatch(*rec_.title, annex_re(), &tail))
    raw = std::string(trim(tail));
  const Region* region = raw ? rules_.region(*raw) : nullptr;
  if (!region) {
    std::vector<std::string> candidates;
    if (rec_.title) candidates.push_back(*rec_.title);
    std::string cover;
    for (std::size_t i = 0; i < cover_end_; ++i)
      if (content(i)) cover += lines_[i].text + " ";
    candidates.push_back(clean_markup(cover));
    for (const auto& s : sections_)
      if (!s.front_matter) {
        candidates.push_back(s.heading);
        break;
      }
    for (const auto& c : candidates)
      if ((region = region_in(c))) break;
  }
  if (region) {
    rec_.region = region->name;
    rec_.country = region->country;
  } else if (raw) {
    std::string r = *raw;
    RE2::GlobalReplace(&r, R"(\s*[-–]\s*)", "-");
    rec_.region = r;
    warn(line, fmt::format("region '{}' is not in schemas/regions.json — kept as written; the "
                           "country is taken from the text",
                           r));
  } else {
    warn(line,
         "no region found in the document title ('… Annexes <Region>'), the cover or the "
         "first heading — region left empty");
  }
}

const Region* PartsReader::region_in(const std::string& text) const {
  const Folded f = fold_map(text);
  const Region* found = nullptr;
  std::size_t best = 0;
  each_match(rules_.gazetteer_re(), f.text, [&](const std::vector<std::string_view>& g) {
    if (g[1].size() <= best) return;
    if (const Region* r = rules_.region(g[1])) {
      found = r;
      best = g[1].size();
    }
  });
  return found;
}

}  // namespace vetq::parsers::report
