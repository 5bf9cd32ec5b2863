// Every file in tests/network/bad/ is an invalid network whose first line says which error it
// must produce: "# expect: LINE:COLUMN: field: reason". The compiler must throw NetworkError whose
// message is "<path>:LINE:COLUMN: field: reason..." (the expectation is a prefix after the path).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "spikeforge/network/network.hpp"

namespace fs = std::filesystem;
using spikeforge::network::compile_file;
using spikeforge::network::NetworkError;

TEST_CASE("every bad YAML file fails with its expected file:line:column: field: message", "[network]") {
  const fs::path dir = fs::path(SPIKEFORGE_SOURCE_DIR) / "tests/network/bad";
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    std::ifstream in(e.path());
    std::string first;
    std::getline(in, first);
    const std::string tag = "# expect: ";
    INFO(e.path().string());
    REQUIRE(first.rfind(tag, 0) == 0);
    const std::string expect = e.path().string() + ":" + first.substr(tag.size());
    std::string got;
    try {
      (void)compile_file(e.path().string());
    } catch (const NetworkError& err) {
      got = err.what();
    }
    INFO("got: " << got);
    CHECK(got.rfind(expect, 0) == 0);
  }
  CHECK(files >= 25);
}

TEST_CASE("a missing file is a clean error", "[network]") {
  CHECK_THROWS_AS(compile_file("/nonexistent/net.yaml"), NetworkError);
}
