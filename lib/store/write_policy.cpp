// Writing a policy. Its stored document is its full page (page_doc) with the fields the page
// lacks filled from the latest listing entry, or the listing entry alone while no page arrived
// (policy_doc.h). Computing it from both parts every time makes the result independent of
// ingest order.
#include <fmt/format.h>

#include <algorithm>

#include "store/db.h"
#include "store/policy_doc.h"

namespace vetq {

namespace {

class PolicyWriter {
 public:
  PolicyWriter(Store::Impl& s, const PolicyRecord& incoming, const PreparedRecord& in,
               const std::string& now, const PutOptions& options)
      : s_(s), incoming_(incoming), in_(in), now_(now), options_(options) {}

  PutResult run() {
    find_stored();
    // Replacing a row or merging a listing runs statements that open savepoints (db.h).
    if (exists_ || incoming_.partial) s_.fts_stream = false;
    if (incoming_.partial)
      take_listing();
    else if (old_page_)
      page_changed_ = old_page_hash() != in_.hash;
    // An older edition or a broken copy is kept among the versions, never made current. The
    // documents are parsed only when the facts read from them say it is one.
    if (page_changed_ && !options_.force && !may_replace(stored_facts(), in_.facts)) {
      std::string why = why_not_current(stored_page(), incoming_doc());
      if (!why.empty()) {
        find_->reset();
        const bool kept = save_version(s_, "policy", in_, incoming_.id, now_);
        if (!kept) return {PutOutcome::kUnchanged, {}};
        return {
            PutOutcome::kKeptAsVersion,
            fmt::format("{}: {} — kept as a version; --force makes it current", incoming_.id, why)};
      }
    }
    return {write(), {}};
  }

 private:
  PutOutcome write() {
    compose();
    if (exists_ && *hash_ == old_hash_) {
      find_->reset();
      return PutOutcome::kUnchanged;
    }
    if (exists_ && page_changed_) save_history(s_, "policy", *find_, incoming_.id, now_);
    if (exists_) queue_fts_delete(s_, find_->getColumn(0).getInt64());
    find_->reset();
    const PutOutcome outcome = !exists_            ? PutOutcome::kInserted
                               : incoming_.partial ? PutOutcome::kMerged
                                                   : PutOutcome::kUpdated;
    // The record as stored, when it is not the incoming one.
    std::optional<PolicyRecord> from_doc;
    if (merged() || (incoming_.partial && listing_changed_doc_)) from_doc = policy_from_json(doc_);
    const PolicyRecord& p = from_doc ? *from_doc : incoming_;
    const int64_t pk = upsert(p);
    PolicyRows computed_rows;
    if (&p != &incoming_) computed_rows = policy_rows(p);
    const PolicyRows& rows = &p != &incoming_ ? computed_rows : in_.rows;
    write_children(pk, rows);
    // The tokens made ahead are those of the incoming record's text; a computed record's
    // text is tokenised by the writer.
    queue_fts_insert(s_, pk, p.title, rows.search_body,
                     &p == &incoming_ ? in_.fts_tokens : nullptr);
    return outcome;
  }

  // The incoming record's document, read back from its prepared text when a stored page or
  // listing entry has to be compared or combined with it (not on a first load).
  const Json& incoming_doc() {
    if (!incoming_doc_) incoming_doc_ = Json::parse(in_.text);
    return *incoming_doc_;
  }

  // The stored row (kept open for save_history) and the stored listing entry.
  void find_stored() {
    find_ = &s_.prepare(s_.find_policy,
                        "SELECT p.pk, p.content_hash, d.doc, p.source_path, p.source_sha256, "
                        "p.ingested_at, p.edition, d.page_doc, p.partial "
                        "FROM policy p JOIN policy_doc d ON d.pk = p.pk WHERE p.id = ?");
    auto& find = *find_;
    find.bind(1, incoming_.id);
    exists_ = find.executeStep();
    // The stored page: page_doc is kept only when a listing filled fields the page lacks;
    // otherwise the stored doc of a non-partial policy is the page itself.
    old_page_ = exists_ && (!find.isColumnNull(7) || find.getColumn(8).getInt() == 0);
    if (exists_) old_hash_ = find.getColumn(1).getString();
    auto& fl = s_.prepare(s_.find_listing, "SELECT doc FROM listing_entry WHERE id = ?");
    fl.bind(1, incoming_.id);
    if (fl.executeStep()) listing_ = Json::parse(fl.getColumn(0).getString());
    fl.reset();
  }

