#pragma once
// `vetq related`, the matching: the evidence that links a report section and a policy. Pure
// functions of the stored documents (record.schema.json); related.h reads them and ranks.
//
// Evidence, strongest first (score):
//   name      3  a named thing in both texts: an acronym or programme name written the same
//                (COPANEF, CléA, Erasmus+: two capitals, or a final '+'), a programme or
//                organisation the report names (its mentions) found in the policy, a responsible
//                body of the policy found in the section
//   legal_act 3  a legal act with its date in both texts (decree, order, law, act, legislation,
//                circular, ordinance, regulation ... of 13 February 2015)
//   category, subcategory, target_group
//            1  a label the section was tagged with (by its words) that the policy has
//   word     cosine similarity x 10 (the words the two texts share, weighed by rarity among the
//                texts compared); listed as the three heaviest shared words
// A link needs a name, a legal act or a label; words alone make none.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vetq/json.h"
#include "vetq/record.h"

namespace vetq::linking {

/// A paragraph of a text and where it is: the field ("section" for a report section's
/// paragraphs), the year of a year note, the source lines of the paragraph (source.
/// paragraph_lines; {0, 0} when the record does not have them) and of the part that holds it.
struct Place {
  std::string field;
  std::optional<int> year;
  std::string text;
  LineSpan at;
  LineSpan span;
};

/// A text ready to compare: its places and what was found in them (by place index).
struct Side {
  std::vector<Place> places;
  std::map<std::string, std::size_t> names;  // name token -> first place
  // The date of a legal act, folded -> its first place and the date as written.
  std::map<std::string, std::pair<std::size_t, std::string>> acts;
  std::map<std::string, int> words;               // folded word -> count
  std::map<std::string, std::size_t> first_word;  // folded word -> first place
  std::vector<std::string> folded;                // fold() of each place's text
};

/// A report section (by its ordinal) as a side. Paragraph lines from source.paragraph_lines.
Side section_side(const Json& report, const Json& section);
/// A policy as a side: title, background, objectives, description, year notes, bodies.
Side policy_side(const Json& policy);

/// Inverse document frequencies of the words of the sides compared.
std::map<std::string, double> word_weights(const std::vector<const Side*>& sides);

struct Link {
  Json evidence = Json::array();  // [{"kind", "term", "report": place, "policy": place}, ...]
  double score = 0;
};

/// The evidence linking `section` (of `report`) and `policy`; no evidence when none links them.
Link link(const Json& report, const Json& section, const Side& s, const Json& policy, const Side& p,
          const std::map<std::string, double>& weights);

/// Name tokens of a text (see above), in order.
std::vector<std::string> name_tokens(const std::string& text);

}  // namespace vetq::linking
