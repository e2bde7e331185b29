// The same page in the text forms users hold must give the same record (apart from provenance).
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "parsers/common/page_lines.h"
#include "support.h"
#include "vetq/json.h"
#include "vetq/taxonomy.h"

using vetq::test::parse_policy_bytes;
using vetq::test::read_file;
using vetq::test::sample_path;

namespace {

const char* const kSamples[] = {
    "policy-28228-france-digital-transition.txt",
    "policy-28832-france-quality-assurance-culture.txt",
    "policy-28238-france-clea-certificates.txt",
    "policy-28020-belgium-fr-work-based-learning.txt",
};

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  for (auto l : vetq::split_lines(s)) out.emplace_back(l);
  return out;
}

std::string unlines(const std::vector<std::string>& lines, const std::string& nl = "\n") {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? nl : "") + lines[i];
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

bool is_header(const std::string& line) {
  const auto h = vetq::Taxonomy::get().section_header(vetq::trim(line));
  return h && *h != "VET Recommendation" && *h != "Osnabrück Declaration";
}

// The page's top-level sections moved around: the header-less preamble (the timeline) stays
// first, the others come in reverse order.
std::string reorder_sections(const std::string& text) {
  std::vector<std::vector<std::string>> blocks(1);
  for (const auto& l : lines_of(text)) {
    if (is_header(l)) blocks.emplace_back();
    blocks.back().push_back(l);
  }
  std::vector<std::string> out = blocks.front();
  for (std::size_t i = blocks.size(); i-- > 1;)
    out.insert(out.end(), blocks[i].begin(), blocks[i].end());
  return unlines(out);
}

// Every "- x" / "  • x" list bullet written in the other style.
std::string swap_bullets(const std::string& text) {
  std::vector<std::string> out;
  for (auto l : lines_of(text)) {
    if (l.starts_with("- "))
      l = "  • " + l.substr(2);
    else if (l.starts_with("  • "))
      l = "- " + l.substr(std::string("  • ").size());
    out.push_back(l);
  }
  return unlines(out);
}

std::string tab_indent_bullets(const std::string& text) {
  std::vector<std::string> out;
  for (auto l : lines_of(text)) {
    const auto t = std::string(vetq::trim(l));
    if (t.starts_with("- ") || t.starts_with("• ")) l = "\t" + t;
    out.push_back(l);
  }
  return unlines(out);
}

std::string nbsp_spaces(const std::string& text) {
  std::string out;
  int n = 0;
  for (char c : text) {
    if (c == ' ' && ++n % 5 == 0)
      out += "\xC2\xA0";
    else
      out += c;
  }
  return out;
}

std::string trailing_space(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& l : lines_of(text)) out.push_back(l + " \t ");
  return unlines(out);
}

std::string without_help_texts(const std::string& text) {
  std::vector<std::string> out;
  std::string section;
  for (const auto& l : lines_of(text)) {
    const std::string t(vetq::trim(l));
    if (is_header(t)) section = *vetq::Taxonomy::get().section_header(t);
    if (!section.empty() && vetq::Taxonomy::get().is_help_text(section, t)) continue;
    out.push_back(l);
  }
  return unlines(out);
}

std::string with_help_texts(const std::string& text) {
  const std::pair<const char*, const char*> kHelp[] = {
      {"Objectives", "Goals and objectives of the policy development."},
      {"Description",
       "What/How/Who/For whom/When of the policy development in detail, explaining its "
       "activities."},
      {"Bodies responsible",
       "This section lists main bodies that are responsible for the implementation."},
      {"Target groups", "Those who are positively and directly affected by the measures."},
      {"Thematic categories", "Thematic categories capture main aspects of the decision-making."},
      {"Subsystem", "Part of the vocational education and training and lifelong learning systems."},
  };
  std::vector<std::string> out;
  for (const auto& l : lines_of(text)) {
    out.push_back(l);
    for (const auto& [header, help] : kHelp)
      if (l == header) out.emplace_back(help);
  }
  return unlines(out);
}

std::string with_headers(const std::string& text) {
  std::string out = "Timeline\n" + text;
  return replace_all(out, "\nCedefop, & ReferNet.", "\nCite as\nCedefop, & ReferNet.");
}

