#pragma once
// Files of schemas/ compiled into the binary (see cmake/embed.cmake).
#include <span>
#include <stdexcept>
#include <string_view>

namespace vetq::embedded {

struct File {
  std::string_view name;  // path relative to schemas/, e.g. "migrations/0001_init.sql"
  std::string_view text;
};

/// Every embedded file, in the order schemas/CMakeLists.txt lists them.
std::span<const File> files();

/// The text of one embedded file; throws std::out_of_range for an unknown name.
inline std::string_view file(std::string_view name) {
  for (const File& f : files())
    if (f.name == name) return f.text;
  throw std::out_of_range("embedded file not found");
}

}  // namespace vetq::embedded
