// A second, deliberately naive implementation of docs/model.md, written here straight from the
// text (int64 everywhere, sets for the arriving sources, no precomputation, the phases in order),
// run in lockstep with the optimised Machine on random small networks with learning on. Every
// spike, every state word and every weight must agree in every step. This protects the optimised
// model: a change that makes it faster but different fails here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "spikeforge/model/machine.hpp"

using namespace spikeforge::model;

namespace {

using i64 = std::int64_t;

// --- docs/model.md, §1-§4, literally --------------------------------------------------------
i64 sat_b(i64 x, unsigned b) {
  const i64 lo = -(i64{1} << (b - 1)), hi = (i64{1} << (b - 1)) - 1;
  return x < lo ? lo : (x > hi ? hi : x);
}
i64 usat_b(i64 x, unsigned b) {
  const i64 hi = (i64{1} << b) - 1;
  return x < 0 ? 0 : (x > hi ? hi : x);
}
i64 clip_to(i64 x, i64 lo, i64 hi) { return std::min(std::max(x, lo), hi); }
// trunc((x * a) / 2^16), toward zero, written without relying on C++ division semantics.
i64 decay_n(i64 x, i64 a) {
  const i64 p = x * a;
  return p >= 0 ? p / 65536 : -((-p) / 65536);
}

struct Naive {
  i64 N, S;
  unsigned WB, VB, TB;
  std::vector<i64> v_th, v_reset, v_rest, bias, a_mem, a_syn, t_ref;
  std::vector<i64> v, I, ref, y, x;
  std::vector<std::vector<i64>> W, L;  // W[s][j], L[s][j]
  bool learn;
  i64 a_pre, a_post, A_plus, A_minus, w_min, w_max;
  std::set<i64> F_prev;

  explicit Naive(const Image& im)
      : N(im.shape.neurons), S(im.shape.inputs), WB(im.shape.weight_bits), VB(im.shape.state_bits), TB(WB + 8) {
    for (i64 j = 0; j < N; ++j) {
      const auto& p = im.neurons[static_cast<std::size_t>(j)];
      v_th.push_back(p.v_th);
      v_reset.push_back(p.v_reset);
      v_rest.push_back(p.v_rest);
      bias.push_back(p.bias);
      a_mem.push_back(p.a_mem);
      a_syn.push_back(p.a_syn);
      t_ref.push_back(p.t_ref);
    }
    W.assign(static_cast<std::size_t>(S + N), std::vector<i64>(static_cast<std::size_t>(N)));
    L = W;
    for (i64 s = 0; s < S + N; ++s)
      for (i64 j = 0; j < N; ++j) {
        const auto k = static_cast<std::size_t>(s * N + j);
        W[static_cast<std::size_t>(s)][static_cast<std::size_t>(j)] = im.weights[k];
        L[static_cast<std::size_t>(s)][static_cast<std::size_t>(j)] = im.plastic[k];
      }
    learn = im.stdp.learn;
    a_pre = im.stdp.a_pre;
    a_post = im.stdp.a_post;
    A_plus = im.stdp.a_plus;
    A_minus = im.stdp.a_minus;
    w_min = im.stdp.w_min;
    w_max = im.stdp.w_max;
    reset();
  }
  void reset() {
    v = v_rest;
    I.assign(static_cast<std::size_t>(N), 0);
    ref.assign(static_cast<std::size_t>(N), 0);
    y.assign(static_cast<std::size_t>(N), 0);
    x.assign(static_cast<std::size_t>(S + N), 0);
    F_prev.clear();
  }

