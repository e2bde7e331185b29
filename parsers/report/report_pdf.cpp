#include "parsers/report/report_pdf.h"

#include "vetq/source.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>

#include "parsers/report/pdf_layout.h"
#include "parsers/report/pdf_module.h"
#include "parsers/report/report_text.h"
#include "vetq/module.h"
#include "vetq/text.h"

namespace vetq::parsers {

namespace {

// The poppler module (pdf_module.h), opened on first use (vetq/module.h).
struct PdfModule {
  vetq_pdf_words_fn words = nullptr;
  std::string error;
};

const PdfModule& pdf_module() {
  static const PdfModule module = [] {
    PdfModule m;
    const ModuleLocation where{"libvetq_pdf.so", VETQ_PDF_MODULE_FROM_BIN, VETQ_PDF_MODULE};
    m.words =
        reinterpret_cast<vetq_pdf_words_fn>(module_symbol(where, kVetqPdfWordsSymbol, &m.error));
    if (!m.words)
      m.error = fmt::format(
          "PDF support (libvetq_pdf.so) cannot be loaded: {} — reinstall vetq "
          "with its PDF module, or extract the text with pdftotext and ingest "
          "the .txt",
          m.error);
    return m;
  }();
  return module;
}

void page_start(void* context, double width, double height) {
  auto& pages = *static_cast<std::vector<report::PdfPage>*>(context);
  pages.push_back({width, height, {}});
}

void add_word(void* context, const vetq_pdf_word* w) {
  auto& pages = *static_cast<std::vector<report::PdfPage>*>(context);
  if (pages.empty()) return;
  report::PdfWord word;
  word.text.assign(w->text, w->text_size);
  word.font.assign(w->font, w->font_name_size);
  word.x0 = w->x0;
  word.y0 = w->y0;
  word.x1 = w->x1;
  word.y1 = w->y1;
  word.size = w->font_size;
  word.space_after = w->space_after != 0;
  word.rotation = w->rotation;
  pages.back().words.push_back(std::move(word));
}

}  // namespace

int sniff_report_pdf(const SourceFile& src) { return src.bytes.starts_with("%PDF-") ? 100 : 0; }

std::vector<report::PdfPage> read_pdf_words(const SourceFile& src,
                                            std::optional<Diagnostic>& error) {
  std::vector<report::PdfPage> pages;
  auto fail = [&](std::string message) {
    error = Diagnostic{Severity::kError, src.path, 0, std::move(message)};
    return std::vector<report::PdfPage>{};
  };
  if (src.bytes.starts_with(std::string_view("PK\x03\x04", 4)))
    return fail("a ZIP archive (a .docx?), not a PDF — read it as report-docx, or check the file");
  if (!src.bytes.starts_with("%PDF-"))
    return fail("not a PDF (no '%PDF-' header) — read it as text, or check the file");
  const PdfModule& module = pdf_module();
  if (!module.words) return fail(module.error);
  // Ingest parses on several threads; poppler keeps global state, so one PDF at a time.
  static std::mutex poppler_mutex;
  int rc = 0, page_count = 0;
  const int max_pages = input_limits().max_pdf_pages;
  {
    std::lock_guard lock(poppler_mutex);
    rc = module.words(src.bytes.data(), src.bytes.size(), max_pages, &page_count, page_start,
                      add_word, &pages);
  }
  if (rc == 3)
    return fail(
        fmt::format("the PDF has {} pages, more than --max-pdf-pages ({}) — raise "
                    "--max-pdf-pages if it is a real report",
                    page_count, max_pages));
  if (rc == 1) return fail("the PDF cannot be opened (damaged or truncated) — export it again");
  if (rc == 2)
    return fail(
        "the PDF is encrypted — save an unprotected copy, or extract its text with "
        "pdftotext and ingest the .txt");
  const bool text = std::any_of(pages.begin(), pages.end(), [](const auto& p) {
    return std::any_of(p.words.begin(), p.words.end(),
                       [](const auto& w) { return !trim(w.text).empty(); });
  });
  if (!text)
    return fail("the PDF has no text layer (a scan?) — run OCR on it first, e.g. ocrmypdf");
  return pages;
}

ParseResult parse_report_pdf(const SourceFile& src) {
  std::optional<Diagnostic> error;
  const std::vector<report::PdfPage> pages = read_pdf_words(src, error);
  if (error) {
    ParseResult bad;
    bad.diagnostics.push_back(*error);
    return bad;
  }
  return parse_report_layout(src, report::layout_from_pdf(src, pages), "report-pdf");
}

}  // namespace vetq::parsers
