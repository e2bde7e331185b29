#include "ingest/ingest.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>  // mallopt
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <new>
#include <optional>
#include <thread>
#include <unordered_map>

#include "ingest/read_ahead.h"
#include "parsers/registry.h"
#include "vetq/error.h"
#include "vetq/source.h"

namespace vetq {

namespace fs = std::filesystem;

const parsers::Format* format_named(const std::string& name) {
  if (name.empty()) return nullptr;
  if (const auto* f = parsers::find_format(name)) return f;
  throw UsageError(
      fmt::format("--format: unknown format '{}' — known: {}", name, parsers::format_names()));
}

namespace {

// What a worker hands the writer for one input file.
struct Parsed {
  std::string sha256;
  bool unchanged = false;  // content ingested before: not parsed
  bool unknown_in_directory = false;
  SourceFile source;   // bytes dropped after parsing
  ParseResult result;  // its records moved to `prepared` when they will be written
  std::vector<PreparedRecord> prepared;
  int worker = 0;      // the worker that built it, and frees it (ParsePool::recycle)
  bool cached = true;  // the file was all in the page cache
};

Parsed read_and_parse(const InputFile& in, const IngestOptions& options,
                      const std::unordered_map<std::string, std::string>& known, bool prepare) {
  Parsed p;
  try {
    p.source = read_source(in.path, options.limits.max_file_size, &p.cached);
    if (in.path == "-" && !options.stdin_name.empty()) p.source.path = options.stdin_name;
  } catch (const Error& e) {
    std::string_view msg = e.what();
    if (msg.starts_with(in.path + ": ")) msg.remove_prefix(in.path.size() + 2);
    p.result.diagnostics.push_back({Severity::kError, in.path, 0, std::string(msg)});
    return p;
  }
  p.sha256 = p.source.sha256;
  // Unchanged: the same content, read as the same format, still giving a record.
  if (auto it = known.find(p.sha256); it != known.end()) {
    const auto* f = parsers::format_of(p.source, format_named(options.format));
    if (f && f->name == it->second) {
      p.unchanged = true;
      return p;
    }
  }
  auto parsed = parsers::parse_source(p.source, format_named(options.format));
  p.result = std::move(parsed.result);
  if (in.from_directory && parsed.unknown_format) {
    p.unknown_in_directory = true;
    p.result.diagnostics.front() = {Severity::kNote, in.path, 0,
                                    "skipped: not a format vetq knows"};
  }
  if (prepare && !p.result.has_errors()) {  // serialised here, off the writer thread
    for (auto& r : p.result.records) p.prepared.push_back(prepare_record(std::move(r)));
    p.result.records.clear();
  }
  p.source.bytes.clear();
  p.source.bytes.shrink_to_fit();
  p.source.text.clear();
  p.source.text.shrink_to_fit();
  return p;
}

// Parses inputs on worker threads, at most `window` files ahead of the consumer, and hands
// the results over in input order.
class ParsePool {
 public:
  ParsePool(const InputFiles& inputs, const IngestOptions& options,
            const std::unordered_map<std::string, std::string>& known, bool prepare, int workers)
      : inputs_(inputs),
        options_(options),
        known_(known),
        prepare_(prepare),
        // 32 files a worker. The writer's commits (~20 ms; ~75 ms when FTS5 merges a level)
        // fill it and stop the workers; 64 a worker gave 3-4 % in interleaved 10k loads but
        // 3.4 MiB more peak RSS at 100k, past the flat-memory mark (bench/RESULTS.md).
        window_(static_cast<std::size_t>(std::max(2, workers * 32))),
        slots_(window_),
        trash_(static_cast<std::size_t>(workers)),
        ahead_(inputs, options.limits.max_file_size) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this, i] { work(i); });
  }
  ~ParsePool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  /// The result for input i (called with i = 0, 1, 2, ...).
  Parsed take(std::size_t i) {
    std::unique_lock lock(mu_);
    auto& slot = slots_[i % window_];
    if (!slot) {
      // Woken when the kWakeEvery-th file from here is ready, then for each one not yet: the
      // writer waits for the workers most of a load, and a wake-up per file cost them ~4 %
      // of their time (the futex calls and the rescheduling interrupts they send).
      waiting_for_ = std::min(i + kWakeEvery, inputs_.size()) - 1;
      for (;;) {
        auto& awaited = slots_[waiting_for_ % window_];
        ready_cv_.wait(lock, [&] { return awaited.has_value(); });
        if (slot) break;
        waiting_for_ = i;
      }
      waiting_for_ = kNobody;
    }
    Parsed p = std::move(*slot);
    slot.reset();
    consumed_ = i + 1;
    // A slot of the window is free again: one idle worker can parse the next file.
    const bool wake = idle_ > 0 && file_to_parse();
    lock.unlock();
    if (wake) work_cv_.notify_one();
    return p;
  }

  /// Takes back a result the writer is done with: the worker that built it frees it (its
  /// records, JSON documents and rows are many small allocations), so that the writer only
  /// writes, and memory goes back to the allocator arena it came from: a free into another
  /// thread's arena waits for that thread's lock. A worker frees its results each time it
  /// wakes for a file; one that has no file left to parse is woken when kFreeAt are waiting.
  void recycle(Parsed&& p) {
    bool wake = false;
    {
      std::lock_guard lock(mu_);
      const auto w = static_cast<std::size_t>(p.worker);
      auto& trash = trash_[w < trash_.size() ? w : 0];
      trash.push_back(std::move(p));
      wake = idle_ > 0 && trash.size() >= kFreeAt;
    }
    if (wake) work_cv_.notify_all();
  }

 private:
  // Another file may be parsed: there is one, and the window has room for it (under mu_).
  bool file_to_parse() const { return next_ < inputs_.size() && next_ < consumed_ + window_; }

  void work(int self) {
    // The single writer is the pipeline's critical path; parse workers yield the CPU to it
    // (Linux: the nice value of this thread only). Harmless if refused.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 5);
    const ScopedInputLimits limits(options_.limits);  // what the parsers may spend on a file
    for (;;) {
      std::size_t i = 0;
      std::vector<Parsed> trash;
      {
        std::unique_lock lock(mu_);
        // Woken for a file to parse, or for results to free (see recycle). Only a thread that
        // has something to do is woken: on two cores, a wake-up that finds nothing to do
        // costs a context switch the writer may be waiting behind.
        const auto ready = [&] {
          return stop_ || trash_[self].size() >= kFreeAt || file_to_parse();
        };
        if (!ready()) {
          ++idle_;
          work_cv_.wait(lock, ready);
          --idle_;
        }
        trash.swap(trash_[self]);
        const bool stop = stop_;
        const bool work = !stop && file_to_parse();
        if (work) i = next_++;
        lock.unlock();
        trash.clear();
        if (stop) return;
        if (!work) continue;
      }
      Parsed p;
      try {
        p = read_and_parse(inputs_[i], options_, known_, prepare_);
      } catch (const std::bad_alloc&) {  // this file's memory is freed by now; the run goes on
        p = Parsed{};
        p.result.diagnostics.push_back(
            {Severity::kError, inputs_[i].path, 0,
             "out of memory reading this file — leave it out, lower --max-file-size, or give "
             "vetq more memory"});
      } catch (const std::exception& e) {  // UsageError (bad --format) and the unexpected
        p = Parsed{};
        p.result.diagnostics.push_back({Severity::kError, inputs_[i].path, 0, e.what()});
      }
      p.worker = self;
      ahead_.read_done(i, p.cached);
      bool wake = false;
      {
        std::lock_guard lock(mu_);
        slots_[i % window_] = std::move(p);
        wake = waiting_for_ == i;
      }
      if (wake) ready_cv_.notify_one();
    }
  }

  const InputFiles& inputs_;
  const IngestOptions& options_;
  const std::unordered_map<std::string, std::string>& known_;
  const bool prepare_;
  const std::size_t window_;
  // A ring: input i is parsed only while i < consumed_ + window_, so the files in flight
  // never share a slot, and memory does not grow with the number of files.
  std::vector<std::optional<Parsed>> slots_;
  static constexpr std::size_t kNobody = static_cast<std::size_t>(-1);
  static constexpr std::size_t kFreeAt = 8;     // results to free that wake an idle worker
  static constexpr std::size_t kWakeEvery = 8;  // files the writer waits for at once
  std::mutex mu_;
  std::condition_variable ready_cv_;  // the writer waits here for input waiting_for_
  std::condition_variable work_cv_;   // idle workers wait here
  std::size_t waiting_for_ = kNobody;
  int idle_ = 0;  // workers waiting on work_cv_
  std::size_t next_ = 0, consumed_ = 0;
  bool stop_ = false;
  // Results the writer is done with, by the worker that frees them.
  std::vector<std::vector<Parsed>> trash_;
  ReadAhead ahead_;  // outlives the workers, which tell it what they read
  std::vector<std::thread> threads_;
};

