#include "parsers/report/docx_package.h"

#include <fmt/format.h>
#include <cstdint>

#include "parsers/report/zip_module.h"
#include "vetq/module.h"

namespace vetq::parsers::report {

namespace {

std::string mib(std::size_t bytes) {
  return bytes % (1u << 20) == 0 ? fmt::format("{} MiB", bytes >> 20)
                                 : fmt::format("{} bytes", bytes);
}

std::string too_big(const std::string& name, const DocxLimits& limits) {
  return fmt::format(
      "'{}' unpacks to more than {}, the bound for one entry of a Word document — a zip bomb "
      "or not a report; check the file",
      name, mib(limits.max_entry_bytes));
}

// Walks the whole tree without recursion: nesting deeper than the bound is an error, whether or
// not a reader would go that deep.
void check_depth(const pugi::xml_document& doc, const std::string& name, int max_depth) {
  pugi::xml_node n = doc.first_child();
  int depth = 1;
  while (n) {
    if (depth > max_depth) throw DocxError(too_deep(name, max_depth));
    if (const pugi::xml_node child = n.first_child()) {
      n = child;
      ++depth;
      continue;
    }
    while (!n.next_sibling()) {
      n = n.parent();
      --depth;
      if (!n || n == doc) return;
    }
    n = n.next_sibling();
  }
}

}  // namespace

std::string too_deep(const std::string& part, int max_depth) {
  return fmt::format(
      "'{}' nests XML elements deeper than {}, the bound for a Word document — not a report, or "
      "a damaged file; check the file",
      part, max_depth);
}

bool is_zip(std::string_view bytes) { return bytes.starts_with(std::string_view("PK\x03\x04", 4)); }

namespace {

const ZipApi& zip_api() {
  static const ZipApi* api = [] {
    std::string error;
    const ModuleLocation where{"libvetq_zip.so", VETQ_ZIP_MODULE_FROM_BIN, VETQ_ZIP_MODULE};
    if (const void* api = module_api(where, kVetqZipSymbol, &error))
      return static_cast<const ZipApi*>(api);
    throw DocxError(
        fmt::format("Word support (libvetq_zip.so) cannot be loaded: {} — reinstall vetq with its "
                    "modules, or save the report as PDF or text and ingest that",
                    error));
  }();
  return *api;
}

}  // namespace

struct DocxPackage::Archive {
  void* za = nullptr;
  ~Archive() {
    if (za) zip_api().close(za);
  }
};

DocxPackage::DocxPackage(std::string_view bytes, const DocxLimits& limits)
    : zip_(std::make_unique<Archive>()), limits_(limits) {
  const ZipApi& zip = zip_api();
  std::string why;
  zip_->za = zip.open(bytes.data(), bytes.size(), &why);
  if (!zip_->za)
    throw DocxError(fmt::format(
        "not a readable ZIP archive ({}) — the .docx is damaged or truncated; save it again "
        "from Word",
        why));
  const std::int64_t n = zip.count(zip_->za);
  if (n < 0 || static_cast<std::size_t>(n) > limits_.max_entries)
    throw DocxError(fmt::format(
        "the archive has {} entries, more than the bound of {} for a Word document — a zip "
        "bomb or not a report; check the file",
        n, limits_.max_entries));
  // Every entry's declared size, read or not: a bomb anywhere makes the file suspect.
  for (std::int64_t i = 0; i < n; ++i) {
    const auto index = static_cast<std::uint64_t>(i);
    std::uint64_t size = 0;
    if (zip.declared_size(zip_->za, index, &size) && size > limits_.max_entry_bytes) {
      const char* name = zip.name(zip_->za, index);
      throw DocxError(too_big(name ? name : "?", limits_));
    }
  }
}

DocxPackage::~DocxPackage() = default;

std::vector<std::string> DocxPackage::names() const {
  std::vector<std::string> out;
  const std::int64_t n = zip_api().count(zip_->za);
  for (std::int64_t i = 0; i < n; ++i)
    if (const char* name = zip_api().name(zip_->za, static_cast<std::uint64_t>(i)))
      out.emplace_back(name);
  return out;
}

bool DocxPackage::has(const std::string& name) const {
  return zip_api().locate(zip_->za, name.c_str()) >= 0;
}

std::optional<std::string> DocxPackage::read(const std::string& name) const {
  const ZipApi& zip = zip_api();
  const std::int64_t index = zip.locate(zip_->za, name.c_str());
  if (index < 0) return std::nullopt;
  const auto idx = static_cast<std::uint64_t>(index);
  std::uint64_t size = 0;
  if (zip.declared_size(zip_->za, idx, &size) && size > limits_.max_entry_bytes)
    throw DocxError(too_big(name, limits_));
  // The header's size may lie: unpack at most one buffer more than the bound.
  std::string out, why;
  if (!zip.read(zip_->za, idx, limits_.max_entry_bytes, &out, &why))
    throw DocxError(
        fmt::format("'{}' cannot be unpacked ({}) — the .docx is damaged; save it "
                    "again from Word",
                    name, why));
  if (out.size() > limits_.max_entry_bytes) throw DocxError(too_big(name, limits_));
  return out;
}

std::optional<pugi::xml_document> DocxPackage::xml(const std::string& name) const {
  auto bytes = read(name);
  if (!bytes) return std::nullopt;
  std::optional<pugi::xml_document> doc(std::in_place);
  // No DTD, no entity expansion (pugixml has none): only the bounds above apply.
  const pugi::xml_parse_result r =
      doc->load_buffer(bytes->data(), bytes->size(), pugi::parse_default | pugi::parse_ws_pcdata,
                       pugi::encoding_utf8);
  if (!r)
    throw DocxError(
        fmt::format("'{}' is not well-formed XML ({} at byte {}) — the .docx is "
                    "damaged; save it again from Word",
                    name, r.description(), r.offset));
  check_depth(*doc, name, limits_.max_depth);
  return doc;
}

}  // namespace vetq::parsers::report
