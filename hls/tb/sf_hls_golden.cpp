// Golden vectors for the Vitis testbench (hls/tb/sf_hls_tb.cpp): random networks run on the
// reference model (model/src), written as the exact kernel buffers the testbench feeds to
// sf_hls_kernel and the buffers it must get back. The testbench itself is plain C++11 (the
// compilers bundled with Vitis HLS do not know C++20, which the model needs), so the model runs
// here and only its answers travel.
//
//   sf_hls_golden OUT.dat [N_MAX S_MAX WB VB [NETWORKS STEPS]]
//
// File format (whitespace-separated unsigned decimal words):
//   SFGOLD 1 <networks>
//   per network: <n> <s> <steps> <learn>
//                params words (sf_abi.hpp params_words(n)), synapse words ((s+n) x n)
//                per step: spikes_in words (bitmap_words(s)), expected spikes_out words (bitmap_words(n))
//                expected state words from S_HEADER to state_words(n, s), expected synapse words
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "spikeforge/hls/packing.hpp"
#include "spikeforge/hls/sf_abi.hpp"
#include "spikeforge/model/machine.hpp"

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
  const std::int32_t vmax = (1 << (shape.state_bits - 1)) - 1;
  for (auto& p : im.neurons) {
    p.v_rest = r.range(-unit, unit / 2);
    p.v_reset = p.v_rest - r.range(0, unit);
    p.v_th = std::min(vmax, p.v_rest + r.range(unit / 4, 3 * unit));
    p.bias = r.range(0, unit / 2);
    p.a_mem = static_cast<std::uint16_t>(r.range(20000, 65535));
    p.a_syn = static_cast<std::uint16_t>(r.range(0, 60000));
    p.t_ref = static_cast<std::uint8_t>(r.range(0, 3));
  }
  im.stdp = {seed % 4 != 3, static_cast<std::uint16_t>(r.range(30000, 65000)),
             static_cast<std::uint16_t>(r.range(30000, 65000)), static_cast<std::uint32_t>(r.range(0, 8 * 256)),
             static_cast<std::uint32_t>(r.range(0, 8 * 256)), -unit / 2, unit - 1};
  for (std::size_t k = 0; k < im.weights.size(); ++k) {
    if (r.next() % 3 == 0) im.weights[k] = static_cast<std::int16_t>(r.range(-unit / 2, unit - 1));
    im.plastic[k] = static_cast<std::uint8_t>(r.next() % 2);
  }
  return im;
}

void put(std::ostream& out, const std::vector<std::uint32_t>& words, std::size_t from = 0) {
  for (std::size_t k = from; k < words.size(); ++k) out << words[k] << (k + 1 == words.size() ? '\n' : ' ');
  if (from >= words.size()) out << '\n';
}

void write_network(std::ostream& out, const Shape& shape, std::uint32_t steps, std::uint64_t seed) {
  using namespace sf_hls;
  const Image image = make_image(shape, seed);
  spikeforge::model::Machine ref(image);
  const word_t n = shape.neurons, s = shape.inputs;
  out << n << ' ' << s << ' ' << steps << ' ' << (image.stdp.learn ? 1 : 0) << '\n';
  put(out, spikeforge::hls::pack_params(image));
  put(out, spikeforge::hls::pack_synapses(image));
  Lcg r{seed ^ 0xABCDull};
  for (std::uint32_t t = 0; t < steps; ++t) {
    spikeforge::SpikeList inputs;
    for (std::uint32_t c = 0; c < s; ++c) {
      if (r.next() % 4 == 0) inputs.push_back(c);
    }
    const std::vector<spikeforge::SpikeList> one{inputs};
    put(out, spikeforge::hls::pack_inputs(one, s));
    const auto& fired = ref.step(inputs);
    std::vector<std::uint32_t> bits(bitmap_words(n), 0u);
    for (const auto j : fired) bits[j / 32] |= 1u << (j % 32);
    put(out, bits);
  }
  // The state buffer the kernel must hold after the run (from S_HEADER on: the header carries
  // the build parameters and the step counter, checked separately by the testbench).
  std::vector<std::uint32_t> st(state_words(n, s), 0u);
  for (word_t j = 0; j < n; ++j) {
    const auto ns = ref.neuron(j);
    st[state_neuron(j) + NS_V] = static_cast<std::uint32_t>(ns.v);
    st[state_neuron(j) + NS_I] = static_cast<std::uint32_t>(ns.i);
    st[state_neuron(j) + NS_REF] = ns.ref;
    st[state_neuron(j) + NS_Y] = ns.y;
  }
  for (const auto j : ref.last_spikes()) st[state_fired(n) + j / 32] |= 1u << (j % 32);
  for (word_t src = 0; src < s + n; ++src) st[state_trace(n, src)] = ref.pre_trace(src);
  put(out, st, S_HEADER);
  put(out, spikeforge::hls::pack_synapses(ref.image()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 6 && argc != 8) {
    std::cerr << "usage: sf_hls_golden OUT.dat [N_MAX S_MAX WB VB [NETWORKS STEPS]]\n";
    return 2;
  }
  const auto arg = [&](int k, std::uint32_t def) {
    return argc > k ? static_cast<std::uint32_t>(std::stoul(argv[k])) : def;
  };
  const std::uint32_t n_max = arg(2, 256), s_max = arg(3, 256), wb = arg(4, 8), vb = arg(5, 16);
  const std::uint32_t networks = arg(6, 6), steps = arg(7, 40);
  std::ofstream out(argv[1]);
  if (!out) {
    std::cerr << "sf_hls_golden: cannot write " << argv[1] << "\n";
    return 1;
  }
  out << "SFGOLD 1 " << networks << '\n';
  for (std::uint32_t k = 0; k < networks; ++k) {
    // The first network has the build's full size; the others are small, N not always a multiple of P.
    const std::uint32_t n = k == 0 ? n_max : 1 + (k * 37) % std::min<std::uint32_t>(61, n_max);
    const std::uint32_t s = k == 0 ? s_max : (k * 11) % (std::min<std::uint32_t>(40, s_max) + 1);
    write_network(out, Shape{n, s, wb, vb}, steps, 100 + k);
  }
  return out ? 0 : 1;
}
