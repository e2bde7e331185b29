// libvetq_pdf.so: poppler-cpp's words with their geometry and fonts behind a C function (see
// pdf_module.h). No layout decisions here: they are made in pdf_layout.cpp.
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

extern "C" __attribute__((visibility("default"))) int vetq_pdf_words_v2(
    const char* data, std::size_t size, int max_pages, int* page_count,
    vetq_pdf_page_start_fn page_start, vetq_pdf_word_fn word, void* context) {
  static const bool silenced = [] {
    poppler::set_debug_error_function(drop_poppler_message, nullptr);
    return true;
  }();
  (void)silenced;
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(data, static_cast<int>(size)));
  if (!doc) return 1;
  if (doc->is_locked()) return 2;
  *page_count = doc->pages();
  if (doc->pages() > max_pages) return 3;  // checked before any text is laid out
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> p(doc->create_page(i));
    if (!p) continue;
    const poppler::rectf r = p->page_rect();
    page_start(context, r.width(), r.height());
    for (const poppler::text_box& box : p->text_list(poppler::page::text_list_include_font)) {
      const std::vector<char> text = box.text().to_utf8();
      const std::string font = box.has_font_info() ? box.get_font_name() : std::string();
      const poppler::rectf b = box.bbox();
      const vetq_pdf_word w{text.data(),
                            text.size(),
                            font.data(),
                            font.size(),
                            b.left(),
                            b.top(),
                            b.right(),
                            b.bottom(),
                            box.get_font_size(),
                            box.has_space_after() ? 1 : 0,
                            box.rotation()};
      word(context, &w);
    }
  }
  return 0;
}
