// The reference model against closed forms and hand derivations from docs/model.md: LIF decay,
// the double-exponential PSP, time to first spike, refractoriness, saturation, arrival timing and
// the input list rules. Every bound used is derived in the comment next to it.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "spikeforge/model/arith.hpp"
#include "spikeforge/model/machine.hpp"

using namespace spikeforge::model;

namespace {

using Inputs = std::vector<std::uint32_t>;

std::uint16_t factor(double tau) { return static_cast<std::uint16_t>(std::lround(65536.0 * std::exp(-1.0 / tau))); }

// One neuron with S input channels, nothing connected, threshold out of reach.
Image single(std::uint32_t inputs, std::uint32_t wb, std::uint32_t vb) {
  Image im = Image::zeros(Shape{1, inputs, wb, vb});
  im.neurons[0].v_th = static_cast<std::int32_t>(smax(vb));
  return im;
}

}  // namespace

// v_t - v_rest = decay^t(d0, a). Each decay truncates toward zero, losing less than one LSB and
// shrinking earlier errors by a < 1, so e_t = a*e_{t-1} + r_t with 0 <= r_t < 1 (in magnitude, on the
// side of zero): 0 <= |d0| a^t - |d_t| < min(t, 1/(1-a)). The sign never flips and v ends exactly at v_rest.
TEST_CASE("subthreshold membrane decay from an offset follows v_rest + (v0-v_rest) a^t", "[model][closed-form]") {
  const std::int32_t v_rest = GENERATE(0, 500, -1234);
  const std::int32_t d0 = GENERATE(30000, -30000, 77);
  const double tau = GENERATE(5.0, 20.0, 100.0);
  Image im = single(1, 16, 24);
  auto& p = im.neurons[0];
  p.v_rest = v_rest;
  p.a_mem = factor(tau);
  p.a_syn = 0;      // the input is a one-step kick: I = w at step 0, 0 afterwards
  im.w(0, 0) = static_cast<std::int16_t>(d0);
  Machine m(im);
  m.step(Inputs{0});  // v_0 = v_rest + decay(0) + w
  REQUIRE(m.neuron(0).v == v_rest + d0);
  const double a = p.a_mem / 65536.0;
  bool reached = false;
  for (int t = 1; t <= 3000; ++t) {
    m.step(Inputs{});
    const double exact = d0 * std::pow(a, t);
    const double got = m.neuron(0).v - v_rest;
    const double bound = std::min(static_cast<double>(t), 1.0 / (1.0 - a));
    INFO("t = " << t << " exact offset " << exact << " model offset " << got);
    REQUIRE(std::abs(got) <= std::abs(exact) + 1e-9);   // truncation toward zero never overshoots
    REQUIRE(std::abs(exact) - std::abs(got) < bound);   // and loses less than the bound
    REQUIRE((got == 0 || (got > 0) == (d0 > 0)));      // never crosses v_rest
    if (got == 0) reached = true;
  }
  CHECK(reached);  // truncation reaches v_rest exactly from either side
  CHECK(m.neuron(0).v == v_rest);
}

