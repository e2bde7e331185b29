#include "parsers/listing/listing.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "parsers/common/html_render.h"
#include "parsers/common/page_lines.h"
#include "parsers/common/reporter.h"
#include "vetq/taxonomy.h"
#include "vetq/text.h"

namespace vetq::parsers {

namespace {

struct Line {
  int no = 0;
  std::string text;
};

// "Displaying 1 - 100 of 1184 policy developments", on a rendered or copied line.
const RE2& count_re() {
  static const RE2 re(R"(^Displaying (\d+)\s*(?:-|–)\s*(\d+) of (\d+) policy developments?$)");
  return re;
}
// The same inside raw HTML, where markup and entities may sit around the words.
const RE2& raw_count_re() {
  static const RE2 re(
      R"(Displaying\s+\d+\s*(?:-|–|&ndash;|&#8211;)\s*\d+\s+of\s+\d+\s+policy\s+developments)");
  return re;
}
// "ID number 28228" on one line, as some captures write it.
const RE2& inline_id_re() {
  static const RE2 re(R"(^ID number:?\s+(\d{3,9})$)");
  return re;
}

std::size_t count_of(std::string_view text, std::string_view word) {
  std::size_t n = 0;
  for (auto pos = text.find(word); pos != std::string_view::npos; pos = text.find(word, pos + 1))
    ++n;
  return n;
}

// How much the raw text looks like a listing page, whatever its front end.
int listing_score(std::string_view t) {
  const bool counted = RE2::PartialMatch(t, raw_count_re());
  const std::size_t details = count_of(t, "View details");
  if (!counted && details < 2) return 0;
  int score = counted ? 70 : 40;
  if (details > 0) score += 10;
  if (t.find("ID number") != std::string_view::npos) score += 10;
  if (t.find("Title Country Type") != std::string_view::npos) score += 10;
  return std::clamp(score, 0, 100);
}

// The blocks of one item, in page order.
enum class Block { kNone, kObjectives, kDescription, kBodies, kId, kDetails };

const char* block_name(Block b) {
  switch (b) {
    case Block::kObjectives:
      return "Objectives";
    case Block::kDescription:
      return "Description";
    case Block::kBodies:
      return "Bodies responsible";
    case Block::kId:
      return "ID number";
    default:
      return "";
  }
}

struct Item {
  std::vector<Line> title, objectives, description, bodies;
  std::optional<Line> id, tail;
  Block block = Block::kNone;  // where the next lines go
  bool fresh = false;          // nothing read yet under the current header (a help line may come)
  int first = 0, last = 0;
  std::map<std::string, LineSpan> spans;

  bool started() const { return block != Block::kNone; }
};

// The "<Country> <Type>" line that ends an item.
struct Tail {
  const Country* country = nullptr;
  std::optional<std::string> type;
  std::string written;     // the type as the page writes it
  bool truncated = false;  // the type was cut ("Regulation/Legislati") and completed
  bool unknown = false;    // the type is not in the taxonomy: kept as written
};

class ListingParser {
 public:
  ListingParser(const SourceFile& src, std::string_view format, const std::vector<int>* line_map)
      : src_(src), format_(format), tax_(Taxonomy::get()), line_map_(line_map) {}

  ParseResult run(std::string_view text) {
    std::vector<Line> lines;
    const auto raw = split_lines(text);
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const std::string_view t = trim(raw[i]);
      if (t.empty()) continue;
      int no = static_cast<int>(i) + 1;
      if (line_map_ && i < line_map_->size()) no = (*line_map_)[i];
      lines.push_back({no, std::string(t)});
    }
    // Items start after the count line; the filter summary and the legend come before it.
    std::size_t start = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (RE2::FullMatch(lines[i].text, count_re())) {
        start = i + 1;
        break;
      }
    }
    if (start == 0) {
      if (!lines.empty())
        diag(Severity::kWarning, lines.front().no,
             "no 'Displaying 1 - N of M policy developments' line — read the whole page as "
             "items; copy the page from its filter summary down if items are missing");
      titles_ = false;  // what precedes the first item is page text, not a title
    }
    for (std::size_t i = start; i < lines.size(); ++i) step(lines[i]);
    close();
    if (items_ == 0) {
      diag(Severity::kError, 0,
           "no listing items ('Objectives', 'Description', 'Bodies responsible', 'ID number', "
           "'View details') — copy the search results, not only the filter summary");
    }
    report_.finish("is this really a search-result page?");
    return std::move(out_);
  }

 private:
  void diag(Severity sev, int line, std::string message) {
    report_.diag(sev, line, std::move(message));
  }
  void warn(int line, std::string message) { report_.warn(line, std::move(message)); }

  void touch(const Line& l) {
    if (item_.first == 0) item_.first = l.no;
    item_.last = l.no;
  }

  void span(const std::string& key, const Line& l) {
    auto [it, inserted] = item_.spans.try_emplace(key, LineSpan{l.no, l.no});
    if (!inserted) it->second.last = std::max(it->second.last, l.no);
  }

