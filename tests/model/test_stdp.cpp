// STDP in the reference model against docs/model.md §4-5: the pairing curve against the
// exponentials, dt = 0, clipping, the plasticity bit and the learn switch.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "spikeforge/model/arith.hpp"
#include "spikeforge/model/machine.hpp"

using namespace spikeforge::model;

namespace {

using Inputs = std::vector<std::uint32_t>;

constexpr double kTauPlus = 20.0, kTauMinus = 30.0;
constexpr std::uint32_t kAPlusLsb = 100, kAMinusLsb = 60;  // amplitudes in weight LSBs

std::uint16_t factor(double tau) { return static_cast<std::uint16_t>(std::lround(65536.0 * std::exp(-1.0 / tau))); }

// Input 0 -> neuron 0 is the plastic synapse under test (weight 0: it never drives the neuron much).
// Input 1 -> neuron 0 (weight 127 >= v_th = 120, not plastic) makes neuron 0 fire exactly when sent.
// a_mem = a_syn = 0: the neuron has no memory, so it fires only in the steps input 1 arrives.
Image pairing_image() {
  Image im = Image::zeros(Shape{1, 2, 8, 16});
  im.neurons[0].v_th = 120;
  im.w(1, 0) = 127;
  im.plastic_at(0, 0) = 1;
  im.stdp = StdpParams{true, factor(kTauPlus), factor(kTauMinus), kAPlusLsb * 256, kAMinusLsb * 256, -128, 127};
  return im;
}

// Weight change of synapse (0, 0) for one pre arrival at t_pre and one post spike at t_post.
std::int32_t pair(int dt) {
  Machine m(pairing_image());
  const int t_pre = 25, t_post = t_pre + dt;
  for (int t = 0; t < 50; ++t) {
    Inputs in;
    if (t == t_pre) in.push_back(0);
    if (t == t_post) in.push_back(1);
    const auto fired = m.step(in);
    REQUIRE(fired.size() == (t == t_post ? 1u : 0u));
  }
  return m.weight(0, 0);
}

}  // namespace

// Bound: with q = a/2^16 the quantised factor and A the amplitude in weight LSBs, the rule gives
// decay^k(256 A) >> 8. Each of the k decays truncates by < 1 trace LSB (and earlier errors shrink),
// so the trace is in (256 A q^k - k, 256 A q^k]; the final >> 8 drops < 1 weight LSB. Hence
//   A q^k - 1 - k/256 < |dw| <= A q^k.
// The continuous curve uses exp(-k/tau) instead of q^k; |q - e^(-1/tau)| <= 2^-17 (rounding of the
// factor), which we add as A |q^k - e^(-k/tau)| (computed, < 0.01 LSB here). So the check is
//   A e^(-k/tau) - 1 - k/256 - eq < |dw| <= A e^(-k/tau) + eq.
// dw is also compared exactly with the hand-derived integer value of §5.
TEST_CASE("the STDP pairing curve follows the two exponentials within the quantisation", "[model][stdp]") {
  const Image im = pairing_image();
  for (int dt = -20; dt <= 20; ++dt) {
    const std::int32_t dw = pair(dt);
    const int k = std::abs(dt);
    const bool potentiation = dt >= 0;
    const double amp = potentiation ? kAPlusLsb : kAMinusLsb;
    const double tau = potentiation ? kTauPlus : kTauMinus;
    const double q = (potentiation ? im.stdp.a_pre : im.stdp.a_post) / 65536.0;
    const double curve = amp * std::exp(-k / tau);
    const double eq = amp * std::abs(std::pow(q, k) - std::exp(-k / tau));
    // §5 by hand: decay applied k times to the amplitude, then the trace-to-weight shift.
    std::int64_t trace = (potentiation ? im.stdp.a_plus : im.stdp.a_minus);
    for (int n = 0; n < k; ++n) trace = decay(trace, potentiation ? im.stdp.a_pre : im.stdp.a_post);
    const std::int64_t exact = (potentiation ? 1 : -1) * (trace >> 8);
    INFO("dt = " << dt << " dw = " << dw << " curve " << (potentiation ? curve : -curve) << " bound "
                 << 1 + k / 256.0 + eq);
    CHECK(dw == exact);
    CHECK((potentiation ? dw > 0 : dw < 0));
    CHECK(std::abs(dw) <= curve + eq);
    CHECK(std::abs(dw) > curve - 1 - k / 256.0 - eq);
  }
}

TEST_CASE("dt = 0 counts as potentiation by the full A_plus", "[model][stdp]") {
  CHECK(pair(0) == static_cast<std::int32_t>(kAPlusLsb));
}

