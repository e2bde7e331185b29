// vetq: ingest Cedefop VET policy pages and regional reports into SQLite, then query them.
// This file only wires: options -> subcommand -> exit code.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>

#include "cli.h"
#include "vetq/error.h"
#include "vetq/text.h"

namespace {

constexpr const char* kFooter = R"(
Examples:
  vetq ingest samples/                      read every page and report under samples/
  vetq query --country France               the French policies as a table
  vetq query --year 2019 --target-group 'Adult learners' --format json
  vetq show 28238 --format json             one full record
  vetq stats --by category --country FR     a bar chart of thematic categories

Database: --db PATH, else $VETQ_DB, else $XDG_DATA_HOME/vetq/vetq.db
          (~/.local/share/vetq/vetq.db).
Exit codes: 0 success (an empty result too), 1 failure (or an ingest with failed files),
            2 usage error (bad flag, unknown or ambiguous filter value).)";

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE, handled in stdout_writer()
  std::signal(SIGXFSZ, SIG_IGN);  // so does a file size limit (EFBIG), as an error
  using vetq::cli::Color;
  CLI::App app{"vetq: ingest Cedefop VET policy pages and regional reports, then query them",
               "vetq"};
  app.set_version_flag("--version", "vetq 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(kFooter);
  vetq::cli::Global g;
  app.add_option("--db", g.db, "SQLite database (default: $VETQ_DB or ~/.local/share/vetq/vetq.db)")
      ->type_name("PATH")
      ->check(vetq::cli::non_empty("database path"));
  const std::map<std::string, Color> colors = {
      {"auto", Color::kAuto}, {"always", Color::kAlways}, {"never", Color::kNever}};
  app.add_option("--color", g.color, "Colour: auto (a terminal and no NO_COLOR), always, never")
      ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case).description(""))
      ->type_name("WHEN");
  app.add_option("--busy-timeout", g.busy_timeout_ms,
                 "Milliseconds to wait while another vetq writes (default 5000)")
      ->type_name("MS")
      ->check(CLI::Range(0, 3600000));
  app.add_flag("-q,--quiet", g.quiet, "Only errors on stderr");
  app.add_flag("-v,--verbose", g.verbose, "More detail on stderr (notes, per-file decisions)");

  const std::vector<vetq::cli::Command> commands = vetq::cli::add_commands(app, g, argc, argv);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 numbers its errors from 100; vetq promises 0 for help/version and 2 for usage.
    return vetq::cli::report_parse_error(app, e, argc);
  }
  try {
    for (const auto& c : commands) {
      if (c.app->parsed()) {
        const int rc = c.run();
        vetq::cli::flush_stdout();
        return rc;
      }
    }
  } catch (const vetq::cli::BrokenPipe&) {
    return vetq::kExitOk;
  } catch (const vetq::UsageError& e) {
    vetq::cli::say(fmt::format("vetq: {}\n", vetq::escape_controls(e.what())));
    return vetq::kExitUsage;
  } catch (const vetq::Error& e) {
    vetq::cli::say(fmt::format("vetq: {}\n", vetq::escape_controls(e.what())));
    return vetq::kExitFailure;
  } catch (const std::exception& e) {
    vetq::cli::say(fmt::format(
        "vetq: internal error: {} — please report this with the command line\n", e.what()));
    return vetq::kExitFailure;
  }
  return vetq::kExitUsage;
}
