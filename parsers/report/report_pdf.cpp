#include "parsers/report/report_pdf.h"

#include <dlfcn.h>
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>

#include "parsers/report/pdf_module.h"
#include "parsers/report/report_text.h"
#include "vetq/source.h"
#include "vetq/text.h"

namespace vetq::parsers {

namespace {

// The poppler module (pdf_module.h), opened on first use: next to the running executable
// (an installed or copied vetq), else where the build put it.
struct PdfModule {
  vetq_pdf_pages_fn pages = nullptr;
  std::string error;
};

const PdfModule& pdf_module() {
  static const PdfModule module = [] {
    PdfModule m;
    std::vector<std::string> candidates;
    char exe[4096];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
      std::string dir(exe, static_cast<std::size_t>(n));
      dir = dir.substr(0, dir.rfind('/') + 1);
      candidates.push_back(dir + "libvetq_pdf.so");
    }
    candidates.emplace_back(VETQ_PDF_MODULE);
    for (const auto& path : candidates) {
      // The handle stays open for the life of the process.
      if (void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
        m.pages = reinterpret_cast<vetq_pdf_pages_fn>(dlsym(handle, kVetqPdfPagesSymbol));
        if (m.pages) return m;
      }
      const char* why = dlerror();  // read once: the call clears it
      m.error = why ? why : "no vetq_pdf_pages in it";
    }
    m.error = fmt::format(
        "PDF support (libvetq_pdf.so) cannot be loaded: {} — reinstall vetq "
        "with its PDF module, or extract the text with pdftotext and ingest "
        "the .txt",
        m.error);
    return m;
  }();
  return module;
}

void add_page(void* context, const char* text, std::size_t size) {
  static_cast<std::vector<std::string>*>(context)->emplace_back(text, size);
}

struct Phys {
  std::string text;  // trimmed
  int no = 0;        // 1-based line of the extracted text
  bool page_start = false;
  bool fixed = false;  // a re-paired table row: never joined with its neighbours
};

const RE2& date_cell_re() {
  static const RE2 re(R"(^\d{1,2}[/.]\d{1,2}[/.](?:\d{2}|\d{4})$)");
  return re;
}
const RE2& new_item_re() {
  // Lines that start something of their own: list items, captions, sources, footnotes.
  static const RE2 re(R"(^(?:[-•–·▪*]\s|Figure\s+\d|Figura\s+\d|Sources?\s*:|NB\s*:|¹|²|³))");
  return re;
}

bool is_history_header(std::string_view s) {
  const std::string f = fold(s);
  for (const char* h :
       {"version", "date", "contributor(s)", "contributors", "contributor", "author", "authors",
        "contribution", "description", "changes", "comment", "comments"})
    if (f == h) return true;
  return false;
}

// Width of a line in ems, estimated from character classes: a line that nearly fills the
// column was wrapped by the layout, whatever font the PDF used.
double em_width(std::string_view s) {
  double w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      i += len;
      w += 0.62;
      continue;
    }
    ++i;
    if (c == ' ')
      w += 0.32;
    else if (c >= 'A' && c <= 'Z')
      w += c == 'I' ? 0.3 : c == 'M' || c == 'W' ? 0.86 : 0.7;
    else if (c >= '0' && c <= '9')
      w += 0.64;
    else if (c == 'i' || c == 'j' || c == 'l')
      w += 0.28;
    else if (c == 'f' || c == 't' || c == 'r')
      w += 0.4;
    else if (c == 'm' || c == 'w')
      w += 0.88;
    else if (c >= 'a' && c <= 'z')
      w += 0.6;
    else
      w += 0.38;
  }
  return w;
}

bool ends_sentence(std::string_view s) {
  for (std::string_view end : {".", ":", ";", "!", "?", "”", "\""})
    if (s.ends_with(end)) return true;
  return false;
}

// Column-by-column or cell-by-cell tables back into "cell<TAB>cell" rows.
class TableFixer {
 public:
  explicit TableFixer(std::vector<Phys>& lines) : l_(lines) {}

