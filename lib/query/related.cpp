// `vetq related`: candidates from the store, evidence from related_match, ranked.
#include "query/related.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "query/query.h"
#include "query/related_match.h"
#include "store/sql.h"
#include "vetq/error.h"

namespace vetq {

namespace {

std::vector<std::string> column(Store& store, const std::string& sql,
                                const std::vector<std::string>& binds) {
  std::vector<std::string> out;
  try {
    SQLite::Statement st(database(store), sql);
    for (std::size_t i = 0; i < binds.size(); ++i) st.bind(static_cast<int>(i + 1), binds[i]);
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    throw_db_error(store.path(), "cannot read", e);
  }
  return out;
}

// The policies that may bear on a report: those of its country, and those whose text holds
// one of the report's named things (full-text index).
std::vector<std::string> candidate_policies(Store& store, const Json& report,
                                            const std::vector<linking::Side>& sections) {
  std::set<std::string> ids;
  if (report["country"].is_string())
    for (auto& id : column(store, "SELECT id FROM policy WHERE country = ? AND partial = 0",
                           {report["country"].get<std::string>()}))
      ids.insert(std::move(id));
  std::set<std::string> names;
  for (const auto& s : sections)
    for (const auto& [name, at] : s.names) names.insert(name);
  for (const auto& name : names)
    for (auto& id : column(store,
                           "SELECT p.id FROM policy p JOIN policy_fts f ON f.rowid = p.pk "
                           "WHERE policy_fts MATCH ? AND p.partial = 0 LIMIT 200",
                           {fts_quote(name)}))
      ids.insert(std::move(id));
  return {ids.begin(), ids.end()};
}

struct Pair {
  const Json* report;
  const Json* section;
  const Json* policy;
};

Json link_json(const Pair& p, linking::Link&& l) {
  const Json& s = *p.section;
  const Json& pol = *p.policy;
  return {
      {"report", (*p.report)["id"]},
      {"section", {{"ordinal", s["ordinal"]}, {"heading", s["heading"]}, {"lines", s["lines"]}}},
      {"policy", {{"id", pol["id"]}, {"title", pol["title"]}, {"country", pol["country"]}}},
      {"score", l.score},
      {"evidence", std::move(l.evidence)}};
}

std::pair<long long, std::string> numeric(const std::string& id) {
  long long n = 0;
  for (char c : id) {
    if (c < '0' || c > '9') break;
    n = n * 10 + (c - '0');
  }
  return {n, id};
}

// Every pair of a section and a policy, with its evidence; pairs without none dropped.
Json link_all(const std::vector<Json>& reports, const std::vector<Json>& policies,
              std::optional<int> only_section) {
  std::vector<std::tuple<Pair, linking::Side>> sections;
  for (const auto& r : reports)
    for (const auto& s : r["sections"])
      if (!only_section || s["ordinal"] == *only_section)
        sections.emplace_back(Pair{&r, &s, nullptr}, linking::section_side(r, s));
  std::vector<linking::Side> sides;
  for (const auto& p : policies) sides.push_back(linking::policy_side(p));
  std::vector<const linking::Side*> all;
  for (const auto& [pair, side] : sections) all.push_back(&side);
  for (const auto& side : sides) all.push_back(&side);
  const auto weights = linking::word_weights(all);
  Json out = Json::array();
  for (const auto& [pair, side] : sections) {
    for (std::size_t i = 0; i < policies.size(); ++i) {
      linking::Link l =
          linking::link(*pair.report, *pair.section, side, policies[i], sides[i], weights);
      if (l.evidence.empty()) continue;
      out.push_back(link_json({pair.report, pair.section, &policies[i]}, std::move(l)));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Json& a, const Json& b) {
    auto key = [](const Json& x) {
      return std::make_tuple(-x["score"].get<double>(), x["report"].get<std::string>(),
                             x["section"]["ordinal"].get<int>(),
                             numeric(x["policy"]["id"].get<std::string>()));
    };
    return key(a) < key(b);
  });
  return out;
}

}  // namespace

Json related(Store& store, const std::string& id, const RelatedOptions& options) {
  const auto r = store.get(id);
  if (!r) {
    throw Error(
        fmt::format("{}: no policy or report with id '{}' — list ids with 'vetq query' "
                    "or 'vetq query --kind report'",
                    store.path(), id));
  }
  std::vector<Json> reports, policies;
  if (r->kind == "report") {
    const Json& doc = r->doc;
    const bool known = std::any_of(
        doc["sections"].begin(), doc["sections"].end(),
        [&](const Json& s) { return !options.section || s["ordinal"] == *options.section; });
    if (!known) {
      throw Error(
          fmt::format("{}: report {} has no section {} — it has sections 1 to {} "
                      "('vetq show {}')",
                      store.path(), id, *options.section, doc["sections"].size(), id));
    }
    reports.push_back(doc);
    std::vector<linking::Side> sides;
    for (const auto& s : doc["sections"]) sides.push_back(linking::section_side(doc, s));
    for (const auto& pid : candidate_policies(store, doc, sides))
      if (auto p = store.get(pid)) policies.push_back(std::move(p->doc));
  } else {
    if (options.section) throw UsageError("--section: only for a report id");
    policies.push_back(r->doc);
    for (const auto& rid : column(store, "SELECT id FROM report ORDER BY id", {}))
      if (auto rep = store.get(rid)) reports.push_back(std::move(rep->doc));
  }
  Json links = link_all(reports, policies, options.section);
  if (options.limit >= 0 && links.size() > static_cast<std::size_t>(options.limit))
    links.erase(links.begin() + options.limit, links.end());
  return links;
}

}  // namespace vetq
