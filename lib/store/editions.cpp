#include "store/editions.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "store/policy_doc.h"

namespace vetq {

namespace {

// Sort key: edition_order (edition year, citation year), then current after history, then
// history order (a later row replaced an earlier one).
auto key(const PolicyVersion& v) {
  return std::make_tuple(edition_year_of(v), v.citation_year.value_or(0), v.current(),
                         v.history_rowid);
}

}  // namespace

int edition_year_of(const PolicyVersion& v) { return v.edition ? edition_year(*v.edition) : 0; }

void order_versions(std::vector<PolicyVersion>& versions) {
  std::stable_sort(versions.begin(), versions.end(),
                   [](const auto& a, const auto& b) { return key(a) < key(b); });
  // The same content twice (a page made current again with --force): keep the newest.
  std::vector<PolicyVersion> kept;
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    const bool seen = std::any_of(kept.begin(), kept.end(), [&](const PolicyVersion& k) {
      return k.content_hash == it->content_hash;
    });
    if (!seen) kept.push_back(std::move(*it));
  }
  std::reverse(kept.begin(), kept.end());
  versions = std::move(kept);
}

std::vector<std::vector<PolicyVersion>> group_versions(std::vector<PolicyVersion> versions) {
  std::map<std::string, std::vector<PolicyVersion>> by_id;
  for (auto& v : versions) by_id[v.id].push_back(std::move(v));
  std::vector<std::vector<PolicyVersion>> out;
  for (auto& [id, group] : by_id) {
    order_versions(group);
    out.push_back(std::move(group));
  }
  return out;
}

const PolicyVersion* newest_at_or_before(const std::vector<PolicyVersion>& ordered, int year) {
  const PolicyVersion* out = nullptr;
  for (const auto& v : ordered)
    if (edition_year_of(v) <= year) out = &v;
  return out;
}

const PolicyVersion* newest_of_edition(const std::vector<PolicyVersion>& ordered, int year) {
  const PolicyVersion* out = nullptr;
  for (const auto& v : ordered)
    if (edition_year_of(v) == year) out = &v;
  return out;
}

}  // namespace vetq
