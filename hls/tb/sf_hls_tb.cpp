// C-simulation / co-simulation testbench of sf_hls_kernel for Vitis HLS (scripts/hls/sf_hls.tcl
// adds it with `add_files -tb`): random networks run on the kernel and on the reference model
// (model/src), compared spike by spike and word by word. main() returns 0 when everything
// matched, which is what csim_design and cosim_design check. The same file is built by CMake
// with the Vitis build's parameters and run as a test here (tests/hls/CMakeLists.txt).
//
// Kept small on purpose: co-simulation runs the RTL and is slow, so a few networks of a few
// dozen steps; the exhaustive comparison is the equivalence suite (tests/hls/).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "spikeforge/hls/packing.hpp"
#include "spikeforge/hls/sf_abi.hpp"
#include "spikeforge/hls/sf_hls_kernel.hpp"
#include "spikeforge/model/machine.hpp"

#ifndef SF_TB_NETWORKS
#define SF_TB_NETWORKS 6
#endif
#ifndef SF_TB_STEPS
#define SF_TB_STEPS 40
#endif

namespace {

using spikeforge::model::Image;
using spikeforge::model::Shape;

struct Lcg {
  std::uint64_t s;
  std::uint32_t next() {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(s >> 33);
  }
  std::int32_t range(std::int32_t lo, std::int32_t hi) {
    return lo + static_cast<std::int32_t>(next() % static_cast<std::uint32_t>(hi - lo + 1));
  }
};

Image make_image(const Shape& shape, std::uint64_t seed) {
  Lcg r{seed};
  Image im = Image::zeros(shape);
  const std::int32_t unit = 1 << (shape.weight_bits - 1);
  for (auto& p : im.neurons) {
    p.v_rest = r.range(-unit, unit / 2);
    p.v_reset = p.v_rest - r.range(0, unit);
    p.v_th = p.v_rest + r.range(unit / 4, 3 * unit);
    p.bias = r.range(0, unit / 2);
    p.a_mem = static_cast<std::uint16_t>(r.range(20000, 65535));
    p.a_syn = static_cast<std::uint16_t>(r.range(0, 60000));
    p.t_ref = static_cast<std::uint8_t>(r.range(0, 3));
  }
  im.stdp = {true, static_cast<std::uint16_t>(r.range(30000, 65000)), static_cast<std::uint16_t>(r.range(30000, 65000)),
             static_cast<std::uint32_t>(r.range(0, 8 * 256)), static_cast<std::uint32_t>(r.range(0, 8 * 256)),
             -unit / 2, unit - 1};
  for (std::size_t k = 0; k < im.weights.size(); ++k) {
    if (r.next() % 3 == 0) im.weights[k] = static_cast<std::int16_t>(r.range(-unit / 2, unit - 1));
    im.plastic[k] = static_cast<std::uint8_t>(r.next() % 2);
  }
  return im;
}

int run_network(const Shape& shape, std::uint64_t seed) {
  using namespace sf_hls;
  const Image image = make_image(shape, seed);
  spikeforge::model::Machine ref(image);
  const word_t n = shape.neurons, s = shape.inputs;
  // Buffers at least as large as the m_axi depths of sf_hls_kernel.cpp, which co-simulation uses.
  auto params = spikeforge::hls::pack_params(image);
  auto synapses = spikeforge::hls::pack_synapses(image);
  params.resize(std::max<std::size_t>(params.size(), 4096), 0u);
  synapses.resize(std::max<std::size_t>(synapses.size(), 131072), 0u);
  std::vector<word_t> state(std::max<std::size_t>(state_words(n, s), 2048), 0u);
  std::vector<word_t> in(1024, 0u), out(1024, 0u);

  sf_hls_kernel(CMD_PROGRAM, n, s, 0, 0, params.data(), synapses.data(), state.data(), in.data(), out.data());
  if (state[S_STATUS] != STATUS_OK) {
    std::printf("seed %llu: PROGRAM status %u\n", static_cast<unsigned long long>(seed), state[S_STATUS]);
    return 1;
  }
  Lcg r{seed ^ 0xABCDull};
  for (std::uint32_t t = 0; t < SF_TB_STEPS; ++t) {
    spikeforge::SpikeList inputs;
    for (std::uint32_t c = 0; c < s; ++c) {
      if (r.next() % 4 == 0) inputs.push_back(c);
    }
    const auto words = spikeforge::hls::pack_inputs(std::vector<spikeforge::SpikeList>{inputs}, s);
    for (std::size_t k = 0; k < words.size(); ++k) in[k] = words[k];
    sf_hls_kernel(CMD_RUN, n, s, 1, FLAG_LEARN, params.data(), synapses.data(), state.data(), in.data(), out.data());
    const auto got = spikeforge::hls::unpack_spikes(out, n, 1)[0];
    const auto& want = ref.step(inputs);
    if (got != want) {
      std::printf("seed %llu step %u: %zu spikes from the kernel, %zu from the model\n",
                  static_cast<unsigned long long>(seed), t, got.size(), want.size());
      return 1;
    }
  }
  for (std::uint32_t j = 0; j < n; ++j) {
    if (!(spikeforge::hls::unpack_neuron(state, j) == ref.neuron(j))) {
      std::printf("seed %llu: neuron %u state differs\n", static_cast<unsigned long long>(seed), j);
      return 1;
    }
  }
  for (std::uint32_t src = 0; src < s + n; ++src) {
    if (spikeforge::hls::unpack_trace(state, n, src) != ref.pre_trace(src)) {
      std::printf("seed %llu: pre trace %u differs\n", static_cast<unsigned long long>(seed), src);
      return 1;
    }
  }
  if (spikeforge::hls::unpack_weights(synapses, n, 0, s + n) != ref.weights()) {
    std::printf("seed %llu: weights differ\n", static_cast<unsigned long long>(seed));
    return 1;
  }
  return 0;
}

}  // namespace

int main() {
  // Build parameters of the kernel under test, as it reports them.
  std::vector<sf_hls::word_t> state(2048, 0u), dummy(131072, 0u);
  sf_hls_kernel(sf_hls::CMD_IDENTIFY, 0, 0, 0, 0, dummy.data(), dummy.data(), state.data(), dummy.data(), dummy.data());
  const auto build = spikeforge::hls::unpack_build(state);
  std::printf("sf_hls_kernel: %s\n", build.describe().c_str());
  int failures = 0;
  for (std::uint64_t k = 0; k < SF_TB_NETWORKS; ++k) {
    // Sizes from tiny to the build's maximum, N not always a multiple of P.
    const std::uint32_t n = k == 0 ? build.n_max : 1 + static_cast<std::uint32_t>((k * 37) % 61);
    const std::uint32_t s = k == 0 ? build.s_max : static_cast<std::uint32_t>((k * 11) % 40);
    failures += run_network(Shape{n, s, build.weight_bits, build.state_bits}, 100 + k);
  }
  std::printf("%s: %d of %d networks differ\n", failures ? "FAIL" : "PASS", failures, SF_TB_NETWORKS);
  return failures ? 1 : 0;
}
