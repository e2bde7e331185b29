#pragma once
// The diagnostics of one parse: every parser reports through one of these, so that the form
// (path:line: severity: message) and the cap on warnings are the same for every format.
#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "vetq/record.h"

namespace vetq::parsers {

class Reporter {
 public:
  /// At most `max_warnings` warnings are kept: a garbage file must not flood the terminal;
  /// finish() then adds a note with the number left out.
  static constexpr int kMaxWarnings = 50;

  Reporter(std::string path, std::vector<Diagnostic>& out, int max_warnings = kMaxWarnings)
      : path_(std::move(path)), out_(out), max_warnings_(max_warnings) {}

  void diag(Severity sev, int line, std::string message) {
    if (sev == Severity::kWarning && ++warnings_ > max_warnings_) return;
    out_.push_back({sev, path_, line, std::move(message)});
  }
  void error(int line, std::string message) { diag(Severity::kError, line, std::move(message)); }
  void warn(int line, std::string message) { diag(Severity::kWarning, line, std::move(message)); }
  void note(int line, std::string message) { diag(Severity::kNote, line, std::move(message)); }

  /// Call once, at the end of the parse.
  void finish(std::string_view what = "is this really the format it was read as?") {
    if (warnings_ > max_warnings_) {
      diag(Severity::kNote, 0,
           fmt::format("{} more warnings not shown — {}", warnings_ - max_warnings_, what));
    }
  }

 private:
  std::string path_;
  std::vector<Diagnostic>& out_;
  int max_warnings_;
  int warnings_ = 0;
};

}  // namespace vetq::parsers
