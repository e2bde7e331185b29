#pragma once
// Wiring shared by the subcommands: global options, output to stdout, filter flags.
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "output/draw.h"
#include "output/sink.h"
#include "query/resolve.h"
#include "store/store.h"

namespace vetq::cli {

enum class Color { kAuto, kAlways, kNever };

/// Options of the root command, visible to every subcommand.
struct Global {
  std::string db;  // --db ("" = VETQ_DB or the XDG default)
  Color color = Color::kAuto;
  bool quiet = false;
  int verbose = 0;
  int busy_timeout_ms = 5000;  // --busy-timeout: how long to wait for another writer
};

/// A subcommand: its CLI11 app and what runs when it was chosen.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};

/// The subcommands, each filling in its CLI11 app (made by add_commands, which names and
/// describes it): options, help footer, and what runs.
Command add_ingest(CLI::App* cmd, const Global& g);
Command add_validate(CLI::App* cmd, const Global& g);
Command add_query(CLI::App* cmd, const Global& g);
Command add_show(CLI::App* cmd, const Global& g);
Command add_stats(CLI::App* cmd, const Global& g);
Command add_facets(CLI::App* cmd, const Global& g);
Command add_timeline(CLI::App* cmd, const Global& g);
Command add_brief(CLI::App* cmd, const Global& g);
Command add_export(CLI::App* cmd, const Global& g);
Command add_diff(CLI::App* cmd, const Global& g);
Command add_changes(CLI::App* cmd, const Global& g);
Command add_related(CLI::App* cmd, const Global& g);
Command add_schema(CLI::App* cmd, const Global& g);
Command add_formats(CLI::App* cmd, const Global& g);
/// vetq completions SHELL: reads the commands and options of the root when it runs, so it
/// needs every command built.
Command add_completions(CLI::App* cmd, const Global& g);

/// Adds every subcommand to `root`, in the order `vetq --help` lists them. Only the command
/// that `argv` names gets its options and action; the others get their name and description
/// (all `vetq --help` and CLI11's errors show of them). When the command cannot be told from
/// argv before parsing, or it is `completions`, every command is built.
std::vector<Command> add_commands(CLI::App& root, const Global& g, int argc,
                                  const char* const* argv);

/// Writes to stdout; a closed pipe ends the program quietly (see BrokenPipe), any other
/// failure (a full disk) throws vetq::Error "cannot write the output: <reason>".
Write stdout_writer();
/// Flushes stdout, failing as stdout_writer() does.
void flush_stdout();
/// Writes text for people to stderr. A stderr that cannot be written (2>/dev/full, a closed
/// terminal) loses the text but never stops the command: an ingest still lands its files and
/// the exit status still tells.
void say(std::string_view text);
/// Refuses an empty option value (--db "").
CLI::Validator non_empty(const std::string& what);
/// Thrown by stdout_writer() when the reader went away (EPIPE): main exits 0.
struct BrokenPipe {};

/// Whether to colour a stream (fd 1 or 2): --color, NO_COLOR, TERM=dumb, isatty.
bool use_color(const Global& g, int fd);
/// Terminal width of stdout, or 0 when it is not a terminal.
int terminal_width();
/// The width tables and text charts fit: the terminal's; for a pipe or file, $COLUMNS when
/// set; else 0 (no limit).
int output_width();

/// Adds the filter flags (--country, --year, ...) shared by query, stats, timeline, export.
void add_filter_options(CLI::App* app, FilterInput& in, bool with_kind = true);

/// Adds --edition (answers as of an edition of the timeline); `edition` receives the value.
void add_edition_option(CLI::App* app, std::optional<std::string>& edition);

/// Adds --format with the given choices; `format` receives the value.
void add_format_option(CLI::App* app, OutputFormat& format, const std::string& help);

/// A validator that accepts one of `names` (folded) and otherwise names them all:
/// "unknown format 'xml' — choose one of table, json, ndjson, csv, tsv".
CLI::Validator one_of(std::vector<std::string> names, std::string what);

/// Prints a command-line error in vetq's words (an unknown option with the closest one, an
/// unknown command with the list, `vetq` alone the help) and returns the exit code.
int report_parse_error(CLI::App& root, const CLI::ParseError& e, int argc);

/// -o FILE: where the result goes ("" or "-": stdout).
void add_output_option(CLI::App* app, std::string& path);

/// The size flags of charts as files.
struct ChartFileArgs {
  int width = 0;
  int height = 0;
  int dpi = 96;
};
void add_chart_options(CLI::App* app, ChartFileArgs& args);
/// svg, png or pdf: from --format, else (no --format) from the name of -o; else nullopt.
std::optional<ImageFormat> image_format(const std::string& format, const std::string& output);
/// A --format name of the row formats (table, json, ndjson, csv, tsv).
OutputFormat row_format(const std::string& format);
ImageOptions image_options(ImageFormat format, const ChartFileArgs& args);
/// Writes the result to `path`, or to stdout for "" and "-" (`binary`: never to a terminal).
void write_result(const std::string& bytes, const std::string& path, bool binary);

/// The database path from --db, VETQ_DB or the XDG default.
std::string db_path(const Global& g);

/// Opens the database at db_path(g) with the global busy timeout.
Store open_store(const Global& g, OpenMode mode);

}  // namespace vetq::cli
