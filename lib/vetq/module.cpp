#include "vetq/module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <vector>

namespace vetq {

void* module_symbol(const ModuleLocation& where, const char* symbol, std::string* error) {
  std::vector<std::string> candidates;
  char exe[4096];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    std::string dir(exe, static_cast<std::size_t>(n));
    dir = dir.substr(0, dir.rfind('/') + 1);
    candidates.push_back(dir + where.file);
    candidates.push_back(dir + where.from_bin);
  }
  candidates.emplace_back(where.build_path);
  for (const auto& path : candidates) {
    if (void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
      if (void* address = dlsym(handle, symbol)) return address;
    }
    const char* why = dlerror();  // read once: the call clears it
    *error = why ? why : std::string("no ") + symbol + " in " + path;
  }
  return nullptr;
}

const void* module_api(const ModuleLocation& where, const char* symbol, std::string* error) {
  using Entry = const void* (*)();
  auto entry = reinterpret_cast<Entry>(module_symbol(where, symbol, error));
  return entry ? entry() : nullptr;
}

}  // namespace vetq
