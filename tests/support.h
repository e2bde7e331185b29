#pragma once
// Helpers shared by the doctest suites: samples from the checkout, parsed as ingest would.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "parsers/policy/policy_text.h"
#include "vetq/record.h"
#include "vetq/source.h"
#include "vetq/text.h"

namespace vetq::test {

/// `count` texts of 0 to max_pieces - 1 pieces each, drawn by a fixed linear congruential
/// generator from `seed`: the same mixes on every run, so a failure names its text.
inline std::vector<std::string> random_mixes(const std::vector<std::string>& pieces, int count,
                                             int max_pieces, std::uint32_t seed) {
  std::vector<std::string> out;
  for (int n = 0; n < count; ++n) {
    std::string t;
    seed = seed * 1664525u + 1013904223u;
    const int len = static_cast<int>((seed >> 16) % static_cast<std::uint32_t>(max_pieces));
    for (int k = 0; k < len; ++k) {
      seed = seed * 1664525u + 1013904223u;
      t += pieces[(seed >> 8) % pieces.size()];
    }
    out.push_back(std::move(t));
  }
  return out;
}

inline std::string sample_path(const std::string& name) {
  return std::string(VETQ_SOURCE_DIR) + "/samples/" + name;
}

/// A hand-made fixture under tests/fixtures/ (never in samples/: it holds invented values).
inline std::string fixture_path(const std::string& name) {
  return std::string(VETQ_SOURCE_DIR) + "/tests/fixtures/" + name;
}

/// `body` inside the main element of a minimal HTML page.
inline std::string html_page(const std::string& body) {
  return "<!DOCTYPE html>\n<html><head><title>A page</title></head>\n<body><main>\n" + body +
         "\n</main></body></html>\n";
}

/// A new directory under /tmp, removed with everything in it at the end of the scope.
struct TempDir {
  std::filesystem::path dir;
  TempDir() {
    char tmpl[] = "/tmp/vetq-test-XXXXXX";
    dir = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(dir); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// Writes `bytes` to the file `name` in it; returns its path.
  std::string write(const std::string& name, const std::string& bytes) const {
    const auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The full page of the listing fixture's item 99100: sample page 28228 under that id, so that
/// merging is tested without lending a real policy a value its page does not have.
inline std::string listed_page_text() {
  std::string text = read_file(sample_path("policy-28228-france-digital-transition.txt"));
  const auto pos = text.find("/search/28228");
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, 13, "/search/99100");
}

/// A source built from raw bytes, decoded the way ingest decodes files.
inline SourceFile source_of(const std::string& bytes, const std::string& path = "test.txt") {
  SourceFile src;
  src.path = path;
  src.bytes = bytes;
  src.sha256 = sha256_hex(bytes);
  const auto err = decode_text(src);
  REQUIRE_MESSAGE(!err, (err ? to_string(*err) : ""));
  return src;
}

struct ParsedPolicy {
  PolicyRecord policy;
  std::vector<Diagnostic> diagnostics;
  int errors = 0, warnings = 0, notes = 0;
};

inline ParsedPolicy parse_policy_bytes(const std::string& bytes,
                                       const std::string& path = "test.txt") {
  const SourceFile src = source_of(bytes, path);
  ParseResult r = parsers::parse_policy_text(src);
  ParsedPolicy out;
  out.diagnostics = r.diagnostics;
  for (const auto& d : r.diagnostics) {
    MESSAGE(to_string(d));
    if (d.severity == Severity::kError) ++out.errors;
    if (d.severity == Severity::kWarning) ++out.warnings;
    if (d.severity == Severity::kNote) ++out.notes;
  }
  if (!r.records.empty()) out.policy = std::get<PolicyRecord>(r.records.front());
  return out;
}

inline ParsedPolicy parse_policy_sample(const std::string& name) {
  ParsedPolicy p = parse_policy_bytes(read_file(sample_path(name)), "samples/" + name);
  REQUIRE_MESSAGE(!p.policy.id.empty(), "no record from " << name);
  return p;
}

}  // namespace vetq::test
