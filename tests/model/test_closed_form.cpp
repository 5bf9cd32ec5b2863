// The model against results that can be worked out by hand (docs/model.md §8) and against the
// closed forms of LIF and STDP dynamics.
#include <catch2/catch.hpp>

#include <vector>

#include "spikeforge/model/arith.hpp"
#include "spikeforge/model/machine.hpp"

using namespace spikeforge::model;

namespace {

// One neuron driven by one input channel (docs/model.md §8).
Image one_neuron(std::int32_t bias) {
  Image im = Image::zeros(Shape{1, 1, 8, 16});
  auto& p = im.neurons[0];
  p.v_th = 1000;
  p.a_mem = 32768;
  p.t_ref = 2;
  p.bias = bias;
  im.w(0, 0) = 100;
  return im;
}

}  // namespace

TEST_CASE("decay rounds toward zero, so every value reaches zero", "[arith]") {
  CHECK(decay(100, 32768) == 50);
  CHECK(decay(-100, 32768) == -50);
  CHECK(decay(1, 65535) == 0);
  CHECK(decay(-1, 65535) == 0);  // floor would give -1 forever
  CHECK(decay(-3, 32768) == -1);
  CHECK(decay(3, 32768) == 1);
}

TEST_CASE("worked example of docs/model.md section 8", "[model]") {
  SECTION("converges to 199 without firing") {
    Machine m(one_neuron(0));
    const std::vector<std::int32_t> expect{100, 150, 175, 187, 193, 196, 198, 199, 199, 199};
    const std::vector<std::uint32_t> in{0};
    for (std::int32_t v : expect) {
      CHECK(m.step(in).empty());
      CHECK(m.neuron(0).v == v);
      CHECK(m.neuron(0).i == 100);
    }
  }
  SECTION("fires, holds for t_ref steps, fires again") {
    Machine m(one_neuron(900));
    const std::vector<std::uint32_t> in{0};
    std::vector<bool> fired;
    for (int t = 0; t < 7; ++t) fired.push_back(!m.step(in).empty());
    CHECK(fired == std::vector<bool>{true, false, false, true, false, false, true});
  }
}
