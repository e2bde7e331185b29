// libvetq_pdf.so: poppler-cpp text extraction behind a C function (see pdf_module.h).
#include "parsers/report/pdf_module.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <memory>
#include <string>
#include <vector>

namespace {

// Poppler prints its complaints about damaged files to stderr unless told otherwise; vetq's
// parsers never print.
void drop_poppler_message(const std::string&, void*) {}

}  // namespace

extern "C" __attribute__((visibility("default"))) int vetq_pdf_pages_v2(
    const char* data, std::size_t size, int max_pages, int* page_count, vetq_pdf_page_fn page,
    void* context) {
  static const bool silenced = [] {
    poppler::set_debug_error_function(drop_poppler_message, nullptr);
    return true;
  }();
  (void)silenced;
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(data, static_cast<int>(size)));
  if (!doc) return 1;
  if (doc->is_locked()) return 2;
  // The page count comes from the document's page tree, before any page is read: a PDF of
  // 50,000 pages would otherwise take minutes and gigabytes.
  const int pages = doc->pages();
  *page_count = pages;
  if (pages > max_pages) return 3;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> p(doc->create_page(i));
    if (!p) continue;
    const std::vector<char> utf8 =
        p->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
    page(context, utf8.data(), utf8.size());
  }
  return 0;
}
