#pragma once
// The paragraph and character styles of a Word document (word/styles.xml): a paragraph refers
// to its style by id ("Heading1"), and what the style is comes from its name ("heading 1") or
// from the properties it has or inherits through w:basedOn (an outline level, numbering, bold).
#include <pugixml.hpp>

#include <map>
#include <optional>
#include <string>

namespace vetq::parsers::report {

/// True when a WordprocessingML on/off property is present and not switched off
/// (<w:b/>, <w:b w:val="1"/>; not <w:b w:val="0"/>).
bool docx_on(pugi::xml_node property);

/// The integer w:val of a property (<w:ilvl w:val="1"/>), or nullopt.
std::optional<int> docx_int(pugi::xml_node property);

class DocxStyles {
 public:
  DocxStyles() = default;  // a document without styles.xml
  explicit DocxStyles(const pugi::xml_document& styles_xml);

  /// The style's name, lower-case ("heading 1", "caption", "list bullet"); the id when the
  /// style is not defined.
  std::string name(const std::string& id) const;

  /// 1.. for a heading style ("heading N", or an outline level 0.. through w:basedOn), 0 for
  /// the Title style, nullopt for others.
  std::optional<int> heading_level(const std::string& id) const;

  /// The list level (0-based w:ilvl) when the style numbers its paragraphs (w:numPr with a
  /// numId other than 0, itself or through w:basedOn, or a "list bullet"/"list number" name).
  std::optional<int> list_level(const std::string& id) const;

  /// True when the (character) style makes its runs bold.
  bool bold(const std::string& id) const;

 private:
  struct Style {
    std::string name;
    std::string based_on;
    std::optional<int> outline;  // w:outlineLvl
    std::optional<int> num_id;   // w:numPr/w:numId
    std::optional<int> ilvl;     // w:numPr/w:ilvl
    std::optional<bool> bold;    // w:rPr/w:b
  };
  // The first style in the w:basedOn chain of `id` (at most 16 steps, loops cut) for which
  // `get` returns a value.
  template <typename T, typename F>
  std::optional<T> inherited(const std::string& id, F get) const;

  std::map<std::string, Style> by_id_;
};

}  // namespace vetq::parsers::report