std::string without_headers(const std::string& text) {
  std::vector<std::string> out;
  auto lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string t(vetq::trim(lines[i]));
    if (t == "Timeline" || t == "Cite as") continue;
    if (t == "ID number") {  // the id then comes from the URL
      ++i;
      continue;
    }
    out.push_back(lines[i]);
  }
  return unlines(out);
}

std::string record_without_source(const vetq::PolicyRecord& p) {
  auto j = vetq::to_json(p);
  j.erase("source");
  return j.dump(1);
}

}  // namespace

TEST_CASE("variants of each sample give identical records") {
  const std::vector<std::pair<const char*, std::function<std::string(const std::string&)>>>
      kVariants = {
          {"CRLF", [](const std::string& s) { return replace_all(s, "\n", "\r\n"); }},
          {"BOM", [](const std::string& s) { return "\xEF\xBB\xBF" + s; }},
          {"BOM+CRLF+final newline",
           [](const std::string& s) {
             return "\xEF\xBB\xBF" + replace_all(s, "\n", "\r\n") + "\r\n";
           }},
          {"NBSP", nbsp_spaces},
          {"other bullets", swap_bullets},
          {"tab-indented bullets", tab_indent_bullets},
          {"doubled blank lines",
           [](const std::string& s) { return replace_all(s, "\n", "\n\n\n"); }},
          {"no blank lines", [](const std::string& s) { return replace_all(s, "\n\n", "\n"); }},
          {"trailing whitespace", trailing_space},
          {"reordered sections", reorder_sections},
          {"help texts removed", without_help_texts},
          {"help texts added",
           [](const std::string& s) { return with_help_texts(without_help_texts(s)); }},
          {"Timeline and Cite as headers added", with_headers},
          {"Timeline, ID number and Cite as headers removed", without_headers},
      };
  for (const std::string name : kSamples) {
    const std::string original = read_file(sample_path(name));
    const auto base = parse_policy_bytes(original, name);
    REQUIRE(base.errors == 0);
    const std::string want = record_without_source(base.policy);
    for (const auto& [variant_name, make] : kVariants) {
      const std::string variant = variant_name;
      CAPTURE(name);
      CAPTURE(variant);
      const auto got = parse_policy_bytes(make(original), name);
      CHECK(got.errors == 0);
      CHECK(got.warnings == base.warnings);
      CHECK(record_without_source(got.policy) == want);
    }
  }
}

TEST_CASE("a page with no id and no URL is an error, not a guess") {
  std::string text = read_file(sample_path("policy-28228-france-digital-transition.txt"));
  text = replace_all(
      text, "https://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/search/28228", "");
  const auto r = parse_policy_bytes(text, "broken.txt");
  CHECK(r.errors == 1);
  CHECK(r.policy.id.empty());
  REQUIRE_FALSE(r.diagnostics.empty());
  CHECK(vetq::to_string(r.diagnostics.back()).starts_with("broken.txt:0: error: no policy id"));
}

TEST_CASE("the id is read from the URL's path, whatever its language, slash, query or fragment") {
  const std::string text = read_file(sample_path("policy-28228-france-digital-transition.txt"));
  const std::string url =
      "https://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/search/28228";
  REQUIRE(text.find(url) != std::string::npos);
  for (const char* variant :
       {"http://cedefop.europa.eu/tools/timeline-vet-policies-europe/search/28228/",
        "https://www.cedefop.europa.eu/fr/tools/timeline-vet-policies-europe/search/28228?q=1",
        "https://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/search/28228/"
        "?from=/timeline-vet-policies-europe/search/99#top"}) {
    const auto r = parse_policy_bytes(replace_all(text, url, variant), "url.txt");
    CHECK_MESSAGE(r.errors == 0, variant);
    CHECK(r.policy.id == "28228");
    CHECK(r.policy.url == url);
  }
  // The path's id, not one in the fragment.
  const auto other = parse_policy_bytes(
      replace_all(text, url,
                  "https://www.cedefop.europa.eu/en/tools/timeline-vet-policies-europe/search/"
                  "28229#/search/28228"),
      "other.txt");
  CHECK(other.errors == 0);
  CHECK(other.policy.id == "28229");
}

