#include "query/query.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>

#include "query/sql_build.h"
#include "store/facets.h"
#include "store/sql.h"
#include "vetq/error.h"
#include "vetq/json.h"

namespace vetq {

using namespace detail;

namespace {

enum class Type { kText, kInt, kList, kIntList, kBool, kReal };

struct Field {
  std::string name;
  std::string sql;  // an expression over the row alias (p, r or s); never user text
  Type type;
  bool needs_text = false;  // only with --text (snippet, rank)
};

std::string list_of(const char* kind, const char* owner, const char* dim) {
  return fmt::format(
      "(SELECT json_group_array(value) FROM (SELECT value FROM facet WHERE kind = '{}' AND "
      "owner = {} AND dim = '{}' ORDER BY seq))",
      kind, owner, dim);
}

// FTS5's snippet() scores every hit of the column, which on a body of megabytes takes minutes;
// a body longer than any real page (256 Ki characters) is quoted from its start instead.
constexpr int kSnippetMaxChars = 256 * 1024;

std::string bounded_snippet(const char* table) {
  return fmt::format(
      "CASE WHEN length({0}.body) <= {1} THEN snippet({0}, 1, '[', ']', '…', 12) "
      "ELSE substr({0}.body, 1, 80) || '…' END",
      table, kSnippetMaxChars);
}

const std::vector<Field>& fields_of(Kind kind) {
  static const std::vector<Field> kPolicy = {
      {"id", "p.id", Type::kText},
      {"country", "p.country", Type::kText},
      {"country_code", "p.country_code", Type::kText},
      {"first_year", "p.first_year", Type::kInt},
      {"last_year", "p.last_year", Type::kInt},
      {"stage", "p.last_stage", Type::kText},
      {"title", "p.title", Type::kText},
      {"type", "p.type", Type::kText},
      {"edition", "p.edition", Type::kText},
      {"url", "(SELECT json_extract(d.doc, '$.url') FROM policy_doc d WHERE d.pk = p.pk)",
       Type::kText},
      {"partial", "p.partial", Type::kBool},
      {"years", list_of("policy", "p.pk", facets::kYear), Type::kIntList},
      {"stages", list_of("policy", "p.pk", facets::kStage), Type::kList},
      {"subsystem", list_of("policy", "p.pk", facets::kSubsystem), Type::kList},
      {"categories", list_of("policy", "p.pk", facets::kCategory), Type::kList},
      {"subcategories", list_of("policy", "p.pk", facets::kSubcategory), Type::kList},
      {"audiences", list_of("policy", "p.pk", facets::kAudience), Type::kList},
      {"target_groups", list_of("policy", "p.pk", facets::kTargetGroup), Type::kList},
      {"priorities", list_of("policy", "p.pk", facets::kPriority), Type::kList},
      {"bodies", list_of("policy", "p.pk", facets::kBody), Type::kList},
      {"source", "p.source_path", Type::kText},
      {"snippet", bounded_snippet("policy_fts"), Type::kText, true},
      {"rank", "round(bm25(policy_fts), 3)", Type::kReal, true},
  };
  static const std::vector<Field> kReport = {
      {"id", "r.id", Type::kText},
      {"country", "r.country", Type::kText},
      {"country_code", "r.country_code", Type::kText},
      {"region", "r.region", Type::kText},
      {"date", "r.date", Type::kText},
      {"version", "r.version", Type::kText},
      {"title", "r.title", Type::kText},
      {"categories", list_of("report", "r.pk", facets::kCategory), Type::kList},
      {"target_groups", list_of("report", "r.pk", facets::kTargetGroup), Type::kList},
      {"source", "r.source_path", Type::kText},
  };
  static const std::vector<Field> kSection = {
      {"report", "r.id", Type::kText},
      {"ordinal", "s.ordinal", Type::kInt},
      {"heading", "s.heading", Type::kText},
      {"first_line", "s.first_line", Type::kInt},
      {"last_line", "s.last_line", Type::kInt},
      {"country", "r.country", Type::kText},
      {"snippet", bounded_snippet("section_fts"), Type::kText, true},
      {"rank", "round(bm25(section_fts), 3)", Type::kReal, true},
  };
  switch (kind) {
    case Kind::kPolicy:
      return kPolicy;
    case Kind::kReport:
      return kReport;
    case Kind::kSection:
      return kSection;
  }
  return kPolicy;
}

const Field* find_field(Kind kind, std::string_view name) {
  for (const auto& f : fields_of(kind))
    if (f.name == name) return &f;
  return nullptr;
}

// owner: the row's pk expression; kind: 'policy' or 'report'.
void facet_clause(Sql& sql, const char* kind, const char* owner, const char* dim,
                  const std::vector<std::string>& values) {
  if (values.empty()) return;
  const std::string list = sql.placeholders(values);
  sql.add(
      fmt::format("{} IN (SELECT owner FROM facet WHERE kind = '{}' AND dim = '{}' AND "
                  "value IN ({}))",
                  owner, kind, dim, list));
}

void year_clause(Sql& sql, const Filter& f, const char* kind, const char* owner) {
  if (f.years.empty()) return;
  if (std::string_view(kind) == "policy") {
    // With --stage too, the entry of the year asked has that stage.
    std::string clause = fmt::format("{} IN (SELECT policy FROM policy_timeline WHERE {}", owner,
                                     years_sql(sql, f, "year"));
    if (!f.stages.empty()) clause += " AND stage IN (" + sql.placeholders(f.stages) + ")";
    sql.add(clause + ")");
  } else {
    sql.add(fmt::format("{} IN (SELECT owner FROM facet WHERE kind = '{}' AND dim = '{}' AND {})",
                        owner, kind, facets::kYear, years_sql(sql, f, "CAST(value AS INTEGER)")));
  }
}

}  // namespace

namespace detail {

std::string years_sql(Sql& sql, const Filter& f, const std::string& column) {
  std::string out;
  for (const auto& [lo, hi] : f.years) {
    out += fmt::format("{}{} BETWEEN ? AND ?", out.empty() ? "(" : " OR ", column);
    sql.binds.emplace_back(std::int64_t{lo});
    sql.binds.emplace_back(std::int64_t{hi});
  }
  return out + ")";
}

Sql where_of(const Filter& f) {
  Sql sql;
  const bool policy = f.kind == Kind::kPolicy;
  const char* kind = policy ? "policy" : "report";
  const char* owner = policy ? "p.pk" : "r.pk";
  if (!f.ids.empty()) {
    const std::string list = sql.placeholders(f.ids);
    sql.add(fmt::format("{} IN ({})", policy ? "p.id" : "r.id", list));
  }
  if (!f.countries.empty()) {  // a record has one country: its own column (and index)
    const std::string list = sql.placeholders(f.countries);
    sql.add(fmt::format("{}.country IN ({})", policy ? "p" : "r", list));
  }
  year_clause(sql, f, kind, owner);
  if (!(policy && !f.years.empty())) facet_clause(sql, kind, owner, facets::kStage, f.stages);
  facet_clause(sql, kind, owner, facets::kCategory, f.categories);
  facet_clause(sql, kind, owner, facets::kSubcategory, f.subcategories);
  facet_clause(sql, kind, owner, facets::kTargetGroup, f.target_groups);
  facet_clause(sql, kind, owner, facets::kAudience, f.audiences);
  facet_clause(sql, kind, owner, facets::kType, f.types);
  facet_clause(sql, kind, owner, facets::kSubsystem, f.subsystems);
  facet_clause(sql, kind, owner, facets::kPriority, f.priorities);
  facet_clause(sql, kind, owner, facets::kBody, f.bodies);
  if (f.text && f.kind == Kind::kReport) {
    sql.add(
        "r.pk IN (SELECT report FROM report_section WHERE pk IN "
        "(SELECT rowid FROM section_fts WHERE section_fts MATCH ?))");
    sql.binds.emplace_back(f.raw_text ? *f.text : fts_quote(*f.text));
  }
  return sql;
}

std::string from_of(const Filter& f) {
  switch (f.kind) {
    case Kind::kPolicy:
      return f.text ? "policy p JOIN policy_fts ON policy_fts.rowid = p.pk" : "policy p";
    case Kind::kReport:
      return "report r";
    case Kind::kSection:
      return f.text ? "report_section s JOIN report r ON r.pk = s.report JOIN section_fts ON "
                      "section_fts.rowid = s.pk"
                    : "report_section s JOIN report r ON r.pk = s.report";
  }
  return "policy p";
}

void bind_all(SQLite::Statement& st, const std::vector<Bind>& binds) {
  int i = 1;
  for (const auto& b : binds) {
    if (const auto* s = std::get_if<std::string>(&b))
      st.bind(i++, *s);
    else
      st.bind(i++, static_cast<int64_t>(std::get<std::int64_t>(b)));
  }
}

[[noreturn]] void rethrow(Store& store, const SQLite::Exception& e, const Filter& f) {
  const std::string msg = e.what();
  const bool fts_error = msg.find("fts5") != std::string::npos ||
                         msg.find("syntax") != std::string::npos ||
                         msg.find("no such column") != std::string::npos ||
                         msg.find("special query") != std::string::npos;
  if (f.text && (fts_error || (f.raw_text && (e.getErrorCode() & 0xFF) == SQLITE_ERROR))) {
    throw UsageError(
        fmt::format("--text '{}': not a valid FTS5 query ({}) — drop --raw to "
                    "search the words as written",
                    *f.text, msg));
  }
  throw_db_error(store.path(), "query failed", e);
}

// The WHERE/FROM/binds of a filter, with the text match added where the kind joins an index.
std::string select_sql(const Filter& f, Sql& where, const std::string& columns) {
  std::string sql = "SELECT " + columns + " FROM " + from_of(f);
  if (f.text && f.kind != Kind::kReport) {
    const char* table = f.kind == Kind::kPolicy ? "policy_fts" : "section_fts";
    std::string clause = std::string(table) + " MATCH ?";
    where.where = where.where.empty() ? clause : clause + " AND " + where.where;
    where.binds.insert(where.binds.begin(), Bind(f.raw_text ? *f.text : fts_quote(*f.text)));
  }
  if (!where.where.empty()) sql += " WHERE " + where.where;
  return sql;
}

}  // namespace detail

std::string fts_quote(const std::string& text) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string q = "\"";
    for (char c : word) {
      if (c == '"') q += '"';
      q += c;
    }
    q += '"';
    out += out.empty() ? q : " " + q;
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n')
      flush();
    else
      word += c;
  }
  flush();
  return out.empty() ? "\"\"" : out;
}

