#include "output/flatten.h"

#include <algorithm>

#include "vetq/embedded.h"

namespace vetq {

namespace {

// A JSON value as short text: scalars as they read, arrays joined with ", " (a line span
// [18, 262] as 18-262), objects as "key: value; ...".
std::string text(const Json& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return dump(v);
  std::string out;
  if (v.is_array()) {
    const bool span = v.size() == 2 && v[0].is_number_integer() && v[1].is_number_integer();
    for (const auto& x : v) out += (out.empty() ? "" : span ? "-" : ", ") + text(x);
    return out;
  }
  for (const auto& [k, x] : v.items()) {
    if (x.is_null()) continue;
    out += (out.empty() ? "" : "; ") + k + ": " + text(x);
  }
  return out;
}

std::string joined(const std::string& a, const std::string& b, const char* sep) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + sep + b;
}

// One item of a list of objects as a short text, by the list it is in.
std::string item_text(const std::string& list, const Json& item) {
  if (!item.is_object()) return text(item);
  const auto f = [&](const char* key) { return item.contains(key) ? text(item[key]) : ""; };
  if (list == "timeline") return joined(f("year"), f("stage"), " ");
  if (list == "year_notes") return joined(joined(f("year"), f("stage"), " "), f("text"), ": ");
  if (list == "bodies") {
    if (f("from").empty() && f("until").empty()) return f("name");
    return f("name") + " (" + f("from") + "–" + f("until") + ")";
  }
  if (list == "target_groups") return joined(f("audience"), f("group"), ": ");
  if (list == "categories") return joined(f("category"), f("subcategory"), ": ");
  if (list == "priorities") return joined(f("framework"), f("item"), ": ");
  if (list == "history")
    return joined(joined(f("date"), f("contributor"), " "), f("contribution"), ": ");
  if (list == "figures") return joined(joined("Figure", f("number"), " "), f("caption"), ": ");
  if (list == "swot") return joined(f("quadrant"), f("text"), ": ");
  if (list == "recommendations") return joined(f("title"), f("text"), ": ");
  if (list == "mentions") return joined(f("type"), f("text"), ": ");
  if (list == "versions")
    return joined(f("edition"), "replaced " + f("replaced_at") + " from " + f("source_path"), ", ");
  std::string out;
  for (const auto& [k, x] : item.items())
    if (!x.is_null()) out = joined(out, text(x), ", ");
  return out;
}

// A report's sections as one text: each heading on a line, its paragraphs below, a blank line
// between sections.
std::string sections_text(const Json& sections) {
  std::string out;
  for (const auto& s : sections) {
    if (!out.empty()) out += "\n\n";
    out += s.contains("heading") ? text(s["heading"]) : "";
    if (s.contains("paragraphs"))
      for (const auto& p : s["paragraphs"]) out += "\n" + text(p);
  }
  return out;
}

Value cell(const std::string& name, const Json& v) {
  if (v.is_null()) return std::monostate{};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number()) return v.get<double>();
  if (v.is_object()) return text(v);
  if (name == "sections") return sections_text(v);
  std::vector<std::string> items;
  for (const auto& x : v) items.push_back(item_text(name, x));
  return items;
}

// $ref "#/$defs/x" -> the definition x.
const Json& resolve(const Json& schema, const Json& node) {
  if (node.contains("$ref")) {
    const std::string ref = node["$ref"].get<std::string>();
    return schema["$defs"][ref.substr(ref.rfind('/') + 1)];
  }
  return node;
}

const Json& record_schema() {
  static const Json schema = Json::parse(embedded::file("record.schema.json"));
  return schema;
}

// The properties of the kind's definition (none for an unknown kind).
const Json& kind_properties(const std::string& kind) {
  static const Json none = Json::object();
  const Json& defs = record_schema()["$defs"];
  return defs.contains(kind) ? defs[kind]["properties"] : none;
}

}  // namespace

std::vector<std::string> schema_fields(const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& [name, node] : kind_properties(kind).items()) out.push_back(name);
  return out;
}

std::vector<std::string> flat_columns(const std::string& kind) {
  const Json& schema = record_schema();
  std::vector<std::string> out;
  for (const auto& [name, node] : kind_properties(kind).items()) {
    const Json& def = resolve(schema, node);
    if (def.value("type", Json()) == "object" && def.contains("properties")) {
      for (const auto& [member, unused] : def["properties"].items())
        out.push_back(name + "_" + member);
    } else {
      out.push_back(name);
    }
  }
  return out;
}

std::vector<Value> flat_row(const Json& doc, const std::vector<std::string>& columns) {
  std::vector<Value> row;
  row.reserve(columns.size());
  for (const auto& c : columns) {
    if (doc.contains(c)) {
      row.push_back(cell(c, doc[c]));
      continue;
    }
    Value v = std::monostate{};  // an object's member: source_path is doc.source.path
    for (auto us = c.find('_'); us != std::string::npos; us = c.find('_', us + 1)) {
      const std::string object = c.substr(0, us), member = c.substr(us + 1);
      if (doc.contains(object) && doc[object].is_object() && doc[object].contains(member)) {
        v = cell(member, doc[object][member]);
        break;
      }
    }
    row.push_back(std::move(v));
  }
  return row;
}

const std::vector<DimensionTable>& dimension_tables() {
  static const std::vector<DimensionTable> tables = {
      {"timeline", {"kind", "id", "year", "stage"}},
      {"target_groups", {"kind", "id", "audience", "group"}},
      {"categories", {"kind", "id", "category", "subcategory", "evidence"}},
      {"bodies", {"kind", "id", "name", "from", "until"}},
      {"priorities", {"kind", "id", "framework", "item"}},
  };
  return tables;
}

std::vector<std::vector<Value>> dimension_rows(const DimensionTable& table, const Json& doc) {
  std::vector<std::vector<Value>> rows;
  if (!doc.contains(table.name) || !doc[table.name].is_array()) return rows;
  for (const auto& item : doc[table.name]) {
    std::vector<Value> row{cell("kind", doc.value("kind", Json())),
                           cell("id", doc.value("id", Json()))};
    for (std::size_t i = 2; i < table.columns.size(); ++i) {
      const std::string& c = table.columns[i];
      row.push_back(item.is_object() && item.contains(c) ? cell(c, item[c]) : Value{});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::size_t cut_to_cell_limit(std::string& s) {
  static constexpr std::string_view kMarker = " […cut: a cell holds at most 32,767 characters]";
  // UTF-16 code units: one per character, two for a character beyond U+FFFF (a 4-byte
  // sequence); continuation bytes count nothing.
  const auto units = [](std::string_view t) {
    std::size_t n = 0;
    for (const unsigned char c : t) n += (c & 0xC0) == 0x80 ? 0 : c >= 0xF0 ? 2 : 1;
    return n;
  };
  const std::size_t total = units(s);
  if (total <= kCellLimit) return 0;
  const std::size_t keep = kCellLimit - units(kMarker);
  std::size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    const std::size_t w = c >= 0xF0 ? 2 : 1;
    if (n + w > keep) break;
    n += w;
  }
  s.resize(i);
  s += kMarker;
  return total;
}

}  // namespace vetq
