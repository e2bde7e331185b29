#include "parsers/registry.h"

#include <fmt/format.h>

#include "vetq/source.h"

#include "parsers/common/html_scan.h"
#include "parsers/listing/listing.h"
#include "parsers/policy/policy_html.h"
#include "parsers/policy/policy_text.h"
#include "parsers/report/report_docx.h"
#include "parsers/report/report_text.h"
#ifdef VETQ_HAVE_PDF
#include "parsers/report/report_pdf.h"
#endif

namespace vetq::parsers {

namespace {

constexpr Format kFormats[] = {
    // name          summary                                               binary sniff parse
    {"policy-text", "Cedefop timeline policy page, copied as text", false, sniff_policy_text,
     parse_policy_text},
    {"policy-html", "Cedefop timeline policy page, saved as HTML", false, sniff_policy_html,
     parse_policy_html},
    {"listing-text", "Cedefop timeline search results (teasers), copied as text", false,
     sniff_listing_text, parse_listing_text},
    {"listing-html", "Cedefop timeline search results (teasers), saved as HTML", false,
     sniff_listing_html, parse_listing_html},
    {"report-text", "Regional report (e.g. a DIG.INT annex), text exported from PDF or DOCX", false,
     sniff_report_text, parse_report_text},
    {"report-docx", "Regional report as a Word document (.docx: styles, tables, lists)", true,
     sniff_report_docx, parse_report_docx},
#ifdef VETQ_HAVE_PDF
    {"report-pdf", "Regional report as PDF (text read with poppler)", true, sniff_report_pdf,
     parse_report_pdf},
#endif
};

}  // namespace

std::span<const Format> all_formats() { return kFormats; }

const Format* find_format(std::string_view name) {
  for (const Format& f : kFormats)
    if (f.name == name) return &f;
  return nullptr;
}

bool is_binary_source(const SourceFile& src) {
  for (const Format& f : kFormats)
    if (f.binary && f.sniff(src) > 0) return true;
  return false;
}

const Format* detect(const SourceFile& src) {
  const Format* best = nullptr;
  int best_score = 0;
  for (const Format& f : kFormats) {
    const int score = f.sniff(src);
    if (score > best_score) {
      best = &f;
      best_score = score;
    }
    // Sniffs are 0..100, and a later format needs more to win: the rest need not read the file.
    if (best_score >= 100) break;
  }
  return best;
}

std::string format_names() {
  std::string out;
  for (const Format& f : kFormats) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

const Format* format_of(SourceFile& src, const Format* forced) {
  if (forced) return forced;
  if (!is_binary_source(src) && decode_text(src)) return nullptr;
  return detect(src);
}

SourceParse parse_source(SourceFile& src, const Format* forced) {
  SourceParse out;
  auto fail = [&](std::string message) {
    out.result.diagnostics.push_back({Severity::kError, src.path, 0, std::move(message)});
    return std::move(out);
  };
  if (src.bytes.empty()) return fail("empty file — nothing to ingest; copy the page again");
  const bool binary = forced ? forced->binary : is_binary_source(src);
  if (!binary) {
    if (auto d = decode_text(src)) {
      out.result.diagnostics.push_back(*d);
      return out;
    }
  }
  const Format* f = forced ? forced : detect(src);
  if (forced && forced->sniff(src) == 0) {  // a page read as what it is not lands junk
    if (const Format* seen = detect(src); seen && seen != forced)
      return fail(
          fmt::format("this file reads as {} ({}), not as {} — drop --format, or name "
                      "the format the file has",
                      seen->name, seen->summary, forced->name));
  }
  if (!f) {
    out.unknown_format = true;
    return fail(
        fmt::format("not a format vetq knows (it reads {}; see 'vetq formats') — check "
                    "the file, or name its format with --format",
                    format_names()));
  }
  out.format = f;
  try {
    out.result = f->parse(src);
  } catch (const HtmlLimitError& e) {  // a page beyond --max-html-*: the file's error
    out.result = {};
    out.result.diagnostics.push_back({Severity::kError, src.path, e.line(), e.what()});
    return out;
  }
  if (out.result.records.empty() && !out.result.has_errors()) {
    out.result.diagnostics.push_back(
        {Severity::kError, src.path, 0, fmt::format("no record found (read as {})", f->name)});
  }
  return out;
}

}  // namespace vetq::parsers
