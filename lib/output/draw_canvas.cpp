#include "output/draw_canvas.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>

namespace vetq::draw {

namespace {
constexpr const char* kNoRecords = "No records match these filters.";
}  // namespace

Rgb rgb(const char* hex) {
  const auto v = std::stoul(std::string(hex + 1), nullptr, 16);
  return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0};
}

void set_color(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void fill_rect(cairo_t* cr, double x, double y, double w, double h, Rgb c) {
  set_color(cr, c);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

Text::Text(cairo_t* cr, const std::string& text, double size, bool bold, double width,
           PangoAlignment align)
    : layout_(pango_cairo_create_layout(cr), g_object_unref) {
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, kFont);
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  PangoLayout* l = layout_.get();
  pango_layout_set_font_description(l, font);
  pango_font_description_free(font);
  if (width > 0) {
    pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(l, align);
  pango_layout_set_text(l, text.c_str(), static_cast<int>(text.size()));
  PangoRectangle logical;
  pango_layout_get_extents(l, nullptr, &logical);
  w_ = width > 0 ? width : logical.width / double(PANGO_SCALE);
  h_ = logical.height / double(PANGO_SCALE);
}

void Text::draw(cairo_t* cr, double x, double y, Rgb color) const {
  set_color(cr, color);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout_.get());
}

double draw_title(cairo_t* cr, const std::string& title, double width) {
  const Text t(cr, title, 17, true, width - 2 * kMargin);
  t.draw(cr, kMargin, kMargin, kInk);
  return kMargin + t.height() + 14;
}

double draw_empty(cairo_t* cr, double y, double width) {
  const Text t(cr, kNoRecords, 13, false, width - 2 * kMargin);
  t.draw(cr, kMargin, y, kMuted);
  return y + t.height() + kMargin;
}

namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void put_u32(std::string& s, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xff));
}

// A pHYs chunk (pixels per metre) after IHDR: viewers and print programs read the DPI there.
std::string with_dpi(const std::string& png, int dpi) {
  const auto ppm = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
  std::string chunk = "pHYs";
  put_u32(chunk, ppm);
  put_u32(chunk, ppm);
  chunk.push_back('\1');                // unit: metre
  std::string out = png.substr(0, 33);  // signature (8) + IHDR (25)
  put_u32(out, 9);
  out += chunk;
  put_u32(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(chunk.data()),
                                                static_cast<uInt>(chunk.size()))));
  return out + png.substr(33);
}

// Every id prefixed (cairo names glyphs "glyph0-1" in every file: two charts inlined in one
// page would share them), a <title> and a <desc>; pugixml escapes the text.
std::string finish_svg(const std::string& svg, const ImageOptions& o, const std::string& title,
                       const std::vector<std::string>& desc) {
  pugi::xml_document doc;
  if (!doc.load_buffer(svg.data(), svg.size()))
    throw std::runtime_error("cairo wrote an SVG that does not parse");
  const std::string p = o.id_prefix + "-";
  std::vector<pugi::xml_node> stack = {doc.document_element()};
  while (!stack.empty()) {
    pugi::xml_node n = stack.back();
    stack.pop_back();
    for (pugi::xml_attribute a : n.attributes()) {
      std::string v = a.value(), name = a.name();
      if (name == "id") v = p + v;
      if ((name == "xlink:href" || name == "href") && v.starts_with("#")) v = "#" + p + v.substr(1);
      for (auto at = v.find("url(#"); at != std::string::npos; at = v.find("url(#", at + 5))
        v.insert(at + 5, p);
      a.set_value(v.c_str());
    }
    for (pugi::xml_node c : n.children()) stack.push_back(c);
  }
  pugi::xml_node root = doc.document_element();
  root.append_attribute("role") = "img";
  std::string lines;
  for (const auto& d : desc) lines += (lines.empty() ? "" : "\n") + d;
  if (lines.empty()) lines = kNoRecords;
  root.prepend_child("desc").text() = lines.c_str();
  root.prepend_child("title").text() = title.c_str();
  std::ostringstream out;
  if (o.xml_declaration) out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

using Surface = std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)>;

Surface make_surface(const ImageOptions& o, double w, double h, std::string* bytes) {
  switch (o.format) {
    case ImageFormat::kSvg: {
      Surface s(cairo_svg_surface_create_for_stream(append, bytes, w, h), cairo_surface_destroy);
      cairo_svg_surface_set_document_unit(s.get(), CAIRO_SVG_UNIT_PX);
      return s;
    }
    case ImageFormat::kPdf:
      return Surface(cairo_pdf_surface_create_for_stream(append, bytes, w * 0.75, h * 0.75),
                     cairo_surface_destroy);
    case ImageFormat::kPng:
      break;
  }
  const double k = o.dpi / 96.0;
  constexpr double kMaxPixels = 32767;  // cairo's image surfaces
  if (w * k > kMaxPixels || h * k > kMaxPixels) {
    throw std::runtime_error(
        "a PNG of " + std::to_string(std::lround(w * k)) + " x " +
        std::to_string(std::lround(h * k)) +
        " pixels is more than cairo draws (32,767 a side) — narrow the filters, lower --dpi, or "
        "use --format svg or pdf");
  }
  return Surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(std::lround(w * k)),
                                 static_cast<int>(std::lround(h * k))),
      cairo_surface_destroy);
}

// Layout in fractional units, the same on every surface (no metrics hinting).
void prepare(cairo_t* cr) {
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(cr, fo);
  cairo_font_options_destroy(fo);
}

void check(cairo_status_t status) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(status));
}

}  // namespace

std::string render(const Painter& paint, const ImageOptions& o, const std::string& title,
                   const std::vector<std::string>& desc) {
  const double w = o.width > 0 ? o.width : kDefaultWidth;
  double natural = 0;
  {
    Surface rec(cairo_recording_surface_create(CAIRO_CONTENT_COLOR, nullptr),
                cairo_surface_destroy);
    cairo_t* cr = cairo_create(rec.get());
    prepare(cr);
    natural = std::ceil(paint(cr, w));
    cairo_destroy(cr);
  }
  const double h = o.height > 0 ? o.height : natural;
  std::string bytes;
  Surface surface = make_surface(o, w, h, &bytes);
  check(cairo_surface_status(surface.get()));
  if (o.format == ImageFormat::kPdf)
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_t* cr = cairo_create(surface.get());
  prepare(cr);
  if (o.format == ImageFormat::kPdf) cairo_scale(cr, 0.75, 0.75);
  if (o.format == ImageFormat::kPng) cairo_scale(cr, o.dpi / 96.0, o.dpi / 96.0);
  fill_rect(cr, 0, 0, w, h, {1, 1, 1});
  if (h < natural) cairo_scale(cr, h / natural, h / natural);
  paint(cr, w);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  check(status);
  if (o.format == ImageFormat::kPng) {
    check(cairo_surface_write_to_png_stream(surface.get(), append, &bytes));
    return with_dpi(bytes, o.dpi);
  }
  cairo_surface_finish(surface.get());
  check(cairo_surface_status(surface.get()));
  return o.format == ImageFormat::kSvg ? finish_svg(bytes, o, title, desc) : bytes;
}

}  // namespace vetq::draw
