#include "parsers/report/report_docx.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "parsers/report/docx_styles.h"
#include "parsers/report/report_text.h"
#include "parsers/report/report_util.h"
#include "vetq/text.h"

namespace vetq::parsers {

namespace report {

namespace {

struct Piece {
  std::string text;
  bool bold = false;
  bool line_break = false;
};

// One paragraph as read: its runs and what its style makes it.
struct Para {
  int no = 0;
  std::vector<Piece> pieces;
  std::optional<int> heading;  // level; 0 the Title style
  std::optional<int> list;     // 0-based list level
  bool caption = false;
  bool toc = false;  // a table-of-contents entry ("toc 1" style)
};

bool is_space(char c) { return c == ' ' || c == '\t'; }

// The paragraph's lines (split at line breaks, trimmed, empty ones left out). Bold runs keep
// **marks** when `marks` and the paragraph is not bold throughout.
std::vector<std::string> lines_of(const Para& p, bool marks) {
  bool any = false, all_bold = true;
  for (const auto& x : p.pieces)
    if (!x.line_break && !trim(x.text).empty()) {
      any = true;
      all_bold = all_bold && x.bold;
    }
  marks = marks && any && !all_bold;
  std::vector<std::string> out;
  std::string line, bold_text;
  auto close_bold = [&] {
    const auto b = std::find_if_not(bold_text.begin(), bold_text.end(), is_space);
    const auto e = std::find_if_not(bold_text.rbegin(), bold_text.rend(), is_space).base();
    if (b < e)
      line += std::string(bold_text.begin(), b) + "**" + std::string(b, e) + "**" +
              std::string(e, bold_text.end());
    else
      line += bold_text;
    bold_text.clear();
  };
  auto close_line = [&] {
    close_bold();
    if (!trim(line).empty()) out.emplace_back(trim(line));
    line.clear();
  };
  for (const auto& x : p.pieces) {
    if (x.line_break) {
      close_line();
    } else if (marks && x.bold) {
      bold_text += x.text;
    } else {
      close_bold();
      line += x.text;
    }
  }
  close_line();
  return out;
}

template <typename F>
void each_child(pugi::xml_node n, std::string_view name, F f) {
  for (pugi::xml_node c : n.children()) {
    if (name == c.name())
      f(c);
    else if (std::string_view(c.name()) == "w:sdt")  // a content control around rows or cells
      for (pugi::xml_node inner : c.child("w:sdtContent").children())
        if (name == inner.name()) f(inner);
  }
}

// Reads the paragraphs and tables of a body, a table cell, a header or a footer into lines.
class DocxReader {
 public:
  DocxReader(const DocxStyles& styles, const DocxLimits& limits, std::string part,
             const SourceFile& src, int& para_no, ReportLayout& out)
      : styles_(styles),
        limits_(limits),
        part_(std::move(part)),
        src_(src),
        para_no_(para_no),
        out_(out) {}

  void blocks(pugi::xml_node parent, int depth);

 private:
  void check(int depth) const {
    if (depth > limits_.max_depth) throw DocxError(too_deep(part_, limits_.max_depth));
  }
  Para read_para(pugi::xml_node p, int depth);
  void inline_content(pugi::xml_node n, int depth, Para& p);
  void run(pugi::xml_node r, int depth, Para& p);
  void emit(const Para& p);
  void emit_plain(const Para& p, const std::vector<std::string>& lines);
  void table(pugi::xml_node tbl, int depth);
  void table_rows(const std::vector<std::vector<std::vector<Para>>>& rows);
  void gap();
  void push(int no, Role role, std::string text, int level = 0) {
    out_.lines.push_back({no, role, std::move(text), {}, level, true});
  }