// Writes one parsed file's records and its source_file row; returns the records written.
template <typename Emit>
int write_records(Store& store, const Parsed& p, const std::string& now,
                  const IngestOptions& options, const Emit& emit) {
  int written = 0;
  for (const auto& rec : p.prepared) {
    const PutResult put = store.put(rec, now, PutOptions{options.force});
    if (put.outcome == PutOutcome::kKeptAsVersion)
      emit({Severity::kWarning, p.source.path, 0, put.reason});
    if (put.outcome != PutOutcome::kUnchanged) ++written;
  }
  // A file that gave no record leaves no trace: its hash must not block a later parse.
  if (!p.prepared.empty()) {
    const std::string format =
        std::visit([](const auto& r) { return r.source.format; }, p.prepared.front().record);
    store.add_source(p.source, format, static_cast<int>(p.prepared.size()), now);
  }
  return written;
}

// The content hashes met in a run, as the first 8 bytes of each SHA-256 in an open-addressing
// table: 16 bytes a file rather than a hash-set node of 70. A hit is confirmed by the
// source_file row that writing the file added (Store::has_source).
class SeenHashes {
 public:
  bool may_contain(const std::string& hex) const {
    if (slots_.empty()) return false;
    for (std::size_t i = key(hex) & mask();; i = (i + 1) & mask()) {
      if (slots_[i] == 0) return false;
      if (slots_[i] == key(hex)) return true;
    }
  }
  void insert(const std::string& hex) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    if (place(key(hex))) ++count_;
  }

 private:
  // 16 hex digits as a number, never 0 (0 marks an empty slot).
  static std::uint64_t key(const std::string& hex) {
    std::uint64_t k = 0;
    for (std::size_t i = 0; i < 16 && i < hex.size(); ++i) {
      const char c = hex[i];
      k = k << 4 | static_cast<std::uint64_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return k | 1;
  }
  std::size_t mask() const { return slots_.size() - 1; }
  bool place(std::uint64_t k) {
    for (std::size_t i = k & mask();; i = (i + 1) & mask()) {
      if (slots_[i] == k) return false;
      if (slots_[i] == 0) {
        slots_[i] = k;
        return true;
      }
    }
  }
  void grow() {
    std::vector<std::uint64_t> old(std::max<std::size_t>(1024, slots_.size() * 2), 0);
    old.swap(slots_);
    for (const auto k : old)
      if (k) place(k);
  }
  std::vector<std::uint64_t> slots_;  // a power of two, at most half full
  std::size_t count_ = 0;
};

