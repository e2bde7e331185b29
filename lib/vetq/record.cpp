#include "vetq/record.h"

#include <fmt/format.h>

#include <algorithm>

namespace vetq {

std::string to_string(const Diagnostic& d) {
  static constexpr const char* kNames[] = {"note", "warning", "error"};
  const char* sev = kNames[static_cast<int>(d.severity)];
  if (d.line > 0) return fmt::format("{}:{}: {}: {}", d.path, d.line, sev, d.message);
  return fmt::format("{}: {}: {}", d.path, sev, d.message);
}

bool ParseResult::has_errors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

}  // namespace vetq
