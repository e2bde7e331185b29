#pragma once
// Inside libvetq_draw.so: one drawing code for SVG, PNG and PDF. A chart is a Painter that
// draws at a given width and returns the height it used; render() runs it once on a
// recording surface to measure, then on the file's surface. Text is Pango's: wrapped at word
// boundaries (inside a word only when the word alone is wider than its box), never cut.
#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "output/draw.h"

namespace vetq::draw {

struct Rgb {
  double r = 0, g = 0, b = 0;
};
/// "#rrggbb" -> colour.
Rgb rgb(const char* hex);
void set_color(cairo_t* cr, Rgb c);
void fill_rect(cairo_t* cr, double x, double y, double w, double h, Rgb c);

inline constexpr double kMargin = 16;
inline constexpr const char* kFont = "DejaVu Sans";
inline const Rgb kInk = {0.13, 0.13, 0.13};
inline const Rgb kMuted = {0.36, 0.36, 0.36};
inline const Rgb kRule = {0.80, 0.80, 0.80};

/// A block of text laid out by Pango: plain text (never markup), a size in pixels, wrapped to
/// `width` when width > 0.
class Text {
 public:
  Text(cairo_t* cr, const std::string& text, double size, bool bold = false, double width = 0,
       PangoAlignment align = PANGO_ALIGN_LEFT);
  double width() const { return w_; }
  double height() const { return h_; }
  /// Draws with the top-left corner of the box at (x, y).
  void draw(cairo_t* cr, double x, double y, Rgb color) const;

 private:
  std::unique_ptr<PangoLayout, void (*)(void*)> layout_;
  double w_ = 0, h_ = 0;
};

/// Draws the title (wrapped) at the top; returns the y below it.
double draw_title(cairo_t* cr, const std::string& title, double width);

/// "No records match these filters." below the title; returns the height used.
double draw_empty(cairo_t* cr, double y, double width);

using Painter = std::function<double(cairo_t* cr, double width)>;

/// The file: `title` and `desc` (a line per label with its value) become the SVG's <title>
/// and <desc>, so that the labels are text in the file (cairo draws glyphs) for search,
/// screen readers and tests. Throws std::runtime_error when cairo fails.
std::string render(const Painter& paint, const ImageOptions& options, const std::string& title,
                   const std::vector<std::string>& desc);

}  // namespace vetq::draw
