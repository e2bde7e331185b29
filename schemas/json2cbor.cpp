// Build tool: writes a JSON file of schemas/ as CBOR (RFC 8949), which vetq embeds and reads
// at start-up several times faster than the JSON text (lib/vetq/taxonomy.cpp).
//   vetq_json2cbor IN.json OUT.cbor
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: vetq_json2cbor IN.json OUT.cbor\n");
    return 2;
  }
  try {
    std::ifstream in(argv[1]);
    const auto json = nlohmann::json::parse(in);
    const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(json);
    std::ofstream out(argv[2], std::ios::binary);
    out.write(reinterpret_cast<const char*>(cbor.data()),
              static_cast<std::streamsize>(cbor.size()));
    if (!out) throw std::runtime_error("cannot write");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[1], e.what());
    return 1;
  }
  return 0;
}
