#include "parsers/report/docx_package.h"

#include <fmt/format.h>
#include <zip.h>

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

struct DocxPackage::Archive {
  zip_t* za = nullptr;
  ~Archive() {
    if (za) zip_discard(za);
  }
};

DocxPackage::DocxPackage(std::string_view bytes, const DocxLimits& limits)
    : zip_(std::make_unique<Archive>()), limits_(limits) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (src) {
    zip_->za = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!zip_->za) zip_source_free(src);
  }
  if (!zip_->za) {
    const std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    throw DocxError(fmt::format(
        "not a readable ZIP archive ({}) — the .docx is damaged or truncated; save it again "
        "from Word",
        why));
  }
  zip_error_fini(&err);
  const zip_int64_t n = zip_get_num_entries(zip_->za, 0);
  if (n < 0 || static_cast<std::size_t>(n) > limits_.max_entries)
    throw DocxError(fmt::format(
        "the archive has {} entries, more than the bound of {} for a Word document — a zip "
        "bomb or not a report; check the file",
        n, limits_.max_entries));
  // Every entry's declared size, read or not: a bomb anywhere makes the file suspect.
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_->za, static_cast<zip_uint64_t>(i), 0, &st) == 0 &&
        (st.valid & ZIP_STAT_SIZE) && st.size > limits_.max_entry_bytes)
      throw DocxError(too_big(st.name ? st.name : "?", limits_));
  }
}

DocxPackage::~DocxPackage() = default;

std::vector<std::string> DocxPackage::names() const {
  std::vector<std::string> out;
  const zip_int64_t n = zip_get_num_entries(zip_->za, 0);
  for (zip_int64_t i = 0; i < n; ++i)
    if (const char* name = zip_get_name(zip_->za, static_cast<zip_uint64_t>(i), 0))
      out.emplace_back(name);
  return out;
}

bool DocxPackage::has(const std::string& name) const {
  return zip_name_locate(zip_->za, name.c_str(), 0) >= 0;
}

std::optional<std::string> DocxPackage::read(const std::string& name) const {
  const zip_int64_t index = zip_name_locate(zip_->za, name.c_str(), 0);
  if (index < 0) return std::nullopt;
  const auto idx = static_cast<zip_uint64_t>(index);
  const std::string bound = too_big(name, limits_);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_->za, idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
      st.size > limits_.max_entry_bytes)
    throw DocxError(bound);
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(zip_->za, idx, 0),
                                                         zip_fclose);
  if (!file)
    throw DocxError(
        fmt::format("'{}' cannot be unpacked ({}) — the .docx is damaged; save it "
                    "again from Word",
                    name, zip_strerror(zip_->za)));
  // The header's size may lie: unpack at most one byte more than the bound.
  std::string out;
  char buf[64 * 1024];
  while (true) {
    const zip_int64_t got = zip_fread(file.get(), buf, sizeof buf);
    if (got < 0)
      throw DocxError(
          fmt::format("'{}' cannot be unpacked ({}) — the .docx is damaged; save "
                      "it again from Word",
                      name, zip_file_strerror(file.get())));
    if (got == 0) break;
    out.append(buf, static_cast<std::size_t>(got));
    if (out.size() > limits_.max_entry_bytes) throw DocxError(bound);
  }
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
