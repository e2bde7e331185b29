// Store against real SQLite files: faults leave the last committed state intact.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "store/db.h"
#include "store/store.h"
#include "support.h"
#include "vetq/error.h"

namespace {

struct TempDb : vetq::test::TempDir {
  std::string path() const { return (dir / "vetq.db").string(); }
};

vetq::PolicyRecord sample_policy(const std::string& id) {
  auto p = vetq::test::parse_policy_sample("policy-28228-france-digital-transition.txt").policy;
  p.id = id;
  return p;
}

long count(vetq::Store& s, const char* table) {
  return vetq::database(s).execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64();
}

}  // namespace

TEST_CASE("a full disk fails the batch with a clear message and keeps what was committed") {
  TempDb tmp;
  {
    auto store = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
    store.begin();
    store.put(sample_policy("1"), "2026-01-01T00:00:00Z");
    store.commit();
    const auto pages = vetq::database(store).execAndGet("PRAGMA page_count").getInt64();
    vetq::database(store).exec("PRAGMA max_page_count = " + std::to_string(pages + 1));
    store.begin();
    std::string message;
    try {
      for (int i = 2; i < 500; ++i)
        store.put(sample_policy(std::to_string(i)), "2026-01-01T00:00:00Z");
      store.commit();
    } catch (const vetq::Error& e) {
      message = e.what();
      store.rollback();
    }
    CHECK(message.find("database or disk is full — the disk is full; free some space") !=
          std::string::npos);
    CHECK(message.starts_with(tmp.path() + ": cannot write a record"));
  }
  auto store = vetq::Store::open(tmp.path(), vetq::OpenMode::kRead);
  CHECK(count(store, "policy") == 1);
  CHECK(count(store, "policy_fts_docsize") == 1);
  CHECK(vetq::database(store).execAndGet("PRAGMA integrity_check").getString() == "ok");
}

