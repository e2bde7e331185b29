#pragma once
// Reading ahead of the parse workers when their files come from the disk (ingest.cpp).
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

#include "ingest/ingest.h"

namespace vetq {

/// Once a parse worker finds that a file it read was not all in the page cache, a thread asks
/// the system to read the next files (up to kAhead past the one the workers take next) in the
/// background, so that the workers parse instead of waiting for the disk: a first ingest of a
/// directory that is not in memory. While every file comes from the page cache, it costs
/// nothing and no thread is started.
class ReadAhead {
 public:
  static constexpr std::size_t kAhead = 64;

  ReadAhead(const InputFiles& inputs, std::uint64_t max_bytes);
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  /// A worker has read input i; `cached`: whether it was all in the page cache. Thread-safe.
  void read_done(std::size_t i, bool cached);

  /// Inputs the thread has asked the system for (for tests).
  std::size_t asked() const { return asked_.load(std::memory_order_relaxed); }

 private:
  void run();

  const InputFiles& inputs_;
  const std::uint64_t max_bytes_;
  std::atomic<bool> on_{false};
  std::atomic<std::size_t> reached_{0};  // one past the highest input a worker has read
  std::atomic<std::size_t> asked_{0};
  std::atomic<bool> sleeping_{false};
  std::once_flag start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // under mu_
  std::thread thread_;
};

}  // namespace vetq
