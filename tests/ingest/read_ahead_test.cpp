#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ingest/read_ahead.h"
#include "support.h"
#include "vetq/source.h"

namespace {

namespace fs = std::filesystem;

using vetq::test::TempDir;

// Writes the file to the disk and drops it from the page cache (clean pages only, hence the
// fsync). A file system that keeps files in memory anyway (tmpfs) keeps it: see resident().
void write_uncached(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  const int fd = ::open(path.c_str(), O_RDONLY);
  ::fsync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

// Pages of the file in the page cache, and its page count.
std::pair<std::size_t, std::size_t> resident(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  const auto size = static_cast<std::size_t>(::lseek(fd, 0, SEEK_END));
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in((size + page - 1) / page);
  ::mincore(map, size, in.data());
  ::munmap(map, size);
  ::close(fd);
  std::size_t n = 0;
  for (auto c : in) n += c & 1;
  return {n, in.size()};
}

bool eventually(const std::function<bool()>& done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

std::string sample_bytes() {
  return vetq::test::read_file(
      vetq::test::sample_path("policy-28238-france-clea-certificates.txt"));
}

}  // namespace

TEST_CASE("read_source says whether a file came whole from the page cache") {
  const TempDir tmp;
  const auto path = (tmp.dir / "page.txt").string();
  const std::string bytes = sample_bytes();
  write_uncached(path, bytes);
  bool cached = true;
  if (resident(path).first > 0) {
    MESSAGE("this file system keeps the file in memory: only the bytes are checked");
  } else {
    const auto src = vetq::read_source(path, 1 << 20, &cached);
    CHECK(src.bytes == bytes);
    CHECK_FALSE(cached);
  }
  const auto again = vetq::read_source(path, 1 << 20, &cached);  // now in the page cache
  CHECK(again.bytes == bytes);
  CHECK(cached);
  // A file too large is refused as before, and an empty file reads as empty.
  CHECK_THROWS(vetq::read_source(path, 100, &cached));
  std::ofstream((tmp.dir / "empty.txt").string());
  CHECK(vetq::read_source((tmp.dir / "empty.txt").string(), 100, &cached).bytes.empty());
}

TEST_CASE("read ahead starts at the first file that came from the disk and stays ahead") {
  const TempDir tmp;
  const std::string bytes = sample_bytes();
  vetq::InputFiles files;
  constexpr std::size_t kFiles = 200;
  for (std::size_t i = 0; i < kFiles; ++i) {
    const auto path = (tmp.dir / ("p" + std::to_string(1000 + i) + ".txt")).string();
    write_uncached(path, bytes);
    files.add(path, true);
  }
  constexpr std::size_t kAhead = vetq::ReadAhead::kAhead;
  const std::string last_asked = files.path(11 + kAhead - 1);
  const bool evicted = resident(last_asked).first == 0;

  vetq::ReadAhead ahead(files, 1 << 20);
  for (std::size_t i = 0; i < 10; ++i) ahead.read_done(i, true);  // all from memory: no thread
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(ahead.asked() == 0);

  ahead.read_done(10, false);  // from the disk: read the next kAhead
  CHECK(eventually([&] { return ahead.asked() == 11 + kAhead; }));
  if (evicted)
    CHECK(eventually([&] { return resident(last_asked).first == resident(last_asked).second; }));
  else
    MESSAGE("this file system keeps the files in memory: residency is not checked");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(ahead.asked() == 11 + kAhead);  // no further than kAhead past the workers

  ahead.read_done(50, true);  // the workers went on: it follows them
  CHECK(eventually([&] { return ahead.asked() == 51 + kAhead; }));
  ahead.read_done(150, true);  // up to the last file, not past it
  CHECK(eventually([&] { return ahead.asked() == kFiles; }));
  ahead.read_done(kFiles - 1, true);
}

TEST_CASE("read ahead passes over a FIFO without a writer instead of waiting on it") {
  const TempDir tmp;
  const auto fifo = (tmp.dir / "pipe").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Opening a FIFO for reading waits for a writer; read_ahead must return at once.
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread([fifo, done] {
    vetq::read_ahead(fifo);
    vetq::read_ahead((fs::path(fifo).parent_path() / "missing.txt").string());
    vetq::read_ahead("-");
    *done = true;
  }).detach();
  CHECK(eventually([&] { return done->load(); }));
  if (!done->load()) {  // let the stuck open go, so that the test run can end
    const int w = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (w >= 0) ::close(w);
  }
}
