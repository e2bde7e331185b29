#pragma once
// The brief: one self-contained HTML page people pass on — a header with the filters, counts
// and editions, the charts inline as SVG, a table of contents and a section per record
// (policies, then reports). The page is the template schemas/brief.html.mustache rendered by
// kainjow::mustache, which HTML-escapes every value: no HTML is built from user text by hand.
// Inline CSS (with a print style), no scripts, nothing loaded from elsewhere.
#include <string>
#include <vector>

#include "vetq/json.h"

namespace vetq {

struct BriefInput {
  std::string title;                           // "VET policy developments — France"
  std::string filters;                         // the filters in words ("" for everything)
  std::string category_chart, timeline_chart;  // inline SVG (no XML declaration), or ""
  std::vector<Json> records;                   // published documents, policies then reports
  std::string generator;                       // "vetq 0.1.0"
};

/// The HTML page. Throws vetq::Error when the embedded template does not render (a defect).
std::string write_brief(const BriefInput& in);

}  // namespace vetq
