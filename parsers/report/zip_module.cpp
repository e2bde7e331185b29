// libvetq_zip.so: reading a ZIP archive from memory with libzip (zip_module.h).
#include "parsers/report/zip_module.h"

#include <zip.h>

#include <memory>

namespace vetq::parsers::report {

namespace {

void* open(const char* data, std::size_t size, std::string* error) {
  zip_error_t err;
  zip_error_init(&err);
  zip_t* za = nullptr;
  if (zip_source_t* src = zip_source_buffer_create(data, size, 0, &err)) {
    za = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!za) zip_source_free(src);
  }
  if (!za) *error = zip_error_strerror(&err);
  zip_error_fini(&err);
  return za;
}

void close(void* archive) { zip_discard(static_cast<zip_t*>(archive)); }

std::int64_t count(void* archive) { return zip_get_num_entries(static_cast<zip_t*>(archive), 0); }

const char* name(void* archive, std::uint64_t index) {
  return zip_get_name(static_cast<zip_t*>(archive), index, 0);
}

std::int64_t locate(void* archive, const char* name) {
  return zip_name_locate(static_cast<zip_t*>(archive), name, 0);
}

bool declared_size(void* archive, std::uint64_t index, std::uint64_t* size) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(static_cast<zip_t*>(archive), index, 0, &st) != 0) return false;
  if (!(st.valid & ZIP_STAT_SIZE)) return false;
  *size = st.size;
  return true;
}

bool read(void* archive, std::uint64_t index, std::size_t limit, std::string* out,
          std::string* error) {
  auto* za = static_cast<zip_t*>(archive);
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(za, index, 0), zip_fclose);
  if (!file) {
    *error = zip_strerror(za);
    return false;
  }
  char buf[64 * 1024];
  while (out->size() <= limit) {
    const zip_int64_t got = zip_fread(file.get(), buf, sizeof buf);
    if (got < 0) {
      *error = zip_file_strerror(file.get());
      return false;
    }
    if (got == 0) break;
    out->append(buf, static_cast<std::size_t>(got));
  }
  return true;
}

constexpr ZipApi kApi{open, close, count, name, locate, declared_size, read};

}  // namespace

}  // namespace vetq::parsers::report

extern "C" __attribute__((visibility("default"))) const void* vetq_zip_api_v1() {
  return &vetq::parsers::report::kApi;
}
