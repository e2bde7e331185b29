#pragma once
// Charts for people in a terminal: a bar chart of counts, a cross-table of two dimensions and
// a timeline grid (years x policies, one glyph per stage). Plain values in, text out; the
// counts come from lib/query.
#include <string>
#include <vector>

#include "output/sink.h"
#include "vetq/record.h"

namespace vetq {

/// A count of records by one value (b empty) or by a pair of values.
struct Count {
  std::string a, b;
  long n = 0;
};

/// A policy with its timeline, one row of the timeline chart.
struct PolicyTimeline {
  std::string id, country, title;
  std::vector<TimelineEntry> timeline;
};

struct ChartOptions {
  int width = 0;       // terminal columns (0: not a terminal; charts assume 100)
  bool color = false;  // bold titles
};

/// One dimension: a sorted horizontal bar chart headed by the dimension's name.
void write_bar_chart(const std::vector<Count>& counts, const std::string& dim,
                     const ChartOptions& options, const Write& out);

/// Two dimensions: a table with a row per first value and a column per second value.
void write_cross_table(const std::vector<Count>& counts, const std::string& dim1,
                       const std::string& dim2, const ChartOptions& options, const Write& out);

/// One row per policy, one column per year from `lo` to `hi`, a glyph per stage, a legend.
void write_timeline_chart(const std::vector<PolicyTimeline>& rows, int lo, int hi,
                          const ChartOptions& options, const Write& out);

/// Counts as rows (dim1[, dim2], count) through a sink, for the machine formats. A numeric
/// dimension (years) gives numbers, not text.
void write_counts(const std::vector<Count>& counts, const std::string& dim1,
                  const std::string& dim2, RowSink& sink, bool numeric1 = false,
                  bool numeric2 = false);

}  // namespace vetq