// One input spike of weight w at step 0, bias 0: I_t = decay^t(w, a_s) ~ w s^t and the membrane
// offset d_t = decay(d_{t-1}, a_m) + I_t ~ w (m^(t+1) - s^(t+1)) / (m - s) (double exponential).
// Error bounds, by the argument above: eI_t = s*eI_{t-1} + (<1), eV_t = m*eV_{t-1} + (<1) + eI_t,
// both with e_0 = 0; the model value is never above the exact one for w > 0.
TEST_CASE("a single input spike gives the double-exponential PSP", "[model][closed-form]") {
  const double tau_m = GENERATE(20.0, 10.0);
  const double tau_s = GENERATE(5.0, 2.0);
  const std::int32_t w = GENERATE(20000, -20000);
  Image im = single(1, 16, 24);
  auto& p = im.neurons[0];
  p.v_rest = -300;
  p.v_th = 8000000;
  p.a_mem = factor(tau_m);
  p.a_syn = factor(tau_s);
  im.w(0, 0) = static_cast<std::int16_t>(w);
  Machine m(im);
  const double am = p.a_mem / 65536.0, as = p.a_syn / 65536.0;
  double b_i = 0, b_v = 0;
  int peak_model = 0, peak_exact = 0;
  double best_model = 0, best_exact = 0;
  for (int t = 0; t < 200; ++t) {
    m.step(t == 0 ? Inputs{0} : Inputs{});
    if (t > 0) {
      b_i = as * b_i + 1;
      b_v = am * b_v + 1 + b_i;
    }
    const double i_exact = w * std::pow(as, t);
    const double v_exact = w * (std::pow(am, t + 1) - std::pow(as, t + 1)) / (am - as);
    const double i_got = m.neuron(0).i, v_got = m.neuron(0).v - p.v_rest;
    INFO("t = " << t << " I " << i_got << " vs " << i_exact << ", v-v_rest " << v_got << " vs " << v_exact
                << ", bounds " << b_i << " " << b_v);
    REQUIRE(std::abs(i_got) <= std::abs(i_exact) + 1e-6);
    REQUIRE(std::abs(i_exact) - std::abs(i_got) < b_i + 1e-6);
    REQUIRE(std::abs(v_got) <= std::abs(v_exact) + 1e-6);
    REQUIRE(std::abs(v_exact) - std::abs(v_got) < b_v + 1e-6);
    if (std::abs(v_got) > best_model) best_model = std::abs(v_got), peak_model = t;
    if (std::abs(v_exact) > best_exact) best_exact = std::abs(v_exact), peak_exact = t;
  }
  CHECK(std::abs(peak_model - peak_exact) <= 1);
  CHECK(best_exact > 5000);  // the PSP is large against the bound, so the comparison has teeth
}

// Constant drive b (bias, or one input every step with a_syn = 0), v_rest = v_reset = 0:
// d_t = b (1 - a^(t+1)) / (1 - a) exactly, so the first t with d_t >= v_th is
// t* = ceil(ln(1 - v_th (1-a)/b) / ln a) - 1. Truncation only lowers d_t (by < min(t, 1/(1-a))), so the
// model fires at t* or later, but no later than the first t whose exact value exceeds v_th + that bound.
// After a spike the trajectory restarts from v_reset after t_ref held steps: period t* + t_ref + 1.
TEST_CASE("time to first spike under constant drive matches the analytic formula", "[model][closed-form]") {
  const double tau = GENERATE(10.0, 20.0, 50.0);
  const std::int32_t drive = GENERATE(60, 150, 1000);
  const bool by_bias = GENERATE(true, false);
  const std::uint8_t t_ref = 3;
  // drive = bias, or the sum of the weights of 8 channels (WB = 8 caps one weight at 127)
  Image im = Image::zeros(Shape{1, 8, 8, 16});
  NeuronParams& p = im.neurons[0];
  p.v_th = 2000;
  p.a_mem = factor(tau);
  p.t_ref = t_ref;
  if (by_bias) {
    p.bias = drive;
  } else {
    for (int c = 0; c < 8; ++c) im.w(static_cast<std::uint32_t>(c), 0) = static_cast<std::int16_t>(drive / 8 + (c < drive % 8 ? 1 : 0));
  }
  const double a = p.a_mem / 65536.0, b = drive, th = p.v_th;
  const double limit = b / (1 - a);
  INFO("tau " << tau << " drive " << drive << (by_bias ? " (bias)" : " (inputs)") << " asymptote " << limit);
  Machine m(im);
  const Inputs all{0, 1, 2, 3, 4, 5, 6, 7};
  std::vector<int> spikes;
  for (int t = 0; t < 2000 && spikes.size() < 3; ++t)
    if (!m.step(by_bias ? Inputs{} : all).empty()) spikes.push_back(t);
  if (limit < th) {
    CHECK(spikes.empty());  // the asymptote is below threshold: never fires
    return;
  }
  const double t_star = std::ceil(std::log(1 - th * (1 - a) / b) / std::log(a)) - 1;
  int t_late = 0;
  while (b * (1 - std::pow(a, t_late + 1)) / (1 - a) < th + std::min<double>(t_late, 1 / (1 - a))) ++t_late;
  REQUIRE(spikes.size() == 3);
  CHECK(spikes[0] >= t_star);
  CHECK(spikes[0] <= t_late);
  CHECK(spikes[1] - spikes[0] == spikes[0] + t_ref + 1);
  CHECK(spikes[2] - spikes[1] == spikes[0] + t_ref + 1);
}

