#pragma once
// Text helpers shared by the stages of the report parser (layout, parts, mentions): markup
// clean-up, sentence shape, dates, and folded text that remembers where each byte came from.
#include <re2/re2.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vetq::parsers::report {

/// "Figure 1: Map of France [1]", "Figure 5:", "Figura 2 – ...": 1 number, 2 caption text.
/// Not "Figure 3 presents ...".
const RE2& caption_re();
/// "Source: …", "Sources : …", "Fonte: …": 1 the source.
const RE2& source_re();
/// "NB:", "N.B.:", "Note:" at the start of a line.
const RE2& note_re();
/// A lower-case letter at the start.
const RE2& starts_lower_re();

/// The text export's inline marks as plain text: [text](#) links keep their text, **bold** and
/// *italic* marks go, stray "**" go; trimmed.
std::string clean_markup(std::string s);

/// Words separated by spaces or tabs.
int word_count(std::string_view s);

/// True when s (trimmed) is empty or ends like a sentence: . : ; ! ? ) ” " » or a closing *.
bool ends_sentence(std::string_view s);

/// Lower-case ASCII letters and digits of fold(s), other runs as one '-': an id part.
std::string slug(std::string_view s);

/// 28/06/2025, 28.06.25 (20yy) or 2025-06-28 as ISO 8601, or nullopt.
std::optional<std::string> iso_date(std::string_view raw);

/// fold()ed text (see vetq/text.h) that remembers where each byte came from.
struct Folded {
  std::string text;
  std::vector<std::size_t> at;  // at[i]: offset in the original of folded byte i; one extra
};
Folded fold_map(std::string_view s);

inline std::size_t offset_in(std::string_view text, std::string_view part) {
  return static_cast<std::size_t>(part.data() - text.data());
}

/// Calls f(groups) for each match, left to right; the next search starts where group 1 ends.
/// An unmatched group is a string_view with a null data().
template <typename F>
void each_match(const RE2& re, std::string_view text, F&& f) {
  const int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(n));
  std::vector<std::string_view> g(static_cast<std::size_t>(n));
  std::size_t pos = 0;
  while (pos <= text.size() && re.Match(re2::StringPiece(text.data(), text.size()), pos,
                                        text.size(), RE2::UNANCHORED, pieces.data(), n)) {
    for (std::size_t k = 0; k < g.size(); ++k)
      g[k] = pieces[k].data() ? std::string_view(pieces[k].data(), pieces[k].size())
                              : std::string_view();
    const std::string_view& key = g.size() > 1 && g[1].data() ? g[1] : g[0];
    std::size_t next = offset_in(text, key) + key.size();
    if (next <= pos) next = pos + 1;
    f(g);
    pos = next;
  }
}

}  // namespace vetq::parsers::report
