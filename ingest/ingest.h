#pragma once
// The ingest pipeline: paths -> sources -> detect -> parse -> store, in batched transactions.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "vetq/record.h"
#include "vetq/source.h"

namespace vetq {

struct IngestOptions {
  std::string format;  // force a parser by name ("" = detect)
  // Glob patterns on the files of directory and glob arguments: each is tried on the file's
  // base name and on its path relative to the argument ("fr/a.txt"); "draft/" (ending in /)
  // matches a directory on that path. Files named one by one are always read.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string stdin_name;  // --name: the source path recorded for "-" (standard input)
  bool dry_run = false;    // parse and report, write nothing
  bool strict = false;     // any error rolls back the whole run
  bool force = false;      // a page becomes current even when older or a broken copy
  int batch_files = 256;   // files per transaction
  int workers = 0;         // parsing threads (0 = one per core)
  InputLimits limits;      // what one file may cost (--max-file-size, --max-pdf-pages, ...)
};

/// A path to read, and whether it was found inside a directory (then a file of no known
/// format is skipped with a note instead of failing the run).
struct InputFile {
  std::string path;
  bool from_directory = false;
};

/// The files of a run, in input order, their paths front-coded in one buffer (as leveldb's
/// blocks keep keys): each path is stored as the length it shares with the one before and the
/// rest, with a whole path every kRestart files. The files of a directory share most of their
/// path, so a run of 100,000 files holds ~2 MB of them (12 bytes a path and 8 for where it
/// starts, in the benchmark corpus), not ~6.5 MB: memory that grows with the number of files
/// shows in the peak RSS of a large load.
class InputFiles {
 public:
  void add(std::string_view path, bool from_directory);
  /// Sorts the files from `first` on by path (a directory's files, after its walk).
  void sort_from(std::size_t first);
  std::size_t size() const { return starts_.size(); }
  std::string path(std::size_t i) const;
  InputFile operator[](std::size_t i) const { return {path(i), (starts_[i] & 1) != 0}; }
  /// The bytes the paths take, packed.
  std::size_t packed_bytes() const { return bytes_.size(); }

 private:
  static constexpr std::size_t kRestart = 16;
  std::string bytes_;  // per file: the shared length and the rest's as varints, the rest
  std::vector<std::uint64_t> starts_;  // where each file starts in bytes_ << 1 | from_directory
  std::string last_;                   // the path added last
};

struct IngestSummary {
  int files = 0;      // files considered
  int ingested = 0;   // files whose records were written (new or changed)
  int unchanged = 0;  // files skipped because their content was ingested before
  int failed = 0;     // files with an error: nothing of them was written
  int skipped = 0;    // files of no known format inside a directory
  int records = 0;    // records inserted or updated
  int warnings = 0;
  bool rolled_back = false;  // --strict and an error: nothing was written
};

/// Receives every diagnostic as it happens (for stderr), and progress after each file.
struct IngestEvents {
  std::function<void(const Diagnostic&)> diagnostic;
  std::function<void(const IngestSummary&, int total_files)> progress;
};

/// Expands files, directories (recursive, sorted) and glob patterns, keeping the files of
/// directories and globs that options.include/exclude let through. Missing paths and
/// directories that cannot be read (at any level) become error diagnostics; an include or
/// exclude pattern that matched no file, a warning. "-" stays as is (standard input); given
/// twice, or --name without it, is a UsageError.
InputFiles expand_paths(const std::vector<std::string>& paths, const IngestOptions& options,
                        const IngestEvents& events, IngestSummary& summary);

/// Ingests the paths: files are read and parsed in parallel (options.workers threads, a bounded
/// window ahead of the writer) and written in input order by this thread, options.batch_files
/// per transaction. `store` may be null only with dry_run. A file that cannot be read, is
/// beyond options.limits, or exhausts the memory is that file's error; the others go on.
/// Throws vetq::Error on database failures (after rolling back the open batch: earlier
/// batches stay committed).
IngestSummary ingest(Store* store, const std::vector<std::string>& paths,
                     const IngestOptions& options, const IngestEvents& events);

}  // namespace vetq
