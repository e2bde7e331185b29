// Reading ahead of the parse workers (read_ahead.h).
#include "ingest/read_ahead.h"

#include <algorithm>
#include <exception>
#include <string>
#include <system_error>

#include "vetq/source.h"

namespace vetq {

ReadAhead::ReadAhead(const InputFiles& inputs, std::uint64_t max_bytes)
    : inputs_(inputs), max_bytes_(max_bytes) {}

ReadAhead::~ReadAhead() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void ReadAhead::read_done(std::size_t i, bool cached) {
  // Workers take inputs in order but may report them out of order: keep the highest.
  std::size_t seen = reached_.load();
  while (seen < i + 1 && !reached_.compare_exchange_weak(seen, i + 1)) {
  }
  if (!cached && !on_.load(std::memory_order_relaxed)) {
    std::call_once(start_, [this] {
      try {
        thread_ = std::thread([this] {
          try {
            run();
          } catch (const std::exception&) {  // out of memory for a path: stop reading ahead
          }
        });
        on_.store(true, std::memory_order_relaxed);
      } catch (const std::system_error&) {  // no thread to be had: the run goes on without
      }
    });
    return;
  }
  // Woken when half of what it asked for has been read: a wake-up per kAhead / 2 files.
  // (reached_ and sleeping_ are sequentially consistent: the thread stores sleeping_ and then
  // reads reached_, a worker the other way round, so one of them sees the other's store.)
  if (on_.load(std::memory_order_relaxed) && sleeping_.load() &&
      i + 1 + kAhead / 2 >= asked_.load(std::memory_order_relaxed)) {
    std::lock_guard lock(mu_);
    cv_.notify_one();
  }
}

void ReadAhead::run() {
  std::size_t next = reached_.load(std::memory_order_relaxed);
  for (;;) {
    const std::size_t reached = reached_.load();
    next = std::max(next, reached);  // never ask for what the workers have read already
    const std::size_t until = std::min(inputs_.size(), reached + kAhead);
    if (next < until) {
      read_ahead(inputs_.path(next), max_bytes_);
      asked_.store(++next, std::memory_order_relaxed);
      continue;
    }
    if (next >= inputs_.size()) return;
    std::unique_lock lock(mu_);
    sleeping_.store(true);
    cv_.wait(lock, [&] { return stop_ || reached_.load() + kAhead / 2 >= next; });
    sleeping_.store(false);
    if (stop_) return;
  }
}

}  // namespace vetq