  std::vector<std::uint32_t> step(const std::vector<std::uint32_t>& inputs) {
    auto at = [](auto& vec, i64 k) -> auto& { return vec[static_cast<std::size_t>(k)]; };
    std::set<i64> A(inputs.begin(), inputs.end());
    for (i64 j : F_prev) A.insert(S + j);
    // Phase A
    std::vector<i64> acc(static_cast<std::size_t>(N), 0);
    for (i64 s : A)
      for (i64 j = 0; j < N; ++j) {
        i64& w = at(at(W, s), j);
        at(acc, j) += w;
        if (learn && at(at(L, s), j)) w = clip_to(w - (at(y, j) >> 8), w_min, w_max);
      }
    std::vector<i64> x_hat = x;
    for (i64 s : A) at(x_hat, s) = usat_b(at(x, s) + A_plus, TB);
    // Phase N
    std::set<i64> F;
    for (i64 j = 0; j < N; ++j) {
      at(I, j) = sat_b(decay_n(at(I, j), at(a_syn, j)) + at(acc, j), VB);
      bool fired = false;
      if (at(ref, j) > 0) {
        at(ref, j) = at(ref, j) - 1;
        at(v, j) = at(v_reset, j);
      } else {
        at(v, j) = sat_b(at(v_rest, j) + decay_n(at(v, j) - at(v_rest, j), at(a_mem, j)) + at(I, j) + at(bias, j), VB);
        fired = at(v, j) >= at(v_th, j);
        if (fired) {
          at(v, j) = at(v_reset, j);
          at(ref, j) = at(t_ref, j);
        }
      }
      const i64 y_hat = fired ? usat_b(at(y, j) + A_minus, TB) : at(y, j);
      at(y, j) = decay_n(y_hat, a_post);
      if (fired) F.insert(j);
    }
    // Phase P
    for (i64 j : F)
      for (i64 s = 0; s < S + N; ++s)
        if (learn && at(at(L, s), j)) {
          i64& w = at(at(W, s), j);
          w = clip_to(w + (at(x_hat, s) >> 8), w_min, w_max);
        }
    // Phase X
    for (i64 s = 0; s < S + N; ++s) at(x, s) = decay_n(at(x_hat, s), a_pre);
    F_prev = F;
    return {F.begin(), F.end()};
  }
};

// --- random networks ---------------------------------------------------------------------------
struct Gen {
  std::mt19937_64 rng;
  i64 uniform(i64 lo, i64 hi) { return std::uniform_int_distribution<i64>(lo, hi)(rng); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng); }
  std::uint16_t factor() {
    const int kind = static_cast<int>(uniform(0, 9));
    if (kind == 0) return 0;
    if (kind == 1) return 65535;
    return static_cast<std::uint16_t>(uniform(30000, 65535));
  }
};

Image random_image(Gen& g, bool wide) {
  const auto wb = static_cast<std::uint32_t>(wide ? 16 : 8), vb = static_cast<std::uint32_t>(wide ? 24 : 16);
  const auto n = static_cast<std::uint32_t>(g.uniform(1, 24)), s = static_cast<std::uint32_t>(g.uniform(0, 12));
  Image im = Image::zeros(Shape{n, s, wb, vb});
  const i64 wmax = (i64{1} << (wb - 1)) - 1, scale = wide ? 256 : 1;  // 16-bit weights: values x 256
  for (auto& p : im.neurons) {
    p.v_rest = static_cast<std::int32_t>(g.uniform(-20, 20) * scale);
    p.v_reset = static_cast<std::int32_t>(p.v_rest - g.uniform(0, 30) * scale);
    p.v_th = static_cast<std::int32_t>(p.v_rest + g.uniform(5, 80) * scale);
    p.bias = static_cast<std::int32_t>(g.uniform(-3, 12) * scale);
    p.a_mem = g.factor();
    p.a_syn = g.factor();
    p.t_ref = static_cast<std::uint8_t>(g.uniform(0, 4));
  }
  const double density = g.chance(0.5) ? 1.0 : 0.4;
  for (std::size_t k = 0; k < im.weights.size(); ++k) {
    if (g.chance(density)) im.weights[k] = static_cast<std::int16_t>(g.uniform(-wmax / 2, wmax * 3 / 4));
    im.plastic[k] = g.chance(0.8) ? 1 : 0;
  }
  const i64 tmax = (i64{1} << (wb + 8)) - 1;
  im.stdp.learn = true;
  im.stdp.a_pre = g.factor();
  im.stdp.a_post = g.factor();
  // Amplitudes from tiny to saturating, so trace saturation and big weight jumps both occur.
  im.stdp.a_plus = static_cast<std::uint32_t>(g.chance(0.1) ? tmax : g.uniform(0, 40 * 256 * scale));
  im.stdp.a_minus = static_cast<std::uint32_t>(g.chance(0.1) ? tmax : g.uniform(0, 40 * 256 * scale));
  const i64 a = g.uniform(-wmax - 1, wmax), b = g.uniform(-wmax - 1, wmax);
  im.stdp.w_min = static_cast<std::int32_t>(std::min(a, b));
  im.stdp.w_max = static_cast<std::int32_t>(std::max(a, b));
  // Half the networks start with every plastic weight inside [w_min, w_max] (the model may then
  // skip zero updates), the other half with some outside (every update must clip them).
  if (g.chance(0.5)) {
    for (std::size_t k = 0; k < im.weights.size(); ++k)
      if (im.plastic[k]) im.weights[k] = static_cast<std::int16_t>(std::clamp<i64>(im.weights[k], im.stdp.w_min, im.stdp.w_max));
  }
  return im;
}

}  // namespace

