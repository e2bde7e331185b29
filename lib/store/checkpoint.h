#pragma once
// Private to lib/store: WAL checkpoints on a thread of their own. A checkpoint copies the
// pages the WAL holds into the database file and syncs both; done on the writer's connection
// (SQLite's automatic checkpoint), the single writer thread waited for those syncs. Here a
// second connection does it (a PASSIVE checkpoint never blocks the writer). The writer
// checkpoints itself only when the WAL has grown to 4 x the mark: it waits for the thread's
// checkpoint under way, copies the rest, and its next transaction writes the WAL from its
// beginning again. So the WAL file stays near 4 x the mark (or one transaction's size, if
// larger) instead of growing with the load. (A checkpoint alone never shrinks it: SQLite
// starts the WAL over only when every frame in it has been copied when a transaction begins,
// and the thread is always a commit behind.)
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace vetq {

class Checkpointer {
 public:
  /// Takes over the checkpoints of `writer` (its WAL hook): a checkpoint on the thread once
  /// the WAL holds `pages` pages after a commit; on the writer, after the thread's, at 4 x
  /// `pages`.
  Checkpointer(const std::string& path, sqlite3* writer, int pages);
  ~Checkpointer();  // waits for a checkpoint under way; the writer's close does the last one

  /// A checkpoint on the thread now, whatever the WAL's size: before a long transaction (a
  /// first load's index build), so that what is committed is copied while it runs, not by
  /// the writer's close after it.
  void request();

  /// How many of the thread's checkpoints found the WAL with frames copied into the database.
  int done() const { return done_.load(); }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void run(const std::string& path);

  sqlite3* writer_;
  const int pages_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false, stop_ = false;
  bool running_ = false;  // a checkpoint under way, on the thread or on the writer
  std::atomic<int> done_{0};
  std::thread thread_;
};

}  // namespace vetq