TEST_CASE("a page with no citation is an error: title and country would be guesses") {
  std::string text = read_file(sample_path("policy-28020-belgium-fr-work-based-learning.txt"));
  const auto cut = text.find("Cedefop, & ReferNet. (2025).");
  REQUIRE(cut != std::string::npos);
  text.erase(cut, text.find('\n', cut) - cut + 1);
  const auto r = parse_policy_bytes(text, "nocite.txt");
  CHECK(r.errors == 1);
  CHECK(r.policy.id.empty());
}

TEST_CASE("a page truncated in the middle yields no record") {
  const std::string text = read_file(sample_path("policy-28238-france-clea-certificates.txt"));
  const auto r = parse_policy_bytes(text.substr(0, text.size() / 2), "half.txt");
  CHECK(r.errors >= 1);
  CHECK(r.policy.id.empty());
}

TEST_CASE("labels outside the taxonomy are kept as written, with a warning at path:line") {
  std::string text = read_file(sample_path("policy-28238-france-clea-certificates.txt"));
  text = replace_all(text, "  • Adult learners", "  • Adult learners in prisons");
  text = replace_all(text, "Practical measure/Initiative\nCite as", "Pilot scheme\nCite as");
  const auto r = parse_policy_bytes(text, "odd.txt");
  CHECK(r.errors == 0);
  CHECK(r.warnings == 2);
  CHECK(r.policy.type == "Pilot scheme");
  CHECK(r.policy.target_groups.front().group == "Adult learners in prisons");
  bool found = false;
  for (const auto& d : r.diagnostics)
    if (vetq::to_string(d).starts_with(
            "odd.txt:108: warning: target group 'Adult learners in prisons'"))
      found = true;
  CHECK(found);
}

TEST_CASE("a sub-category paragraph that matches nothing is reported, not assigned") {
  std::string text = read_file(sample_path("policy-28832-france-quality-assurance-culture.txt"));
  const std::string para =
      "This thematic sub-category refers to providing opportunities for, implementing";
  text = replace_all(
      text, para,
      "This thematic sub-category refers to something new entirely. Ignore: for, implementing");
  text = replace_all(text, "learning mobility of VET and adult learners and staff", "x");
  text = replace_all(text, "long-duration mobility and mobility to third countries", "y");
  text = replace_all(text, "learning agreements (ECVET elements)", "z");
  const auto r = parse_policy_bytes(text, "nomatch.txt");
  CHECK(r.errors == 0);
  CHECK(r.warnings == 1);
  bool eu_without_sub = false;
  for (const auto& c : r.policy.categories)
    if (c.category == "European and international dimensions of VET" && !c.subcategory)
      eu_without_sub = true;
  CHECK(eu_without_sub);
}

TEST_CASE("list items are read as bullet_re reads them, on every sample line and edge case") {
  std::vector<std::string> lines = {"- a",      "-a",       "-  two  ",   "• item",   "– dash",
                                    "· dot",    "▪ square", "* star",     "*",        "- ",
                                    "-\t\ttab", "— em",     "€ euro",     "Â x",      "",
                                    "-\n- x",   "- a\nb",   "plain text", "-- double"};
  for (const char* name :
       {"policy-28020-belgium-fr-work-based-learning.txt",
        "policy-28228-france-digital-transition.txt", "policy-28238-france-clea-certificates.txt",
        "policy-28832-france-quality-assurance-culture.txt"}) {
    // Kept: split_lines gives views into it.
    const std::string text = vetq::test::read_file(vetq::test::sample_path(name));
    for (const auto& l : vetq::split_lines(text)) lines.emplace_back(l);
  }
  int items = 0;
  for (const auto& l : lines) {
    std::string item;
    const bool want = RE2::FullMatch(l, vetq::parsers::bullet_re(), &item);
    CHECK(vetq::parsers::is_bullet(l) == want);
    CHECK(vetq::parsers::strip_bullet(l) == (want ? item : l));
    CHECK(vetq::parsers::prose_line(l) == (want ? "- " + item : l));
    items += want;
  }
  CHECK(items > 20);
}