  // The stored page's facts (policy_doc.h), read by SQLite's JSON functions.
  PageFacts stored_facts() {
    static const std::string kFacts =
        "SELECT " + page_facts_sql("coalesce(page_doc, doc)") + " FROM policy_doc WHERE pk = ?";
    auto& f = s_.prepare(s_.page_facts, kFacts.c_str());
    f.bind(1, find_->getColumn(0).getInt64());
    f.executeStep();
    const PageFacts out{{f.isColumnNull(0) ? 0 : edition_year(f.getColumn(0).getString()),
                         static_cast<int>(f.getColumn(1).getInt64())},
                        f.getColumn(2).getInt()};
    f.reset();
    return out;
  }

  // The current full page: page_doc when a listing added to it, else the stored document.
  Json stored_page() {
    return Json::parse(find_->getColumn(find_->isColumnNull(7) ? 2 : 7).getString());
  }

  // Without page_doc the stored content hash is the page's own.
  std::string old_page_hash() {
    return find_->isColumnNull(7) ? old_hash_
                                  : content_hash(Json::parse(find_->getColumn(7).getString()));
  }

  // A listing entry: a later listing wins over an earlier one, but keeps what the earlier one
  // had alone. The stored page, if any, is read back to be combined with it.
  void take_listing() {
    if (old_page_)
      page_ = Json::parse(find_->getColumn(find_->isColumnNull(7) ? 2 : 7).getString());
    Json combined = listing_ ? merge_listing_into(incoming_doc(), *listing_) : incoming_doc();
    if (!listing_ || combined != *listing_) {
      auto& ul = s_.prepare(s_.upsert_listing,
                            "INSERT INTO listing_entry(id, doc, source_path, source_sha256, "
                            "ingested_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                            "doc = excluded.doc, source_path = excluded.source_path, "
                            "source_sha256 = excluded.source_sha256, "
                            "ingested_at = excluded.ingested_at");
      ul.bind(1, incoming_.id);
      ul.bind(2, dump(combined));
      ul.bind(3, incoming_.source.path);
      ul.bind(4, incoming_.source.sha256);
      ul.bind(5, now_);
      ul.exec();
    }
    listing_changed_doc_ = combined != incoming_doc();
    listing_ = std::move(combined);
  }

  // The stored document: the page (as prepared) when no listing adds to it, else computed.
  void compose() {
    if (!incoming_.partial && !listing_) return;  // the page as prepared
    page_doc_ = incoming_.partial ? (page_ ? &*page_ : nullptr) : &incoming_doc();
    doc_ =
        page_doc_ ? (listing_ ? merge_listing_into(*page_doc_, *listing_) : *page_doc_) : *listing_;
    doc_["partial"] = page_doc_ == nullptr;
    computed_ = doc_text(doc_);
    text_ = &computed_.text;
    hash_ = &computed_.hash;
  }

  bool merged() const { return page_doc_ && listing_; }