TEST_CASE("learning clips weights to [w_min, w_max]", "[model][stdp]") {
  Image im = pairing_image();
  im.stdp.w_min = -10;
  im.stdp.w_max = 20;
  im.stdp.a_plus = 7 * 256;
  im.stdp.a_minus = 10 * 256;
  SECTION("potentiation stops at w_max") {
    im.stdp.a_pre = 0;   // x̂ = A_plus at arrival, 0 after the step: one pairing = +7 exactly
    im.stdp.a_post = 0;  // y is 0 after every step: no depression
    Machine m(im);
    for (std::int32_t w : {7, 14, 20, 20, 20}) {
      m.step(Inputs{0, 1});
      CHECK(m.weight(0, 0) == w);
    }
  }
  SECTION("depression stops at w_min") {
    im.stdp.a_pre = 0;
    im.stdp.a_post = 65535;  // y decays slowly: each pre arrival depresses by y >> 8
    im.w(0, 0) = 20;
    Machine m(im);
    m.step(Inputs{1});  // post spike only: y = decay(A_minus), potentiation by x̂ = 0
    CHECK(m.weight(0, 0) == 20);
    std::int64_t y = decay(im.stdp.a_minus, im.stdp.a_post), w = 20;
    REQUIRE(m.neuron(0).y == y);
    bool clipped = false;
    for (int t = 0; t < 6; ++t) {
      REQUIRE(m.step(Inputs{0}).empty());
      const std::int64_t raw = w - (y >> 8);
      clipped = clipped || raw < -10;
      w = std::max<std::int64_t>(raw, -10);
      CHECK(m.weight(0, 0) == w);
      y = decay(y, im.stdp.a_post);
    }
    CHECK(clipped);
    CHECK(m.weight(0, 0) == -10);
  }
}

namespace {

// A busy little network: all synapses connected, inputs every step, neurons firing often.
Image busy(bool plastic_all) {
  Image im = Image::zeros(Shape{6, 4, 8, 16});
  for (std::uint32_t j = 0; j < 6; ++j) {
    im.neurons[j].v_th = 60;
    im.neurons[j].a_mem = 50000;
    im.neurons[j].a_syn = 30000;
    im.neurons[j].t_ref = static_cast<std::uint8_t>(j % 3);
    im.neurons[j].bias = 5;
  }
  for (std::uint32_t s = 0; s < 10; ++s)
    for (std::uint32_t j = 0; j < 6; ++j) {
      im.w(s, j) = static_cast<std::int16_t>(static_cast<int>((s * 7 + j * 3) % 41) - 12);
      im.plastic_at(s, j) = plastic_all || (s + j) % 2 == 0 ? 1 : 0;
    }
  im.stdp = StdpParams{true, factor(15), factor(25), 3 * 256 + 17, 2 * 256 + 99, -40, 60};
  return im;
}

Inputs busy_inputs(int t) {
  Inputs in;
  for (std::uint32_t c = 0; c < 4; ++c)
    if ((t + static_cast<int>(c)) % 3 != 0) in.push_back(c);
  return in;
}

}  // namespace

TEST_CASE("a synapse with plasticity bit 0 never changes", "[model][stdp]") {
  const Image im = busy(false);
  Machine m(im);
  std::size_t spikes = 0;
  for (int t = 0; t < 400; ++t) spikes += m.step(busy_inputs(t)).size();
  REQUIRE(spikes > 200);
  std::size_t changed = 0;
  for (std::size_t k = 0; k < im.weights.size(); ++k) {
    if (!im.plastic[k]) REQUIRE(m.weights()[k] == im.weights[k]);
    if (im.plastic[k] && m.weights()[k] != im.weights[k]) ++changed;
  }
  CHECK(changed > 10);  // learning really ran on the plastic ones
}

TEST_CASE("with learning off no weight changes but the traces still evolve", "[model][stdp]") {
  Image im = busy(true);
  im.stdp.learn = false;
  Machine m(im);
  // The traces follow their own recurrences whatever the weights do: track them by hand.
  std::vector<std::int64_t> x(10, 0), y(6, 0);
  const std::int64_t tmax = umax(16);
  std::vector<std::uint32_t> prev;
  std::size_t spikes = 0;
  for (int t = 0; t < 300; ++t) {
    Inputs in = busy_inputs(t);
    const auto fired = m.step(in);
    spikes += fired.size();
    for (std::uint32_t j : prev) in.push_back(4 + j);
    for (std::uint32_t s : in) x[s] = std::min(x[s] + im.stdp.a_plus, tmax);
    for (auto& xs : x) xs = decay(xs, im.stdp.a_pre);
    for (std::uint32_t j : fired) y[j] = std::min(y[j] + im.stdp.a_minus, tmax);
    for (std::uint32_t j = 0; j < 6; ++j) {
      y[j] = decay(y[j], im.stdp.a_post);
      REQUIRE(m.neuron(j).y == y[j]);
    }
    for (std::uint32_t s = 0; s < 10; ++s) REQUIRE(m.pre_trace(s) == x[s]);
    prev = fired;
  }
  REQUIRE(spikes > 100);
  CHECK(m.weights() == im.weights);
  // Switching learning on at run time takes effect from the next step.
  m.set_learning(true);
  for (int t = 0; t < 20; ++t) m.step(busy_inputs(t));
  CHECK(m.weights() != im.weights);
}
