#include "vetq/ingest.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>

#include "parsers/registry.h"
#include "vetq/error.h"
#include "vetq/source.h"

namespace vetq {

namespace fs = std::filesystem;

namespace {

bool matches_any(const std::vector<std::string>& patterns, const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  for (const auto& p : patterns)
    if (fnmatch(p.c_str(), name.c_str(), 0) == 0 || fnmatch(p.c_str(), path.c_str(), 0) == 0)
      return true;
  return false;
}

bool wanted(const IngestOptions& o, const std::string& path) {
  if (!o.include.empty() && !matches_any(o.include, path)) return false;
  return !matches_any(o.exclude, path);
}

}  // namespace

std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      const IngestOptions& options, const IngestEvents& events,
                                      IngestSummary& summary) {
  std::vector<std::string> out;
  auto fail = [&](const std::string& path, const std::string& msg) {
    ++summary.failed;
    if (events.diagnostic) events.diagnostic({Severity::kError, path, 0, msg});
  };
  for (const auto& p : paths) {
    if (p == "-") {
      out.push_back(p);
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
      if (ec) {
        fail(p, fmt::format("cannot read directory: {} — check its permissions", ec.message()));
        continue;
      }
      for (const auto& entry : it) {
        std::error_code e2;
        if (!entry.is_regular_file(e2)) continue;
        const std::string path = entry.path().string();
        const std::string name = entry.path().filename().string();
        if (name.starts_with(".") || name == "README.md") continue;  // dot files, folder notes
        if (wanted(options, path)) found.push_back(path);
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
      continue;
    }
    if (fs::exists(p, ec)) {
      out.push_back(p);
      continue;
    }
    if (p.find_first_of("*?[") != std::string::npos) {
      glob_t g{};
      const int rc = glob(p.c_str(), 0, nullptr, &g);
      std::vector<std::string> found;
      for (std::size_t i = 0; rc == 0 && i < g.gl_pathc; ++i) {
        std::error_code e2;
        if (fs::is_regular_file(g.gl_pathv[i], e2) && wanted(options, g.gl_pathv[i]))
          found.emplace_back(g.gl_pathv[i]);
      }
      globfree(&g);
      if (found.empty()) fail(p, "the pattern matches no file — check the pattern and quoting");
      out.insert(out.end(), found.begin(), found.end());
      continue;
    }
    fail(p, "no such file or directory — check the path");
  }
  return out;
}

ParseResult parse_source(SourceFile& src, const std::string& format) {
  ParseResult bad;
  const parsers::Format* f = nullptr;
  if (!format.empty()) {
    f = parsers::find_format(format);
    if (!f) throw UsageError(fmt::format("--format: unknown format '{}'", format));
  }
  const bool binary = f ? f->binary : is_pdf(src.bytes);
  if (!binary) {
    if (auto d = decode_text(src)) {
      bad.diagnostics.push_back(*d);
      return bad;
    }
  }
  if (!f) {
    if (src.bytes.empty()) {
      bad.diagnostics.push_back({Severity::kError, src.path, 0,
                                 "empty file — nothing to ingest; copy the page again"});
      return bad;
    }
    f = parsers::detect(src);
  }
  if (!f) {
    bad.diagnostics.push_back(
        {Severity::kError, src.path, 0,
         "not a format vetq knows (a Cedefop policy page, listing page or regional report as "
         "text, HTML or PDF) — check the file, or name its format with --format"});
    return bad;
  }
  ParseResult r = f->parse(src);
  if (r.records.empty() && !r.has_errors()) {
    r.diagnostics.push_back({Severity::kError, src.path, 0,
                             fmt::format("no record found (read as {})", f->name)});
  }
  return r;
}

IngestSummary ingest(Store* store, const std::vector<std::string>& paths,
                     const IngestOptions& options, const IngestEvents& events) {
  IngestSummary sum;
  auto emit = [&](const Diagnostic& d) {
    if (d.severity == Severity::kWarning) ++sum.warnings;
    if (events.diagnostic) events.diagnostic(d);
  };
  const std::vector<std::string> files = expand_paths(paths, options, events, sum);
  const int total = static_cast<int>(files.size());
  const bool write = store && !options.dry_run;
  const std::string now = utc_now();
  int in_batch = 0;
  auto flush = [&](bool final) {
    if (!write || in_batch == 0) return;
    if (options.strict && !final) return;  // --strict: one transaction for the whole run
    store->commit();
    in_batch = 0;
  };
  try {
    for (const auto& path : files) {
      ++sum.files;
      SourceFile src;
      try {
        src = read_source(path);
      } catch (const Error& e) {
        ++sum.failed;
        std::string_view msg = e.what();
        if (msg.starts_with(path + ": ")) msg.remove_prefix(path.size() + 2);
        emit({Severity::kError, path, 0, std::string(msg)});
        continue;
      }
      if (write && store->has_source(src.sha256)) {
        ++sum.unchanged;
        if (events.progress) events.progress(sum, total);
        continue;
      }
      ParseResult result = parse_source(src, options.format);
      for (const auto& d : result.diagnostics) emit(d);
      if (result.has_errors()) {
        ++sum.failed;
        if (events.progress) events.progress(sum, total);
        continue;
      }
      if (write) {
        if (in_batch == 0) store->begin();
        ++in_batch;
        int written = 0;
        for (const auto& rec : result.records) {
          const PutOutcome o = store->put(rec, now);
          if (o != PutOutcome::kUnchanged) ++written;
        }
        const std::string format =
            result.records.empty()
                ? std::string()
                : std::visit([](const auto& r) { return r.source.format; }, result.records.front());
        store->add_source(src, format, static_cast<int>(result.records.size()), now);
        sum.records += written;
        if (written > 0) ++sum.ingested;
        else ++sum.unchanged;
        if (in_batch >= options.batch_files) flush(false);
      } else {
        sum.records += static_cast<int>(result.records.size());
        ++sum.ingested;
      }
      if (events.progress) events.progress(sum, total);
    }
    if (write && options.strict && sum.failed > 0) {
      if (in_batch > 0) store->rollback();
      in_batch = 0;
      sum.rolled_back = true;
    }
    flush(true);
  } catch (...) {
    if (write && in_batch > 0) store->rollback();
    throw;
  }
  return sum;
}

}  // namespace vetq