TEST_CASE("a refractory neuron is held t_ref steps while I keeps integrating", "[model][closed-form]") {
  const auto t_ref = static_cast<std::uint8_t>(GENERATE(0, 1, 5, 255));
  Image im = Image::zeros(Shape{1, 2, 8, 16});
  auto& p = im.neurons[0];
  p.v_th = 120;
  p.v_reset = -50;
  p.v_rest = 10;
  p.a_mem = 40000;
  p.a_syn = 50000;
  p.t_ref = t_ref;
  im.w(0, 0) = 127;  // kicks the neuron over threshold
  im.w(1, 0) = 9;    // small input that arrives during the refractory period
  Machine m(im);
  // Step 0: I = 127, v = 10 + 0 + 127 = 137 >= 120: fires.
  REQUIRE(m.step(Inputs{0}).size() == 1);
  CHECK(m.neuron(0).v == -50);
  CHECK(m.neuron(0).ref == t_ref);
  std::int64_t i = 127;
  for (int k = 1; k <= t_ref; ++k) {
    i = decay(i, p.a_syn) + 9;
    REQUIRE(m.step(Inputs{1}).empty());
    REQUIRE(m.neuron(0).v == -50);  // held at v_reset
    REQUIRE(m.neuron(0).ref == static_cast<std::uint32_t>(t_ref - k));
    REQUIRE(m.neuron(0).i == i);    // I keeps decaying and integrating arrivals
  }
  // First free step: the membrane starts from v_reset and sees the current accumulated meanwhile.
  i = decay(i, p.a_syn) + 9;
  const auto fired = m.step(Inputs{1});
  const std::int64_t v = 10 + decay(-50 - 10, p.a_mem) + i;
  CHECK(m.neuron(0).i == i);
  if (v >= 120) {
    CHECK(fired.size() == 1);
  } else {
    CHECK(fired.empty());
    CHECK(m.neuron(0).v == v);
  }
}

TEST_CASE("v and I saturate at both extremes without wrapping", "[model][saturation]") {
  const std::uint32_t wb = GENERATE(8u, 16u);
  const std::uint32_t vb = wb == 8 ? 16u : 24u;
  const std::int64_t wmax = smax(wb), wmin = smin(wb), vmax = smax(vb), vmin = smin(vb);
  // Enough max-weight sources that the raw sum exceeds the VB range several times over.
  const std::uint32_t sources = wb == 8 ? 1000u : 1000u;
  Image im = Image::zeros(Shape{2, sources, wb, vb});
  for (std::uint32_t s = 0; s < sources; ++s) {
    im.w(s, 0) = static_cast<std::int16_t>(wmax);
    im.w(s, 1) = static_cast<std::int16_t>(wmin);
  }
  im.neurons[0].v_th = static_cast<std::int32_t>(vmax);
  im.neurons[0].bias = static_cast<std::int32_t>(vmax);
  im.neurons[0].a_syn = 65535;
  im.neurons[1].v_th = static_cast<std::int32_t>(vmax);
  im.neurons[1].v_rest = static_cast<std::int32_t>(vmax);  // v - v_rest needs VB+1 bits below
  im.neurons[1].bias = static_cast<std::int32_t>(vmin);
  im.neurons[1].a_syn = 65535;
  im.neurons[1].a_mem = 65535;
  Machine m(im);
  Inputs all(sources);
  for (std::uint32_t s = 0; s < sources; ++s) all[s] = s;
  REQUIRE(static_cast<std::int64_t>(sources) * wmax > 2 * vmax);
  for (int t = 0; t < 20; ++t) {
    const auto fired = m.step(all);
    // neuron 0: I pinned at +max, v = sat(0 + 0 + max + max) = max >= v_th: fires every step
    REQUIRE(m.neuron(0).i == vmax);
    REQUIRE(fired.size() >= 1);
    REQUIRE(fired[0] == 0);
    // neuron 1: I pinned at -max, v pinned at the bottom of the range
    REQUIRE(m.neuron(1).i == vmin);
    REQUIRE(m.neuron(1).v == vmin);
  }
  // Remove the drive: I decays from the rails by exactly decay(), with no wrap on the way.
  m.step(Inputs{});
  CHECK(m.neuron(0).i == decay(vmax, 65535));
  CHECK(m.neuron(1).i == decay(vmin, 65535));
}

