#include "store/checkpoint.h"

namespace vetq {

Checkpointer::Checkpointer(const std::string& path, sqlite3* writer, int pages)
    : writer_(writer), pages_(pages) {
  thread_ = std::thread([this, path] { run(path); });
  sqlite3_wal_hook(writer_, &Checkpointer::on_commit, this);  // replaces wal_autocheckpoint
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_, nullptr, nullptr);
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Checkpointer::request() {
  {
    std::lock_guard lock(mu_);
    due_ = true;
  }
  cv_.notify_all();
}

// Called by SQLite on the writer's thread after each commit, with the WAL's size in pages.
int Checkpointer::on_commit(void* self, sqlite3* db, const char* schema, int pages) {
  auto& c = *static_cast<Checkpointer*>(self);
  if (pages >= 4 * c.pages_) {
    // Copy the rest here, between transactions, once the thread's checkpoint (if any) is
    // done: then every frame is in the database file and the next transaction starts the WAL
    // from its beginning. (Without the wait, the thread would hold the checkpoint lock and
    // this one would find it busy.) The writer waits for one checkpoint of a few batches
    // every 4 x pages_ (once or twice in a 10,000-page load).
    {
      std::unique_lock lock(c.mu_);
      c.cv_.wait(lock, [&] { return !c.running_; });
      c.running_ = true;
    }
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    {
      std::lock_guard lock(c.mu_);
      c.running_ = false;
    }
    c.cv_.notify_all();
  } else if (pages >= c.pages_) {
    {
      std::lock_guard lock(c.mu_);
      c.due_ = true;
    }
    c.cv_.notify_all();
  }
  return SQLITE_OK;
}

void Checkpointer::run(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(db);  // no thread checkpoints: the writer's own at 4 x pages_ remain
    db = nullptr;
  }
  if (db) {
    sqlite3_busy_timeout(db, 1000);
    // A connection learns that the file is in WAL mode on its first read; until then a
    // checkpoint on it does nothing (and says so only through pnLog = -1).
    sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  }
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return (due_ && !running_) || stop_; });
    if (stop_) break;
    due_ = false;
    running_ = true;
    lock.unlock();
    // A failure (another checkpoint under way, a full disk) leaves the pages in the WAL for
    // the next checkpoint; the writer's commits are not affected.
    int log = 0, done = 0;
    if (db &&
        sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done) ==
            SQLITE_OK &&
        done > 0)
      ++done_;
    lock.lock();
    running_ = false;
    cv_.notify_all();  // a writer waiting to checkpoint
  }
  sqlite3_close(db);
}

}  // namespace vetq
