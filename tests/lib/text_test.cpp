#include <doctest/doctest.h>

#include "vetq/text.h"

TEST_CASE("fold: case, diacritics, dashes and quotes") {
  CHECK(vetq::fold("Osnabrück Declaration") == "osnabruck declaration");
  CHECK(vetq::fold("  Qualéduc   Mobilités ") == "qualeduc mobilites");
  CHECK(vetq::fold("measures aimed at ‘greening’ VET – now") ==
        "measures aimed at 'greening' vet - now");
}

TEST_CASE("invalid_utf8_offset names the first bad byte") {
  CHECK_FALSE(vetq::invalid_utf8_offset("Cl\xC3\xA9"
                                        "A")
                  .has_value());
  CHECK(vetq::invalid_utf8_offset("ab\xE9z").value() == 2);
}

TEST_CASE("display_width counts terminal columns") {
  CHECK(vetq::display_width("CléA") == 4);
  CHECK(vetq::display_width("日本") == 4);
  CHECK(vetq::prefix_by_width("Qualéduc", 5) == "Qualé");
}
