// A record made ready for the store on any thread: its JSON document serialised and hashed,
// and a policy's facet, timeline and full-text rows, the full text tokenised. Reads no
// database.
#include "store/prepare.h"

#include "store/facets.h"
#include "vetq/text.h"

namespace vetq {

namespace {

// The text the full-text index holds for a policy's body: exactly what the policy_search
// view (schemas/migrations/0002_policy_doc.sql) gives for the stored document, as FTS5 reads
// that view for snippets and 'rebuild' (tests/lib/store_test.cpp compares the two).
std::string search_body(const PolicyRecord& p) {
  std::string out = p.background.value_or("");
  out += '\n';
  out += p.objectives.value_or("");
  out += '\n';
  out += p.description.value_or("");
  out += '\n';
  for (std::size_t i = 0; i < p.bodies.size(); ++i) {
    if (i) out += '\n';
    out += p.bodies[i].name;
  }
  return out;
}

}  // namespace

// The facet, timeline and full-text rows of a policy, as the statements of put_policy bind
// them.
PolicyRows policy_rows(const PolicyRecord& p) {
  using namespace facets;
  Rows rows;
  auto facet = [&](const char* dim, const std::string& value,
                   const std::optional<std::string>& parent = {}) { rows.add(dim, value, parent); };
  for (const auto& t : p.timeline) {
    facet(kYear, std::to_string(t.year));
    facet(kStage, t.stage);
  }
  if (p.country) facet(kCountry, *p.country, p.country_code);
  if (p.type) facet(kType, *p.type);
  for (const auto& x : p.subsystem) facet(kSubsystem, x);
  for (const auto& g : p.target_groups) {
    facet(kAudience, g.audience);
    facet(kTargetGroup, g.group, g.audience);
  }
  for (const auto& c : p.categories) {
    facet(kCategory, c.category);
    if (c.subcategory) facet(kSubcategory, *c.subcategory, c.category);
  }
  for (const auto& x : p.priorities) {
    facet(kFramework, x.framework);
    facet(kPriority, x.item, x.framework);
  }
  for (const auto& b : p.bodies) facet(kBody, b.name);
  PolicyRows out;
  out.facets = rows.take();
  out.timeline = p.timeline;
  out.search_body = search_body(p);
  return out;
}

DocText doc_text(const Json& doc) {
  DocText out;
  // to_json puts "source" last: serialise once, and hash the text without that field.
  if (doc.size() > 1 && (--doc.end()).key() == "source") {
    out.text = dump(doc);
    const std::string tail = ",\"source\":" + dump(doc.back()) + "}";
    if (out.text.ends_with(tail)) {
      out.hash = sha256_hex(out.text.substr(0, out.text.size() - tail.size()) + "}");
      return out;
    }
  }
  // Otherwise: every field but "source", then "source" appended.
  Json content = Json::object();
  for (const auto& [k, v] : doc.items())
    if (k != "source") content[k] = v;
  out.text = dump(content);
  out.hash = sha256_hex(out.text);
  if (auto it = doc.find("source"); it != doc.end()) {
    out.text.pop_back();  // '}'
    out.text += ",\"source\":" + dump(*it) + "}";
  }
  return out;
}

PreparedRecord prepare_record(Record record) {
  PreparedRecord out;
  out.record = std::move(record);
  if (const auto* p = std::get_if<PolicyRecord>(&out.record)) {
    // Written straight from the record (no Json tree): the same text as doc_text gives.
    std::size_t content_end = 0;
    out.text = policy_json_text(*p, &content_end);
    std::string content = out.text.substr(0, content_end);
    content += '}';
    out.hash = sha256_hex(content);
  } else {
    DocText t = doc_text(to_json(out.record));
    out.text = std::move(t.text);
    out.hash = std::move(t.hash);
  }
  if (const auto* p = std::get_if<PolicyRecord>(&out.record)) {
    out.rows = policy_rows(*p);
    out.fts_tokens = pre_tokenize(p->title, out.rows.search_body);
    out.facts = page_facts(*p);
  }
  return out;
}

}  // namespace vetq
