// `vetq changes`: what changed in the corpus between two editions, one row per change.
#include <algorithm>
#include <set>

#include "query/editions.h"
#include "store/editions.h"
#include "vetq/error.h"
#include "vetq/policy_diff.h"

namespace vetq {

namespace {

struct ChangeRow {
  std::string id, country, title, change;
  std::optional<int> year;
  std::optional<std::string> before, after;
};

Value opt_value(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(std::monostate{});
}

std::optional<std::string> text_of(const Json& j) {
  return j.is_string() ? std::optional<std::string>(j.get<std::string>()) : std::nullopt;
}

// The rows of one policy's changes between two of its versions (diff_policies output).
void rows_of_diff(const Json& changes, const ChangeRow& base, std::vector<ChangeRow>& out) {
  auto add = [&](const char* change, std::optional<int> year, std::optional<std::string> before,
                 std::optional<std::string> after) {
    ChangeRow r = base;
    r.change = change;
    r.year = year;
    r.before = std::move(before);
    r.after = std::move(after);
    out.push_back(std::move(r));
  };
  for (const auto& c : changes) {
    const std::string field = c["field"].get<std::string>();
    if (field == "timeline" && c.contains("added")) {
      for (const auto& t : c["added"]) add("stage", t["year"].get<int>(), {}, text_of(t["stage"]));
      for (const auto& t : c["removed"])
        add("stage", t["year"].get<int>(), text_of(t["stage"]), {});
    } else if (field == "timeline") {
      add("stage", c["year"].get<int>(), text_of(c["before"]), text_of(c["after"]));
    } else if (field == "year_notes" && c.contains("added") && !c.contains("year")) {
      for (const auto& n : c["added"])
        add("year_note", n["year"].get<int>(), {}, text_of(n["text"]));
    } else if (field == "bodies" && c.contains("name")) {
      Json before = c["before"], after = c["after"];
      before["name"] = after["name"] = c["name"];
      add("body", {}, body_label(before), body_label(after));
    } else if (field == "bodies") {
      for (const auto& b : c["added"]) add("body", {}, {}, body_label(b));
      for (const auto& b : c["removed"]) add("body", {}, body_label(b), {});
    }
  }
}

// Ids of the policies that match the filter as of an edition.
std::vector<std::string> ids_as_of(Store& store, const Filter& filter, int year) {
  store.as_of(year, filter.text.has_value());
  Filter f = filter;
  f.kind = Kind::kPolicy;
  return matching_ids(store, f);
}

std::pair<long long, std::string> numeric_id(const std::string& id) {
  long long n = 0;
  for (char c : id) {
    if (c < '0' || c > '9') break;
    n = n * 10 + (c - '0');
  }
  return {n, id};
}

// One policy's rows: new, not carried, or what changed between its two versions.
void changes_of_policy(Store& store, const std::vector<PolicyVersion>& versions, int from_year,
                       int to_year, std::vector<ChangeRow>& out) {
  const PolicyVersion* f = newest_at_or_before(versions, from_year);
  const PolicyVersion* t = newest_at_or_before(versions, to_year);
  if (!t) return;
  const Json doc = store.version_doc(*t);
  ChangeRow base{t->id,
                 doc.value("country", Json()).is_string() ? doc["country"].get<std::string>() : "",
                 doc.value("title", Json()).is_string() ? doc["title"].get<std::string>() : "",
                 "",
                 {},
                 {},
                 {}};
  if (!f) {
    base.change = "new";
    base.after = t->edition;
    out.push_back(base);
  } else if (f == t) {
    base.change = "not_carried";
    base.before = f->edition;
    out.push_back(base);
  } else {
    rows_of_diff(diff_policies(policy_from_json(store.version_doc(*f)), policy_from_json(doc)),
                 base, out);
  }
}

}  // namespace

Filter resolve_changes_filter(Store& store, const FilterInput& input, int from_year, int to_year) {
  store.as_of(to_year, false);
  try {
    return resolve_filter(store, input);
  } catch (const UsageError&) {
    store.as_of(from_year, false);
    try {
      return resolve_filter(store, input);
    } catch (const UsageError&) {
    }
    store.as_of(to_year, false);
    return resolve_filter(store, input);  // throws the error of --to
  }
}

std::vector<std::string> change_columns() {
  return {"id", "country", "change", "year", "before", "after", "title"};
}

void run_changes(Store& store, const Filter& filter, int from_year, int to_year, RowSink& out) {
  std::set<std::string> ids;
  for (auto& id : ids_as_of(store, filter, to_year)) ids.insert(std::move(id));
  for (auto& id : ids_as_of(store, filter, from_year)) ids.insert(std::move(id));
  std::vector<ChangeRow> rows;
  if (!ids.empty()) {
    const std::vector<std::string> list(ids.begin(), ids.end());
    for (const auto& versions : group_versions(store.policy_versions(list)))
      changes_of_policy(store, versions, from_year, to_year, rows);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const ChangeRow& a, const ChangeRow& b) {
    return std::make_pair(a.country, numeric_id(a.id)) <
           std::make_pair(b.country, numeric_id(b.id));
  });
  const auto columns = change_columns();
  out.begin(columns);
  for (const auto& r : rows) {
    const std::vector<Value> row = {r.id,
                                    r.country,
                                    r.change,
                                    r.year ? Value(std::int64_t{*r.year}) : Value(std::monostate{}),
                                    opt_value(r.before),
                                    opt_value(r.after),
                                    r.title};
    out.row(row);
  }
  out.end();
}

}  // namespace vetq
