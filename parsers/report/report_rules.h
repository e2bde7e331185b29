#pragma once
// The vocabulary of regional reports: the NUTS region table (schemas/regions.json) and the
// "report_rules" of schemas/taxonomy.json (gazetteer of organisations, programmes and places,
// keyword rules for derived categories and target groups, SWOT labels, recommendation cues).
// Loaded once from the embedded files; safe to share between threads after first use.
#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vetq::parsers {

struct Region {
  std::string code;                    // NUTS 2021 code, e.g. "FRK"
  int level = 0;                       // 1 or 2
  std::string name;                    // NUTS name, e.g. "Auvergne-Rhône-Alpes"
  std::optional<std::string> country;  // taxonomy country label; null for Brussels
  std::string country_code;
  bool generic = false;  // a plain word (Sur, Centro): never a place mention
};

/// One name of the gazetteer: an organisation, programme or place, or a phrase that is not a
/// place ("Bleu d'Auvergne") and only masks the names inside it.
struct GazetteerEntry {
  std::string type;   // "organisation" | "programme" | "place" | "" (mask)
  std::string value;  // canonical name
};

/// A derived-tag rule: keywords that point to a category or a target group.
struct TagRule {
  std::string dimension;  // "category" | "target_group"
  std::string value;
  std::optional<std::string> parent;  // the audience of a target group
  std::unique_ptr<RE2> re;            // group 1: one keyword
};

/// "Key phrase" with the separators of `s` (spaces, hyphens, dashes) removed after folding:
/// "Auvergne - Rhône Alpes" and "auvergnerhonealpes" have the same key.
std::string squash(std::string_view s);

/// A pattern matching `phrase` in folded text: case, diacritics and the separators between
/// words are free; a trailing '*' matches any word ending; a plural 's' is allowed. Wrapped in
/// word boundaries; group 1 is the phrase. Several phrases make one alternation, longest first.
std::string phrase_pattern(const std::vector<std::string>& phrases);

class ReportRules {
 public:
  /// The embedded rules. Throws vetq::Error if they do not parse (a build defect).
  static const ReportRules& get();

  /// The region whose name or alias has the same squash() key as `name`, or nullptr.
  const Region* region(std::string_view name) const;
  const std::vector<Region>& regions() const { return regions_; }

  /// Gazetteer: one pattern over folded text (group 1 = the name) and the entry a match names.
  const RE2& gazetteer_re() const { return *gazetteer_re_; }
  const GazetteerEntry* gazetteer_entry(std::string_view matched_folded) const;

  const std::vector<TagRule>& tag_rules() const { return tag_rules_; }
  int min_hits() const { return min_hits_; }

  /// "strengths" | "weaknesses" | "opportunities" | "threats" for a SWOT label line such as
  /// "**Strengths:**", or nullopt.
  std::optional<std::string> swot_label(std::string_view line) const;
  /// True when folded `text` holds a recommendation cue ("recommendations", "levers", ...).
  bool has_recommendation_cue(std::string_view text) const;

 private:
  ReportRules();
  std::vector<Region> regions_;
  std::vector<std::pair<std::string, std::size_t>> region_keys_;  // squash key -> index
  std::vector<GazetteerEntry> entries_;
  std::vector<std::pair<std::string, std::size_t>> entry_keys_;  // squash key -> index
  std::unique_ptr<RE2> gazetteer_re_;
  std::vector<TagRule> tag_rules_;
  int min_hits_ = 2;
  std::vector<std::pair<std::string, std::string>> swot_labels_;  // squash key -> quadrant
  std::unique_ptr<RE2> cue_re_;
};

}  // namespace vetq::parsers
