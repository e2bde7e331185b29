// Expanding the ingest arguments into files: directories, glob patterns, --include/--exclude.
#include <fmt/format.h>
#include <fnmatch.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <functional>

#include "ingest/ingest.h"
#include "vetq/error.h"

namespace vetq {

namespace fs = std::filesystem;

namespace {

bool glob_match(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;  // no FNM_PATHNAME: * crosses /
}

// "draft/" (a pattern ending in /) against the directories on a relative path: each directory
// name ("draft/") and each leading run of them ("fr/draft/").
bool directory_match(const std::string& pattern, const std::string& rel) {
  std::size_t begin = 0;
  for (std::size_t slash = rel.find('/'); slash != std::string::npos;
       slash = rel.find('/', slash + 1)) {
    if (glob_match(pattern, rel.substr(0, slash + 1)) ||
        glob_match(pattern, rel.substr(begin, slash + 1 - begin)))
      return true;
    begin = slash + 1;
  }
  return false;
}

// One --include or --exclude pattern, and what it matched in this run.
struct Pattern {
  std::string option;  // "--include" or "--exclude"
  std::string glob;
  int hits = 0;
  int as_directory = 0;  // files it would match with a / at its end

  bool match(const std::string& rel) {
    const std::string name = fs::path(rel).filename().string();
    const bool hit = glob.ends_with('/') ? directory_match(glob, rel)
                                         : glob_match(glob, name) || glob_match(glob, rel);
    if (hit) {
      ++hits;
    } else if (!glob.ends_with('/') && directory_match(glob + "/", rel)) {
      ++as_directory;
    }
    return hit;
  }
};

// The --include and --exclude patterns of a run; a file is matched by its path relative to
// the argument it came from (a directory, or the fixed part of a glob pattern).
class PathFilter {
 public:
  explicit PathFilter(const IngestOptions& o) {
    for (const auto& g : o.include) include_.push_back({"--include", g});
    for (const auto& g : o.exclude) exclude_.push_back({"--exclude", g});
  }

  bool wanted(const std::string& rel) {
    // Every pattern is tried, so that each one's matches are counted.
    bool included = include_.empty();
    for (auto& p : include_) included = p.match(rel) || included;
    bool excluded = false;
    for (auto& p : exclude_) excluded = p.match(rel) || excluded;
    return included && !excluded;
  }

  /// A warning for each pattern that matched no file (it was most likely meant otherwise).
  void warn_unmatched(const std::function<void(const Diagnostic&)>& warn) const {
    for (const auto* list : {&include_, &exclude_}) {
      for (const auto& p : *list) {
        if (p.hits > 0) continue;
        const std::string hint =
            p.as_directory > 0
                ? fmt::format("for the directory, write '{}/'", p.glob)
                : "a pattern matches a file's base name or its path under the directory or "
                  "glob argument; end it with / to match a directory";
        warn({Severity::kWarning, p.glob, 0,
              fmt::format("{} matches no file — {}", p.option, hint)});
      }
    }
  }

 private:
  std::vector<Pattern> include_, exclude_;
};

// The path of `file` relative to `base` ("fr/a.txt"), with / as separator.
std::string relative_to(const fs::path& file, fs::path base) {
  if (base.empty()) return file.generic_string();
  if (!base.has_filename() && base.has_relative_path()) base = base.parent_path();  // "pages/"
  const fs::path rel = file.lexically_relative(base);
  return rel.empty() ? file.generic_string() : rel.generic_string();
}

// The fixed directory before the first component with a wildcard: "pages" of "pages/*.txt".
fs::path glob_base(const std::string& pattern) {
  fs::path base;
  for (const auto& part : fs::path(pattern).parent_path()) {
    if (part.string().find_first_of("*?[") != std::string::npos) break;
    base /= part;
  }
  return base;
}

using Fail = std::function<void(const std::string& path, const std::string& message)>;

// The files under a directory (recursive; links to directories are not followed), added to
// `out` sorted by path. A directory that cannot be read, at any depth, is an error of its
// own: the files it holds would otherwise go missing without a word.
void walk_directory(const std::string& root, PathFilter& filter, const Fail& fail,
                    InputFiles& out) {
  const std::size_t first = out.size();
  std::vector<fs::path> pending{root};
  while (!pending.empty()) {
    const fs::path dir = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code e2;
      if (it->is_directory(e2) && !it->is_symlink(e2)) {
        pending.push_back(it->path());
        continue;
      }
      if (!it->is_regular_file(e2)) continue;
      const std::string name = it->path().filename().string();
      if (name.starts_with(".") || name == "README.md") continue;  // dot files, folder notes
      if (filter.wanted(relative_to(it->path(), root))) out.add(it->path().native(), true);
    }
    if (ec) {
      fail(dir.string(),
           fmt::format("cannot read directory: {} — check its permissions", ec.message()));
    }
  }
  out.sort_from(first);
}

std::vector<std::string> glob_files(const std::string& pattern, PathFilter& filter) {
  glob_t g{};
  const int rc = glob(pattern.c_str(), 0, nullptr, &g);
  const fs::path base = glob_base(pattern);
  std::vector<std::string> found;
  for (std::size_t i = 0; rc == 0 && i < g.gl_pathc; ++i) {
    std::error_code ec;
    if (fs::is_regular_file(g.gl_pathv[i], ec) && filter.wanted(relative_to(g.gl_pathv[i], base)))
      found.emplace_back(g.gl_pathv[i]);
  }
  globfree(&g);
  return found;
}

// LEB128, as leveldb's varints: 7 bits a byte, low bits first.
void put_varint(std::string& out, std::size_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>(v | 0x80));
  out.push_back(static_cast<char>(v));
}

