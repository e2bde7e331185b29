#pragma once
// The interface of libvetq_zip.so (zip_module.cpp, built with libzip), which docx_package.cpp
// opens on first use (vetq/module.h): every other command starts without libzip and the
// compression and crypto libraries it loads. The module and the binary are built together by
// one compiler, so the table passes C++ values; a failure comes back as the error text, never
// as an exception across the boundary.
#include <cstddef>
#include <cstdint>
#include <string>

namespace vetq::parsers::report {

struct ZipApi {
  /// Opens the archive in [data, data + size), which must outlive it; nullptr with *error.
  void* (*open)(const char* data, std::size_t size, std::string* error);
  void (*close)(void* archive);
  /// The number of entries, -1 when unknown.
  std::int64_t (*count)(void* archive);
  /// The entry's name, nullptr when it has none.
  const char* (*name)(void* archive, std::uint64_t index);
  /// The index of the entry named so, -1 when there is none.
  std::int64_t (*locate)(void* archive, const char* name);
  /// The unpacked size the entry's header declares; false when it declares none.
  bool (*declared_size)(void* archive, std::uint64_t index, std::uint64_t* size);
  /// Unpacks the entry into *out, stopping once it holds more than `limit` bytes (the header
  /// may lie); false with *error when it cannot be unpacked.
  bool (*read)(void* archive, std::uint64_t index, std::size_t limit, std::string* out,
               std::string* error);
};

/// extern "C" const void* vetq_zip_api_v1(void): a const ZipApi*.
inline constexpr const char* kVetqZipSymbol = "vetq_zip_api_v1";

}  // namespace vetq::parsers::report