  const DocxStyles& styles_;
  const DocxLimits& limits_;
  const std::string part_;
  const SourceFile& src_;
  int& para_no_;
  ReportLayout& out_;
  bool prev_list_ = false;  // the last block was a list item: the next one continues the list
  bool toc_noted_ = false;
  std::vector<bool> fields_;  // open complex fields: true while in the field's instruction
};

void DocxReader::blocks(pugi::xml_node parent, int depth) {
  check(depth);
  for (pugi::xml_node child : parent.children()) {
    const std::string_view name = child.name();
    if (name == "w:p")
      emit(read_para(child, depth + 1));
    else if (name == "w:tbl")
      table(child, depth + 1);
    else if (name == "w:sdt")
      blocks(child.child("w:sdtContent"), depth + 2);
    else if (name == "w:customXml")
      blocks(child, depth + 1);
  }
}

Para DocxReader::read_para(pugi::xml_node p, int depth) {
  check(depth);
  Para out;
  out.no = ++para_no_;
  const pugi::xml_node ppr = p.child("w:pPr");
  const std::string style = ppr.child("w:pStyle").attribute("w:val").as_string();
  out.heading = styles_.heading_level(style);
  if (const auto lvl = docx_int(ppr.child("w:outlineLvl")); lvl && *lvl >= 0 && *lvl < 9)
    out.heading = *lvl + 1;
  out.list = styles_.list_level(style);
  if (const pugi::xml_node num = ppr.child("w:numPr")) {
    const auto id = docx_int(num.child("w:numId"));
    if (id && *id == 0)
      out.list.reset();  // numbering switched off
    else if (id || num.child("w:ilvl"))
      out.list = docx_int(num.child("w:ilvl")).value_or(out.list.value_or(0));
  }
  if (out.heading) out.list.reset();  // a numbered heading is a heading
  out.caption = styles_.name(style) == "caption";
  out.toc = styles_.name(style).starts_with("toc ");
  fields_.clear();
  inline_content(p, depth, out);
  return out;
}

void DocxReader::inline_content(pugi::xml_node n, int depth, Para& p) {
  check(depth);
  for (pugi::xml_node child : n.children()) {
    const std::string_view name = child.name();
    if (name == "w:r")
      run(child, depth + 1, p);
    else if (name == "w:hyperlink" || name == "w:ins" || name == "w:smartTag" ||
             name == "w:fldSimple" || name == "w:customXml" || name == "w:moveTo" ||
             name == "w:dir" || name == "w:bdo")
      inline_content(child, depth + 1, p);
    else if (name == "w:sdt")
      inline_content(child.child("w:sdtContent"), depth + 2, p);
    // w:del and w:moveFrom (deleted text), w:pPr, bookmarks, proofing marks: not text
  }
}

void DocxReader::run(pugi::xml_node r, int depth, Para& p) {
  check(depth);
  const pugi::xml_node rpr = r.child("w:rPr");
  bool bold = styles_.bold(rpr.child("w:rStyle").attribute("w:val").as_string());
  if (const pugi::xml_node b = rpr.child("w:b")) bold = docx_on(b);
  const bool in_instruction = std::find(fields_.begin(), fields_.end(), true) != fields_.end();
  for (pugi::xml_node child : r.children()) {
    const std::string_view name = child.name();
    if (name == "w:t" && !in_instruction) {
      p.pieces.push_back({child.text().get(), bold, false});
    } else if (name == "w:tab" || name == "w:ptab") {
      p.pieces.push_back({"\t", bold, false});
    } else if (name == "w:br" || name == "w:cr") {
      p.pieces.push_back({"", false, true});
    } else if (name == "w:noBreakHyphen") {
      p.pieces.push_back({"-", bold, false});
    } else if (name == "w:fldChar") {
      const std::string_view type = child.attribute("w:fldCharType").as_string();
      if (type == "begin")
        fields_.push_back(true);
      else if (type == "separate" && !fields_.empty())
        fields_.back() = false;
      else if (type == "end" && !fields_.empty())
        fields_.pop_back();
    }
    // w:instrText (field codes), w:delText, drawings and objects: not text
  }
}

void DocxReader::gap() {
  if (!out_.lines.empty() && out_.lines.back().role != Role::kBlank)
    out_.lines.push_back({para_no_, Role::kBlank, {}, {}, 0, false});
}

void DocxReader::emit(const Para& p) {
  const std::vector<std::string> lines = lines_of(p, !p.heading && !p.caption);
  if (lines.empty()) {  // an empty paragraph, or one holding only an image: a gap
    gap();
    prev_list_ = false;
    return;
  }
  if (p.toc) {  // the headings are read where they stand
    if (!toc_noted_)
      out_.diagnostics.push_back({Severity::kNote, src_.path, p.no,
                                  "table of contents — left out; the headings are read where "
                                  "they stand"});
    toc_noted_ = true;
    for (const auto& line : lines) push(p.no, Role::kFurniture, line);
    return;
  }
  if (p.heading || p.caption) {
    gap();
    std::string text = join(lines, " ");
    if (p.heading) {
      push(p.no, Role::kHeading, std::move(text), *p.heading);
    } else {
      const bool numbered = RE2::FullMatch(text, caption_re());
      push(p.no, numbered ? Role::kCaption : Role::kText, std::move(text));
    }
    prev_list_ = false;
    return;
  }
  if (p.list) {
    if (!prev_list_) gap();
    push(p.no, Role::kListItem, lines.front(), *p.list + 1);
    for (std::size_t i = 1; i < lines.size(); ++i) push(p.no, Role::kText, lines[i]);
    prev_list_ = true;
    return;
  }
  emit_plain(p, lines);
}

// A paragraph without a telling style: its lines read as the text export's lines.
void DocxReader::emit_plain(const Para& p, const std::vector<std::string>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Line l;
    l.no = p.no;
    l.text = lines[i];
    if (is_citation_chip(l.text)) {
      l.role = Role::kFurniture;
      out_.diagnostics.push_back(
          {Severity::kNote, src_.path, l.no,
           fmt::format("stray citation chip '{}' — dropped; it is not report text",
                       std::string(prefix_by_width(l.text, 40)))});
    } else {
      classify_plain_line(l);
    }
    if (i == 0 && !(prev_list_ && l.role == Role::kListItem)) gap();
    prev_list_ = l.role == Role::kListItem;
    out_.lines.push_back(std::move(l));
  }
}

void DocxReader::table(pugi::xml_node tbl, int depth) {
  check(depth + 2);
  gap();
  prev_list_ = false;
  bool nested = false;
  each_child(tbl, "w:tr", [&](pugi::xml_node tr) {
    each_child(tr, "w:tc", [&](pugi::xml_node tc) { nested = nested || tc.child("w:tbl"); });
  });
  std::vector<std::vector<std::vector<Para>>> rows;  // row, cell, paragraph
  bool grid = !nested;  // every cell one paragraph of text at most, no list, no heading
  each_child(tbl, "w:tr", [&](pugi::xml_node tr) {
    rows.emplace_back();
    each_child(tr, "w:tc", [&](pugi::xml_node tc) {
      if (nested) {  // a table of tables: cell by cell, as blocks
        gap();
        prev_list_ = false;
        blocks(tc, depth + 2);
        return;
      }
      auto& cell = rows.back().emplace_back();
      int with_text = 0;
      each_child(tc, "w:p", [&](pugi::xml_node p) {
        cell.push_back(read_para(p, depth + 3));
        const Para& para = cell.back();
        if (!lines_of(para, false).empty()) ++with_text;
        grid = grid && !para.list && !para.heading;
      });
      grid = grid && with_text <= 1;
    });
  });
  if (grid) {
    table_rows(rows);
  } else if (!nested) {  // prose and lists in cells (a SWOT grid): cell by cell
    for (const auto& row : rows)
      for (const auto& cell : row) {
        gap();
        prev_list_ = false;
        for (const Para& p : cell) emit(p);
      }
  }
  gap();
  prev_list_ = false;
}

void DocxReader::table_rows(const std::vector<std::vector<std::vector<Para>>>& rows) {
  for (const auto& row : rows) {
    Line l;
    l.role = Role::kTableRow;
    l.styled = true;
    bool any = false;
    for (const auto& cell : row) {
      std::string text;
      for (const Para& p : cell) {
        if (!l.no) l.no = p.no;
        const auto lines = lines_of(p, false);
        if (!lines.empty()) text = join(lines, " ");
      }
      any = any || !text.empty();
      l.cells.push_back(std::move(text));
    }
    if (!any) continue;
    l.text = join(l.cells, "\t");
    out_.lines.push_back(std::move(l));
  }
}

bool is_header_or_footer(std::string_view name, std::string_view& kind) {
  for (std::string_view k : {"header", "footer"}) {
    const std::string prefix = "word/" + std::string(k);
    if (!name.starts_with(prefix) || !name.ends_with(".xml")) continue;
    const std::string_view digits = name.substr(prefix.size(), name.size() - prefix.size() - 4);
    if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      kind = k;
      return true;
    }
  }
  return false;
}

// Page headers and footers: furniture after the body, each with a note; never sections.
void add_furniture(const DocxPackage& pkg, const DocxStyles& styles, const SourceFile& src,
                   ReportLayout& out) {
  for (const std::string& name : pkg.names()) {
    std::string_view kind;
    if (!is_header_or_footer(name, kind)) continue;
    const auto xml = pkg.xml(name);
    ReportLayout part;
    int no = 0;
    DocxReader(styles, pkg.limits(), name, src, no, part).blocks(xml->document_element(), 1);
    for (Line& l : part.lines) {
      if (!has_text(l)) continue;
      const std::string text =
          clean_markup(l.role == Role::kTableRow ? join(l.cells, " ") : l.text);
      out.diagnostics.push_back(
          {Severity::kNote, src.path, 0,
           fmt::format("page {} '{}' ({}) — page furniture, left out of the report text", kind,
                       std::string(prefix_by_width(text, 80)), name)});
      l.role = Role::kFurniture;
      l.no = 0;
      out.lines.push_back(std::move(l));
    }
  }
}

}  // namespace