// A first load into an empty database (more files than one batch): the indexes that only
// queries read are set aside and built once, sorted, when the run ends (Store::defer_indexes).
// Otherwise any index a load that never finished left aside is built before writing.
class QueryIndexes {
 public:
  template <typename Emit>
  QueryIndexes(Store& store, bool first_load, const Emit& emit) : store_(store) {
    if (!first_load) {
      if (const int n = store_.rebuild_indexes(); n > 0)
        emit({Severity::kNote, store_.path(), 0,
              fmt::format("built the {} query indexes an unfinished first load set aside", n)});
      return;
    }
    deferred_ = store_.defer_indexes() > 0;
  }
  QueryIndexes(const QueryIndexes&) = delete;
  QueryIndexes& operator=(const QueryIndexes&) = delete;
  ~QueryIndexes() {
    if (!deferred_) return;
    try {  // the run failed; the next write command builds them otherwise
      store_.rebuild_indexes();
    } catch (const std::exception&) {
    }
  }

  template <typename Emit>
  void finish(const Emit& emit) {
    if (!deferred_) return;
    const auto start = std::chrono::steady_clock::now();
    const int n = store_.rebuild_indexes();
    deferred_ = false;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    emit({Severity::kNote, store_.path(), 0,
          fmt::format("first load: built the {} query indexes set aside in {:.1f} s", n,
                      took.count())});
  }

