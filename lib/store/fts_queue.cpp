// The full-text queue: a transaction's policy_fts rows, written together before COMMIT, or
// as they come while the transaction opens no savepoint (db.h).
#include "store/db.h"

namespace vetq {

// Forgets the queued full-text rows (after writing them, or with the rolled-back transaction).
void drop_fts_queue(Store::Impl& s) {
  s.fts_deletes.clear();
  s.fts_inserts.clear();
  s.fts_queued.clear();
}

// Writes the queued full-text rows (Impl::fts_deletes, fts_inserts): deletes first, with the
// text the index holds, then the new text, by single-row statements that open no savepoint,
// so that FTS5 keeps the terms in memory and writes them as one segment at COMMIT.
void flush_fts(Store::Impl& s) {
  auto write = [&](std::unique_ptr<SQLite::Statement>& slot, const char* sql,
                   const std::vector<Store::Impl::FtsRow>& rows) {
    for (const auto& r : rows) {
      auto& st = s.prepare(slot, sql);
      st.bind(1, static_cast<int64_t>(r.pk));
      // The rows outlive the statement's run: SQLite need not copy the texts.
      if (r.title)
        st.bindNoCopy(2, *r.title);
      else
        st.bind(2);
      st.bindNoCopy(3, r.body);
      // Inserts only (deletes carry no tokens): the stand-in tokenizer replays these.
      s.replay.current = r.tokens.get();
      try {
        st.exec();
      } catch (...) {
        s.replay.current = nullptr;
        throw;
      }
      s.replay.current = nullptr;
    }
  };
  write(s.fts_delete,
        "INSERT INTO policy_fts(policy_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
        s.fts_deletes);
  write(s.fts_insert, "INSERT INTO policy_fts(rowid, title, body) VALUES (?, ?, ?)", s.fts_inserts);
  drop_fts_queue(s);
}

void queue_fts_delete(Store::Impl& s, int64_t pk) {
  if (!s.fts_queued.count(pk)) {
    // The index holds the old text: keep it, so that flush_fts can delete exactly that.
    auto& ot = s.prepare(s.old_policy_text, "SELECT title, body FROM policy_search WHERE pk = ?");
    ot.bind(1, pk);
    if (ot.executeStep()) {
      std::optional<std::string> old_title;
      if (!ot.isColumnNull(0)) old_title = ot.getColumn(0).getString();
      s.fts_deletes.push_back({pk, std::move(old_title), ot.getColumn(1).getString(), nullptr});
    }
    ot.reset();
  }
}

void queue_fts_insert(Store::Impl& s, int64_t pk, std::optional<std::string> title,
                      std::string body, std::shared_ptr<const FtsTokens> tokens) {
  Store::Impl::FtsRow row{pk, std::move(title), std::move(body), std::move(tokens)};
  if (auto [it, fresh] = s.fts_queued.emplace(pk, s.fts_inserts.size()); fresh)
    s.fts_inserts.push_back(std::move(row));
  else
    s.fts_inserts[it->second] = std::move(row);
  // A long transaction (--strict, a big --batch) writes its rows in chunks: the queue holds
  // a few MB, not the run. A row written now is in the index for the rest of the transaction.
  // While the transaction opens no savepoint, the rows are written as they come (db.h).
  const std::size_t most = s.fts_stream ? Store::Impl::kFtsStreamRows : Store::Impl::kFtsQueueRows;
  if (s.fts_inserts.size() + s.fts_deletes.size() >= most) flush_fts(s);
}

}  // namespace vetq