ReportLayout layout_from_docx(const SourceFile& src, const DocxLimits& limits) {
  const DocxPackage pkg(src.bytes, limits);
  DocxStyles styles;
  if (const auto xml = pkg.xml("word/styles.xml")) styles = DocxStyles(*xml);
  const auto doc = pkg.xml("word/document.xml");
  if (!doc)
    throw DocxError(
        "the archive has no word/document.xml — not a Word document; save it as .docx from "
        "Word or LibreOffice");
  const pugi::xml_node body = doc->child("w:document").child("w:body");
  if (!body)
    throw DocxError("word/document.xml has no w:body — not a Word document, or a damaged one");
  ReportLayout out;
  int para_no = 0;
  DocxReader(styles, limits, "word/document.xml", src, para_no, out).blocks(body, 2);
  const bool styled = std::any_of(out.lines.begin(), out.lines.end(), [](const Line& l) {
    return l.role == Role::kHeading && l.level >= 1;
  });
  if (!styled) {
    out.diagnostics.push_back({Severity::kNote, src.path, 0,
                               "no paragraph has a heading style (Heading 1, 2, …) — headings "
                               "are guessed from the shape of the lines, as in a text export"});
    guess_headings(out.lines);
  }
  add_furniture(pkg, styles, src, out);
  return out;
}

}  // namespace report

int sniff_report_docx(const SourceFile& src) {
  if (!report::is_zip(src.bytes)) return 0;
  try {
    const report::DocxPackage pkg(src.bytes, report::DocxLimits{});
    return pkg.has("word/document.xml") ? 100 : 0;
  } catch (const report::DocxError&) {
    return src.bytes.find("word/document.xml") != std::string::npos ? 60 : 0;
  }
}

ParseResult parse_report_docx(const SourceFile& src) {
  report::ReportLayout layout;
  try {
    layout = report::layout_from_docx(src);
  } catch (const report::DocxError& e) {
    ParseResult bad;
    bad.diagnostics.push_back({Severity::kError, src.path, 0, e.what()});
    return bad;
  }
  return parse_report_layout(src, layout, "report-docx");
}

}  // namespace vetq::parsers
