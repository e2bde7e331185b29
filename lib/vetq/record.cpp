#include "vetq/record.h"

#include <fmt/format.h>

#include <algorithm>

#include "vetq/text.h"

namespace vetq {

std::string to_string(const Diagnostic& d) {
  static constexpr const char* kNames[] = {"note", "warning", "error"};
  const char* sev = kNames[static_cast<int>(d.severity)];
  // Escaped: a newline in a file name must not forge a diagnostic line of its own, and an
  // escape sequence in a page must not reach the terminal.
  return fmt::format("{}:{}: {}: {}", escape_controls(d.path), d.line, sev,
                     escape_controls(d.message));
}

bool ParseResult::has_errors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

}  // namespace vetq