  static std::string span_key(Block b) {
    switch (b) {
      case Block::kObjectives:
        return "objectives";
      case Block::kDescription:
        return "description";
      case Block::kBodies:
        return "bodies_responsible";
      case Block::kId:
        return "id_number";
      default:
        return "view_details";
    }
  }

  std::optional<Block> header(const std::string& key) const {
    if (key == "objectives") return Block::kObjectives;
    if (key == "description") return Block::kDescription;
    if (key == "bodies responsible") return Block::kBodies;
    if (key == "id number") return Block::kId;
    return std::nullopt;
  }

  std::optional<Block> help_line(const std::string& text) const {
    for (Block b : {Block::kObjectives, Block::kDescription, Block::kBodies})
      if (tax_.is_help_text(block_name(b), text)) return b;
    return std::nullopt;
  }

  // Starts block b; a block that does not come after the current one starts a new item.
  void open(Block b, const Line& l) {
    if (item_.started() && b <= item_.block) {
      close();
    }
    item_.block = b;
    item_.fresh = true;
    touch(l);
    span(span_key(b), l);
  }

  const Country* country_label(std::string_view s) const {
    const std::string key = fold(s);
    for (const auto& c : tax_.countries())
      if (fold(c.label) == key) return &c;
    return nullptr;
  }

  // "<Country> <Type>": a known country label, then a type (known, cut, or — unless strict —
  // as written). Strict is for lines inside teasers, where only an exact tail may end the item.
  std::optional<Tail> parse_tail(const std::string& text, bool strict) const {
    std::vector<std::string> words;
    for (std::size_t pos = 0; pos < text.size();) {
      const auto sp = text.find(' ', pos);
      const auto end = sp == std::string::npos ? text.size() : sp;
      if (end > pos) words.push_back(text.substr(pos, end - pos));
      pos = end + 1;
    }
    for (std::size_t k = std::min<std::size_t>(words.size(), 4); k >= 1; --k) {
      const std::vector<std::string> head(words.begin(), words.begin() + static_cast<long>(k));
      const Country* c = country_label(join(head, " "));
      if (!c) continue;
      const std::string rest =
          join(std::vector<std::string>(words.begin() + static_cast<long>(k), words.end()), " ");
      Tail t;
      t.country = c;
      t.written = rest;
      if (rest.empty()) {
        if (strict) return std::nullopt;
        return t;
      }
      if (auto known = tax_.type(rest)) {
        t.type = *known;
        return t;
      }
      if (auto cut = completed_type(rest)) {
        t.type = *cut;
        t.truncated = true;
        return t;
      }
      if (strict) return std::nullopt;
      t.type = rest;
      t.unknown = true;
      return t;
    }
    return std::nullopt;
  }

  // The one type whose label starts with `cut` (listings cut long labels, with or without
  // "..."), or nullopt.
  std::optional<std::string> completed_type(std::string cut) const {
    if (cut.ends_with("..."))
      cut.resize(cut.size() - 3);
    else if (cut.ends_with("…"))
      cut.resize(cut.size() - std::string_view("…").size());
    const std::string key = fold(cut);
    if (key.size() < 4) return std::nullopt;
    std::optional<std::string> found;
    for (const auto& t : tax_.types()) {
      if (!fold(t).starts_with(key)) continue;
      if (found) return std::nullopt;  // ambiguous
      found = t;
    }
    return found;
  }

  void end_with_tail(const Line& l, const Tail& t) {
    item_.tail = l;
    tail_ = t;
    touch(l);
    span("country_type", l);
    close();
  }

  void step(const Line& l) {
    const std::string key = fold(l.text);
    if (awaiting_tail_) {
      awaiting_tail_ = false;
      if (auto t = parse_tail(l.text, false)) return end_with_tail(l, *t);
      warn(l.no, fmt::format("expected '<Country> <Type>' after 'View details', found '{}' — "
                             "country and type of the item above left empty",
                             l.text.substr(0, 60)));
      close();
    }
    if (key == "export selected items to pdf" || key == "title country type" ||
        RE2::FullMatch(l.text, count_re())) {
      close();
      titles_ = true;
      return;
    }
    std::string id;
    if (RE2::FullMatch(l.text, inline_id_re(), &id)) {
      open(Block::kId, l);
      item_.id = Line{l.no, id};
      return;
    }
    if (auto b = header(key)) return open(*b, l);
    if (auto b = help_line(l.text)) {
      if (item_.block == *b && item_.fresh) {
        item_.fresh = false;  // the help text under its header
        touch(l);
        span(span_key(*b), l);
        return;
      }
      open(*b, l);  // a copy that dropped the header word but kept its help text
      item_.fresh = false;
      return;
    }
    if (key == "view details") {
      if (!item_.started()) {
        warn(l.no, "'View details' without an item above it — ignored");
        return;
      }
      item_.block = Block::kDetails;
      touch(l);
      awaiting_tail_ = true;
      return;
    }
    switch (item_.block) {
      case Block::kNone:
        if (titles_) item_.title.push_back(l);
        return;
      case Block::kId:
        if (!item_.id && RE2::FullMatch(l.text, policy_id_re())) {
          item_.id = l;
          touch(l);
          span("id_number", l);
          return;
        }
        if (auto t = parse_tail(l.text, false)) return end_with_tail(l, *t);
        warn(l.no, fmt::format("unexpected text under 'ID number': '{}' — ignored",
                               l.text.substr(0, 60)));
        return;
      case Block::kObjectives:
      case Block::kDescription:
      case Block::kBodies: {
        if (auto t = parse_tail(l.text, true)) return end_with_tail(l, *t);
        auto& lines = item_.block == Block::kObjectives    ? item_.objectives
                      : item_.block == Block::kDescription ? item_.description
                                                           : item_.bodies;
        lines.push_back(l);
        item_.fresh = false;
        touch(l);
        span(span_key(item_.block), l);
        return;
      }
      case Block::kDetails:
        return;  // not reached: the line after 'View details' is the tail
    }
  }

