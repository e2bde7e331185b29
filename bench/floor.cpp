// The floor of an ingest: the rows and full-text content of a vetq database, inserted again by
// a minimal program with no parsing at all.
//
// Input: a rows file written by bench/dump_rows.py from a database `vetq ingest` produced: that
// database's own schema, then one group of rows per policy (its policy row, timeline and facet
// rows, full-text row, source_file row; whatever tables the schema has). Output: a new
// database with that schema, vetq's pragmas (WAL, synchronous = NORMAL, foreign keys on,
// statement journals in memory, a 16 MiB page cache, a checkpoint every 8192 pages; see
// Store::open in lib/store.cpp) and
// vetq's default batching (256 files a transaction), filled with plain prepared INSERTs in the
// same order. What remains is SQLite's own cost: B-tree inserts, index maintenance and FTS5
// indexing.
//
//   floor ROWS_FILE DB [--batch N] [--fts-tuned]
//
// --fts-tuned (informative, not the floor): a 64 MiB page cache and FTS5 automerge 8 /
// crisismerge 32 on every FTS5 table, to show what tuning bulk loading could gain.
//
// Built by bench/bench.py with `c++ -O2 bench/floor.cpp -lsqlite3` (the system libsqlite3, the
// one vetq links).
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void die(const std::string& what, sqlite3* db = nullptr) {
  std::fprintf(stderr, "floor: %s%s%s\n", what.c_str(), db ? ": " : "",
               db ? sqlite3_errmsg(db) : "");
  std::exit(1);
}

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die(std::string("cannot read ") + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Values in the rows file: 'N' (null), 'I' + int64 LE, 'T' + uint32 LE length + bytes.
struct Reader {
  std::string_view data;
  std::size_t pos = 0;
  bool done() const { return pos >= data.size(); }
  std::string_view text() {
    const uint32_t n = u32();
    const std::string_view s = data.substr(pos, n);
    pos += n;
    return s;
  }
  uint32_t u32() {
    uint32_t v;
    std::memcpy(&v, data.data() + pos, 4);
    pos += 4;
    return v;
  }
  // Binds the next value to parameter i of st.
  void bind(sqlite3_stmt* st, int i) {
    const char tag = data[pos++];
    if (tag == 'N') {
      sqlite3_bind_null(st, i);
    } else if (tag == 'I') {
      int64_t v;
      std::memcpy(&v, data.data() + pos, 8);
      pos += 8;
      sqlite3_bind_int64(st, i, v);
    } else if (tag == 'F') {
      double v;
      std::memcpy(&v, data.data() + pos, 8);
      pos += 8;
      sqlite3_bind_double(st, i, v);
    } else if (tag == 'T' || tag == 'B') {
      const uint32_t n = u32();
      if (tag == 'T')
        sqlite3_bind_text(st, i, data.data() + pos, static_cast<int>(n), SQLITE_STATIC);
      else
        sqlite3_bind_blob(st, i, data.data() + pos, static_cast<int>(n), SQLITE_STATIC);
      pos += n;
    } else {
      die("rows file is damaged");
    }
  }
};

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
    die(std::string("prepare ") + sql, db);
  return st;
}

void step(sqlite3* db, sqlite3_stmt* st) {
  if (sqlite3_step(st) != SQLITE_DONE) die("insert", db);
  sqlite3_reset(st);
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK)
    die(sql + ": " + (err ? err : ""));
}

}  // namespace

struct Table {
  sqlite3_stmt* insert = nullptr;
  uint32_t columns = 0;
};

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: floor ROWS_FILE DB [--batch N] [--fts-tuned]\n");
    return 2;
  }
  int batch = 256;
  bool tuned = false;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--batch") == 0 && i + 1 < argc)
      batch = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--fts-tuned") == 0)
      tuned = true;
    else
      die(std::string("unknown option ") + argv[i]);
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string rows = slurp(argv[1]);
  Reader r{rows};
  if (rows.compare(0, 8, "VETQFLR1") != 0) die("not a rows file from bench/dump_rows.py");
  r.pos = 8;
  const std::string schema(r.text());
  std::remove(argv[2]);
  sqlite3* db = nullptr;
  if (sqlite3_open(argv[2], &db) != SQLITE_OK) die("open", db);
  exec(db, "PRAGMA foreign_keys = ON");
  exec(db, "PRAGMA page_size = 16384");  // as vetq's Store::open makes a new file
  exec(db, "PRAGMA journal_mode = WAL");
  exec(db, "PRAGMA synchronous = NORMAL");
  exec(db, "PRAGMA temp_store = MEMORY");
  exec(db, "PRAGMA cache_size = -16384");
  exec(db, "PRAGMA wal_autocheckpoint = 8192");
  exec(db, "BEGIN IMMEDIATE");
  exec(db, schema);
  exec(db, "COMMIT");
  if (tuned) {
    exec(db, "PRAGMA cache_size = -65536");
    sqlite3_stmt* list = prepare(
        db, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'");
    std::string sql;
    while (sqlite3_step(list) == SQLITE_ROW) {
      const std::string t = reinterpret_cast<const char*>(sqlite3_column_text(list, 0));
      sql += "INSERT INTO \"" + t + "\"(\"" + t + "\", rank) VALUES ('automerge', 8);";
      sql += "INSERT INTO \"" + t + "\"(\"" + t + "\", rank) VALUES ('crisismerge', 32);";
    }
    sqlite3_finalize(list);
    exec(db, sql);
  }
  std::vector<Table> tables(r.u32());
  for (auto& t : tables) {
    const std::string sql(r.text());
    t.insert = prepare(db, sql.c_str());
    t.columns = r.u32();
  }
  long files = 0;
  int in_batch = 0;
  while (!r.done()) {
    if (in_batch == 0) exec(db, "BEGIN IMMEDIATE");
    for (auto& t : tables) {
      for (uint32_t n = r.u32(); n > 0; --n) {
        for (uint32_t c = 1; c <= t.columns; ++c) r.bind(t.insert, static_cast<int>(c));
        step(db, t.insert);
      }
    }
    ++files;
    if (++in_batch >= batch) {
      exec(db, "COMMIT");
      in_batch = 0;
    }
  }
  if (in_batch > 0) exec(db, "COMMIT");
  for (auto& t : tables) sqlite3_finalize(t.insert);
  if (sqlite3_close(db) != SQLITE_OK) die("close", db);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "floor: %ld files in %.2f s\n", files, secs);
  return 0;
}
