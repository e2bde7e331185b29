#pragma once
// A Word document's package: a ZIP archive (read from memory by libzip, in the module
// libvetq_zip.so: zip_module.h) whose XML parts are parsed with pugixml. Bounded, because a
// .docx is untrusted input: the number of entries, the unpacked size of an entry (checked
// against its header and again while unpacking: a zip bomb may lie in its header), and the
// nesting depth of the XML (checked over the whole tree when a part is parsed, and again by the
// readers, report_docx.cpp). Exceeding a bound is a DocxError naming the bound.
#include <pugixml.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vetq::parsers::report {

struct DocxLimits {
  std::size_t max_entry_bytes = 64u << 20;  // unpacked size of one ZIP entry
  std::size_t max_entries = 10000;          // entries in the archive
  int max_depth = 256;                      // XML element nesting
};

/// A damaged package or a bound exceeded: the message says which, and what to do.
class DocxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The message of the error for XML nested deeper than the bound.
std::string too_deep(const std::string& part, int max_depth);

/// True when `bytes` start like a ZIP archive ("PK\x03\x04").
bool is_zip(std::string_view bytes);

class DocxPackage {
 public:
  /// Opens the archive in `bytes`, which must outlive the package. Throws DocxError when it is
  /// not a readable ZIP or has more than limits.max_entries entries.
  DocxPackage(std::string_view bytes, const DocxLimits& limits);
  ~DocxPackage();
  DocxPackage(const DocxPackage&) = delete;
  DocxPackage& operator=(const DocxPackage&) = delete;

  /// Names of the entries, in archive order.
  std::vector<std::string> names() const;
  bool has(const std::string& name) const;

  /// The entry's unpacked bytes, or nullopt when there is no such entry. Throws DocxError when
  /// it unpacks to more than limits.max_entry_bytes or cannot be unpacked.
  std::optional<std::string> read(const std::string& name) const;

  /// The entry parsed as XML (whitespace-only text kept: <w:t> " " is a space), or nullopt
  /// when there is no such entry. Throws DocxError when it is not well-formed or nests deeper
  /// than limits.max_depth.
  std::optional<pugi::xml_document> xml(const std::string& name) const;

  const DocxLimits& limits() const { return limits_; }

 private:
  struct Archive;
  std::unique_ptr<Archive> zip_;
  DocxLimits limits_;
};

}  // namespace vetq::parsers::report