  void run() {
    for (std::size_t i = 0; i < l_.size(); ++i) {
      if (l_[i].text.empty() || l_[i].fixed) continue;
      if (fold(l_[i].text) == "version" || fold(l_[i].text) == "date") {
        if (history(i)) continue;
      }
      if (is_identification_key(l_[i].text)) identification(i);
    }
    std::erase_if(l_, [](const Phys& p) { return p.no < 0; });
  }

 private:
  std::size_t next_text(std::size_t i) const {
    while (i < l_.size() && l_[i].text.empty()) ++i;
    return i;
  }
  bool is_date(std::size_t i) const {
    return i < l_.size() && RE2::FullMatch(l_[i].text, date_cell_re());
  }
  void remove(std::size_t i) { l_[i].no = -1; }
  void set_row(std::size_t i, const std::vector<std::string>& cells) {
    l_[i].text = join(cells, "\t");
    l_[i].fixed = true;
  }

  // "Version / 28/05/25 / … / Contributor(s) / … / Contribution / …" (columns) or
  // "Version / Contributor(s) / Contribution / 28/05/25 / Aïcha Sekhari / … " (cells).
  bool history(std::size_t i) {
    std::size_t j = i + 1;
    if (j < l_.size() && is_date(j)) {  // columns
      std::vector<std::vector<std::size_t>> cols;
      std::size_t k = i;
      while (k < l_.size() && is_history_header(l_[k].text)) {
        std::vector<std::size_t> col{k};
        std::size_t m = k + 1;
        for (; m < l_.size() && !l_[m].text.empty(); ++m) col.push_back(m);
        if (!cols.empty() && col.size() != cols.front().size()) break;
        cols.push_back(std::move(col));
        k = next_text(m);
      }
      if (cols.size() < 2) return false;
      const std::size_t rows = cols.front().size();
      for (std::size_t r = 0; r < rows; ++r) {
        std::vector<std::string> cells;
        for (const auto& c : cols) cells.push_back(l_[c[r]].text);
        set_row(cols.front()[r], cells);
      }
      for (std::size_t c = 1; c < cols.size(); ++c)
        for (std::size_t idx : cols[c]) remove(idx);
      return true;
    }
    std::size_t n = 0;  // cells
    while (i + n < l_.size() && is_history_header(l_[i + n].text)) ++n;
    if (n < 2) return false;
    std::vector<std::string> head;
    for (std::size_t c = 0; c < n; ++c) head.push_back(l_[i + c].text);
    set_row(i, head);
    for (std::size_t c = 1; c < n; ++c) remove(i + c);
    for (std::size_t r = i + n; r + n <= l_.size() && is_date(r); r += n) {
      std::vector<std::string> cells;
      for (std::size_t c = 0; c < n; ++c) cells.push_back(l_[r + c].text);
      set_row(r, cells);
      for (std::size_t c = 1; c < n; ++c) remove(r + c);
    }
    return true;
  }

  // "Document Title / Project Name / … / <values>" (columns) or "Document Title / <value>".
  void identification(std::size_t i) {
    std::size_t n = 0;
    while (i + n < l_.size() && is_identification_key(l_[i + n].text)) ++n;
    if (n >= 2) {
      const std::size_t v = next_text(i + n);
      std::size_t m = v;
      while (m < l_.size() && !l_[m].text.empty()) ++m;
      if (m - v != n) return;  // the values do not line up: leave the text as it is
      for (std::size_t k = 0; k < n; ++k) {
        set_row(i + k, {l_[i + k].text, l_[v + k].text});
        remove(v + k);
      }
      return;
    }
    const std::size_t v = i + 1;
    if (v < l_.size() && !l_[v].text.empty() && !is_identification_key(l_[v].text)) {
      set_row(i, {l_[i].text, l_[v].text});
      remove(v);
    }
  }

  std::vector<Phys>& l_;
};

}  // namespace

