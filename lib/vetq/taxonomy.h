#pragma once
// The Cedefop vocabulary (schemas/taxonomy.json, embedded): categories and sub-categories with
// key phrases, target groups, priorities, stages, types, subsystems, countries, page headers.
// All look-ups compare folded text (text.h fold()), so case, diacritics and dash or quote
// styles do not matter. Loaded once; safe to share between threads after first use.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vetq {

struct Subcategory {
  std::string name;
  std::string folded;                    // fold(name)
  std::vector<std::string> key_phrases;  // folded
  bool uncertain = false;                // name reconstructed, not seen on a page
};

struct Category {
  std::string name;
  std::string folded;                 // fold(name)
  std::vector<std::string> openings;  // folded openings of the category's boilerplate paragraphs
  std::vector<Subcategory> subcategories;
};

struct Country {
  std::string label;  // "Belgium-FR"
  std::string code;   // "BE-FR"
  std::string eu_code;
};

struct LabelList {
  std::string parent;  // audience or framework
  std::vector<std::string> labels;
};

class Taxonomy {
 public:
  /// The embedded taxonomy. Throws vetq::Error if it does not parse (a build defect).
  static const Taxonomy& get();

  const std::vector<Category>& categories() const { return categories_; }
  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<std::string>& stages() const { return stages_; }
  const std::vector<std::string>& types() const { return types_; }
  const std::vector<std::string>& subsystems() const { return subsystems_; }
  const std::vector<LabelList>& target_groups() const { return target_groups_; }
  const std::vector<LabelList>& priorities() const { return priorities_; }
  const std::vector<std::string>& section_headers() const { return section_headers_; }

  const Category* category(std::string_view label) const;
  /// A sub-category of `cat` whose name equals `label`.
  const Subcategory* subcategory(const Category& cat, std::string_view label) const;
  /// Sub-categories of `cat` with a key phrase inside `paragraph`, best (most phrases) first.
  std::vector<const Subcategory*> match_subcategories(const Category& cat,
                                                      std::string_view paragraph) const;
  /// The category whose boilerplate paragraph starts `paragraph`, or nullptr.
  const Category* boilerplate_of(std::string_view paragraph) const;

  const Country* country(std::string_view label_or_code) const;
  /// Canonical spelling of a stage, type or subsystem, or nullopt when unknown.
  std::optional<std::string> stage(std::string_view label) const;
  std::optional<std::string> type(std::string_view label) const;
  std::optional<std::string> subsystem(std::string_view label) const;
  /// Canonical audience header ("Learners", ...), or nullopt.
  std::optional<std::string> audience(std::string_view label) const;
  std::optional<std::string> target_group(std::string_view audience, std::string_view label) const;
  /// Canonical framework header ("VET Recommendation", "Osnabrück Declaration"), or nullopt.
  std::optional<std::string> framework(std::string_view label) const;
  std::optional<std::string> priority(std::string_view framework, std::string_view label) const;
  /// Canonical section header of a policy page ("Bodies responsible", ...), or nullopt.
  std::optional<std::string> section_header(std::string_view line) const;
  /// True when `line` is the help text printed under `section` on full pages.
  bool is_help_text(std::string_view section, std::string_view line) const;

 private:
  Taxonomy();
  std::vector<Category> categories_;
  std::vector<Country> countries_;
  std::vector<std::string> stages_, types_, subsystems_, section_headers_;
  std::vector<LabelList> target_groups_, priorities_;
  std::vector<std::pair<std::string, std::string>> help_prefixes_;  // section, folded prefix
  // Folded spellings -> canonical label, built once at load time.
  using Index = std::vector<std::pair<std::string, std::string>>;
  Index stage_index_, type_index_, subsystem_index_, header_index_, audience_index_,
      framework_index_, country_index_;
  std::vector<Index> group_index_, priority_index_;  // parallel to target_groups_, priorities_
  static std::optional<std::string> lookup(const Index& index, std::string_view label);
};

}  // namespace vetq
