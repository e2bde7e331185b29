#include "parsers/report/docx_styles.h"

#include <charconv>
#include <string_view>

namespace vetq::parsers::report {

std::optional<int> docx_int(pugi::xml_node n) {
  if (!n) return std::nullopt;
  const std::string_view v = n.attribute("w:val").as_string();
  int out = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return out;
}

namespace {

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

bool docx_on(pugi::xml_node property) {
  if (!property) return false;
  const std::string_view v = property.attribute("w:val").as_string();
  return v != "0" && v != "false" && v != "off" && v != "none";
}

DocxStyles::DocxStyles(const pugi::xml_document& styles_xml) {
  for (pugi::xml_node s : styles_xml.child("w:styles").children("w:style")) {
    const std::string id = s.attribute("w:styleId").as_string();
    if (id.empty()) continue;
    Style st;
    st.name = lower_ascii(s.child("w:name").attribute("w:val").as_string());
    st.based_on = s.child("w:basedOn").attribute("w:val").as_string();
    const pugi::xml_node ppr = s.child("w:pPr");
    st.outline = docx_int(ppr.child("w:outlineLvl"));
    st.num_id = docx_int(ppr.child("w:numPr").child("w:numId"));
    st.ilvl = docx_int(ppr.child("w:numPr").child("w:ilvl"));
    if (const pugi::xml_node b = s.child("w:rPr").child("w:b")) st.bold = docx_on(b);
    by_id_.emplace(id, std::move(st));
  }
}

template <typename T, typename F>
std::optional<T> DocxStyles::inherited(const std::string& id, F get) const {
  std::string cur = id;
  for (int hops = 0; hops < 16 && !cur.empty(); ++hops) {
    const auto it = by_id_.find(cur);
    if (it == by_id_.end()) break;
    if (std::optional<T> v = get(it->second)) return v;
    if (it->second.based_on == cur) break;
    cur = it->second.based_on;
  }
  return std::nullopt;
}

std::string DocxStyles::name(const std::string& id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? lower_ascii(id) : it->second.name;
}

std::optional<int> DocxStyles::heading_level(const std::string& id) const {
  if (id.empty()) return std::nullopt;
  const std::string n = name(id);
  if (n == "title") return 0;
  // "heading 1"; "heading1" when the style is not defined (the id of Word's built-in style)
  const char last = n.empty() ? '\0' : n.back();
  if ((n == std::string("heading ") + last || n == std::string("heading") + last) && last >= '1' &&
      last <= '9')
    return last - '0';
  const auto outline = inherited<int>(id, [](const Style& s) { return s.outline; });
  if (outline && *outline >= 0 && *outline < 9) return *outline + 1;  // 9: body text
  return std::nullopt;
}

std::optional<int> DocxStyles::list_level(const std::string& id) const {
  if (id.empty()) return std::nullopt;
  const auto num = inherited<int>(id, [](const Style& s) { return s.num_id; });
  const std::string n = name(id);
  const bool named = n.starts_with("list bullet") || n.starts_with("list number");
  if ((num && *num == 0) || (!num && !named)) return std::nullopt;
  if (auto ilvl = inherited<int>(id, [](const Style& s) { return s.ilvl; })) return ilvl;
  // "List Bullet 2" numbers with a list of its own at level 0: the name says the level.
  const char last = n.empty() ? '\0' : n.back();
  return named && n.size() > 2 && n[n.size() - 2] == ' ' && last >= '2' && last <= '9' ? last - '1'
                                                                                       : 0;
}

bool DocxStyles::bold(const std::string& id) const {
  if (id.empty()) return false;
  return inherited<bool>(id, [](const Style& s) { return s.bold; }).value_or(false);
}

}  // namespace vetq::parsers::report