std::string unwrap_pdf_pages(const std::vector<std::string>& pages, std::vector<int>& line_map) {
  std::vector<Phys> lines;
  int no = 0;
  for (const auto& page : pages) {
    bool first = true;
    auto raws = split_lines(page);
    const std::size_t count = raws.size();
    // Blank lines closing a page are the page break itself: the next page decides.
    while (!raws.empty() && trim(raws.back()).empty()) raws.pop_back();
    for (std::string_view raw : raws) {
      Phys p;
      p.text = std::string(trim(raw));
      p.no = ++no;
      p.page_start = first && !p.text.empty();
      if (!p.text.empty()) first = false;
      lines.push_back(std::move(p));
    }
    no += static_cast<int>(count - raws.size());
  }
  TableFixer(lines).run();

  // The column width: a high percentile of the line widths.
  std::vector<double> widths;
  for (const auto& p : lines)
    if (p.text.size() >= 5 && !p.fixed) widths.push_back(em_width(p.text));
  std::sort(widths.begin(), widths.end());
  const double column = widths.empty() ? 0 : widths[widths.size() * 95 / 100];
  auto wrapped = [&](const std::string& s) { return column > 0 && em_width(s) >= 0.78 * column; };

  std::string out;
  std::vector<std::string> logical;
  bool open = false;  // the last logical line was wrapped: the next line may continue it
  for (const auto& p : lines) {
    if (p.text.empty()) {
      if (!logical.empty() && !logical.back().empty()) {  // runs of blank lines count once
        logical.emplace_back();
        line_map.push_back(p.no);
      }
      open = false;
      continue;
    }
    const bool starts_new = p.fixed || RE2::PartialMatch(p.text, new_item_re());
    if (p.page_start && open) {
      // A paragraph runs on to the next page only when its sentence is unfinished.
      static const RE2 lower(R"(^\p{Ll})");
      const std::string& prev = logical.back();
      if ((ends_sentence(prev) && !RE2::PartialMatch(p.text, lower)) || starts_new) open = false;
    }
    if (open && !starts_new) {
      std::string& prev = logical.back();
      prev += ' ';
      prev += p.text;
      open = wrapped(p.text);
      continue;
    }
    if (p.page_start && !logical.empty() && !logical.back().empty()) {
      logical.emplace_back();  // the page break ends the block
      line_map.push_back(p.no);
    }
    logical.push_back(p.text);
    line_map.push_back(p.no);
    open = !p.fixed && wrapped(p.text);
  }
  for (std::size_t i = 0; i < logical.size(); ++i) {
    if (i) out.push_back('\n');
    out += logical[i];
  }
  return out;
}

int sniff_report_pdf(const SourceFile& src) { return src.bytes.starts_with("%PDF-") ? 100 : 0; }

ParseResult parse_report_pdf(const SourceFile& src) {
  ParseResult bad;
  auto fail = [&](std::string message) {
    bad.diagnostics.push_back({Severity::kError, src.path, 0, std::move(message)});
    return bad;
  };
  if (src.bytes.starts_with("PK\x03\x04")) {
    return fail(
        "a ZIP archive (a .docx?), not a PDF — save the document as PDF, or export its text "
        "and ingest the .txt");
  }
  if (!src.bytes.starts_with("%PDF-"))
    return fail("not a PDF (no '%PDF-' header) — read it as text, or check the file");
  const PdfModule& module = pdf_module();
  if (!module.pages) return fail(module.error);
  // Ingest parses on several threads; poppler keeps global state, so one PDF at a time.
  static std::mutex poppler_mutex;
  std::vector<std::string> pages;
  int rc = 0, page_count = 0;
  const int max_pages = input_limits().max_pdf_pages;
  {
    std::lock_guard lock(poppler_mutex);
    rc = module.pages(src.bytes.data(), src.bytes.size(), max_pages, &page_count, add_page, &pages);
  }
  if (rc == 1) return fail("the PDF cannot be opened (damaged or truncated) — export it again");
  if (rc == 3) {
    return fail(
        fmt::format("the PDF has {} pages, more than --max-pdf-pages ({}) — raise "
                    "--max-pdf-pages if it is a real report",
                    page_count, max_pages));
  }
  if (rc == 2)
    return fail(
        "the PDF is encrypted — save an unprotected copy, or extract its text with "
        "pdftotext and ingest the .txt");
  std::vector<int> line_map;
  const std::string text = unwrap_pdf_pages(pages, line_map);
  if (trim(text).empty())
    return fail("the PDF has no text layer (a scan?) — run OCR on it first, e.g. ocrmypdf");
  return parse_report_lines(src, text, "report-pdf", &line_map);
}

}  // namespace vetq::parsers