  int64_t upsert(const PolicyRecord& p) {
    // A new id is a plain INSERT: the upsert's UPDATE part makes SQLite open a statement
    // journal for every run of the statement, copying each page it touches (bench/RESULTS.md).
    // OR FAIL: the batch's transaction is rolled back on any error, so no statement need undo
    // its own changes.
    static const std::string kInto =
        "INTO policy(id, title, country, country_code, type, edition, first_year, last_year, "
        "last_stage, partial, content_hash, source_path, source_sha256, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ";
    static const std::string kInsert = "INSERT OR FAIL " + kInto + "RETURNING pk";
    static const std::string kUpsert =
        "INSERT " + kInto +
        "ON CONFLICT(id) DO UPDATE SET title = excluded.title, country = excluded.country, "
        "country_code = excluded.country_code, type = excluded.type, edition = excluded.edition, "
        "first_year = excluded.first_year, last_year = excluded.last_year, "
        "last_stage = excluded.last_stage, partial = excluded.partial, "
        "content_hash = excluded.content_hash, source_path = excluded.source_path, "
        "source_sha256 = excluded.source_sha256, ingested_at = excluded.ingested_at "
        "RETURNING pk";
    auto& up = exists_ ? s_.prepare(s_.upsert_policy, kUpsert.c_str())
                       : s_.prepare(s_.insert_policy, kInsert.c_str());
    up.bind(1, p.id);
    bind_opt(up, 2, p.title);
    bind_opt(up, 3, p.country);
    bind_opt(up, 4, p.country_code);
    bind_opt(up, 5, p.type);
    bind_opt(up, 6, p.edition);
    if (p.timeline.empty()) {
      up.bind(7);
      up.bind(8);
      up.bind(9);
    } else {
      const auto [lo, hi] =
          std::minmax_element(p.timeline.begin(), p.timeline.end(),
                              [](const auto& a, const auto& b) { return a.year < b.year; });
      up.bind(7, lo->year);
      up.bind(8, hi->year);
      up.bind(9, hi->stage);
    }
    up.bind(10, p.partial ? 1 : 0);
    up.bind(11, *hash_);
    up.bind(12, p.source.path);
    up.bind(13, p.source.sha256);
    up.bind(14, now_);
    up.executeStep();
    const int64_t pk = up.getColumn(0).getInt64();
    up.reset();
    auto& ud = s_.prepare(s_.upsert_policy_doc,
                          "INSERT INTO policy_doc(pk, doc, page_doc, bodies) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT(pk) DO UPDATE SET doc = excluded.doc, "
                          "page_doc = excluded.page_doc, bodies = excluded.bodies");
    ud.bind(1, pk);
    ud.bindNoCopy(2, *text_);  // the prepared text outlives the statement's run
    if (merged() && *page_doc_ != doc_)
      ud.bind(3, dump(*page_doc_));
    else
      ud.bind(3);
    if (p.bodies.empty()) {
      ud.bind(4);
    } else {
      std::string names;
      for (const auto& b : p.bodies) names += (names.empty() ? "" : "\n") + b.name;
      ud.bind(4, names);
    }
    ud.exec();
    return pk;
  }

  void write_children(int64_t pk, const PolicyRows& rows) {
    // A new row has none: policy rows are never deleted, so no pk is reused. A replaced row's
    // rows are rewritten only where they changed (replace_facets).
    if (!exists_) {
      write_facets(s_, "policy", pk, rows.facets);
    } else {
      replace_facets(s_, "policy", pk, rows.facets);
      if (stored_timeline_is(pk, rows.timeline)) return;
      auto& dt = s_.prepare(s_.del_timeline, "DELETE FROM policy_timeline WHERE policy = ?");
      dt.bind(1, pk);
      dt.exec();
    }
    for (const auto& t : rows.timeline) {
      auto& at = s_.prepare(s_.add_timeline,
                            "INSERT INTO policy_timeline(policy, year, stage) VALUES (?, ?, ?)");
      at.bind(1, pk);
      at.bind(2, t.year);
      at.bindNoCopy(3, t.stage);
      at.exec();
    }
  }

  // Whether the policy's stored timeline rows are `timeline`, in its order.
  bool stored_timeline_is(int64_t pk, const std::vector<TimelineEntry>& timeline) {
    auto& st =
        s_.prepare(s_.find_timeline,
                   "SELECT year, stage FROM policy_timeline WHERE policy = ? ORDER BY rowid");
    st.bind(1, pk);
    std::size_t i = 0;
    bool same = true;
    while (same && st.executeStep()) {
      same = i < timeline.size() && st.getColumn(0).getInt() == timeline[i].year &&
             std::string_view(st.getColumn(1).getText()) == timeline[i].stage;
      ++i;
    }
    st.reset();
    return same && i == timeline.size();
  }

  Store::Impl& s_;
  const PolicyRecord& incoming_;
  const PreparedRecord& in_;
  std::optional<Json> incoming_doc_;
  const std::string& now_;
  const PutOptions& options_;
  SQLite::Statement* find_ = nullptr;  // the stored row, open until the writes begin
  bool exists_ = false, old_page_ = false, page_changed_ = false, listing_changed_doc_ = false;
  std::string old_hash_;
  std::optional<Json> page_, listing_;
  const Json* page_doc_ = nullptr;
  Json doc_;
  DocText computed_;
  const std::string* text_ = &in_.text;
  const std::string* hash_ = &in_.hash;
};

}  // namespace

PutResult put_policy(Store::Impl& s, const PolicyRecord& incoming, const PreparedRecord& in,
                     const std::string& now, const PutOptions& options) {
  return PolicyWriter(s, incoming, in, now, options).run();
}

}  // namespace vetq
