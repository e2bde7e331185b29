// Filters and dimensions in words, for the titles of charts and the brief.
#include <fmt/format.h>

#include <cctype>

#include "query/query.h"
#include "store/facets.h"

namespace vetq {

namespace {

std::string years_text(const std::vector<std::pair<int, int>>& years) {
  std::string out;
  for (const auto& [lo, hi] : years) {
    if (!out.empty()) out += ", ";
    if (lo == hi)
      out += std::to_string(lo);
    else if (lo == 0)
      out += fmt::format("until {}", hi);
    else if (hi == 9999)
      out += fmt::format("from {}", lo);
    else
      out += fmt::format("{}–{}", lo, hi);
  }
  return out;
}

}  // namespace

std::string describe(const Filter& f) {
  std::vector<std::string> parts;
  auto add = [&](const std::vector<std::string>& values) {
    std::string s;
    for (const auto& v : values) s += (s.empty() ? "" : " or ") + v;
    if (!s.empty()) parts.push_back(s);
  };
  add(f.ids);
  add(f.countries);
  if (!f.years.empty()) parts.push_back(years_text(f.years));
  for (const auto* v : {&f.stages, &f.categories, &f.subcategories, &f.target_groups, &f.audiences,
                        &f.types, &f.subsystems, &f.priorities, &f.bodies})
    add(*v);
  if (f.text) parts.push_back(fmt::format("“{}”", *f.text));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

std::string dimension_heading(const std::string& dim) {
  static const std::pair<const char*, const char*> kHeadings[] = {
      {facets::kCountry, "Countries"},
      {facets::kYear, "Years"},
      {facets::kStage, "Stages of development"},
      {facets::kCategory, "Thematic categories"},
      {facets::kSubcategory, "Thematic sub-categories"},
      {facets::kAudience, "Target audiences"},
      {facets::kTargetGroup, "Target groups"},
      {facets::kType, "Types of policy development"},
      {facets::kSubsystem, "VET subsystems"},
      {facets::kFramework, "European priority frameworks"},
      {facets::kPriority, "European priorities"},
      {facets::kBody, "Responsible bodies"},
  };
  for (const auto& [name, heading] : kHeadings)
    if (dim == name) return heading;
  return dim;
}

std::string chart_title(const Filter& f, const std::string& dim1, const std::string& dim2) {
  std::string title = dimension_heading(dim1);
  if (!dim2.empty()) {
    std::string second = dimension_heading(dim2);
    if (!second.empty()) second[0] = static_cast<char>(std::tolower(second[0]));
    title += " and " + second;
  }
  title += " by number of policy developments";
  const std::string what = describe(f);
  return what.empty() ? title : title + " — " + what;
}

}  // namespace vetq