 private:
  Store& store_;
  bool deferred_ = false;
};

// The parse threads free a page's strings and trees as they go; glibc gives the top of their
// arenas back to the system past 128 KiB and faults it in again for the next page (~3,000 of
// 16,000 page faults in a 10k load; 3-6 % of its CPU time). The run keeps that memory
// instead, as glibc's own thresholds would after a large block (Store::rebuild_indexes still
// trims before the index sort); blocks under 4 MiB come from the arenas, not mmap.
void keep_freed_memory() {
#ifdef __GLIBC__
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

}  // namespace

IngestSummary ingest(Store* store, const std::vector<std::string>& paths,
                     const IngestOptions& options, const IngestEvents& events) {
  format_named(options.format);  // an unknown --format is a usage error before any file
  IngestSummary sum;
  auto emit = [&](const Diagnostic& d) {
    if (d.severity == Severity::kWarning) ++sum.warnings;
    if (events.diagnostic) events.diagnostic(d);
  };
  const InputFiles files = expand_paths(paths, options, events, sum);
  const int total = static_cast<int>(files.size());
  const bool write = store && !options.dry_run;
  const std::unordered_map<std::string, std::string> known =
      write ? store->source_hashes() : std::unordered_map<std::string, std::string>{};
  const std::string now = utc_now();
  keep_freed_memory();
  const int workers = options.workers > 0
                          ? options.workers
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int in_batch = 0;
  SeenHashes seen;  // content hashes met in this run
  std::optional<QueryIndexes> indexes;
  if (write) indexes.emplace(*store, total > options.batch_files && store->empty(), emit);
  ParsePool pool(files, options, known, write, std::min(workers, std::max(1, total)));
  try {
    for (std::size_t i = 0; i < files.size(); ++i) {
      Parsed p = pool.take(i);
      ++sum.files;
      for (const auto& d : p.result.diagnostics) emit(d);
      // The same content twice in one run counts once.
      const bool again =
          write && !p.sha256.empty() && seen.may_contain(p.sha256) && store->has_source(p.sha256);
      if (p.unchanged || again) {
        ++sum.unchanged;
      } else if (p.unknown_in_directory) {
        ++sum.skipped;
      } else if (p.result.has_errors() || p.sha256.empty()) {
        ++sum.failed;
      } else if (write) {
        if (in_batch == 0) store->begin();
        ++in_batch;
        const int written = write_records(*store, p, now, options, emit);
        if (!p.prepared.empty()) seen.insert(p.sha256);
        sum.records += written;
        if (written > 0)
          ++sum.ingested;
        else
          ++sum.unchanged;
        if (in_batch >= options.batch_files && !options.strict) {
          store->commit();
          in_batch = 0;
        }
      } else {
        sum.records += static_cast<int>(p.result.records.size());
        ++sum.ingested;
      }
      if (events.progress) events.progress(sum, total);
      pool.recycle(std::move(p));
    }
    if (write && in_batch > 0) {
      if (options.strict && sum.failed > 0) {
        store->rollback();
        sum.rolled_back = true;
      } else {
        store->commit();
      }
      in_batch = 0;
    } else if (write && options.strict && sum.failed > 0) {
      sum.rolled_back = true;
    }
    if (indexes) indexes->finish(emit);
  } catch (...) {
    if (write && in_batch > 0) store->rollback();
    throw;
  }
  return sum;
}

}  // namespace vetq