std::size_t get_varint(const std::string& in, std::size_t& at) {
  std::size_t v = 0;
  for (int shift = 0;; shift += 7) {
    const auto b = static_cast<unsigned char>(in[at++]);
    v |= static_cast<std::size_t>(b & 0x7F) << shift;
    if (b < 0x80) return v;
  }
}

}  // namespace

void InputFiles::add(std::string_view path, bool from_directory) {
  std::size_t shared = 0;
  if (size() % kRestart != 0) {
    const std::size_t most = std::min(last_.size(), path.size());
    while (shared < most && last_[shared] == path[shared]) ++shared;
  }
  starts_.push_back(static_cast<std::uint64_t>(bytes_.size()) << 1 | (from_directory ? 1 : 0));
  put_varint(bytes_, shared);
  put_varint(bytes_, path.size() - shared);
  bytes_ += path.substr(shared);
  last_.assign(path);
}

std::string InputFiles::path(std::size_t i) const {
  std::string out;
  for (std::size_t k = i - i % kRestart; k <= i; ++k) {
    std::size_t at = starts_[k] >> 1;
    out.resize(get_varint(bytes_, at));
    const std::size_t rest = get_varint(bytes_, at);
    out.append(bytes_, at, rest);
  }
  return out;
}

void InputFiles::sort_from(std::size_t first) {
  std::vector<std::pair<std::string, bool>> files;
  files.reserve(size() - first);
  for (std::size_t i = first; i < size(); ++i) files.emplace_back(path(i), (starts_[i] & 1) != 0);
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  bytes_.resize(first < size() ? starts_[first] >> 1 : bytes_.size());
  starts_.resize(first);
  last_ = first > 0 ? path(first - 1) : std::string();
  for (const auto& [p, from_directory] : files) add(p, from_directory);
}

InputFiles expand_paths(const std::vector<std::string>& paths, const IngestOptions& options,
                        const IngestEvents& events, IngestSummary& summary) {
  const auto stdin_count = std::count(paths.begin(), paths.end(), "-");
  if (stdin_count > 1)
    throw UsageError("'-' (stdin) given twice — standard input can be read once");
  if (!options.stdin_name.empty() && stdin_count == 0)
    throw UsageError("--name names standard input — give - among the paths, or drop --name");
  InputFiles out;
  const Fail fail = [&](const std::string& path, const std::string& msg) {
    ++summary.failed;
    if (events.diagnostic) events.diagnostic({Severity::kError, path, 0, msg});
  };
  PathFilter filter(options);
  for (const auto& p : paths) {
    std::error_code ec;
    if (p == "-" || (!fs::is_directory(p, ec) && fs::exists(p, ec))) {
      out.add(p, false);  // named one by one: always read
    } else if (fs::is_directory(p, ec)) {
      walk_directory(p, filter, fail, out);
    } else if (p.find_first_of("*?[") != std::string::npos) {
      std::vector<std::string> found = glob_files(p, filter);
      if (found.empty()) fail(p, "the pattern matches no file — check the pattern and quoting");
      for (const auto& f : found) out.add(f, true);
    } else {
      fail(p, "no such file or directory — check the path");
    }
  }
  filter.warn_unmatched([&](const Diagnostic& d) {
    ++summary.warnings;
    if (events.diagnostic) events.diagnostic(d);
  });
  return out;
}

}  // namespace vetq
