// vetq show: one full record as stored.
#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "cli.h"
#include "output/record_text.h"
#include "output/record_writer.h"
#include "query/editions.h"
#include "query/query.h"
#include "vetq/error.h"
#include "vetq/json.h"

namespace vetq::cli {

namespace {

// The width of the page: the terminal's, else $COLUMNS, else 80.
int page_width() {
  const int w = output_width();
  return w > 0 ? w : 80;
}

// On a terminal, through $PAGER (else `less -FRX`: quits at once when the page fits, keeps
// it on the screen); elsewhere, or when the pager cannot start, to stdout.
void page(const std::string& text, bool pager) {
  const char* env = std::getenv("PAGER");
  const std::string command = env && *env ? env : "less -FRX";
  if (pager && isatty(STDOUT_FILENO) && command != "cat") {
    std::fflush(stdout);
    if (std::FILE* p = popen(command.c_str(), "w")) {
      std::signal(SIGPIPE, SIG_IGN);  // the reader may quit before the end
      std::fwrite(text.data(), 1, text.size(), p);
      pclose(p);
      return;
    }
  }
  stdout_writer()(text);
}

}  // namespace

Command add_show(CLI::App* cmd, const Global& g) {
  struct Args {
    std::string id, format = "text";
    bool no_pager = false;
    std::optional<std::string> edition;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("id", a->id, "Policy or report id")->required();
  cmd->add_option("-f,--format", a->format, "text (default: a page for people) or json")
      ->transform(one_of({"text", "json"}, "format"));
  cmd->add_flag("--no-pager", a->no_pager, "Print the page without a pager on a terminal");
  add_edition_option(cmd, a->edition);
  cmd->footer(R"(
The text form wraps to the terminal (else $COLUMNS, else 80 columns) and goes through
$PAGER (else 'less -FRX') on a terminal.

Examples:
  vetq show 28238
  vetq show 28238 --no-pager | grep -A3 'Responsible bodies'
  vetq show 28238 --edition 2023        the policy as the 2023 update published it
  vetq show 28238 --format json | jq '.timeline[] | select(.stage == "Implementation") | .year'

Exit codes: 0 found, 1 no record with this id (or a failure), 2 usage error.)");
  return {cmd, [a, &g] {
            Store store = open_store(g, OpenMode::kRead);
            apply_edition(store, a->edition, false);
            auto r = store.get(a->id);
            if (!r && a->edition) {
              throw Error(
                  fmt::format("{}: no policy or report with id '{}' as of --edition '{}' "
                              "— 'vetq diff {}' lists its versions",
                              store.path(), a->id, *a->edition, a->id));
            }
            if (!r) {
              throw Error(
                  fmt::format("{}: no policy or report with id '{}' — list ids with "
                              "'vetq query'",
                              store.path(), a->id));
            }
            if (a->format == "text") {
              page(record_text(published_record(*r), page_width()), !a->no_pager);
              return kExitOk;
            }
            auto out = make_record_writer(RecordFormat::kJsonObject, stdout_writer());
            out->record(published_record(*r));
            out->end();
            return kExitOk;
          }};
}

}  // namespace vetq::cli
