#include "query/resolve.h"

#include "store/facets.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "vetq/error.h"
#include "vetq/taxonomy.h"
#include "vetq/text.h"

namespace vetq {

namespace {

std::vector<std::string> split_commas(const std::vector<std::string>& typed) {
  std::vector<std::string> out;
  for (const auto& t : typed) {
    std::size_t start = 0;
    while (start <= t.size()) {
      const auto comma = t.find(',', start);
      const auto piece = trim(std::string_view(t).substr(
          start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!piece.empty()) out.emplace_back(piece);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// A known value and the spellings that name it (the label itself, codes, aliases).
struct Known {
  std::string value;
  std::vector<std::string> names;
};

void add_known(std::vector<Known>& known, const std::string& value,
               std::vector<std::string> names = {}) {
  for (auto& k : known) {
    if (k.value == value) {
      k.names.insert(k.names.end(), names.begin(), names.end());
      return;
    }
  }
  names.push_back(value);
  known.push_back({value, std::move(names)});
}

// The taxonomy's values of a dimension, and with `store` also those present in the database.
std::vector<Known> known_values(Store* store, const std::string& dim, const std::string& kind) {
  const Taxonomy& tax = Taxonomy::get();
  std::vector<Known> known;
  if (dim == facets::kCountry) {
    for (const auto& c : tax.countries()) add_known(known, c.label, {c.code, c.eu_code});
  } else if (dim == facets::kStage) {
    for (const auto& s : tax.stages()) add_known(known, s);
  } else if (dim == facets::kType) {
    for (const auto& s : tax.types()) add_known(known, s);
  } else if (dim == facets::kSubsystem) {
    for (const auto& s : tax.subsystems()) add_known(known, s);
  } else if (dim == facets::kCategory) {
    for (const auto& c : tax.categories()) add_known(known, c.name);
  } else if (dim == facets::kSubcategory) {
    for (const auto& c : tax.categories())
      for (const auto& s : c.subcategories) add_known(known, s.name);
  } else if (dim == facets::kAudience) {
    for (const auto& l : tax.target_groups()) add_known(known, l.parent);
  } else if (dim == facets::kTargetGroup) {
    for (const auto& l : tax.target_groups())
      for (const auto& g : l.labels) add_known(known, g);
  } else if (dim == facets::kPriority) {
    for (const auto& l : tax.priorities())
      for (const auto& g : l.labels) add_known(known, g);
  }
  if (store)
    for (const auto& value : store->distinct_values(dim, kind)) add_known(known, value);
  return known;
}

std::string flag_of(const std::string& dim) {
  std::string f = "--" + dim;
  std::replace(f.begin(), f.end(), '_', '-');
  return f;
}

// One typed value -> one or more canonical values.
std::vector<std::string> resolve_one(const std::string& dim, const std::string& typed,
                                     const std::vector<Known>& known) {
  const std::string key = fold(typed);
  // 1. Exact (folded) match of a label, code or alias.
  for (const auto& k : known)
    for (const auto& n : k.names)
      if (fold(n) == key) return {k.value};
  // 2. Prefix of labels. For countries, "Belgium" names every Belgian community.
  std::vector<std::string> prefixed;
  for (const auto& k : known) {
    const std::string label = fold(k.value);
    if (label.starts_with(key)) prefixed.push_back(k.value);
  }
  if (prefixed.size() == 1) return prefixed;
  if (dim == facets::kCountry && !prefixed.empty()) {
    const bool communities = std::all_of(prefixed.begin(), prefixed.end(), [&](const auto& v) {
      return fold(v).starts_with(key + "-");
    });
    if (communities) return prefixed;
  }
  if (prefixed.size() > 1) {
    std::vector<std::string> quoted;
    for (std::size_t i = 0; i < prefixed.size() && i < 6; ++i)
      quoted.push_back("'" + prefixed[i] + "'");
    throw UsageError(fmt::format("{} '{}': ambiguous — it starts {}; type more of the name",
                                 flag_of(dim), typed, join(quoted, ", ")));
  }
  std::vector<std::string> labels;
  for (const auto& k : known) labels.push_back(k.value);
  const auto near = closest(typed, labels);
  std::string hint;
  if (!near.empty()) {
    std::vector<std::string> quoted;
    for (const auto& n : near) quoted.push_back("'" + n + "'");
    hint = " — did you mean " + join(quoted, " or ") + "?";
  } else {
    hint = fmt::format(" — list the known values with 'vetq facets {}'", dim);
  }
  throw UsageError(fmt::format("{} '{}': unknown value{}", flag_of(dim), typed, hint));
}

bool names_exactly(const std::vector<Known>& known, const std::string& typed) {
  const std::string key = fold(typed);
  return std::any_of(known.begin(), known.end(), [&](const Known& k) {
    return std::any_of(k.names.begin(), k.names.end(),
                       [&](const std::string& n) { return fold(n) == key; });
  });
}

// The words of a folded text: runs of letters and digits.
std::vector<std::string> words_of(const std::string& folded) {
  std::vector<std::string> out;
  std::string w;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) {
      w += c;
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

// Free-text dimensions (bodies, priorities): every value whose name holds each typed word as
// the start of one of its words, folded. Several matches are OR.
std::vector<std::string> resolve_words(const std::string& dim, const std::string& typed,
                                       const std::vector<Known>& known) {
  const std::string key = fold(typed);
  for (const auto& k : known)
    if (fold(k.value) == key) return {k.value};
  const auto wanted = words_of(key);
  std::vector<std::string> out;
  for (const auto& k : known) {
    const auto have = words_of(fold(k.value));
    const bool all =
        !wanted.empty() && std::all_of(wanted.begin(), wanted.end(), [&](const auto& w) {
          return std::any_of(have.begin(), have.end(),
                             [&](const auto& h) { return h.starts_with(w); });
        });
    if (all) out.push_back(k.value);
  }
  if (!out.empty()) return out;
  return resolve_one(dim, typed, known);  // the "unknown value, did you mean" error
}

bool by_words(const std::string& dim) { return dim == facets::kBody || dim == facets::kPriority; }

// One typed entry: a value that names a known label is never split at its commas; otherwise
// each comma-separated part is a value of its own (an unknown part is named in the error).
std::vector<std::string> resolve_entry(const std::string& dim, const std::string& typed,
                                       const std::vector<Known>& known) {
  auto one = [&](const std::string& v) {
    return by_words(dim) ? resolve_words(dim, v, known) : resolve_one(dim, v, known);
  };
  const std::string whole(trim(typed));
  if (whole.find(',') == std::string::npos || names_exactly(known, whole)) return one(whole);
  std::vector<std::string> out;
  for (const auto& part : split_commas({whole}))
    for (auto& v : one(part)) out.push_back(std::move(v));
  return out;
}

// With `on_trust`, a field's one value typed without a comma is taken as typed, not looked
// up, and *on_trust becomes true (run_typed_query).
void resolve_into(Store& store, const std::string& dim, const std::string& kind,
                  const std::vector<std::string>& typed, std::vector<std::string>& out,
                  bool* on_trust) {
  std::vector<std::string> entries;
  for (const auto& t : typed)
    if (!trim(t).empty()) entries.push_back(t);
  if (entries.empty()) return;
  if (on_trust && !by_words(dim) && entries.size() == 1 &&
      entries.front().find(',') == std::string::npos) {
    out.emplace_back(trim(entries.front()));
    *on_trust = true;
    return;
  }
  // Values typed exactly as stored are what they name: no taxonomy to load (reading it was
  // most of the instructions of a short query) and no scan of the stored values.
  if (!by_words(dim) && std::all_of(entries.begin(), entries.end(), [&](const auto& v) {
        return store.has_value(dim, kind, std::string(trim(v)));
      })) {
    std::set<std::string> seen;
    for (const auto& v : entries)
      if (std::string value(trim(v)); seen.insert(value).second) out.push_back(std::move(value));
    return;
  }
  // Exact taxonomy labels and codes need no look-up in the database (which scans an index).
  auto known = known_values(nullptr, dim, kind);
  const bool all_exact =
      !by_words(dim) && std::all_of(entries.begin(), entries.end(), [&](const auto& v) {
        if (names_exactly(known, std::string(trim(v)))) return true;
        const auto parts = split_commas({v});
        return std::all_of(parts.begin(), parts.end(),
                           [&](const std::string& p) { return names_exactly(known, p); });
      });
  if (!all_exact) known = known_values(&store, dim, kind);
  std::set<std::string> seen;
  for (const auto& v : entries)
    for (auto& c : resolve_entry(dim, v, known))
      if (seen.insert(c).second) out.push_back(std::move(c));
}

int parse_year(const std::string& s, const std::string& whole) {
  if (s.size() != 4 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw UsageError(
        fmt::format("--year '{}': expected a year such as 2019 or a range such as "
                    "2019..2022",
                    whole));
  return std::stoi(s);
}

// "2019" -> 2019..2019; "2019..2022", "..2020", "2015.." -> a range.
std::pair<int, int> parse_years(const std::string& y) {
  const auto dots = y.find("..");
  if (dots == std::string::npos) {
    const int year = parse_year(y, y);
    return {year, year};
  }
  const std::string a = y.substr(0, dots), b = y.substr(dots + 2);
  const int lo = a.empty() ? 0 : parse_year(a, y);
  const int hi = b.empty() ? 9999 : parse_year(b, y);
  if (lo > hi) throw UsageError(fmt::format("--year '{}': the range runs backwards", y));
  return {lo, hi};
}

}  // namespace

int Filter::year_lo() const {
  int lo = 9999;
  for (const auto& [a, b] : years) lo = std::min(lo, a);
  return years.empty() ? 0 : lo;
}

int Filter::year_hi() const {
  int hi = 0;
  for (const auto& [a, b] : years) hi = std::max(hi, b);
  return years.empty() ? 9999 : hi;
}

std::vector<std::string> closest(const std::string& typed, const std::vector<std::string>& known,
                                 std::size_t n) {
  const std::string key = fold(typed);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& k : known) {
    const std::string f = fold(k);
    std::size_t d = edit_distance(key, f.substr(0, std::max(key.size(), std::size_t{1}) + 2));
    d = std::min(d, edit_distance(key, f));
    if (f.find(key) != std::string::npos) d = 0;
    if (d <= std::max<std::size_t>(2, key.size() / 3)) scored.emplace_back(d, k);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& s : scored) {
    if (out.size() >= n) break;
    if (std::find(out.begin(), out.end(), s.second) == out.end()) out.push_back(s.second);
  }
  return out;
}

std::vector<std::string> facet_dimensions() {
  std::vector<std::string> out;
  for (const auto& d : facets::all()) out.emplace_back(d.name);
  return out;
}

std::string resolve_dimension(const std::string& typed) {
  std::string d = fold(typed);
  std::replace(d.begin(), d.end(), '-', '_');
  std::replace(d.begin(), d.end(), ' ', '_');
  if (d == "group") d = facets::kTargetGroup;
  for (const auto& dim : facets::all())
    if (d == dim.plural) d = dim.name;
  const auto dims = facet_dimensions();
  if (std::find(dims.begin(), dims.end(), d) != dims.end()) return d;
  const auto near = closest(typed, dims);
  throw UsageError(fmt::format("unknown dimension '{}'{} — known: {}", typed,
                               near.empty() ? "" : " (did you mean '" + near.front() + "'?)",
                               join(dims, ", ")));
}

namespace {

// A search of hundreds of terms costs seconds per record and is never a question someone asks:
// the count of words (or FTS5 tokens) and the length are bounded.
constexpr std::size_t kMaxTextTerms = 64;
constexpr std::size_t kMaxTextBytes = 4096;

void check_text_size(const std::string& text) {
  std::size_t terms = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && !in_word) ++terms;
    in_word = !space;
  }
  if (terms > kMaxTextTerms || text.size() > kMaxTextBytes)
    throw UsageError(
        fmt::format("--text: {} words in {} bytes; at most {} words and {} bytes — "
                    "search for the few words that matter",
                    terms, text.size(), kMaxTextTerms, kMaxTextBytes));
}

Filter resolve(Store& store, const FilterInput& in, bool* on_trust) {
  Filter f;
  if (in.kind == "policy")
    f.kind = Kind::kPolicy;
  else if (in.kind == "report")
    f.kind = Kind::kReport;
  else if (in.kind == "section")
    f.kind = Kind::kSection;
  else
    throw UsageError(fmt::format("--kind '{}': expected policy, report or section", in.kind));
  const std::string kind = f.kind == Kind::kPolicy ? "policy" : "report";
  f.ids = split_commas(in.ids);
  resolve_into(store, facets::kCountry, kind, in.countries, f.countries, on_trust);
  resolve_into(store, facets::kStage, kind, in.stages, f.stages, on_trust);
  resolve_into(store, facets::kCategory, kind, in.categories, f.categories, on_trust);
  resolve_into(store, facets::kSubcategory, kind, in.subcategories, f.subcategories, on_trust);
  resolve_into(store, facets::kTargetGroup, kind, in.target_groups, f.target_groups, on_trust);
  resolve_into(store, facets::kAudience, kind, in.audiences, f.audiences, on_trust);
  resolve_into(store, facets::kType, kind, in.types, f.types, on_trust);
  resolve_into(store, facets::kSubsystem, kind, in.subsystems, f.subsystems, on_trust);
  resolve_into(store, facets::kPriority, kind, in.priorities, f.priorities, on_trust);
  resolve_into(store, facets::kBody, kind, in.bodies, f.bodies, on_trust);
  for (const auto& y : split_commas(in.years)) f.years.push_back(parse_years(y));
  if (in.text) {
    if (trim(*in.text).empty()) throw UsageError("--text: give at least one word to search for");
    check_text_size(*in.text);
    f.text = in.text;
    f.raw_text = in.raw_text;
  }
  return f;
}

}  // namespace

Filter resolve_filter(Store& store, const FilterInput& input) {
  return resolve(store, input, nullptr);
}

void run_typed_query(Store& store, const FilterInput& input, const QueryShape& shape,
                     RowSink& out) {
  bool on_trust = false;
  const Filter typed = resolve(store, input, &on_trust);
  if (on_trust && run_query_if_rows(store, typed, shape, out)) return;
  run_query(store, on_trust ? resolve_filter(store, input) : typed, shape, out);
}

}  // namespace vetq