TEST_CASE("the widest accumulator (S+N = 65535, WB = 16, VB = 28) does not wrap", "[model][saturation]") {
  const std::uint32_t sources = 65534;
  Image im = Image::zeros(Shape{1, sources, 16, 28});
  im.neurons[0].v_th = static_cast<std::int32_t>(smax(28));
  for (std::uint32_t s = 0; s < sources; ++s) im.w(s, 0) = static_cast<std::int16_t>(smin(16));
  Machine m(im);
  Inputs all(sources);
  for (std::uint32_t s = 0; s < sources; ++s) all[s] = s;
  m.step(all);  // acc = -65534 * 32768 = -2147418112, just inside 32 bits
  CHECK(m.neuron(0).i == smin(28));
  CHECK(m.neuron(0).v == smin(28));
}

TEST_CASE("traces saturate at 2^TB - 1 without wrapping", "[model][saturation]") {
  const std::uint32_t wb = GENERATE(8u, 16u);
  const std::uint32_t vb = wb == 8 ? 16u : 24u;
  const std::int64_t tmax = umax(wb + 8);
  Image im = Image::zeros(Shape{1, 1, wb, vb});
  im.neurons[0].bias = 1;  // v_th = 0: fires every step
  im.stdp.a_plus = static_cast<std::uint32_t>(tmax);
  im.stdp.a_minus = static_cast<std::uint32_t>(tmax);
  im.stdp.a_pre = 65535;
  im.stdp.a_post = 65535;
  Machine m(im);
  for (int t = 0; t < 10; ++t) {
    REQUIRE(m.step(Inputs{0}).size() == 1);
    // x̂ = usat(x + A) = 2^TB - 1 every step (x + A overflows TB bits), then one decay
    REQUIRE(m.pre_trace(0) == decay(tmax, 65535));
    REQUIRE(m.neuron(0).y == decay(tmax, 65535));
    if (t > 0) REQUIRE(m.pre_trace(1) == decay(tmax, 65535));  // recurrent source arrives too
  }
}

