#pragma once
// The boundary between vetq and poppler-cpp. poppler and the two dozen libraries it needs are
// loaded only when a PDF is read: they live in the module libvetq_pdf.so (pdf_module.cpp),
// which report_pdf.cpp opens with dlopen() on first use. Every other command starts without
// them (see bench/RESULTS.md: process start-up is most of a small query's time).
#include <cstddef>

extern "C" {

/// Called once per page with the page's text in reading order (UTF-8, not NUL-terminated).
typedef void (*vetq_pdf_page_fn)(void* context, const char* text, std::size_t size);

/// Extracts the text of every page of the PDF in data[0..size). Returns 0 on success, 1 when
/// the PDF cannot be opened (damaged or truncated), 2 when it is encrypted, 3 when it has more
/// than max_pages pages (no text is extracted then). *page_count receives the number of pages
/// (when the PDF opens). Not thread-safe: poppler keeps global state; the caller serialises
/// calls.
typedef int (*vetq_pdf_pages_fn)(const char* data, std::size_t size, int max_pages, int* page_count,
                                 vetq_pdf_page_fn page, void* context);

}  // extern "C"

/// The name of the exported function in the module (versioned: a module left over from a
/// vetq with another signature is not found, rather than called wrongly).
inline constexpr const char* kVetqPdfPagesSymbol = "vetq_pdf_pages_v2";