TEST_CASE("re-opening migrates once and keeps the schema version") {
  TempDb tmp;
  { auto s = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite); }
  auto s = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
  CHECK(vetq::database(s).execAndGet("PRAGMA user_version").getInt() == vetq::schema_version());
  CHECK(vetq::database(s).execAndGet("PRAGMA application_id").getInt() == 0x56455451);
  CHECK(vetq::database(s).execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("put: same content is unchanged, new content goes to history") {
  TempDb tmp;
  auto s = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
  auto p = sample_policy("28228");
  s.begin();
  CHECK(s.put(p, "2026-01-01T00:00:00Z") == vetq::PutOutcome::kInserted);
  p.source.path = "elsewhere.txt";  // provenance alone is not a change
  CHECK(s.put(p, "2026-01-02T00:00:00Z") == vetq::PutOutcome::kUnchanged);
  p.edition = "2025 update";
  CHECK(s.put(p, "2026-01-03T00:00:00Z") == vetq::PutOutcome::kUpdated);
  s.commit();
  const auto got = s.get("28228");
  REQUIRE(got.has_value());
  CHECK(got->doc["edition"] == "2025 update");
  REQUIRE(got->history.size() == 1);
  CHECK(got->history[0].edition == "2024 update");
  CHECK(got->history[0].ingested_at == "2026-01-01T00:00:00Z");
  CHECK(got->history[0].replaced_at == "2026-01-03T00:00:00Z");
}

namespace {

// Ids of the policies whose indexed text matches an FTS5 query, in id order.
std::vector<std::string> fts_ids(vetq::Store& s, const std::string& match) {
  SQLite::Statement st(vetq::database(s),
                       "SELECT p.id FROM policy_fts JOIN policy p ON p.pk = policy_fts.rowid "
                       "WHERE policy_fts MATCH ? ORDER BY p.id");
  st.bind(1, match);
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

bool fts_intact(vetq::Store& s) {
  try {
    vetq::database(s).exec("INSERT INTO policy_fts(policy_fts) VALUES ('integrity-check')");
    return true;
  } catch (const SQLite::Exception&) {
    return false;
  }
}

// The number of segments of policy_fts's index: the structure record (rowid 10 of
// policy_fts_data) starts with a 4-byte cookie, then the levels and the segments as varints.
long fts_segments(vetq::Store& s) {
  SQLite::Statement st(vetq::database(s), "SELECT block FROM policy_fts_data WHERE id = 10");
  REQUIRE(st.executeStep());
  const auto* b = static_cast<const unsigned char*>(st.getColumn(0).getBlob());
  REQUIRE(st.getColumn(0).getBytes() > 6);
  REQUIRE(b[4] < 0x80);  // one-byte varints: fewer than 128 levels and segments
  REQUIRE(b[5] < 0x80);
  return b[5];
}

}  // namespace

TEST_CASE("the full-text index follows a record replaced in the same batch and in a later one") {
  TempDb tmp;
  auto s = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
  auto a = sample_policy("1");
  auto b = sample_policy("2");
  s.begin();
  s.put(a, "2026-01-01T00:00:00Z");
  s.put(b, "2026-01-01T00:00:00Z");
  a.description = "Zorblatt first wording.";
  s.put(a, "2026-01-01T00:00:00Z");  // replaced before its text reached the index
  a.description = "Quexotic second wording.";
  s.put(a, "2026-01-01T00:00:00Z");
  // Nothing of the batch is searchable before COMMIT writes the index rows.
  CHECK(fts_ids(s, "Quexotic").empty());
  s.commit();
  CHECK(fts_intact(s));
  CHECK(fts_ids(s, "Zorblatt").empty());
  CHECK(fts_ids(s, "Quexotic") == std::vector<std::string>{"1"});
  CHECK(fts_ids(s, "lycees") == std::vector<std::string>{"2"});  // 28228's description

  s.begin();
  b.description = "Zorblatt in a later batch.";
  s.put(b, "2026-01-02T00:00:00Z");
  s.commit();
  CHECK(fts_intact(s));
  CHECK(fts_ids(s, "Zorblatt") == std::vector<std::string>{"2"});
  CHECK(fts_ids(s, "lycees").empty());

  s.begin();  // a rolled-back batch leaves the index as it was
  a.description = "Plimsoll never committed.";
  s.put(a, "2026-01-03T00:00:00Z");
  s.rollback();
  CHECK(fts_intact(s));
  CHECK(fts_ids(s, "Plimsoll").empty());
  CHECK(fts_ids(s, "Quexotic") == std::vector<std::string>{"1"});

  a.description = "Outside a batch.";  // put() alone is a transaction of its own
  s.put(a, "2026-01-04T00:00:00Z");
  CHECK(fts_intact(s));
  CHECK(fts_ids(s, "Outside") == std::vector<std::string>{"1"});
}

TEST_CASE("a transaction longer than the full-text queue indexes every row once") {
  TempDb tmp;
  auto s = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
  auto p = sample_policy("0");
  const auto n = static_cast<int>(vetq::Store::Impl::kFtsQueueRows) + 10;
  s.begin();
  for (int i = 1; i <= n; ++i) {
    p.id = std::to_string(i);
    p.description = "Common text, row " + std::to_string(i) + ".";
    s.put(p, "2026-01-01T00:00:00Z");
  }
  p.id = "1";  // queued, written with the first chunk, then replaced in the same transaction
  p.description = "Zorblatt replaces row one.";
  s.put(p, "2026-01-01T00:00:00Z");
  s.commit();
  CHECK(fts_intact(s));
  CHECK(count(s, "policy_fts_docsize") == n);
  CHECK(fts_ids(s, "Zorblatt") == std::vector<std::string>{"1"});
  CHECK(fts_ids(s, "common").size() == static_cast<std::size_t>(n - 1));
}

TEST_CASE("new policies are indexed as they come and still make one segment a transaction") {
  TempDb tmp;
  auto s = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
  auto& impl = vetq::store_impl(s);
  auto p = sample_policy("0");
  const auto n = static_cast<int>(3 * vetq::Store::Impl::kFtsStreamRows + 10);
  s.begin();
  std::size_t most_waiting = 0;
  for (int i = 1; i <= n; ++i) {
    p.id = std::to_string(i);
    p.description = "Common text, row " + std::to_string(i) + ".";
    s.put(p, "2026-01-01T00:00:00Z");
    most_waiting = std::max(most_waiting, impl.fts_inserts.size());
  }
  CHECK(most_waiting < vetq::Store::Impl::kFtsStreamRows);  // written as they came
  s.commit();
  CHECK(fts_intact(s));
  CHECK(fts_ids(s, "common").size() == static_cast<std::size_t>(n));
  // No statement of the batch opened a savepoint: FTS5 wrote its terms once, at COMMIT.
  CHECK(fts_segments(s) == 1);

  s.begin();  // rows written at put go with a rolled-back transaction
  p.id = "rolled back";
  p.description = "Plimsoll never committed.";
  s.put(p, "2026-01-02T00:00:00Z");
  CHECK(impl.fts_inserts.empty());
  s.rollback();
  CHECK(fts_intact(s));
  CHECK(fts_ids(s, "Plimsoll").empty());
  CHECK(fts_segments(s) == 1);

  // A transaction that replaces a stored policy keeps its rows until COMMIT: the replacing
  // statements open savepoints, and each would write FTS5's terms so far as a segment.
  s.begin();
  p.id = "1";
  p.description = "Zorblatt replaces row one.";
  s.put(p, "2026-01-02T00:00:00Z");
  for (int i = n + 1; i <= 2 * n; ++i) {
    p.id = std::to_string(i);
    p.description = "Later text, row " + std::to_string(i) + ".";
    s.put(p, "2026-01-02T00:00:00Z");
    p.id = "1";  // and the same policy again, in between
    p.description = "Zorblatt replaces row one, " + std::to_string(i) + ".";
    s.put(p, "2026-01-02T00:00:00Z");
  }
  CHECK(impl.fts_inserts.size() == static_cast<std::size_t>(n + 1));
  s.commit();
  CHECK(fts_intact(s));
  CHECK(fts_segments(s) == 2);
  CHECK(fts_ids(s, "Zorblatt") == std::vector<std::string>{"1"});
  CHECK(fts_ids(s, "later").size() == static_cast<std::size_t>(n));
  CHECK(fts_ids(s, "common").size() == static_cast<std::size_t>(n - 1));
}

TEST_CASE("the WAL is checkpointed off the writer and stays bounded under continuous writing") {
  TempDb t;
  SQLite::Database db(t.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA wal_autocheckpoint = 0");  // only the Checkpointer's checkpoints
  db.exec("CREATE TABLE t(x TEXT)");
  const auto size = [&](const std::string& suffix) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(t.path() + suffix, ec);
    return ec ? std::uintmax_t{0} : n;
  };
  const auto empty = size("");
  const auto page = static_cast<std::uintmax_t>(db.execAndGet("PRAGMA page_size").getInt64());
  constexpr int kPages = 16;  // a checkpoint every 16 pages of WAL; the WAL starts over at 64
  int on_thread = 0;
  std::uintmax_t largest_wal = 0;
  {
    vetq::Checkpointer checkpoints(t.path(), db.getHandle(), kPages);
    SQLite::Statement insert(db, "INSERT INTO t VALUES (?)");
    for (int batch = 0; batch < 200; ++batch) {
      db.exec("BEGIN");
      for (int i = 0; i < 8; ++i) {  // 8 rows of 3000 bytes: 6-8 pages a transaction
        insert.bind(1, std::string(3000, static_cast<char>('a' + i)));
        insert.exec();
        insert.reset();
      }
      db.exec("COMMIT");
      largest_wal = std::max(largest_wal, size("-wal"));
    }
    on_thread = checkpoints.done();
  }
  // The checkpoints copied pages into the database file while the writer's connection was
  // open.
  CHECK(size("") > empty + 1'000'000);
  // The thread's own connection copied pages (one that never read the file does not know it
  // is in WAL mode, and its checkpoints do nothing: the writer's fallback did them all).
  CHECK(on_thread > 0);
  // The WAL started over each time it reached 4 x kPages pages, whether or not the thread
  // was checkpointing then, rather than growing to hold all 200 transactions (~6 MB): at
  // most 64 pages and the transaction that passed them (its rows and the b-tree pages above
  // them: up to 12). Before the writer waited for the thread's checkpoint, it found the
  // checkpoint lock busy and the WAL grew to 86-92 pages.
  const std::uintmax_t frame = 24 + page;  // a frame's header and its page
  CHECK(largest_wal <= 32 + (4 * kPages + 12) * frame);
  CHECK(db.execAndGet("SELECT count(*) FROM t").getInt64() == 1600);
}

namespace {

// Every token instance of the policy index: term, row, column, position.
std::vector<std::string> index_instances(SQLite::Database& db) {
  db.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.policy_vocab USING "
      "fts5vocab(main, policy_fts, 'instance')");
  SQLite::Statement st(db,
                       "SELECT term, doc, col, offset FROM temp.policy_vocab ORDER BY 1, 2, 3, 4");
  std::vector<std::string> out;
  while (st.executeStep())
    out.push_back(st.getColumn(0).getString() + " " + st.getColumn(1).getString() + " " +
                  st.getColumn(2).getString() + " " + st.getColumn(3).getString());
  return out;
}

// The index as it is, and as FTS5 builds it again from the stored text with SQLite's own
// tokenizer: on a connection of its own, which has no stand-in (the store's connection
// tokenises with kept stems, fts_tokens.h).
std::pair<std::vector<std::string>, std::vector<std::string>> index_and_rebuilt(
    SQLite::Database& db) {
  auto before = index_instances(db);
  SQLite::Database plain(db.getFilename(), SQLite::OPEN_READWRITE);
  plain.exec("INSERT INTO policy_fts(policy_fts) VALUES ('rebuild')");
  return {before, index_instances(db)};
}

}  // namespace

TEST_CASE("full-text tokens made ahead are replayed by the writer and give the same index") {
  TempDb tmp;
  auto store = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
  auto& db = vetq::database(store);
  auto& replay = vetq::store_impl(store).replay;
  const auto page = vetq::test::parse_policy_sample("policy-28238-france-clea-certificates.txt");
  const vetq::PreparedRecord prepared = vetq::prepare_record(page.policy);
  REQUIRE(prepared.fts_tokens != nullptr);
  REQUIRE(prepared.fts_tokens->title.has_value());
  CHECK(prepared.fts_tokens->body.text == prepared.rows.search_body);
  store.begin();
  store.put(prepared, "2026-01-01T00:00:00Z");
  store.commit();
  CHECK(replay.replayed == 2);  // the title and the body
  auto [index, rebuilt] = index_and_rebuilt(db);
  CHECK(index.size() > 500);
  CHECK(index == rebuilt);
  auto hits = [&](const char* match) {
    SQLite::Statement st(db, "SELECT count(*) FROM policy_fts WHERE policy_fts MATCH ?");
    st.bind(1, match);
    st.executeStep();
    return st.getColumn(0).getInt();
  };
  CHECK(hits("certificate") == 1);  // stemmed: the page says "certificates"
  CHECK(hits("title:cléa") == 1);   // diacritics folded
  // A record that is not the one the tokens were made from is tokenised by the writer.
  auto other = page.policy;
  other.id = "28238-copy";
  other.title = "Another title";
  vetq::PreparedRecord changed = vetq::prepare_record(other);
  changed.fts_tokens = prepared.fts_tokens;  // the title differs from theirs
  store.put(changed, "2026-01-01T00:00:00Z");
  CHECK(replay.replayed == 3);  // the body only
  std::tie(index, rebuilt) = index_and_rebuilt(db);
  CHECK(index == rebuilt);
  CHECK(hits("title:another") == 1);
  // The comparison can fail: tokens that do not match their text make another index.
  auto forged = std::make_shared<vetq::FtsTokens>(*changed.fts_tokens);
  forged->body.tokens.pop_back();
  other.id = "28238-forged";
  vetq::PreparedRecord bad = vetq::prepare_record(other);
  forged->title = bad.fts_tokens->title;
  bad.fts_tokens = forged;
  store.put(bad, "2026-01-01T00:00:00Z");
  CHECK(replay.replayed == 5);
  std::tie(index, rebuilt) = index_and_rebuilt(db);
  CHECK(index != rebuilt);
}

TEST_CASE("the old text of a replaced policy is tokenised with kept stems to leave the index") {
  TempDb tmp;
  auto store = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
  auto& db = vetq::database(store);
  auto& replay = vetq::store_impl(store).replay;
  auto page = vetq::test::parse_policy_sample("policy-28238-france-clea-certificates.txt").policy;
  store.begin();
  store.put(page, "2026-01-01T00:00:00Z");
  store.commit();
  CHECK(replay.tokenized == 0);  // a first load's tokens were all made ahead
  // Two new versions, in two transactions, whose texts drop most words of the one before:
  // FTS5 reads each replaced text to delete its terms, and a term left behind stays in the
  // index.
  for (const char* note : {"Extended in 2025.", "Évaluée en 2026."}) {
    page.background = page.objectives = page.description = note;
    store.begin();
    CHECK(store.put(page, "2026-01-02T00:00:00Z") == vetq::PutOutcome::kUpdated);
    store.commit();
  }
  CHECK(replay.tokenized == 4);  // the old title and body, twice
  auto [index, rebuilt] = index_and_rebuilt(db);
  CHECK(index.size() > 20);  // the title, the new texts and the bodies' names
  CHECK(index == rebuilt);
  SQLite::Statement st(db, "SELECT count(*) FROM policy_fts WHERE policy_fts MATCH ?");
  for (const auto& [term, rows] : {std::pair{"evaluee", 1}, {"extended", 0}, {"clea", 1}}) {
    st.bind(1, term);
    REQUIRE(st.executeStep());
    CHECK(st.getColumn(0).getInt() == rows);
    st.reset();
  }
  CHECK(fts_intact(store));
}

TEST_CASE("a facet value added in a rolled-back batch is added again, not remembered") {
  TempDb tmp;
  auto s = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
  auto p = sample_policy("1");
  p.bodies.push_back(vetq::Body{"Quexotic Skills Agency", std::nullopt, std::nullopt});
  s.begin();
  s.put(p, "2026-01-01T00:00:00Z");
  s.rollback();
  s.begin();
  s.put(p, "2026-01-01T00:00:00Z");
  s.commit();
  auto& db = vetq::database(s);
  CHECK(db.execAndGet("SELECT count(*) FROM facet WHERE dim = 'body' AND "
                      "value = 'Quexotic Skills Agency'")
            .getInt64() == 1);
  CHECK(db.execAndGet("SELECT count(*) FROM facet_row WHERE value_id NOT IN "
                      "(SELECT id FROM facet_value)")
            .getInt64() == 0);
  // The record's bodies, through the view, in the order the record lists them.
  SQLite::Statement st(db, "SELECT value FROM facet WHERE dim = 'body' ORDER BY seq");
  std::vector<std::string> bodies;
  while (st.executeStep()) bodies.push_back(st.getColumn(0).getString());
  std::vector<std::string> expected;
  for (const auto& b : p.bodies) expected.push_back(b.name);
  CHECK(bodies == expected);
  CHECK(expected.size() >= 2);
}

TEST_CASE("a replaced policy's facet rows are its new ones, and are left alone when the same") {
  TempDb tmp;
  auto s = vetq::Store::open(tmp.path(), vetq::OpenMode::kReadWrite);
  auto& db = vetq::database(s);
  // (dim, value) of policy 1's facet rows in their order; rows a put changed.
  auto rows = [&] {
    SQLite::Statement st(db, "SELECT dim, value FROM facet WHERE owner = 1 ORDER BY seq");
    std::vector<std::pair<std::string, std::string>> out;
    while (st.executeStep()) out.emplace_back(st.getColumn(0).getString(), st.getColumn(1));
    return out;
  };
  auto changes_of_put = [&](const vetq::PolicyRecord& p) {
    const auto before = db.getTotalChanges();
    s.begin();
    CHECK(s.put(p, "2026-01-02T00:00:00Z") == vetq::PutOutcome::kUpdated);
    s.commit();
    return db.getTotalChanges() - before;
  };
  auto p = sample_policy("1");
  s.begin();
  s.put(p, "2026-01-01T00:00:00Z");
  s.commit();
  const auto first = rows();
  REQUIRE(first.size() >= 20);
  CHECK(first.front() == std::pair<std::string, std::string>{"year", "2016"});
  // A new paragraph: the same facets, whose rows are not deleted and inserted again.
  *p.description += " A review was announced.";
  const auto same = changes_of_put(p);
  CHECK(rows() == first);
  // One body fewer, then one more, then the same bodies in another order.
  REQUIRE(p.bodies.size() >= 2);
  const auto body = p.bodies.back();
  p.bodies.pop_back();
  const auto fewer = changes_of_put(p);
  auto expected = first;
  expected.erase(std::find(expected.begin(), expected.end(),
                           std::pair<std::string, std::string>{"body", body.name}));
  CHECK(rows() == expected);
  p.bodies.insert(p.bodies.begin(), body);
  changes_of_put(p);
  const auto now = rows();
  CHECK(now.size() == first.size());
  CHECK(std::find(now.begin(), now.end(), std::pair<std::string, std::string>{"body", body.name}) <
        std::find(now.begin(), now.end(),
                  std::pair<std::string, std::string>{"body", p.bodies[1].name}));
  // Replacing the rows deletes and inserts each of them; keeping them writes none.
  CHECK(fewer - same >= static_cast<long>(2 * first.size() - 1));
  // The timeline likewise: a changed stage is written, the same timeline is kept.
  auto timeline = [&] {
    SQLite::Statement st(db,
                         "SELECT year, stage FROM policy_timeline WHERE policy = 1 "
                         "ORDER BY rowid");
    std::vector<std::pair<int, std::string>> out;
    while (st.executeStep()) out.emplace_back(st.getColumn(0).getInt(), st.getColumn(1));
    return out;
  };
  REQUIRE(p.timeline.size() >= 3);
  CHECK(p.timeline.back().stage != "Completed");
  p.timeline.back().stage = "Completed";
  const auto staged = changes_of_put(p);
  std::vector<std::pair<int, std::string>> want;
  for (const auto& t : p.timeline) want.emplace_back(t.year, t.stage);
  CHECK(timeline() == want);
  *p.description += " Again.";
  const auto kept = changes_of_put(p);
  CHECK(timeline() == want);
  // The stage's facet rows and the timeline's rows are rewritten, then neither.
  CHECK(staged - kept >= static_cast<long>(2 * first.size() + 2 * want.size() - 1));
}
