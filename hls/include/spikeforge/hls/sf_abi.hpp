// The HLS kernel's binary interface: commands, status codes and the layout of every buffer the
// kernel reads or writes through its m_axi ports. Shared by the kernel (hls/src/sf_hls_kernel.cpp,
// synthesizable) and the host (hls/src/packing.cpp, the in-process `hls` target and the `xrt://`
// target), so both sides agree by construction. Plain integers only: no standard library beyond
// <cstdint>, nothing a synthesis tool would reject. Described in docs/hls.md.
#pragma once

#include <cstdint>

namespace sf_hls {

typedef std::uint32_t word_t;  // every buffer is an array of little-endian 32-bit words

// Commands (scalar `command`).
enum : word_t {
  CMD_IDENTIFY = 0,  // write the build parameters into the state header; touches nothing else
  CMD_PROGRAM = 1,   // check the params header against the build, then reset the dynamic state
  CMD_RESET = 2,     // reset the dynamic state (docs/model.md §3); weights are not touched
  CMD_RUN = 3,       // run `steps` steps: inputs from spikes_in, fired neurons to spikes_out
};

// Status word (state[S_STATUS]) after a command.
enum : word_t {
  STATUS_OK = 0,
  STATUS_BAD_SIZE = 1,     // n == 0, n > N_MAX or s > S_MAX
  STATUS_BAD_IMAGE = 2,    // params header magic or widths do not match this build
  STATUS_BAD_COMMAND = 3,  // unknown command
};

// Scalar `flags`.
enum : word_t { FLAG_LEARN = 1 };

const word_t PARAMS_MAGIC = 0x4B484653u;  // "SFHK"
const word_t ABI_VERSION = 1;

// params buffer (read-only): a header, then PRM_PER_NEURON words per neuron.
enum : word_t {
  PRM_MAGIC = 0,
  PRM_WB = 1,
  PRM_VB = 2,
  PRM_A_PRE = 3,
  PRM_A_POST = 4,
  PRM_A_PLUS = 5,
  PRM_A_MINUS = 6,
  PRM_W_MIN = 7,  // two's complement
  PRM_W_MAX = 8,
  PRM_HEADER = 16,
  PRM_PER_NEURON = 8,
};
// Offsets inside one neuron's record.
enum : word_t { NP_V_TH = 0, NP_V_RESET = 1, NP_V_REST = 2, NP_BIAS = 3, NP_A_MEM = 4, NP_A_SYN = 5, NP_T_REF = 6 };

// synapses buffer (read-write): (s+n) x n words, row-major by source, each
// (W & 0xFFFF) | (L << 16), W two's complement in 16 bits. The kernel writes it back after a RUN
// with learning on.
const word_t SYN_PLASTIC_BIT = 16;

// state buffer (read-write): a header, 4 words per neuron (v, I, ref, y), the bitmap of neurons
// that fired in the last step (F_{t-1}, ceil(n/32) words), then the pre traces x of s+n sources.
enum : word_t {
  S_STATUS = 0,
  S_STEPS_LO = 1,
  S_STEPS_HI = 2,
  S_N_MAX = 3,
  S_S_MAX = 4,
  S_LANES = 5,
  S_WIDTHS = 6,  // WB | VB << 8
  S_ABI = 7,
  S_HEADER = 8,
  S_PER_NEURON = 4,
};
enum : word_t { NS_V = 0, NS_I = 1, NS_REF = 2, NS_Y = 3 };

inline word_t bitmap_words(word_t bits) { return (bits + 31u) / 32u; }
inline word_t params_words(word_t n) { return PRM_HEADER + PRM_PER_NEURON * n; }
inline word_t synapse_words(word_t n, word_t s) { return (s + n) * n; }
inline word_t state_neuron(word_t j) { return S_HEADER + S_PER_NEURON * j; }
inline word_t state_fired(word_t n) { return S_HEADER + S_PER_NEURON * n; }
inline word_t state_trace(word_t n, word_t src) { return state_fired(n) + bitmap_words(n) + src; }
inline word_t state_words(word_t n, word_t s) { return state_trace(n, s + n); }

// spikes_in (read-only): per step, a bitmap of the s input channels (bit c%32 of word c/32).
// spikes_out (write-only): per step, a bitmap of the n neurons that fired.
inline word_t spikes_in_words(word_t s, word_t steps) { return bitmap_words(s) * steps; }
inline word_t spikes_out_words(word_t n, word_t steps) { return bitmap_words(n) * steps; }

}  // namespace sf_hls
