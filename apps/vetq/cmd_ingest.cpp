// vetq ingest / vetq validate: wiring of lib/ingest.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "cli.h"
#include "ingest/ingest.h"
#include "vetq/error.h"
#include "vetq/source.h"

namespace vetq::cli {

namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  IngestOptions options;
};

// What one file may cost: beyond a limit, the file fails alone with an error naming the
// option (README, "Importing safely").
void add_limit_options(CLI::App* cmd, InputLimits& l) {
  const std::string g = "Limits per file (a file beyond one fails alone, naming the option)";
  const CLI::Validator size_check(
      [](std::string& v) {
        return parse_size(v) ? std::string() : "expected a size such as 16M, 512K or 1G";
      },
      "");
  cmd->add_option_function<std::string>(
         "--max-file-size", [&l](const std::string& v) { l.max_file_size = *parse_size(v); },
         "Largest file to read, in bytes or with K, M, G (default 16M)")
      ->check(size_check)
      ->type_name("SIZE")
      ->group(g);
  cmd->add_option("--max-pdf-pages", l.max_pdf_pages, "Most pages of a PDF (default 500)")
      ->check(CLI::PositiveNumber)
      ->type_name("N")
      ->group(g);
  cmd->add_option("--max-html-depth", l.max_html_depth,
                  "Deepest nesting of HTML elements (default 512)")
      ->check(CLI::PositiveNumber)
      ->type_name("N")
      ->group(g);
  cmd->add_option("--max-html-nodes", l.max_html_nodes,
                  "Most elements, attributes and comments in a page (default 250000)")
      ->check(CLI::PositiveNumber)
      ->type_name("N")
      ->group(g);
  cmd->add_option("--max-html-attributes", l.max_html_attributes,
                  "Most attributes on one HTML element (default 1000)")
      ->check(CLI::PositiveNumber)
      ->type_name("N")
      ->group(g);
}

void add_source_options(CLI::App* cmd, IngestArgs& a) {
  cmd->add_option("paths", a.paths, "Files, directories (recursive), glob patterns, or - for stdin")
      ->required()
      ->type_name("PATH");
  cmd->add_option("--format", a.options.format,
                  "Read every file as this format (see 'vetq formats'); needed for - (stdin)")
      ->type_name("NAME");
  cmd->add_option("--include", a.options.include,
                  "Only files whose base name or path under their directory or glob argument "
                  "matches GLOB; GLOB/ matches a directory on that path")
      ->type_name("GLOB");
  cmd->add_option("--exclude", a.options.exclude,
                  "Skip files whose base name or path under their directory or glob argument "
                  "matches GLOB ('*draft*'); GLOB/ skips a directory ('draft/')")
      ->type_name("GLOB");
  cmd->add_option("--name", a.options.stdin_name,
                  "The source path to record for - (stdin), e.g. the URL (default '-')")
      ->type_name("PATH");
  add_limit_options(cmd, a.options.limits);
}

// Diagnostics on stderr: errors and warnings always (unless --quiet drops warnings), notes
// with --verbose.
std::function<void(const Diagnostic&)> diagnostic_printer(const Global& g) {
  const bool tty = isatty(STDERR_FILENO) != 0;  // a progress line may need erasing first
  return [&g, tty](const Diagnostic& d) {
    if (d.severity == Severity::kNote && g.verbose == 0) return;
    if (d.severity == Severity::kWarning && g.quiet) return;
    say(fmt::format("{}{}\n", tty ? "\r\x1b[K" : "", to_string(d)));
  };
}

}  // namespace

