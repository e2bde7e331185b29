// --edition and `vetq diff`: choosing stored versions of policies by edition.
#include "query/editions.h"

#include <fmt/format.h>

#include <algorithm>

#include "store/editions.h"
#include "store/policy_doc.h"
#include "vetq/error.h"
#include "vetq/policy_diff.h"
#include "vetq/text.h"

namespace vetq {

namespace {

std::string edition_list(const std::vector<std::string>& editions) {
  return editions.empty() ? "none (no policy page names its edition)" : join(editions, ", ");
}

// The "from" and "to" of a diff.
Json version_json(const PolicyVersion& v) {
  return {{"edition", v.edition ? Json(*v.edition) : Json(nullptr)},
          {"sha256", v.source_sha256},
          {"ingested_at", v.ingested_at}};
}

std::string version_names(const std::vector<PolicyVersion>& versions) {
  std::vector<std::string> names;
  for (const auto& v : versions) names.push_back(v.edition.value_or("(no edition)"));
  return join(names, ", ");
}

// The newest version of the edition typed after `flag`, or an Error naming the versions there
// are.
const PolicyVersion& pick(const std::vector<PolicyVersion>& versions, const std::string& id,
                          const std::string& typed, const std::string& flag, Store& store) {
  const PolicyVersion* v = newest_of_edition(versions, parse_edition(typed, flag));
  if (!v) {
    throw Error(
        fmt::format("{}: {} '{}': policy {} has no version of that edition — its "
                    "versions: {}",
                    store.path(), flag, typed, id, version_names(versions)));
  }
  return *v;
}

}  // namespace

int parse_edition(const std::string& typed, const std::string& flag) {
  const int year = edition_year(typed);
  if (year == 0) {
    throw UsageError(
        fmt::format("{} '{}': not an edition — give its year, e.g. '2024' or "
                    "'2024 update'",
                    flag, typed));
  }
  return year;
}

int stored_edition(Store& store, const std::string& typed, const std::string& flag) {
  const int year = parse_edition(typed, flag);
  const auto editions = store.editions();
  const bool known = std::any_of(editions.begin(), editions.end(),
                                 [&](const std::string& e) { return edition_year(e) == year; });
  if (!known) {
    throw Error(
        fmt::format("{}: {} '{}': no stored policy is of that edition — the stored "
                    "editions: {}",
                    store.path(), flag, typed, edition_list(editions)));
  }
  return year;
}

void apply_edition(Store& store, const std::optional<std::string>& typed, bool full_text) {
  if (!typed) return;
  store.as_of(stored_edition(store, *typed, "--edition"), full_text);
}

Json diff_versions(Store& store, const std::string& id, const std::optional<std::string>& from,
                   const std::optional<std::string>& to) {
  std::vector<PolicyVersion> versions = store.policy_versions({id});
  if (versions.empty()) {
    const auto r = store.get(id);
    throw Error(r ? fmt::format("{}: {} is a report — diff compares the versions of a policy",
                                store.path(), id)
                  : fmt::format("{}: no policy with id '{}' — list ids with 'vetq query'",
                                store.path(), id));
  }
  order_versions(versions);
  if (versions.size() < 2) {
    throw Error(
        fmt::format("{}: policy {} has a single stored version ({}) — ingest another "
                    "edition of its page to compare",
                    store.path(), id, version_names(versions)));
  }
  const PolicyVersion* b = to ? &pick(versions, id, *to, "--to", store) : &versions.back();
  const PolicyVersion* a = nullptr;
  if (from) {
    a = &pick(versions, id, *from, "--from", store);
  } else {
    auto it = std::find_if(versions.begin(), versions.end(),
                           [&](const PolicyVersion& v) { return &v == b; });
    if (it == versions.begin()) {
      throw Error(fmt::format("{}: --to '{}': policy {} has no older version — its versions: {}",
                              store.path(), *to, id, version_names(versions)));
    }
    a = &*std::prev(it);
  }
  const Json changes = diff_policies(policy_from_json(store.version_doc(*a)),
                                     policy_from_json(store.version_doc(*b)));
  return {{"id", id}, {"from", version_json(*a)}, {"to", version_json(*b)}, {"changes", changes}};
}

}  // namespace vetq
