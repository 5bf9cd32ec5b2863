// The image file format: round trip, corruption detection, width validation.
#include <catch2/catch.hpp>

#include <sstream>

#include "spikeforge/model/image.hpp"

using namespace spikeforge::model;

TEST_CASE("an image survives a write/read round trip", "[image]") {
  Image im = Image::zeros(Shape{5, 3, 8, 16});
  for (std::size_t k = 0; k < im.weights.size(); ++k) {
    im.weights[k] = static_cast<std::int16_t>(static_cast<int>(k * 37 % 256) - 128);
    im.plastic[k] = static_cast<std::uint8_t>(k % 3 == 0);
  }
  im.neurons[2].v_th = -7;
  im.neurons[4].a_mem = 65535;
  im.neurons[1].t_ref = 255;
  im.stdp = StdpParams{true, 60000, 61000, 65535, 300, -128, 127};
  std::stringstream ss;
  write_image(ss, im);
  CHECK(read_image(ss) == im);
}

TEST_CASE("a corrupted or truncated image is refused", "[image]") {
  Image im = Image::zeros(Shape{4, 4, 8, 16});
  im.w(1, 2) = 5;
  std::stringstream ss;
  write_image(ss, im);
  std::string bytes = ss.str();
  SECTION("flipped bit") {
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
    std::stringstream in(bytes);
    CHECK_THROWS_WITH(read_image(in), Catch::Contains("checksum"));
  }
  SECTION("truncated") {
    std::stringstream in(bytes.substr(0, bytes.size() - 3));
    CHECK_THROWS_WITH(read_image(in), Catch::Contains("truncated"));
  }
  SECTION("not an image") {
    std::stringstream in(std::string("hello world, this is not an image"));
    CHECK_THROWS_WITH(read_image(in), Catch::Contains("magic"));
  }
}

TEST_CASE("values that do not fit their widths are rejected by name", "[image]") {
  Image im = Image::zeros(Shape{2, 1, 8, 16});
  SECTION("weight") {
    im.w(1, 1) = 128;
    CHECK_THROWS_WITH(validate(im), Catch::Contains("weight[1][1] = 128"));
  }
  SECTION("threshold") {
    im.neurons[1].v_th = 40000;
    CHECK_THROWS_WITH(validate(im), Catch::Contains("neuron 1 v_th"));
  }
  SECTION("bounds") {
    im.stdp.w_min = 5;
    im.stdp.w_max = 4;
    CHECK_THROWS_WITH(validate(im), Catch::Contains("w_min"));
  }
  SECTION("16-bit build accepts 16-bit weights") {
    Image w16 = Image::zeros(Shape{2, 1, 16, 24});
    w16.w(0, 0) = -32768;
    w16.neurons[0].v_th = 8000000;
    CHECK_NOTHROW(validate(w16));
  }
}
