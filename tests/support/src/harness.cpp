#include "spikeforge/testing/harness.hpp"

#include <algorithm>
#include <random>
#include <sstream>

#include "spikeforge/model/arith.hpp"
#include "spikeforge/model_target.hpp"

namespace spikeforge::testing {
namespace {

using model::smax;
using model::smin;
using model::umax;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(seed * 0x9E3779B97F4A7C15ull + 0x1234567ull) {}
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(gen_); }
  double real() { return std::uniform_real_distribution<double>(0.0, 1.0)(gen_); }
  bool chance(double p) { return real() < p; }
  template <typename T>
  T pick(std::initializer_list<T> values) {
    return *(values.begin() + uniform(0, static_cast<std::int64_t>(values.size()) - 1));
  }

 private:
  std::mt19937_64 gen_;
};

// A decay factor: mostly realistic (tau of 2..50 steps), sometimes the extremes 0 and 65535.
std::uint16_t random_factor(Rng& r) {
  const double p = r.real();
  if (p < 0.08) return 0;
  if (p < 0.16) return 65535;
  return static_cast<std::uint16_t>(r.uniform(20000, 65000));
}

}  // namespace

const char* regime_name(Regime r) {
  switch (r) {
    case Regime::kAuto: return "auto";
    case Regime::kSilent: return "silent";
    case Regime::kSparse: return "sparse";
    case Regime::kBusy: return "busy";
    case Regime::kSaturating: return "saturating";
    case Regime::kBounds: return "bounds";
  }
  return "?";
}

Regime regime_for(std::uint64_t seed, const RandomOptions& o) {
  if (o.regime != Regime::kAuto) return o.regime;
  static constexpr Regime cycle[] = {Regime::kSparse, Regime::kBusy, Regime::kBounds, Regime::kSaturating,
                                     Regime::kSilent, Regime::kSparse, Regime::kBusy, Regime::kBounds};
  return cycle[seed % 8];
}

double regime_input_rate(Regime r, std::uint64_t seed) {
  Rng rng(seed ^ 0xABCDEFull);
  switch (r) {
    case Regime::kSilent: return 0.02;
    case Regime::kSparse: return 0.05 + 0.15 * rng.real();
    case Regime::kBusy: return 0.3 + 0.4 * rng.real();
    case Regime::kSaturating: return 0.9;
    case Regime::kBounds: return 0.2 + 0.3 * rng.real();
    case Regime::kAuto: break;
  }
  return 0.1;
}

