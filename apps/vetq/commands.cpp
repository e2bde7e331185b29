// The list of vetq's commands, and building only the one that runs: CLI11 spends most of the
// start-up building options (every new option's names are checked against all the others),
// and a command line runs one command.
#include <algorithm>
#include <memory>
#include <optional>
#include <string_view>

#include "cli.h"

namespace vetq::cli {

namespace {

struct Entry {
  const char* name;
  const char* description;  // as `vetq --help` lists it
  Command (*add)(CLI::App* cmd, const Global& g);
};

// In the order `vetq --help` lists them.
constexpr Entry kCommands[] = {
    {"ingest", "Read source files into the database", add_ingest},
    {"validate", "Parse files and print every diagnostic; write nothing", add_validate},
    {"query", "List the records that match filters", add_query},
    {"show", "Print one full record with its provenance and history", add_show},
    {"stats", "Count records by one or two dimensions", add_stats},
    {"facets", "List the distinct values of a dimension, with counts", add_facets},
    {"timeline", "Chart policies by year and stage in the terminal, or as a Gantt chart",
     add_timeline},
    {"brief", "Write the matching records as one self-contained HTML page, with charts", add_brief},
    {"export", "Print full records that match filters (no limit)", add_export},
    {"diff", "Show what changed in a policy between two stored versions (editions)", add_diff},
    {"changes", "List what changed in the corpus between two editions of the timeline",
     add_changes},
    {"related",
     "For a report (section), the policies that bear on it; for a policy, the report sections "
     "that discuss it",
     add_related},
    {"schema", "Print the JSON Schema of the records show and export print", add_schema},
    {"formats", "List the source formats vetq reads", add_formats},
    {"completions", "Print a shell completion script", add_completions},
};

// The first argument that is neither an option of the root nor its value, read as CLI11 reads
// it: an option that takes a value takes the next argument whatever it is (`--db query` is a
// path), flags take none. "" when there is no such argument (`vetq --version`): CLI11 then
// selects no command. nullopt when CLI11 could select another one than the first: after `--`,
// grouped flags (-qv), `--db=` (which takes the next argument), `--quiet=1` or an option the
// root does not have.
std::optional<std::string_view> first_command_word(const CLI::App& root, int argc,
                                                   const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!arg.starts_with('-')) return arg;
    const std::size_t eq = arg.find('=');
    const std::string name(arg.substr(0, eq));
    if (name.size() < 2 || name == "--") return std::nullopt;
    const CLI::Option* o = root.get_option_no_throw(name);
    if (!o) return std::nullopt;
    const int values = o->get_items_expected_max();
    if (values != 0 && (values != 1 || o->get_items_expected_min() != 1)) return std::nullopt;
    if (eq == std::string_view::npos) {
      i += values;  // --db PATH
    } else if (values == 0 || eq + 1 == arg.size()) {
      return std::nullopt;
    }
  }
  return "";
}

// A command that `vetq --help` lists but that does not run: a name and a description, without
// the help flag CLI11 gives each subcommand it makes (most of what making one costs). It is
// never selected (command_to_build), so nothing else of a subcommand is needed.
class Listed : public CLI::App {
 public:
  Listed(const char* name, const char* description) : CLI::App(description, name, nullptr) {}
};

// The command to build: "" none, a name that one, nullopt every command.
std::optional<std::string_view> command_to_build(const CLI::App& root, int argc,
                                                 const char* const* argv) {
  const auto word = first_command_word(root, argc, argv);
  if (!word || word->empty()) return word;
  const bool known = std::any_of(std::begin(kCommands), std::end(kCommands),
                                 [&](const Entry& e) { return e.name == *word; });
  if (!known || *word == "completions") return std::nullopt;  // an unknown word: CLI11 goes on
  return word;
}

}  // namespace

std::vector<Command> add_commands(CLI::App& root, const Global& g, int argc,
                                  const char* const* argv) {
  const auto build = command_to_build(root, argc, argv);
  std::vector<Command> out;
  for (const Entry& e : kCommands) {
    if (!build || *build == e.name) {
      out.push_back(e.add(root.add_subcommand(e.name, e.description), g));
    } else {
      out.push_back({root.add_subcommand(std::make_shared<Listed>(e.name, e.description)), {}});
    }
  }
  return out;
}

}  // namespace vetq::cli
