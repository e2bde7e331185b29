#pragma once
// Text helpers over UTF-8. Unicode work is done by utf8proc; nothing here guesses encodings.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vetq {

/// The length of s's leading run of ASCII bytes (all of s when it is pure ASCII).
std::size_t ascii_prefix(std::string_view s);

/// The byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid.
std::optional<std::size_t> invalid_utf8_offset(std::string_view s);

/// A search and comparison key: NFKC, case-folded, diacritics removed, look-alike punctuation
/// (dashes, curly quotes) lumped to ASCII, runs of white space collapsed to one space, trimmed.
/// "Osnabrück Declaration" -> "osnabruck declaration". Invalid UTF-8 is returned trimmed as is.
std::string fold(std::string_view s);

/// fold() done by utf8proc over the whole text at once: what fold() gives faster, mapping
/// only the runs of non-ASCII characters (kept as the reference it is tested against).
std::string fold_unsegmented(std::string_view s);

/// s without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);

/// Lines of s split at '\n' (no '\n' in the pieces). A final empty piece after a trailing
/// newline is not returned.
std::vector<std::string_view> split_lines(std::string_view s);

/// Terminal columns that s takes (utf8proc_charwidth per code point).
int display_width(std::string_view s);

/// The longest prefix of s that fits in `columns` terminal columns, never cutting a code point.
std::string_view prefix_by_width(std::string_view s, int columns);

/// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

/// s safe to print on a terminal and on one line: C0 controls except tab, DEL and the C1
/// controls (U+0080..U+009F) written as escapes (\n, \r, \x1b, \u009b), bytes that are not
/// UTF-8 as \xHH. A file name or a page's text can then neither forge a diagnostic line nor
/// send escape sequences to the terminal.
std::string escape_controls(std::string_view s);

/// Join pieces with a separator.
std::string join(const std::vector<std::string>& pieces, std::string_view sep);

}  // namespace vetq
