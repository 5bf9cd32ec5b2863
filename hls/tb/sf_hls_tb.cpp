// C-simulation / co-simulation testbench of sf_hls_kernel for Vitis HLS (scripts/hls/sf_hls.tcl
// adds it with `add_files -tb`). Plain C++11, so the compilers bundled with Vitis HLS accept it.
// It replays golden vectors made from the reference model by sf_hls_golden
// (hls/tb/sf_hls_golden.cpp): every network is programmed, run (one kernel call per step for
// even networks, all steps in one call for odd ones) and every output bitmap, state word and
// weight is compared. main() returns 0 when everything matched, which csim_design and
// cosim_design check.
//
//   sf_hls_tb [GOLDEN.dat]     (default: sf_hls_golden.dat in the working directory)
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "spikeforge/hls/sf_abi.hpp"

extern "C" void sf_hls_kernel(sf_hls::word_t command, sf_hls::word_t n, sf_hls::word_t s, sf_hls::word_t steps,
                              sf_hls::word_t flags, const sf_hls::word_t* params, sf_hls::word_t* synapses,
                              sf_hls::word_t* state, const sf_hls::word_t* spikes_in, sf_hls::word_t* spikes_out);

namespace {

using sf_hls::word_t;

// Buffer sizes: at least the m_axi depths in sf_hls_kernel.cpp (co-simulation's memory models).
const std::size_t kParamsDepth = 4096, kSynapsesDepth = 131072, kStateDepth = 2048, kSpikesDepth = 1024;

bool read_words(std::ifstream& in, std::vector<word_t>& out, std::size_t count) {
  out.resize(count);
  for (std::size_t k = 0; k < count; ++k) {
    if (!(in >> out[k])) return false;
  }
  return true;
}

int run_network(std::ifstream& in, int index) {
  using namespace sf_hls;
  word_t n = 0, s = 0, steps = 0, learn = 0;
  if (!(in >> n >> s >> steps >> learn)) return -1;
  std::vector<word_t> params, synapses, inputs, expected_out, expected_state, expected_synapses;
  if (!read_words(in, params, params_words(n)) || !read_words(in, synapses, synapse_words(n, s))) return -1;
  std::vector<word_t> all_in, all_out;
  for (word_t t = 0; t < steps; ++t) {
    if (!read_words(in, inputs, bitmap_words(s)) || !read_words(in, expected_out, bitmap_words(n))) return -1;
    all_in.insert(all_in.end(), inputs.begin(), inputs.end());
    all_out.insert(all_out.end(), expected_out.begin(), expected_out.end());
  }
  if (!read_words(in, expected_state, state_words(n, s) - S_HEADER) ||
      !read_words(in, expected_synapses, synapse_words(n, s))) {
    return -1;
  }
  if (all_in.size() > kSpikesDepth || all_out.size() > kSpikesDepth || params.size() > kParamsDepth ||
      synapses.size() > kSynapsesDepth || state_words(n, s) > kStateDepth) {
    std::printf("network %d: larger than the kernel's m_axi depths\n", index);
    return 1;
  }
  params.resize(kParamsDepth, 0u);
  synapses.resize(kSynapsesDepth, 0u);
  std::vector<word_t> state(kStateDepth, 0u), spikes_in(kSpikesDepth, 0u), spikes_out(kSpikesDepth, 0u);
  const word_t flags = learn ? FLAG_LEARN : 0u;

  sf_hls_kernel(CMD_PROGRAM, n, s, 0, flags, &params[0], &synapses[0], &state[0], &spikes_in[0], &spikes_out[0]);
  if (state[S_STATUS] != STATUS_OK) {
    std::printf("network %d: PROGRAM answered status %u\n", index, state[S_STATUS]);
    return 1;
  }
  const word_t in_w = bitmap_words(s), out_w = bitmap_words(n);
  if (index % 2 == 0) {
    for (word_t t = 0; t < steps; ++t) {
      for (word_t k = 0; k < in_w; ++k) spikes_in[k] = all_in[t * in_w + k];
      sf_hls_kernel(CMD_RUN, n, s, 1, flags, &params[0], &synapses[0], &state[0], &spikes_in[0], &spikes_out[0]);
      for (word_t k = 0; k < out_w; ++k) {
        if (spikes_out[k] != all_out[t * out_w + k]) {
          std::printf("network %d step %u: spike word %u is %08x, expected %08x\n", index, t, k, spikes_out[k],
                      all_out[t * out_w + k]);
          return 1;
        }
      }
    }
  } else {
    for (std::size_t k = 0; k < all_in.size(); ++k) spikes_in[k] = all_in[k];
    sf_hls_kernel(CMD_RUN, n, s, steps, flags, &params[0], &synapses[0], &state[0], &spikes_in[0], &spikes_out[0]);
    for (std::size_t k = 0; k < all_out.size(); ++k) {
      if (spikes_out[k] != all_out[k]) {
        std::printf("network %d step %u: spike word %u is %08x, expected %08x\n", index,
                    static_cast<unsigned>(k / out_w), static_cast<unsigned>(k % out_w), spikes_out[k], all_out[k]);
        return 1;
      }
    }
  }
  if (state[S_STATUS] != STATUS_OK || state[S_STEPS_LO] != steps || state[S_STEPS_HI] != 0) {
    std::printf("network %d: status %u after %u steps (expected 0 after %u)\n", index, state[S_STATUS],
                state[S_STEPS_LO], steps);
    return 1;
  }
  for (std::size_t k = 0; k < expected_state.size(); ++k) {
    if (state[S_HEADER + k] != expected_state[k]) {
      std::printf("network %d: state word %u is %u, expected %u\n", index, static_cast<unsigned>(S_HEADER + k),
                  state[S_HEADER + k], expected_state[k]);
      return 1;
    }
  }
  for (std::size_t k = 0; k < expected_synapses.size(); ++k) {
    if (synapses[k] != expected_synapses[k]) {
      std::printf("network %d: synapse word %u is %08x, expected %08x\n", index, static_cast<unsigned>(k),
                  synapses[k], expected_synapses[k]);
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "sf_hls_golden.dat";
  std::ifstream in(path.c_str());
  std::string magic;
  unsigned version = 0, networks = 0;
  if (!in || !(in >> magic >> version >> networks) || magic != "SFGOLD" || version != 1) {
    std::printf("FAIL: cannot read golden vectors from %s (make them with sf_hls_golden)\n", path.c_str());
    return 1;
  }
  int failures = 0;
  for (unsigned k = 0; k < networks; ++k) {
    const int r = run_network(in, static_cast<int>(k));
    if (r < 0) {
      std::printf("FAIL: %s is truncated at network %u\n", path.c_str(), k);
      return 1;
    }
    failures += r;
  }
  std::printf("%s: %d of %u networks differ\n", failures ? "FAIL" : "PASS", failures, networks);
  return failures ? 1 : 0;
}