TEST_CASE("learned weights saturate at the WB bounds without wrapping", "[model][saturation]") {
  const std::uint32_t wb = GENERATE(8u, 16u);
  const std::uint32_t vb = wb == 8 ? 16u : 24u;
  const std::int64_t wmax = smax(wb), wmin = smin(wb), tmax = umax(wb + 8);
  // Channel 0 -> neuron 0: neuron 0 fires every step (bias >= v_th) and channel 0 arrives every
  // step, so (0,0) is potentiated by x̂ >> 8 = 2^WB - 1 LSBs per step: far past w_max.
  // Channel 2 fires neuron 1 once at step 0 (y[1] = A_minus); afterwards channel 1 arrives every
  // step and depresses (1,1) by y >> 8 ~ 2^WB - 1 LSBs: far past w_min.
  Image im = Image::zeros(Shape{2, 3, wb, vb});
  im.neurons[0].bias = 1;
  im.neurons[1].v_th = 1;
  im.stdp = StdpParams{true, 65535, 65535, static_cast<std::uint32_t>(tmax), static_cast<std::uint32_t>(tmax),
                       static_cast<std::int32_t>(wmin), static_cast<std::int32_t>(wmax)};
  im.w(0, 0) = static_cast<std::int16_t>(wmax - 3);
  im.w(1, 1) = static_cast<std::int16_t>(wmin + 3);
  im.w(2, 1) = 1;
  im.plastic_at(0, 0) = 1;
  im.plastic_at(1, 1) = 1;
  Machine m(im);
  REQUIRE(m.step(Inputs{0, 2}) == std::vector<std::uint32_t>{0, 1});
  CHECK(m.weight(0, 0) == wmax);      // clip(wmax - 3 + (2^TB - 1) >> 8)
  CHECK(m.weight(1, 1) == wmin + 3);  // x̂[1] = 0 at step 0: potentiation by 0
  std::int64_t y = decay(tmax, 65535);
  REQUIRE(m.neuron(1).y == y);
  for (int t = 1; t < 10; ++t) {
    INFO("step " << t);
    REQUIRE(m.step(Inputs{0, 1}) == std::vector<std::uint32_t>{0});
    REQUIRE((y >> 8) > wmax - wmin - 10);  // the depression really is about a full range
    REQUIRE(m.weight(0, 0) == wmax);
    REQUIRE(m.weight(1, 1) == wmin);
    y = decay(y, 65535);
  }
}

TEST_CASE("recurrent spikes arrive one step after firing, inputs at their own step", "[model][timing]") {
  Image im = Image::zeros(Shape{2, 1, 8, 16});
  for (auto& p : im.neurons) p.v_th = 100;
  im.w(0, 0) = 100;      // input 0 -> neuron 0
  im.w(1 + 0, 1) = 100;  // neuron 0 -> neuron 1 (source S + 0)
  Machine m(im);
  for (int t = 0; t < 8; ++t) {
    const auto fired = m.step(t == 3 ? Inputs{0} : Inputs{});
    INFO("step " << t);
    if (t == 3) {
      CHECK(fired == std::vector<std::uint32_t>{0});  // input tagged 3 arrives in step 3
      CHECK(m.neuron(1).i == 0);
    } else if (t == 4) {
      CHECK(fired == std::vector<std::uint32_t>{1});  // neuron 0's spike arrives in step 4
      CHECK(m.neuron(1).i == 100);
    } else {
      CHECK(fired.empty());
    }
  }
}

TEST_CASE("an input listed twice counts once", "[model][inputs]") {
  Image im = Image::zeros(Shape{1, 3, 8, 16});
  im.neurons[0].v_th = 10000;
  im.w(0, 0) = 17;
  im.w(2, 0) = 5;
  im.stdp.a_plus = 1000;
  im.stdp.a_pre = 0;
  Machine m(im);
  m.step(Inputs{0, 2, 0, 0, 2});
  CHECK(m.neuron(0).i == 22);
  m.step(Inputs{2, 2});
  CHECK(m.neuron(0).i == 5);
  CHECK(m.pre_trace(2) == 0);  // decayed with a_pre = 0; x̂ was saturated once, not added twice
}

TEST_CASE("an input channel out of range throws and leaves the machine usable", "[model][inputs]") {
  Image im = Image::zeros(Shape{1, 3, 8, 16});
  im.neurons[0].v_th = 10000;
  im.w(0, 0) = 17;
  Machine m(im);
  CHECK_THROWS_AS(m.step(Inputs{3}), std::out_of_range);
  CHECK_THROWS_AS(m.step(Inputs{0, 99}), std::out_of_range);
  CHECK(m.steps_run() == 0);
  CHECK(m.neuron(0).i == 0);
  // The failed call must not leave channel 0 marked: it still arrives in the next step.
  m.step(Inputs{0});
  CHECK(m.neuron(0).i == 17);
}
