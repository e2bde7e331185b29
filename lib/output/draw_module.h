#pragma once
// The interface of libvetq_draw.so (draw_canvas.cpp, draw_charts.cpp, draw_gantt.cpp, built
// with cairo and Pango), which draw.cpp opens with dlopen() on first use: every other command
// starts without cairo's, Pango's and fontconfig's libraries. The module and the binary are
// built together by one compiler, so the table passes C++ values; a failure comes back as the
// error text, never as an exception across the boundary.
#include <string>

#include "output/draw.h"

namespace vetq {

struct DrawApi {
  std::string (*bar)(const BarChart&, const ImageOptions&, std::string* error);
  std::string (*heat)(const HeatMap&, const ImageOptions&, std::string* error);
  std::string (*gantt)(const Gantt&, const ImageOptions&, std::string* error);
};

/// extern "C" const void* vetq_draw_api_v1(void): a const DrawApi*.
inline constexpr const char* kVetqDrawSymbol = "vetq_draw_api_v1";

}  // namespace vetq
