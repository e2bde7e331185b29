#pragma once
// Choosing among the stored versions of a policy by edition, in the order that decides which
// page is current (edition_order in policy_doc.h): the edition label's year, then the citation
// year. Pure functions of version lists; the store reads them (Store::policy_versions).
#include <vector>

#include "store/store.h"

namespace vetq {

/// Orders the versions of one policy oldest first: edition year, citation year, then the
/// current record after a replaced one of the same edition, then history order. Of versions
/// with the same content only the newest stays.
void order_versions(std::vector<PolicyVersion>& versions);

/// Versions of several policies (as policy_versions gives them) grouped by id, each group
/// ordered by order_versions; groups in id order.
std::vector<std::vector<PolicyVersion>> group_versions(std::vector<PolicyVersion> versions);

/// The newest of ordered versions whose edition year is `year` or earlier (a version without
/// an edition label counts as the oldest), or nullptr.
const PolicyVersion* newest_at_or_before(const std::vector<PolicyVersion>& ordered, int year);

/// The newest of ordered versions of exactly this edition year, or nullptr.
const PolicyVersion* newest_of_edition(const std::vector<PolicyVersion>& ordered, int year);

/// The edition year of a version (0 without an edition label).
int edition_year_of(const PolicyVersion& v);

}  // namespace vetq
