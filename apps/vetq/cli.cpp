#include "cli.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "store/store.h"
#include "vetq/error.h"
#include "vetq/text.h"

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

void say(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stderr) != text.size()) std::clearerr(stderr);
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

int output_width() {
  if (const int w = terminal_width(); w > 0) return w;
  const char* c = std::getenv("COLUMNS");
  return c ? std::max(0, std::atoi(c)) : 0;
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
        ->transform(one_of({"policy", "report", "section"}, "kind"))
        ->type_name("KIND");
  }
}

void add_edition_option(CLI::App* app, std::optional<std::string>& edition) {
  app->add_option("--edition", edition,
                  "Answer as of an edition ('2023 update' or 2023): each policy as its newest "
                  "stored version at or before it")
      ->type_name("EDITION");
}

CLI::Validator one_of(std::vector<std::string> names, std::string what) {
  return CLI::Validator(
      [names, what](std::string& value) -> std::string {
        for (const auto& n : names) {
          if (fold(n) == fold(value)) {
            value = n;
            return {};
          }
        }
        return fmt::format("unknown {} '{}' — choose one of {}", what, value, join(names, ", "));
      },
      "", what);
}

void add_format_option(CLI::App* app, OutputFormat& format, const std::string& help) {
  std::map<std::string, OutputFormat> names;
  std::vector<std::string> list;
  for (const auto& [n, f] : output_format_names()) {
    names[n] = f;
    list.push_back(n);
  }
  app->add_option("-f,--format", format, help)
      ->transform(CLI::CheckedTransformer(names).description(""))
      ->transform(one_of(list, "format"))
      ->type_name("FORMAT");
}

namespace {

// The options of `app` (and of the root, which a subcommand falls through to).
std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* a = &app; a; a = a->get_parent())
    for (const auto* o : a->get_options())
      for (const auto& n : o->get_lnames()) out.push_back("--" + n);
  return out;
}

const CLI::App* chosen(const CLI::App& root) {
  for (const auto* sub : root.get_subcommands()) return sub;
  return &root;
}

}  // namespace

int report_parse_error(CLI::App& root, const CLI::ParseError& e, int argc) {
  if (e.get_exit_code() == 0) return root.exit(e) == 0 ? kExitOk : kExitUsage;  // help, version
  if (argc <= 1) {  // `vetq` alone: the help, to read
    stdout_writer()(root.help());
    return kExitUsage;
  }
  const CLI::App* app = chosen(root);
  const std::string who = app == &root ? "vetq" : "vetq " + app->get_name();
  std::vector<std::string> commands;
  for (const auto* sub : root.get_subcommands({})) commands.push_back(sub->get_name());
  std::string message = e.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&e) || dynamic_cast<const CLI::RequiredError*>(&e)) {
    std::vector<std::string> extras = app->remaining();
    for (const auto& x : root.remaining()) extras.push_back(x);  // options fall through to it
    std::stable_partition(extras.begin(), extras.end(),
                          [](const std::string& x) { return x.starts_with("-"); });
    for (const auto& extra : extras) {
      if (extra.starts_with("-")) {
        const auto near = closest(extra.substr(0, extra.find('=')), option_names(*app), 1);
        message = fmt::format("unknown option '{}'{} — see '{} --help'", extra,
                              near.empty() ? "" : " (did you mean " + near.front() + "?)", who);
      } else if (app == &root) {
        const auto near = closest(extra, commands, 1);
        message = fmt::format("unknown command '{}'{} — the commands are {}", extra,
                              near.empty() ? "" : " (did you mean '" + near.front() + "'?)",
                              join(commands, ", "));
      } else {
        message = fmt::format("unexpected argument '{}' — see '{} --help'", extra, who);
      }
      break;
    }
    if (app == &root && extras.empty() && root.get_subcommands().empty())
      message = "give a command: " + join(commands, ", ") + " — see 'vetq --help'";
  }
  say(fmt::format("{}: {}\n", who, escape_controls(message)));
  return kExitUsage;
}

std::string db_path(const Global& g) { return default_db_path(g.db); }

Store open_store(const Global& g, OpenMode mode) {
  const std::string path = db_path(g);
  return Store::open(path, mode, g.busy_timeout_ms, [&](int from, int to) {
    if (!g.quiet) {
      std::fprintf(stderr,
                   "%s:0: note: upgrading the database from schema version %d to %d (once; "
                   "about two minutes per 100,000 policies)\n",
                   path.c_str(), from, to);
    }
  });
}

}  // namespace vetq::cli
