// docs/model.md §4, phase by phase. The loops are written so that the compiler vectorises them
// (fixed-width integers, no aliasing, selects instead of branches) but each line still reads as
// the spec's line it implements.
#include "spikeforge/model/machine.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "spikeforge/model/arith.hpp"

namespace spikeforge::model {
namespace {

// The phase A inner loops, compiled twice on x86-64 GCC (AVX2 and the baseline) with the choice
// made once at load time; the same integer operations either way, only the vector width differs.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define SPIKEFORGE_MULTIVERSION __attribute__((target_clones("avx2", "default")))
#else
#define SPIKEFORGE_MULTIVERSION
#endif

// One arriving row with learning on: acc[j] += W (the weight before the update), then the fused
// depression W = clip(W - (y[j] >> 8), w_min, w_max) where the plasticity bit is set.
SPIKEFORGE_MULTIVERSION void arrive_learning(std::int16_t* w, const std::uint8_t* l, std::int32_t* acc,
                                             const std::int32_t* depress, std::uint32_t n, std::int32_t lo,
                                             std::int32_t hi) {
  for (std::uint32_t j = 0; j < n; ++j) {
    const std::int32_t old = w[j];
    acc[j] += old;
    const std::int32_t upd = std::clamp(old - depress[j], lo, hi);
    w[j] = static_cast<std::int16_t>(l[j] ? upd : old);
  }
}

// One arriving row with learning off: acc[j] += W.
SPIKEFORGE_MULTIVERSION void arrive(const std::int16_t* w, std::int32_t* acc, std::uint32_t n) {
  for (std::uint32_t j = 0; j < n; ++j) acc[j] += w[j];
}

}  // namespace

Machine::Machine(Image image) : image_(std::move(image)) {
  validate(image_);
  const auto& sh = image_.shape;
  v_.resize(sh.neurons);
  i_.resize(sh.neurons);
  ref_.resize(sh.neurons);
  y_.resize(sh.neurons);
  acc_.resize(sh.neurons);
  x_.resize(sh.sources());
  arriving_.resize(sh.sources());
  depress_.resize(sh.neurons);
  potentiate_.resize(sh.sources());
  plastic_in_bounds_ = true;
  for (std::size_t k = 0; k < image_.weights.size(); ++k) {
    if (image_.plastic[k] && (image_.weights[k] < image_.stdp.w_min || image_.weights[k] > image_.stdp.w_max)) {
      plastic_in_bounds_ = false;
    }
  }
  reset_state();
}

void Machine::reset_state() {
  for (std::uint32_t j = 0; j < shape().neurons; ++j) v_[j] = image_.neurons[j].v_rest;
  std::fill(i_.begin(), i_.end(), 0);
  std::fill(ref_.begin(), ref_.end(), 0u);
  std::fill(y_.begin(), y_.end(), 0u);
  std::fill(x_.begin(), x_.end(), 0u);
  fired_.clear();
  steps_ = 0;
}

const std::vector<std::uint32_t>& Machine::step(std::span<const std::uint32_t> inputs) {
  const auto& sh = shape();
  // A_t = In_t ∪ {S + j : j ∈ F_{t-1}}, each source once.
  // Check every channel before marking any, so a refused call leaves no channel marked.
  for (std::uint32_t c : inputs) {
    if (c >= sh.inputs) {
      throw std::out_of_range("input channel " + std::to_string(c) + " does not exist (the device has " +
                              std::to_string(sh.inputs) + " input channels)");
    }
  }
  arrivals_.clear();
  for (std::uint32_t c : inputs) {
    if (!arriving_[c]) {
      arriving_[c] = 1;
      arrivals_.push_back(c);
    }
  }
  for (std::uint32_t j : fired_) arrivals_.push_back(sh.inputs + j);

  phase_arrival();
  phase_neurons();
  phase_potentiation();
  phase_pre_decay();

  for (std::uint32_t c : arrivals_) arriving_[c] = 0;
  ++steps_;
  return fired_;
}

void Machine::phase_arrival() {
  const auto& sh = shape();
  const auto& st = image_.stdp;
  const std::uint32_t n = sh.neurons;
  std::fill(acc_.begin(), acc_.end(), 0);
  if (arrivals_.empty()) return;

  // y[j] >> 8 is the same for every arriving row: compute it once per step.
  std::int32_t* depress = depress_.data();
  for (std::uint32_t j = 0; j < n; ++j) depress[j] = static_cast<std::int32_t>(y_[j] >> kTraceFractionBits);
  const std::int32_t lo = st.w_min, hi = st.w_max;

  for (std::uint32_t s : arrivals_) {
    std::int16_t* w = &image_.weights[std::size_t{s} * n];
    const std::uint8_t* l = &image_.plastic[std::size_t{s} * n];
    std::int32_t* acc = acc_.data();
    if (st.learn) {
      arrive_learning(w, l, acc, depress, n, lo, hi);
    } else {
      arrive(w, acc, n);
    }
  }
  const auto tmax = static_cast<std::uint32_t>(umax(sh.trace_bits()));
  for (std::uint32_t s : arrivals_) x_[s] = std::min(x_[s] + st.a_plus, tmax);  // usat_TB(x + A_plus)
}

void Machine::phase_neurons() {
  const auto& sh = shape();
  const auto& st = image_.stdp;
  const unsigned vb = sh.state_bits;
  const std::int64_t vmin = smin(vb), vmax = smax(vb);
  const auto tmax = static_cast<std::uint32_t>(umax(sh.trace_bits()));
  const std::uint32_t a_minus = st.a_minus, a_post = st.a_post;
  // Local pointers: the compiler cannot prove the state vectors do not alias each other.
  const NeuronParams* params = image_.neurons.data();
  const std::int32_t* acc = acc_.data();
  std::int32_t* vs = v_.data();
  std::int32_t* is = i_.data();
  std::uint32_t* refs = ref_.data();
  std::uint32_t* ys = y_.data();
  fired_.clear();
  for (std::uint32_t j = 0; j < sh.neurons; ++j) {
    const NeuronParams& p = params[j];
    const std::int64_t i = clip(decay(is[j], p.a_syn) + acc[j], vmin, vmax);
    is[j] = static_cast<std::int32_t>(i);
    bool fired = false;
    if (refs[j] > 0) {
      refs[j] -= 1;
      vs[j] = p.v_reset;
    } else {
      const std::int64_t v =
          clip(std::int64_t{p.v_rest} + decay(std::int64_t{vs[j]} - p.v_rest, p.a_mem) + i + p.bias, vmin, vmax);
      fired = v >= p.v_th;
      vs[j] = fired ? p.v_reset : static_cast<std::int32_t>(v);
      if (fired) refs[j] = p.t_ref;
    }
    const std::uint32_t y_hat = fired ? std::min(ys[j] + a_minus, tmax) : ys[j];
    ys[j] = static_cast<std::uint32_t>(decay(y_hat, a_post));
    if (fired) fired_.push_back(j);
  }
}

void Machine::phase_potentiation() {
  const auto& st = image_.stdp;
  if (!st.learn || fired_.empty()) return;
  const std::uint32_t n = shape().neurons, sources = shape().sources();
  std::int32_t* potentiate = potentiate_.data();
  for (std::uint32_t s = 0; s < sources; ++s) potentiate[s] = static_cast<std::int32_t>(x_[s] >> kTraceFractionBits);
  // Row by row (the weight matrix is row-major), the fired columns inside: the same updates as
  // "for every j in F_t, for every s", each synapse touched once. A row whose x̂ >> 8 is 0 leaves
  // every in-bounds weight as it is, so it is skipped when all plastic weights are in bounds.
  for (std::uint32_t s = 0; s < sources; ++s) {
    const std::int32_t p = potentiate[s];
    if (p == 0 && plastic_in_bounds_) continue;
    std::int16_t* w = &image_.weights[std::size_t{s} * n];
    const std::uint8_t* l = &image_.plastic[std::size_t{s} * n];
    for (std::uint32_t j : fired_) {
      if (l[j]) w[j] = static_cast<std::int16_t>(std::clamp(w[j] + p, st.w_min, st.w_max));
    }
  }
}

void Machine::phase_pre_decay() {
  const std::uint32_t a = image_.stdp.a_pre;
  for (auto& x : x_) x = static_cast<std::uint32_t>(decay(x, a));
}

}  // namespace spikeforge::model
