#pragma once
// The facet dimensions: what a record is filtered, counted (`stats`) and listed (`facets`) by.
// The one place their names are spelled out; the store writes them, query and resolve read
// them, and the help texts list them.
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vetq/json.h"

namespace vetq::facets {

inline constexpr const char* kCountry = "country";
inline constexpr const char* kYear = "year";
inline constexpr const char* kStage = "stage";
inline constexpr const char* kCategory = "category";
inline constexpr const char* kSubcategory = "subcategory";
inline constexpr const char* kAudience = "audience";
inline constexpr const char* kTargetGroup = "target_group";
inline constexpr const char* kType = "type";
inline constexpr const char* kSubsystem = "subsystem";
inline constexpr const char* kFramework = "framework";
inline constexpr const char* kPriority = "priority";
inline constexpr const char* kBody = "body";
inline constexpr const char* kRegion = "region";
inline constexpr const char* kOrganisation = "organisation";
inline constexpr const char* kProgramme = "programme";
inline constexpr const char* kLegalAct = "legal_act";
inline constexpr const char* kPlace = "place";

struct Dimension {
  const char* name;    // as stored in facet.dim and typed after --by / `facets`
  const char* plural;  // also accepted when typed ("categories")
  const char* about;   // one line for help texts
};

inline constexpr Dimension kAll[] = {
    {kCountry, "countries", "country (parent: its code)"},
    {kYear, "years", "a year of the timeline (reports: the date and years mentioned)"},
    {kStage, "stages", "a stage of development the policy had"},
    {kCategory, "categories", "thematic category"},
    {kSubcategory, "subcategories", "thematic sub-category (parent: its category)"},
    {kAudience, "audiences", "target audience (learners, teachers, ...)"},
    {kTargetGroup, "target_groups", "target group (parent: its audience)"},
    {kType, "types", "type of policy development"},
    {kSubsystem, "subsystems", "VET subsystem (IVET, CVET)"},
    {kFramework, "frameworks", "European priority framework"},
    {kPriority, "priorities", "European priority (parent: its framework)"},
    {kBody, "bodies", "responsible body"},
    {kRegion, "regions", "report region"},
    {kOrganisation, "organisations", "organisation a report names"},
    {kProgramme, "programmes", "programme a report names"},
    {kLegalAct, "legal_acts", "legal act a report cites"},
    {kPlace, "places", "place a report names"},
};

inline std::span<const Dimension> all() { return kAll; }

/// One facet row of a record: what the store binds to INSERT INTO facet.
struct Row {
  const char* dim;  // one of the names above
  std::string value;
  std::optional<std::string> parent;
};

/// The facet rows of one record, de-duplicated, in the order they were added.
class Rows {
 public:
  void add(const char* dim, const std::string& value,
           const std::optional<std::string>& parent = {}) {
    if (!seen_.emplace(dim, value).second) return;
    rows_.push_back({dim, value, parent});
  }
  std::vector<Row> take() { return std::move(rows_); }

 private:
  std::set<std::pair<std::string, std::string>> seen_;
  std::vector<Row> rows_;
};

}  // namespace vetq::facets
