#include "parsers/registry.h"

#include "parsers/policy_text.h"

namespace vetq::parsers {

namespace {

constexpr Format kFormats[] = {
    // name          summary                                               binary sniff parse
    {"policy-text", "Cedefop timeline policy page, copied as text", false, sniff_policy_text,
     parse_policy_text},
};

}  // namespace

std::span<const Format> all_formats() { return kFormats; }

const Format* find_format(std::string_view name) {
  for (const Format& f : kFormats)
    if (f.name == name) return &f;
  return nullptr;
}

const Format* detect(const SourceFile& src) {
  const Format* best = nullptr;
  int best_score = 0;
  for (const Format& f : kFormats) {
    const int score = f.sniff(src);
    if (score > best_score) {
      best = &f;
      best_score = score;
    }
  }
  return best;
}

}  // namespace vetq::parsers
