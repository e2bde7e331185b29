#pragma once
// What changed between two versions of a policy, field by field (vetq diff, vetq changes).
// Pure functions of two records: the store gives the versions, lib/output prints the changes.
#include <string>
#include <vector>

#include "vetq/json.h"
#include "vetq/record.h"

namespace vetq {

/// The changes from `before` to `after`, in a fixed field order (title, type, country,
/// subsystem, timeline, bodies, target_groups, categories, subcategories, priorities,
/// background, objectives, description, year_notes, further_reading, url); an empty array when
/// the content is the same. The edition, the citation and the provenance are what tells two
/// versions apart, not their content, and are not compared. Each change is
///   {"field", "added": [...], "removed": [...]}   a list: values in one version only
///   {"field", "before", "after"}                  a value, a timeline stage, a text
/// A stage move also has "year" (before/after: the stages); a changed text (a year note has
/// "year") also has the "added" and "removed" paragraphs; a body whose validity changed has
/// "name" (before/after: {"from", "until"}). Timeline entries, year notes, bodies, target groups
/// and priorities are listed as record.schema.json writes them; a year note counts when it has
/// text (a year with no text is a timeline entry only). The description is compared without
/// the paragraphs of its year notes (the page prints them in it): they are year note changes.
Json diff_policies(const PolicyRecord& before, const PolicyRecord& after);

/// Paragraphs (non-blank lines) of two texts that are in one only, in text order, by the
/// longest common subsequence of the paragraphs.
struct ParagraphDiff {
  std::vector<std::string> removed;
  std::vector<std::string> added;
};
ParagraphDiff diff_paragraphs(const std::string& before, const std::string& after);

/// A body as the page writes it: "Name", "Name (since 2025)", "Name (until 2019)",
/// "Name (from 2020 till 2022)".
std::string body_label(const Json& body);

}  // namespace vetq
