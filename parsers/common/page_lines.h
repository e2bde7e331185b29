#pragma once
// Line-level pieces shared by the policy page and listing parsers: bullets and responsible
// bodies with their validity suffixes.
#include <re2/re2.h>

#include <string>
#include <string_view>

#include "vetq/record.h"

namespace vetq::parsers {

/// A Cedefop policy id alone on a line (the value under "ID number"); group 1 is the id.
const RE2& policy_id_re();

/// A list item: "- x", "• x", "* x", "– x", "· x", "▪ x"; group 1 is the item text.
const RE2& bullet_re();

/// True for a list item: "- x", "• x", "* x", "– x", "· x".
bool is_bullet(std::string_view line);

/// The item text of a list item, or the line itself.
std::string strip_bullet(std::string_view line);

/// A prose line with any bullet style written as "- " (content is not changed otherwise).
std::string prose_line(std::string_view line);

/// A "Bodies responsible" line: the name, and the validity suffix "(until 2024)",
/// "(since 2025)" or "(from 2020 till 2022)" parsed and removed from it.
Body parse_body(std::string_view line);

}  // namespace vetq::parsers
