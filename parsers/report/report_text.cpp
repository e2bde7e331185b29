// The report parser: a front end's layout -> parts -> mentions -> one ReportRecord.
#include "parsers/report/report_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "parsers/policy/policy_text.h"
#include "parsers/report/mentions.h"
#include "parsers/report/parts.h"
#include "parsers/report/report_util.h"
#include "vetq/taxonomy.h"
#include "vetq/text.h"

namespace vetq::parsers {

namespace {

// The country: the region's, else the country the body names most.
void resolve_country(ReportRecord& rec, const SourceFile& src, std::vector<Diagnostic>& diags) {
  const Taxonomy& tax = Taxonomy::get();
  if (!rec.country) {
    std::map<std::string, int> counts;
    for (const auto& m : rec.mentions)
      if (m.type == "place" && tax.country(m.value)) ++counts[m.value];
    const auto best =
        std::max_element(counts.begin(), counts.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best != counts.end()) {
      rec.country = best->first;
      diags.push_back({Severity::kNote, src.path, 0,
                       fmt::format("country '{}' taken from the text (named in {} section(s))",
                                   best->first, best->second)});
    }
  }
  if (rec.country) {
    if (const Country* c = tax.country(*rec.country)) {
      rec.country = c->label;
      rec.country_code = c->code;
    }
  }
}

void name_report(ReportRecord& rec, const SourceFile& src, std::vector<Diagnostic>& diags) {
  using report::slug;
  if (rec.project_number && rec.region) {
    rec.id = slug(*rec.project_number) + "-" + slug(*rec.region);
  } else if (rec.region && (rec.project_name || rec.title)) {
    rec.id = slug(rec.project_name.value_or(*rec.title)).substr(0, 40) + "-" + slug(*rec.region);
  } else {
    rec.id = "report-" + src.sha256.substr(0, 12);
    diags.push_back({Severity::kWarning, src.path, 0,
                     fmt::format("no project number and region to name the report — its id is "
                                 "'{}', taken from the file's content; add the identification "
                                 "block",
                                 rec.id)});
  }
}

}  // namespace

int sniff_report_text(const SourceFile& src) {
  const std::string_view t = src.text;
  if (t.find("<html") != std::string_view::npos || t.find("<HTML") != std::string_view::npos)
    return 0;
  if (sniff_policy_text(src) > 0) return 0;
  int score = 0;
  if (t.find("DOCUMENT IDENTIFICATION") != std::string_view::npos) score += 30;
  if (t.find("Document Title\t") != std::string_view::npos) score += 20;
  if (t.find("Project Number\t") != std::string_view::npos) score += 15;
  if (t.find("VERSION HISTORY") != std::string_view::npos) score += 10;
  if (t.find("Regional Report") != std::string_view::npos ||
      t.find("REGIONAL REPORT") != std::string_view::npos)
    score += 20;
  if (t.find("SWOT") != std::string_view::npos) score += 10;
  if (t.find("\nFigure 1:") != std::string_view::npos) score += 5;
  return std::clamp(score, 0, 100);
}

ParseResult parse_report_text(const SourceFile& src) {
  return parse_report_layout(src, report::layout_from_text(src, src.text), "report-text");
}

ParseResult parse_report_layout(const SourceFile& src, const report::ReportLayout& layout,
                                std::string_view format) {
  ParseResult out;
  out.diagnostics = layout.diagnostics;
  report::ReportParts parts = report::read_parts(layout, src);
  auto& diags = out.diagnostics;
  diags.insert(diags.end(), parts.diagnostics.begin(), parts.diagnostics.end());
  std::vector<Mention> mentions = report::find_mentions(parts);
  std::vector<DerivedTag> tags = report::derive_tags(parts);
  ReportRecord rec = std::move(parts.record);
  rec.mentions = std::move(mentions);
  rec.tags = std::move(tags);
  rec.source.format = std::string(format);
  resolve_country(rec, src, diags);
  name_report(rec, src, diags);
  if (!rec.title && !parts.headed) {
    diags.push_back({Severity::kError, src.path, 0,
                     "not a regional report: no document-identification block ('Document "
                     "Title<TAB>…') and no section heading — check the file, or name its "
                     "format with --format"});
    return out;
  }
  if (!rec.sections.empty())
    rec.source.spans["body"] = {rec.sections.front().lines.first, rec.sections.back().lines.last};
  out.records.emplace_back(std::move(rec));
  return out;
}

}  // namespace vetq::parsers