model::Image random_image(const model::Shape& shape, std::uint64_t seed, const RandomOptions& o) {
  Rng r(seed);
  const Regime regime = regime_for(seed, o);
  model::Image im = model::Image::zeros(shape);
  const unsigned wb = shape.weight_bits, vb = shape.state_bits, tb = shape.trace_bits();
  const std::int64_t wmax = smax(wb), wmin = smin(wb), vmax = smax(vb), vmin = smin(vb);
  const std::int64_t unit = std::int64_t{1} << (wb - 1);  // one full-scale weight

  const double density = o.density >= 0 ? o.density : r.pick({0.1, 0.3, 0.6, 1.0});
  const double plastic = o.plastic_fraction >= 0 ? o.plastic_fraction : r.pick({0.0, 0.5, 0.9, 1.0});
  im.stdp.learn = o.learn >= 0 ? o.learn == 1 : (regime == Regime::kBounds || r.chance(0.7));

  for (auto& p : im.neurons) {
    p.a_mem = random_factor(r);
    p.a_syn = random_factor(r);
    p.t_ref = static_cast<std::uint8_t>(r.chance(0.05) ? 255 : r.uniform(0, 4));
    p.v_rest = static_cast<std::int32_t>(r.uniform(-unit, unit / 2));
    p.v_reset = static_cast<std::int32_t>(p.v_rest - r.uniform(0, unit));
    switch (regime) {
      case Regime::kSilent:
        p.v_th = static_cast<std::int32_t>(r.uniform(vmax / 2, vmax));
        p.bias = 0;
        break;
      case Regime::kSparse:
        p.v_th = static_cast<std::int32_t>(p.v_rest + r.uniform(2 * unit, 12 * unit));
        p.bias = static_cast<std::int32_t>(r.uniform(-unit / 8, unit / 4));
        break;
      case Regime::kBusy:
      case Regime::kBounds:
        p.v_th = static_cast<std::int32_t>(p.v_rest + r.uniform(unit / 4, 3 * unit));
        p.bias = static_cast<std::int32_t>(r.uniform(0, unit));
        break;
      case Regime::kSaturating:
        // Extreme parameters: v and I pinned at their bounds, thresholds at the ends of the range.
        p.v_th = static_cast<std::int32_t>(r.chance(0.5) ? vmax : vmin + r.uniform(0, 3));
        p.v_rest = static_cast<std::int32_t>(r.pick({vmin, vmax, std::int64_t{0}}));
        p.v_reset = static_cast<std::int32_t>(r.pick({vmin, vmax, std::int64_t{0}}));
        p.bias = static_cast<std::int32_t>(r.pick({vmin, vmax, vmax / 2}));
        p.a_mem = static_cast<std::uint16_t>(r.pick({0, 65535, 60000}));
        p.a_syn = static_cast<std::uint16_t>(r.pick({0, 65535, 60000}));
        p.t_ref = static_cast<std::uint8_t>(r.uniform(0, 1));
        break;
      case Regime::kAuto: break;
    }
    p.v_th = static_cast<std::int32_t>(model::sat(p.v_th, vb));
    p.v_rest = static_cast<std::int32_t>(model::sat(p.v_rest, vb));
    p.v_reset = static_cast<std::int32_t>(model::sat(p.v_reset, vb));
  }

  // STDP: traces from gentle to saturating; bounds from the full range to narrow windows.
  im.stdp.a_pre = random_factor(r);
  im.stdp.a_post = random_factor(r);
  const std::int64_t tmax = umax(tb);
  if (regime == Regime::kBounds) {
    im.stdp.a_plus = static_cast<std::uint32_t>(r.uniform(unit * 256 / 4, tmax));
    im.stdp.a_minus = static_cast<std::uint32_t>(r.uniform(unit * 256 / 4, tmax));
  } else {
    im.stdp.a_plus = static_cast<std::uint32_t>(r.uniform(0, std::min<std::int64_t>(tmax, 16 * 256)));
    im.stdp.a_minus = static_cast<std::uint32_t>(r.uniform(0, std::min<std::int64_t>(tmax, 16 * 256)));
  }
  if (r.chance(0.4)) {
    im.stdp.w_min = static_cast<std::int32_t>(wmin);
    im.stdp.w_max = static_cast<std::int32_t>(wmax);
  } else {
    const auto a = r.uniform(wmin, wmax), b = r.uniform(wmin, wmax);
    im.stdp.w_min = static_cast<std::int32_t>(std::min(a, b));
    im.stdp.w_max = static_cast<std::int32_t>(std::max(a, b));
  }

  const bool saturating = regime == Regime::kSaturating;
  for (std::size_t k = 0; k < im.weights.size(); ++k) {
    if (!r.chance(density)) continue;
    std::int64_t w;
    if (saturating) {
      w = r.pick({wmin, wmax, wmax - 1});
    } else if (regime == Regime::kBusy || regime == Regime::kBounds) {
      w = r.uniform(wmin / 2, wmax);  // excitation dominates so the network is active
    } else {
      w = r.uniform(wmin, wmax);
    }
    im.weights[k] = static_cast<std::int16_t>(w);
    im.plastic[k] = static_cast<std::uint8_t>(r.chance(plastic));
  }
  model::validate(im);
  return im;
}

std::vector<SpikeList> random_inputs(const model::Shape& shape, std::uint32_t steps, double rate, std::uint64_t seed) {
  Rng r(seed ^ 0x5EEDull);
  std::vector<SpikeList> out(steps);
  for (auto& list : out) {
    for (std::uint32_t c = 0; c < shape.inputs; ++c) {
      if (r.chance(rate)) list.push_back(c);
    }
  }
  return out;
}

std::optional<std::string> compare_state(Target& reference, Target& dut, const model::Shape& shape, std::uint64_t step) {
  auto where = [step] {
    std::ostringstream os;
    os << "after step " << step << ": ";
    return os.str();
  };
  const auto rn = reference.read_neurons(0, shape.neurons);
  const auto dn = dut.read_neurons(0, shape.neurons);
  if (dn.size() != rn.size()) return where() + "dut returned " + std::to_string(dn.size()) + " neuron records";
  for (std::uint32_t j = 0; j < shape.neurons; ++j) {
    const auto& a = rn[j];
    const auto& b = dn[j];
    auto field = [&](const char* name, std::int64_t x, std::int64_t y) -> std::optional<std::string> {
      if (x == y) return std::nullopt;
      return where() + "neuron " + std::to_string(j) + " " + name + ": reference=" + std::to_string(x) +
             " dut=" + std::to_string(y);
    };
    if (auto m = field("v", a.v, b.v)) return m;
    if (auto m = field("I", a.i, b.i)) return m;
    if (auto m = field("ref", a.ref, b.ref)) return m;
    if (auto m = field("y (post trace)", a.y, b.y)) return m;
  }
  const auto rx = reference.read_pre_traces(0, shape.sources());
  const auto dx = dut.read_pre_traces(0, shape.sources());
  for (std::uint32_t s = 0; s < shape.sources(); ++s) {
    if (s >= dx.size() || rx[s] != dx[s]) {
      return where() + "source " + std::to_string(s) + " x (pre trace): reference=" + std::to_string(rx[s]) +
             " dut=" + (s < dx.size() ? std::to_string(dx[s]) : std::string("missing"));
    }
  }
  const auto rw = reference.read_weights(0, shape.sources());
  const auto dw = dut.read_weights(0, shape.sources());
  for (std::size_t k = 0; k < rw.size(); ++k) {
    if (k >= dw.size() || rw[k] != dw[k]) {
      return where() + "synapse [" + std::to_string(k / shape.neurons) + "][" + std::to_string(k % shape.neurons) +
             "] weight: reference=" + std::to_string(rw[k]) +
             " dut=" + (k < dw.size() ? std::to_string(dw[k]) : std::string("missing"));
    }
  }
  return std::nullopt;
}