  static std::optional<std::string> prose(const std::vector<Line>& lines) {
    if (lines.empty()) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(prose_line(l.text));
    return join(out, "\n");
  }

  static Body body(const std::string& line) { return parse_body(line); }

  void close() {
    Item item = std::move(item_);
    const std::optional<Tail> tail = std::move(tail_);
    item_ = Item{};
    tail_.reset();
    awaiting_tail_ = false;
    titles_ = true;
    if (!item.started()) return;  // text between items (a pager, a button): not an item
    ++items_;
    if (!item.id) {
      warn(item.first,
           fmt::format("listing item on lines {}-{} has no 'ID number' — no record made for it; "
                       "copy the listing again with the ID numbers shown",
                       item.first, item.last));
      return;
    }
    if (!ids_.insert(item.id->text).second) {
      warn(item.id->no,
           fmt::format("policy {} is listed twice — the second item is ignored", item.id->text));
      return;
    }
    PolicyRecord p;
    p.id = item.id->text;
    p.partial = true;
    if (!item.title.empty()) {
      const Line& t = item.title.back();
      for (std::size_t i = 0; i + 1 < item.title.size(); ++i)
        warn(item.title[i].no, fmt::format("text before the item of policy {}: '{}' — ignored",
                                           p.id, item.title[i].text.substr(0, 60)));
      p.title = t.text;
      item.spans["title"] = {t.no, t.no};
      item.first = std::min(item.first, t.no);
    }
    if (tail) {
      p.country = tail->country->label;
      p.country_code = tail->country->code;
      p.type = tail->type;
      if (tail->truncated)
        diag(Severity::kNote, item.tail->no,
             fmt::format("type '{}' cut in the listing — read as '{}'", tail->written, *p.type));
      if (tail->unknown)
        warn(item.tail->no, fmt::format("unknown type of development '{}' — kept as written; "
                                        "known: {}",
                                        *p.type, join(tax_.types(), ", ")));
    } else {
      warn(item.last, fmt::format("policy {} has no '<Country> <Type>' line — country and type "
                                  "left empty",
                                  p.id));
    }
    p.objectives = prose(item.objectives);
    p.description = prose(item.description);
    for (const auto& l : item.bodies) p.bodies.push_back(body(l.text));
    p.source.path = src_.path;
    p.source.sha256 = src_.sha256;
    p.source.format = std::string(format_);
    p.source.spans = std::move(item.spans);
    p.source.spans["item"] = {item.first, item.last};
    out_.records.emplace_back(std::move(p));
  }

  const SourceFile& src_;
  std::string_view format_;
  const Taxonomy& tax_;
  const std::vector<int>* line_map_;
  ParseResult out_;
  Item item_;
  std::optional<Tail> tail_;
  bool awaiting_tail_ = false;
  bool titles_ = true;  // lines before an item's first block are its title
  int items_ = 0;
  std::set<std::string> ids_;
  Reporter report_{src_.path, out_.diagnostics};
};

}  // namespace

int sniff_listing_text(const SourceFile& src) {
  if (looks_like_html(src.text)) return 0;
  return listing_score(src.text);
}

int sniff_listing_html(const SourceFile& src) {
  if (!looks_like_html(src.text)) return 0;
  return listing_score(src.text);
}

ParseResult parse_listing_text(const SourceFile& src) {
  return parse_listing_lines(src, src.text, "listing-text");
}

ParseResult parse_listing_html(const SourceFile& src) {
  const RenderedHtml page = render_html(src.text);
  return parse_listing_lines(src, page.text, "listing-html", &page.line_map);
}

ParseResult parse_listing_lines(const SourceFile& src, std::string_view text,
                                std::string_view format, const std::vector<int>* line_map) {
  return ListingParser(src, format, line_map).run(text);
}

}  // namespace vetq::parsers
