#pragma once
#include <stdexcept>
#include <string>

namespace vetq {

/// Exit codes of every vetq command (documented in --help and the README).
inline constexpr int kExitOk = 0;       // success, an empty result included
inline constexpr int kExitFailure = 1;  // runtime failure, or an ingest with failed files
inline constexpr int kExitUsage = 2;    // bad flag, bad value, unknown filter value

/// An environment failure (unreadable file, database fault). what() is the whole message,
/// already in the "path:line: what went wrong — what to do" form when a location is known.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A usage error found after option parsing (unknown filter value, bad range): exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace vetq