std::vector<std::string> available_fields(Kind kind) {
  std::vector<std::string> out;
  for (const auto& f : fields_of(kind)) out.push_back(f.name);
  return out;
}

std::vector<std::string> default_fields(Kind kind, bool with_text) {
  switch (kind) {
    case Kind::kPolicy:
      if (with_text) return {"id", "country", "first_year", "last_year", "title", "snippet"};
      return {"id", "country", "first_year", "last_year", "stage", "title"};
    case Kind::kReport:
      return {"id", "country", "region", "date", "title"};
    case Kind::kSection:
      if (with_text) return {"report", "ordinal", "heading", "snippet"};
      return {"report", "ordinal", "heading", "first_line", "last_line"};
  }
  return {};
}

namespace {

// The statement of a query, and the columns it gives.
struct Plan {
  std::vector<std::string> names;
  std::vector<const Field*> fields;
  std::string sql;
  std::vector<Bind> binds;
};

// ORDER BY: --sort names a known field, optionally prefixed with '-' for descending.
std::string order_of(const Filter& filter, const QueryShape& shape) {
  const Kind kind = filter.kind;
  const bool text = filter.text.has_value();
  std::string order;
  if (!shape.sort.empty()) {
    const bool desc = shape.sort.front() == '-';
    const std::string key = desc ? shape.sort.substr(1) : shape.sort;
    const Field* f = find_field(kind, key);
    if (!f || f->type == Type::kList || f->type == Type::kIntList || (f->needs_text && !text)) {
      throw UsageError(fmt::format("--sort: cannot sort by '{}' — use one of: {}", key,
                                   "id, country, title, first_year, last_year, stage, type" +
                                       std::string(text ? ", rank" : "")));
    }
    order = f->sql + (desc ? " DESC" : "") + ", 1";
  } else if (text && kind != Kind::kReport) {
    order = kind == Kind::kPolicy ? "bm25(policy_fts), p.id" : "bm25(section_fts), r.id, s.ordinal";
  } else {
    order = kind == Kind::kPolicy   ? "p.country, CAST(p.id AS INTEGER), p.id"
            : kind == Kind::kReport ? "r.country, r.id"
                                    : "r.id, s.ordinal";
  }
  return order;
}

Plan plan_of(const Filter& filter, const QueryShape& shape) {
  Plan plan;
  const Kind kind = filter.kind;
  const bool text = filter.text.has_value();
  plan.names = shape.fields.empty() ? default_fields(kind, text) : shape.fields;
  for (const auto& n : plan.names) {
    const Field* f = find_field(kind, n);
    if (!f) {
      throw UsageError(fmt::format("--fields: unknown field '{}' — available: {}", n,
                                   fmt::join(available_fields(kind), ", ")));
    }
    if (f->needs_text && (!text || kind == Kind::kReport)) {
      throw UsageError(fmt::format("--fields: '{}' needs --text", n));
    }
    plan.fields.push_back(f);
  }
  std::string columns;
  for (const auto* f : plan.fields) columns += (columns.empty() ? "" : ", ") + f->sql;
  Sql where = where_of(filter);
  plan.sql = select_sql(filter, where, columns) + " ORDER BY " + order_of(filter, shape) +
             " LIMIT ? OFFSET ?";
  where.binds.emplace_back(static_cast<std::int64_t>(shape.limit));
  where.binds.emplace_back(static_cast<std::int64_t>(shape.offset));
  plan.binds = std::move(where.binds);
  return plan;
}

void read_row(SQLite::Statement& st, const std::vector<const Field*>& fields,
              std::vector<Value>& row) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto col = st.getColumn(static_cast<int>(i));
    if (col.isNull()) {
      row[i] = std::monostate{};
    } else if (fields[i]->type == Type::kInt) {
      row[i] = static_cast<std::int64_t>(col.getInt64());
    } else if (fields[i]->type == Type::kList) {
      row[i] = Json::parse(col.getString()).get<std::vector<std::string>>();
    } else if (fields[i]->type == Type::kIntList) {
      std::vector<std::int64_t> ints;
      for (const auto& v : Json::parse(col.getString()))
        ints.push_back(std::stoll(v.get<std::string>()));
      row[i] = std::move(ints);
    } else if (fields[i]->type == Type::kBool) {
      row[i] = col.getInt() != 0;
    } else if (fields[i]->type == Type::kReal) {
      row[i] = col.getDouble();
    } else if (auto* text = std::get_if<std::string>(&row[i])) {
      text->assign(col.getText(), static_cast<std::size_t>(col.getBytes()));  // reuses
    } else {
      row[i] = col.getString();
    }
  }
}

