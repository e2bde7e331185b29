// Where a command's result goes: stdout, or the file of -o; and the flags of charts as files
// (--format svg|png|pdf, --width, --height, --dpi).
#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli.h"
#include "vetq/error.h"

namespace vetq::cli {

void add_output_option(CLI::App* app, std::string& path) {
  app->add_option("-o,--output", path, "Write to FILE instead of stdout")
      ->type_name("FILE")
      ->check(non_empty("output file"));
}

void add_chart_options(CLI::App* app, ChartFileArgs& a) {
  const std::string g = "Charts as files (--format svg, png or pdf)";
  app->add_option("--width", a.width, "Width in CSS pixels (default 800)")
      ->group(g)
      ->check(CLI::Range(200, 10000));
  app->add_option("--height", a.height,
                  "Height in CSS pixels (default: what the chart needs; less scales it down)")
      ->group(g)
      ->check(CLI::Range(100, 20000));
  app->add_option("--dpi", a.dpi, "PNG resolution (default 96: one pixel per CSS pixel)")
      ->group(g)
      ->check(CLI::Range(36, 1200));
}

std::optional<ImageFormat> image_format(const std::string& format, const std::string& output) {
  std::string f = format;
  if (f.empty()) {  // no --format: from the name of -o
    const auto dot = output.rfind('.');
    f = dot == std::string::npos ? "" : output.substr(dot + 1);
    for (auto& c : f) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (f == "svg") return ImageFormat::kSvg;
  if (f == "png") return ImageFormat::kPng;
  if (f == "pdf") return ImageFormat::kPdf;
  return std::nullopt;
}

OutputFormat row_format(const std::string& format) {
  for (const auto& [name, f] : output_format_names())
    if (name == format) return f;
  return OutputFormat::kTable;
}

ImageOptions image_options(ImageFormat format, const ChartFileArgs& a) {
  ImageOptions o;
  o.format = format;
  o.width = a.width;
  o.height = a.height;
  o.dpi = a.dpi;
  return o;
}

void write_result(const std::string& bytes, const std::string& path, bool binary) {
  if (path.empty() || path == "-") {
    if (binary && isatty(STDOUT_FILENO))
      throw UsageError("refusing to write a PNG or PDF to the terminal — give -o FILE");
    stdout_writer()(bytes);
    return;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f)
    throw Error(
        fmt::format("{}:0: error: cannot create the file: {} — check the directory and "
                    "its permissions",
                    path, std::strerror(errno)));
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const int err = errno;
  if (std::fclose(f) != 0 || !ok)
    throw Error(
        fmt::format("{}:0: error: cannot write the file: {} — free some space or "
                    "choose another place",
                    path, std::strerror(ok ? errno : err)));
}

}  // namespace vetq::cli
