#pragma once
// The boundary between vetq and poppler-cpp. poppler and the two dozen libraries it needs are
// loaded only when a PDF is read: they live in the module libvetq_pdf.so (pdf_module.cpp),
// which report_pdf.cpp opens with dlopen() on first use. Every other command starts without
// them (see bench/RESULTS.md: process start-up is most of a small query's time).
// The module hands over plain data, the words of each page with their geometry and font; the
// layout is recovered from them in the parser library (pdf_layout.h), where it is tested.
#include <cstddef>

extern "C" {

/// One word as poppler's text layout gives it (page::text_list with font information).
/// Coordinates in points from the page's top-left corner; strings are not NUL-terminated.
struct vetq_pdf_word {
  const char* text;  // UTF-8
  std::size_t text_size;
  const char* font;  // font name, e.g. "AAAAAA+DejaVuSans-Bold"
  std::size_t font_name_size;
  double x0, y0, x1, y1;  // bounding box: left, top, right, bottom
  double font_size;
  int space_after;  // poppler's reading: a space follows in the same line
  int rotation;     // 0 for horizontal text; 90, 180, 270 otherwise
};

/// Called at the start of each page with its size in points.
typedef void (*vetq_pdf_page_start_fn)(void* context, double width, double height);
/// Called for each word of the current page, in poppler's reading order.
typedef void (*vetq_pdf_word_fn)(void* context, const struct vetq_pdf_word* word);

/// Reads the words of every page of the PDF in data[0..size). Returns 0 on success, 1 when the
/// PDF cannot be opened (damaged or truncated), 2 when it is encrypted, 3 when it has more than
/// max_pages pages (no word is read then). *page_count receives the number of pages (when the
/// PDF opens). Not thread-safe: poppler keeps global state; the caller serialises calls.
typedef int (*vetq_pdf_words_fn)(const char* data, std::size_t size, int max_pages, int* page_count,
                                 vetq_pdf_page_start_fn page_start, vetq_pdf_word_fn word,
                                 void* context);

}  // extern "C"

/// The name of the exported function in the module.
// Versioned: a module left over from a vetq with another signature is not found, rather than
// called wrongly.
inline constexpr const char* kVetqPdfWordsSymbol = "vetq_pdf_words_v2";