// With `only_if_rows`, a query without rows gives the sink nothing and returns false.
bool stream(Store& store, const Filter& filter, const QueryShape& shape, RowSink& out,
            bool only_if_rows) {
  const Plan plan = plan_of(filter, shape);
  try {
    SQLite::Statement st(database(store), plan.sql);
    bind_all(st, plan.binds);
    bool more = st.executeStep();
    if (!more && only_if_rows) return false;
    out.begin(plan.names);
    std::vector<Value> row(plan.fields.size());
    for (; more; more = st.executeStep()) {
      read_row(st, plan.fields, row);
      out.row(row);
    }
    out.end();
  } catch (const SQLite::Exception& e) {
    rethrow(store, e, filter);
  }
  return true;
}

}  // namespace

void run_query(Store& store, const Filter& filter, const QueryShape& shape, RowSink& out) {
  stream(store, filter, shape, out, false);
}

bool run_query_if_rows(Store& store, const Filter& filter, const QueryShape& shape, RowSink& out) {
  return stream(store, filter, shape, out, true);
}

std::vector<std::string> matching_ids(Store& store, const Filter& filter) {
  std::vector<std::string> ids;
  Filter f = filter;
  if (f.kind == Kind::kSection) f.kind = Kind::kReport;
  Sql where = where_of(f);
  const std::string id = f.kind == Kind::kPolicy ? "p.id" : "r.id";
  const std::string order =
      f.kind == Kind::kPolicy ? "p.country, CAST(p.id AS INTEGER), p.id" : "r.country, r.id";
  const std::string sql = select_sql(f, where, "DISTINCT " + id) + " ORDER BY " + order;
  try {
    SQLite::Statement st(database(store), sql);
    bind_all(st, where.binds);
    while (st.executeStep()) ids.push_back(st.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    rethrow(store, e, f);
  }
  return ids;
}

std::vector<PolicyTimeline> timelines(Store& store, const Filter& filter) {
  Filter f = filter;
  f.kind = Kind::kPolicy;
  Sql where = where_of(f);
  const std::string sql =
      select_sql(f, where, "p.id, coalesce(p.country, ''), coalesce(p.title, ''), p.pk") +
      " ORDER BY p.country, CAST(p.id AS INTEGER), p.id";
  std::vector<PolicyTimeline> out;
  try {
    SQLite::Statement st(database(store), sql);
    bind_all(st, where.binds);
    SQLite::Statement tl(database(store),
                         "SELECT year, stage FROM policy_timeline WHERE policy = ? ORDER BY rowid");
    while (st.executeStep()) {
      PolicyTimeline p{st.getColumn(0).getString(),
                       st.getColumn(1).getString(),
                       st.getColumn(2).getString(),
                       {}};
      tl.reset();
      tl.bind(1, st.getColumn(3).getInt64());
      while (tl.executeStep())
        p.timeline.push_back({tl.getColumn(0).getInt(), tl.getColumn(1).getString()});
      out.push_back(std::move(p));
    }
  } catch (const SQLite::Exception& e) {
    rethrow(store, e, f);
  }
  return out;
}

}  // namespace vetq
