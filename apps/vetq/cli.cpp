#include "cli.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "store/store.h"
#include "vetq/error.h"

namespace vetq::cli {

namespace {

[[noreturn]] void output_failed() {
  const int e = errno;
  if (e == EPIPE) throw BrokenPipe{};
  throw Error(
      fmt::format("cannot write the output: {} — free some space, or send the output "
                  "elsewhere",
                  std::strerror(e)));
}

}  // namespace

Write stdout_writer() {
  return [](std::string_view s) {
    if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size() || std::ferror(stdout))
      output_failed();
  };
}

void flush_stdout() {
  if (std::fflush(stdout) != 0) output_failed();
}

CLI::Validator non_empty(const std::string& what) {
  return CLI::Validator(
      [what](std::string& v) {
        return v.empty() ? "an empty " + what + " — give one, or leave the option out" : "";
      },
      "");
}

bool use_color(const Global& g, int fd) {
  if (g.color == Color::kAlways) return true;
  if (g.color == Color::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(fd) != 0;
}

int terminal_width() {
  if (!isatty(STDOUT_FILENO)) return 0;
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS")) return std::atoi(c);
  return 80;
}

void add_filter_options(CLI::App* app, FilterInput& in, bool with_kind) {
  const std::string g =
      "Filters (repeat a flag or separate values with commas: OR; "
      "different flags: AND)";
  auto add = [&](const char* name, std::vector<std::string>& v, const char* help) {
    app->add_option(name, v, help)->group(g)->type_name("VALUE")->allow_extra_args(false);
  };
  add("--country", in.countries,
      "Country label or code: France, FR, Belgium-FR; Belgium = all communities");
  add("--year", in.years,
      "A year (2019) or a range (2019..2022, 2019.., ..2016): a timeline entry in it");
  add("--stage", in.stages, "Stage: Design, Pilot, Implementation, ...");
  add("--category", in.categories, "Thematic category, e.g. 'Governance' (unique prefix)");
  add("--subcategory", in.subcategories, "Thematic sub-category");
  add("--target-group", in.target_groups, "Target group, e.g. 'Adult learners'");
  add("--audience", in.audiences,
      "Audience: Learners, Education professionals, Entities providing VET");
  add("--type", in.types, "Type of development: Strategy/Action plan, Regulation/Legislation, ...");
  add("--subsystem", in.subsystems, "IVET or CVET");
  add("--priority", in.priorities, "EU priority (VET Recommendation, Osnabrück Declaration item)");
  add("--body", in.bodies, "Responsible body");
  add("--id", in.ids, "Record id");
  app->add_option("--text", in.text, "Full-text search (words as written; bm25-ranked)")
      ->group(g)
      ->type_name("WORDS");
  app->add_flag("--raw", in.raw_text,
                "Pass --text to SQLite FTS5 as query syntax (AND, OR, NEAR, prefix*)")
      ->group(g);
  if (with_kind) {
    app->add_option("--kind", in.kind, "What to list: policy (default), report or section")
        ->group(g)
        ->check(CLI::IsMember({"policy", "report", "section"}, CLI::ignore_case))
        ->type_name("KIND");
  }
}

void add_format_option(CLI::App* app, OutputFormat& format, const std::string& help) {
  std::map<std::string, OutputFormat> names;
  for (const auto& [n, f] : output_format_names()) names[n] = f;
  app->add_option("-f,--format", format, help)
      ->transform(CLI::CheckedTransformer(names, CLI::ignore_case).description(""))
      ->type_name("FORMAT");
}

std::string db_path(const Global& g) { return default_db_path(g.db); }

Store open_store(const Global& g, OpenMode mode) {
  const std::string path = db_path(g);
  return Store::open(path, mode, g.busy_timeout_ms, [&](int from, int to) {
    if (!g.quiet) {
      std::fprintf(stderr,
                   "%s:0: note: upgrading the database from schema version %d to %d (once; "
                   "under a minute per 100,000 policies)\n",
                   path.c_str(), from, to);
    }
  });
}

}  // namespace vetq::cli