std::optional<std::string> run_lockstep(Target& reference, Target& dut, const model::Image& image,
                                        std::span<const SpikeList> inputs, std::uint32_t state_every) {
  reference.program(image);
  dut.program(image);
  if (auto m = compare_state(reference, dut, image.shape, 0)) return "after programming (before step 0): " + *m;
  auto list = [](const SpikeList& l) {
    std::string s = "[";
    for (std::size_t k = 0; k < l.size(); ++k) s += (k ? "," : "") + std::to_string(l[k]);
    return s + "]";
  };
  for (std::size_t t = 0; t < inputs.size(); ++t) {
    const auto rs = reference.run(inputs.subspan(t, 1));
    const auto ds = dut.run(inputs.subspan(t, 1));
    if (ds.size() != 1) return "step " + std::to_string(t) + ": dut returned " + std::to_string(ds.size()) + " spike lists";
    if (rs[0] != ds[0]) {
      return "step " + std::to_string(t) + ": spikes differ: reference=" + list(rs[0]) + " dut=" + list(ds[0]);
    }
    if (state_every != 0 && (t + 1) % state_every == 0) {
      if (auto m = compare_state(reference, dut, image.shape, t)) return m;
    }
  }
  return compare_state(reference, dut, image.shape, inputs.empty() ? 0 : inputs.size() - 1);
}

Activity activity_of(const model::Image& before, Target& after, std::uint64_t spikes, std::uint64_t steps) {
  Activity a;
  a.spikes = spikes;
  a.steps = steps;
  const auto w = after.read_weights(0, before.shape.sources());
  for (std::size_t k = 0; k < w.size(); ++k) {
    if (w[k] != before.weights[k]) ++a.weights_changed;
    if (before.plastic[k] && w[k] == before.stdp.w_min) ++a.weights_at_min;
    if (before.plastic[k] && w[k] == before.stdp.w_max) ++a.weights_at_max;
  }
  return a;
}

std::string SweepStats::summary() const {
  std::ostringstream os;
  os << "networks " << networks << ", silent " << silent_networks << ", busy " << busy_networks << ", learning "
     << learning_networks << ", weights at w_min " << at_min << ", at w_max " << at_max
     << ", refractory at the end " << refractory_neurons;
  return os.str();
}

std::vector<std::string> SweepStats::missing_corners() const {
  std::vector<std::string> out;
  if (silent_networks == 0) out.emplace_back("no silent network");
  if (busy_networks == 0) out.emplace_back("no busy network");
  if (learning_networks == 0) out.emplace_back("no network with learning on");
  if (learning_networks == networks) out.emplace_back("no network with learning off");
  if (at_min == 0) out.emplace_back("no weight driven to w_min");
  if (at_max == 0) out.emplace_back("no weight driven to w_max");
  if (refractory_neurons == 0) out.emplace_back("no neuron refractory at the end");
  return out;
}

std::optional<std::string> sweep(const std::function<std::unique_ptr<Target>()>& make_dut, const model::Shape& shape,
                                 std::uint64_t first_seed, std::uint64_t count, std::uint32_t steps,
                                 std::uint32_t state_every, SweepStats& stats, const RandomOptions& options) {
  for (std::uint64_t seed = first_seed; seed < first_seed + count; ++seed) {
    const auto image = random_image(shape, seed, options);
    const auto regime = regime_for(seed, options);
    const auto inputs = random_inputs(shape, steps, regime_input_rate(regime, seed), seed);
    ModelTarget ref(shape);
    const auto dut = make_dut();
    if (auto m = run_lockstep(ref, *dut, image, inputs, state_every)) {
      std::ostringstream os;
      os << "N=" << shape.neurons << " S=" << shape.inputs << " WB=" << shape.weight_bits << " seed " << seed << " ("
         << regime_name(regime) << ", learn " << image.stdp.learn << "): " << *m;
      return os.str();
    }
    // Activity of the run: the reference replayed from scratch (run_lockstep returns no spikes).
    ModelTarget replay(shape);
    replay.program(image);
    std::uint64_t spikes = 0;
    for (const auto& l : replay.run(inputs)) spikes += l.size();
    const auto a = activity_of(image, *dut, spikes, steps);
    ++stats.networks;
    stats.steps += steps;
    if (spikes == 0) ++stats.silent_networks;
    if (spikes * 2 > std::uint64_t{shape.neurons} * steps) ++stats.busy_networks;
    if (image.stdp.learn) ++stats.learning_networks;
    stats.at_min += a.weights_at_min;
    stats.at_max += a.weights_at_max;
    for (const auto& n : dut->read_neurons(0, shape.neurons)) stats.refractory_neurons += n.ref > 0 ? 1 : 0;
  }
  return std::nullopt;
}

}  // namespace spikeforge::testing