Command add_ingest(CLI::App* cmd, const Global& g) {
  auto a = std::make_shared<IngestArgs>();
  add_source_options(cmd, *a);
  cmd->add_flag("-n,--dry-run", a->options.dry_run, "Parse and report; write nothing");
  cmd->add_flag("--strict", a->options.strict, "Any failed file rolls back the whole run");
  cmd->add_flag("--force", a->options.force,
                "Make each page current even when it is an older edition or a broken copy");
  cmd->add_option("--batch", a->options.batch_files, "Files per transaction (default 256)")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--jobs", a->options.workers, "Parsing threads (default: one per core)")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
  cmd->footer(R"(
Unchanged files (same SHA-256) are skipped. A changed page replaces its policy and the old
version is kept in history ('vetq show ID'). The current record is the newest edition (the
edition label, then the citation year, then the time of ingest): an older edition, or a copy
that lost most of the current record's sections, is kept as a version with a warning, and
--force makes it current. Each batch of files is one transaction.
A file that cannot be read or parsed, or is beyond a limit above (16 MiB, 500 PDF pages,
HTML nested 512 deep, 250,000 HTML nodes, 1000 attributes on an element), or exhausts the
memory, fails alone: its error names the file and the option to raise; the rest lands.
Diagnostics read path:line: severity: message (line 0: the whole file).
--include and --exclude apply to the files found in a directory or by a glob pattern: each
is matched on its base name and on its path relative to that argument (pages/fr/a.txt from
pages/ is fr/a.txt; * also matches /). A pattern ending in / matches a directory on that
path. Files named one by one are always read. A pattern that matches no file is a warning.

Examples:
  vetq ingest samples/
  vetq ingest 'pages/*.txt' --exclude '*draft*'
  vetq ingest pages/ --exclude draft/       skip every directory named draft
  curl -s URL | vetq ingest - --format policy-html --name URL
  vetq ingest --dry-run new-edition/        check before writing

Exit codes: 0 all files ingested or unchanged, 1 some file failed (the rest landed),
            2 usage error.)");
  return {cmd, [a, &g] {
            const auto start = std::chrono::steady_clock::now();
            std::optional<Store> store;
            if (!a->options.dry_run) store = open_store(g, OpenMode::kReadWrite);
            const bool tty = isatty(STDERR_FILENO) && !g.quiet;
            auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
            IngestEvents events;
            events.diagnostic = diagnostic_printer(g);
            events.progress = [&](const IngestSummary& s, int total) {
              if (!tty) return;
              const auto now = std::chrono::steady_clock::now();
              if (now - last < std::chrono::milliseconds(100) && s.files != total) return;
              last = now;
              const double secs = std::chrono::duration<double>(now - start).count();
              say(fmt::format("\r\x1b[K{}/{} files, {} records, {} failed, {:.0f} files/s", s.files,
                              total, s.records, s.failed, secs > 0 ? s.files / secs : 0.0));
            };
            const IngestSummary s = ingest(store ? &*store : nullptr, a->paths, a->options, events);
            if (tty) say("\r\x1b[K");
            const double secs =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (!g.quiet || s.failed > 0) {
              std::string skipped;
              if (s.skipped > 0) {
                skipped = fmt::format(", skipped {} of no known format{}", s.skipped,
                                      g.verbose ? "" : " (-v names them)");
              }
              say(fmt::format(
                  "{}{} {}, unchanged {}, failed {}{}, {} records, in {:.2f} s{}\n",
                  a->options.dry_run ? "dry run: " : "", a->options.dry_run ? "parsed" : "ingested",
                  s.ingested, s.unchanged, s.failed, skipped, s.records, secs,
                  s.rolled_back ? " — --strict: rolled back, nothing was written" : ""));
            }
            return s.failed > 0 ? kExitFailure : kExitOk;
          }};
}

Command add_validate(CLI::App* cmd, const Global& g) {
  auto a = std::make_shared<IngestArgs>();
  add_source_options(cmd, *a);
  cmd->footer(R"(
Prints path:line: severity: message for each problem (notes too), then a summary.

Examples:
  vetq validate samples/
  vetq validate page.txt && vetq ingest page.txt

Exit codes: 0 no errors (warnings allowed), 1 some file has an error, 2 usage error.)");
  return {cmd, [a, &g] {
            a->options.dry_run = true;
            IngestEvents events;
            events.diagnostic = [](const Diagnostic& d) { say(to_string(d) + "\n"); };
            const IngestSummary s = ingest(nullptr, a->paths, a->options, events);
            if (!g.quiet) {
              say(fmt::format("validated {} files: {} records, {} failed, {} warnings\n", s.files,
                              s.records, s.failed, s.warnings));
            }
            return s.failed > 0 ? kExitFailure : kExitOk;
          }};
}

}  // namespace vetq::cli