TEST_CASE("the optimised model equals a naive implementation of docs/model.md", "[model][naive]") {
  const bool wide = GENERATE(false, true);
  Gen g{std::mt19937_64(wide ? 2026u : 1123u)};
  std::size_t total_spikes = 0, total_changes = 0;
  for (int net = 0; net < 40; ++net) {
    const Image im = random_image(g, wide);
    Machine m(im);
    Naive ref(im);
    const double rate = g.chance(0.5) ? 0.1 : 0.5;
    const auto N = im.shape.neurons, S = im.shape.inputs;
    for (int t = 0; t < 250; ++t) {
      std::vector<std::uint32_t> in;
      for (std::uint32_t c = 0; c < S; ++c)
        if (g.chance(rate)) in.push_back(c);
      if (!in.empty() && g.chance(0.2)) in.push_back(in.front());  // duplicates count once
      std::shuffle(in.begin(), in.end(), g.rng);
      if (t == 120) {  // learning switched off and on again at run time
        m.set_learning(false);
        ref.learn = false;
      }
      if (t == 160) {
        m.set_learning(true);
        ref.learn = true;
      }
      if (t == 200) {  // a state reset keeps the learned weights
        m.reset_state();
        ref.reset();
      }
      const auto expect = ref.step(in);
      const auto& got = m.step(in);
      INFO("network " << net << " (N=" << N << ", S=" << S << (wide ? ", WB=16" : ", WB=8") << ") step " << t);
      REQUIRE(got == expect);
      total_spikes += got.size();
      for (std::uint32_t j = 0; j < N; ++j) {
        INFO("neuron " << j);
        const NeuronState st = m.neuron(j);
        REQUIRE(st.v == ref.v[j]);
        REQUIRE(st.i == ref.I[j]);
        REQUIRE(st.ref == ref.ref[j]);
        REQUIRE(st.y == ref.y[j]);
      }
      for (std::uint32_t s = 0; s < S + N; ++s) {
        INFO("source " << s);
        REQUIRE(m.pre_trace(s) == ref.x[s]);
        for (std::uint32_t j = 0; j < N; ++j) {
          INFO("target " << j);
          REQUIRE(m.weight(s, j) == ref.W[s][j]);
        }
      }
    }
    for (std::size_t k = 0; k < im.weights.size(); ++k) total_changes += m.weights()[k] != im.weights[k];
  }
  // The comparison covered real activity and real learning.
  CHECK(total_spikes > 10000);
  CHECK(total_changes > 1000);
}
