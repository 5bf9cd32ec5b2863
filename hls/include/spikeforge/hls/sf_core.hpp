// The spikeforge machine (docs/model.md) as Vitis-HLS-style synthesizable C++.
//
// sf_core<Config>() is the whole kernel: it is called by the top function sf_hls_kernel()
// (hls/src/sf_hls_kernel.cpp), which only adds the interface pragmas. The kernel keeps no state
// between calls: a RUN command loads parameters, state and weights from global memory (m_axi)
// into on-chip memories, runs `steps` timesteps, and writes the state (and the weights, when
// learning) back. Buffer layouts are in sf_abi.hpp.
//
// On-chip organisation (what makes the inner loops II=1, see docs/hls.md):
//   - every per-neuron array is [NB][P]: block jb holds neurons jb*P .. jb*P+P-1, and dimension 2
//     is completely partitioned, so the P lanes of a block are P separate registers/memories;
//   - the weight and plasticity memories are [SRC_MAX][NB][P] with dimension 3 completely
//     partitioned: one source row of one block is P words in P different banks, read and written
//     in the same cycle;
//   - the fan-out (Phase A), neuron (Phase N) and potentiation (Phase P) loops each visit every
//     (row, block) or block at most once, so there is no loop-carried dependence through memory,
//     which the DEPENDENCE pragmas tell the scheduler.
//
// Plain g++ ignores the pragmas; this file is compiled with -Wno-unknown-pragmas for that reason.
// It must stay an independent implementation of docs/model.md: it does not call the reference
// model (the equivalence suite compares the two).
#pragma once

#include "spikeforge/hls/sf_abi.hpp"
#include "spikeforge/hls/sf_types.hpp"

namespace sf_hls {

// Build parameters: N_MAX neurons, S_MAX input channels, P synapse lanes, WB weight bits, VB state
// bits (docs/model.md §1). Runtime sizes n <= N_MAX, s <= S_MAX are scalar kernel arguments.
template <int N_MAX_, int S_MAX_, int P_, int WB_, int VB_>
struct Config {
  static const int N_MAX = N_MAX_;
  static const int S_MAX = S_MAX_;
  static const int P = P_;
  static const int WB = WB_;
  static const int VB = VB_;
  static const int TB = WB_ + 8;
  static const int SRC_MAX = S_MAX_ + N_MAX_;
  static const int NB = (N_MAX_ + P_ - 1) / P_;
  static_assert(P_ >= 1 && P_ <= 32 && (32 % P_) == 0, "P must be a power of two no larger than 32");
  static_assert(WB_ >= 4 && WB_ <= 16, "WB must be 4..16");
  static_assert(VB_ >= WB_ && VB_ <= 28, "VB must be WB..28");
  static_assert(N_MAX_ >= 1 && S_MAX_ >= 0 && N_MAX_ + S_MAX_ <= 65535, "N_MAX + S_MAX must be at most 65535");
};

template <class C>
void sf_core(word_t command, word_t n, word_t s, word_t steps, word_t flags, const word_t* params,
             word_t* synapses, word_t* state, const word_t* spikes_in, word_t* spikes_out) {
  typedef sword<C::WB> w_t;    // weight
  typedef sword<C::VB> v_t;    // v, I, thresholds, bias
  typedef uword<C::TB> t_t;    // traces
  typedef uword<16> f_t;       // Q0.16 decay factors
  typedef uword<8> r_t;        // refractory counters
  typedef sword<32> acc_t;     // per-step input sum (WB + 17 bits suffice, docs/model.md §6)
  const int P = C::P;

  // On-chip memories. Static: under Vitis they are the kernel's BRAM/URAM; under g++ they keep
  // megabytes off the stack. Nothing is carried between calls (everything is reloaded).
  static w_t w[C::SRC_MAX][C::NB][C::P];
  static bool pl[C::SRC_MAX][C::NB][C::P];
#pragma HLS ARRAY_PARTITION variable=w dim=3 complete
#pragma HLS ARRAY_PARTITION variable=pl dim=3 complete
  static v_t v_th[C::NB][C::P], v_reset[C::NB][C::P], v_rest[C::NB][C::P], bias[C::NB][C::P];
  static f_t a_mem[C::NB][C::P], a_syn[C::NB][C::P];
  static r_t t_ref[C::NB][C::P], ref[C::NB][C::P];
  static v_t v[C::NB][C::P], cur[C::NB][C::P];
  static t_t y[C::NB][C::P];
  static acc_t acc[C::NB][C::P];
  static bool fired[C::NB][C::P], fired_prev[C::NB][C::P];
  static bool block_fired[C::NB];
#pragma HLS ARRAY_PARTITION variable=v_th dim=2 complete
#pragma HLS ARRAY_PARTITION variable=v_reset dim=2 complete
#pragma HLS ARRAY_PARTITION variable=v_rest dim=2 complete
#pragma HLS ARRAY_PARTITION variable=bias dim=2 complete
#pragma HLS ARRAY_PARTITION variable=a_mem dim=2 complete
#pragma HLS ARRAY_PARTITION variable=a_syn dim=2 complete
#pragma HLS ARRAY_PARTITION variable=t_ref dim=2 complete
#pragma HLS ARRAY_PARTITION variable=ref dim=2 complete
#pragma HLS ARRAY_PARTITION variable=v dim=2 complete
#pragma HLS ARRAY_PARTITION variable=cur dim=2 complete
#pragma HLS ARRAY_PARTITION variable=y dim=2 complete
#pragma HLS ARRAY_PARTITION variable=acc dim=2 complete
#pragma HLS ARRAY_PARTITION variable=fired dim=2 complete
#pragma HLS ARRAY_PARTITION variable=fired_prev dim=2 complete
  static t_t x[C::SRC_MAX];       // pre traces (x, then x-hat during a step)
  static word_t arr[C::SRC_MAX];  // sources arriving in this step

  // Every command reports the build, so the host can check what it talks to.
  state[S_N_MAX] = word_t(C::N_MAX);
  state[S_S_MAX] = word_t(C::S_MAX);
  state[S_LANES] = word_t(C::P);
  state[S_WIDTHS] = word_t(C::WB) | (word_t(C::VB) << 8);
  state[S_ABI] = ABI_VERSION;
  if (command == CMD_IDENTIFY) {
    state[S_STATUS] = STATUS_OK;
    return;
  }
  if (n == 0 || n > word_t(C::N_MAX) || s > word_t(C::S_MAX)) {
    state[S_STATUS] = STATUS_BAD_SIZE;
    return;
  }
  const word_t src_n = s + n;
  if (command == CMD_PROGRAM &&
      (params[PRM_MAGIC] != PARAMS_MAGIC || params[PRM_WB] != word_t(C::WB) || params[PRM_VB] != word_t(C::VB))) {
    state[S_STATUS] = STATUS_BAD_IMAGE;
    return;
  }
  if (command == CMD_PROGRAM || command == CMD_RESET) {
    // Reset state (docs/model.md §3): v = v_rest, I = ref = y = 0, x = 0, nobody fired.
  RESET_NEURONS:
    for (word_t j = 0; j < n; ++j) {
#pragma HLS PIPELINE II=4
      // 4 writes per neuron on the gmem0 write channel (the read of v_rest uses the read channel).
      state[state_neuron(j) + NS_V] = params[PRM_HEADER + PRM_PER_NEURON * j + NP_V_REST];
      state[state_neuron(j) + NS_I] = 0;
      state[state_neuron(j) + NS_REF] = 0;
      state[state_neuron(j) + NS_Y] = 0;
    }
  RESET_FIRED:
    for (word_t k = 0; k < bitmap_words(n); ++k) {
#pragma HLS PIPELINE II=1
      state[state_fired(n) + k] = 0;
    }
  RESET_TRACES:
    for (word_t src = 0; src < src_n; ++src) {
#pragma HLS PIPELINE II=1
      state[state_trace(n, src)] = 0;
    }
    state[S_STEPS_LO] = 0;
    state[S_STEPS_HI] = 0;
    state[S_STATUS] = STATUS_OK;
    return;
  }
  if (command != CMD_RUN) {
    state[S_STATUS] = STATUS_BAD_COMMAND;
    return;
  }

  // ---- RUN: load -------------------------------------------------------------------------
  const bool learn = (flags & FLAG_LEARN) != 0;
  const wide_t a_pre = wide_t(params[PRM_A_PRE]);
  const wide_t a_post = wide_t(params[PRM_A_POST]);
  const wide_t a_plus = wide_t(params[PRM_A_PLUS]);
  const wide_t a_minus = wide_t(params[PRM_A_MINUS]);
  const wide_t w_min = wide_t(static_cast<std::int32_t>(params[PRM_W_MIN]));
  const wide_t w_max = wide_t(static_cast<std::int32_t>(params[PRM_W_MAX]));
  const word_t nbn = (n + word_t(P) - 1) / word_t(P);  // active lane blocks
  const word_t in_w = bitmap_words(s);
  const word_t out_w = bitmap_words(n);

LOAD_NEURONS:
  // 7 parameter and 5 state words per neuron, all on the gmem0 read channel: II=12.
  for (word_t j = 0; j < nbn * word_t(P); ++j) {
#pragma HLS PIPELINE II=12
    const word_t jb = j / word_t(P), p = j % word_t(P);
    const bool valid = j < n;
    const word_t pr = PRM_HEADER + PRM_PER_NEURON * j;
    const word_t st = state_neuron(j);
    v_th[jb][p] = valid ? v_t(static_cast<std::int32_t>(params[pr + NP_V_TH])) : v_t(0);
    v_reset[jb][p] = valid ? v_t(static_cast<std::int32_t>(params[pr + NP_V_RESET])) : v_t(0);
    v_rest[jb][p] = valid ? v_t(static_cast<std::int32_t>(params[pr + NP_V_REST])) : v_t(0);
    bias[jb][p] = valid ? v_t(static_cast<std::int32_t>(params[pr + NP_BIAS])) : v_t(0);
    a_mem[jb][p] = valid ? f_t(params[pr + NP_A_MEM]) : f_t(0);
    a_syn[jb][p] = valid ? f_t(params[pr + NP_A_SYN]) : f_t(0);
    t_ref[jb][p] = valid ? r_t(params[pr + NP_T_REF]) : r_t(0);
    v[jb][p] = valid ? v_t(static_cast<std::int32_t>(state[st + NS_V])) : v_t(0);
    cur[jb][p] = valid ? v_t(static_cast<std::int32_t>(state[st + NS_I])) : v_t(0);
    ref[jb][p] = valid ? r_t(state[st + NS_REF]) : r_t(0);
    y[jb][p] = valid ? t_t(state[st + NS_Y]) : t_t(0);
    fired_prev[jb][p] = valid && ((state[state_fired(n) + (j >> 5)] >> (j & 31)) & 1u) != 0;
    acc[jb][p] = 0;
  }
LOAD_TRACES:
  for (word_t src = 0; src < src_n; ++src) {
#pragma HLS PIPELINE II=1
    x[src] = t_t(state[state_trace(n, src)]);
  }
  // One flattened loop over (source row, neuron) so the reads form a single burst.
  {
    word_t row = 0, j = 0;
  LOAD_SYNAPSES:
    for (word_t k = 0; k < src_n * n; ++k) {
#pragma HLS PIPELINE II=1
      const word_t word = synapses[k];
      w[row][j / word_t(P)][j % word_t(P)] = w_t(static_cast<std::int16_t>(word & 0xFFFFu));
      pl[row][j / word_t(P)][j % word_t(P)] = ((word >> SYN_PLASTIC_BIT) & 1u) != 0;
      if (++j == n) {
        j = 0;
        ++row;
      }
    }
  }

  // ---- RUN: steps ------------------------------------------------------------------------
STEPS:
  for (word_t t = 0; t < steps; ++t) {
    // Arriving sources A_t: this step's input channels, then last step's spikes (S + j).
    word_t na = 0;
    word_t bits = 0;
  GATHER_INPUTS:
    for (word_t c = 0; c < s; ++c) {
#pragma HLS PIPELINE II=1
      if ((c & 31u) == 0) bits = spikes_in[t * in_w + (c >> 5)];
      if (((bits >> (c & 31u)) & 1u) != 0) arr[na++] = c;
    }
  GATHER_RECURRENT:
    for (word_t j = 0; j < n; ++j) {
#pragma HLS PIPELINE II=1
      if (fired_prev[j / word_t(P)][j % word_t(P)]) arr[na++] = s + j;
    }

    // Phase A: fan-out of every arriving source, with the fused depression.
  ARRIVALS:
    for (word_t k = 0; k < na; ++k) {
      const word_t src = arr[k];
    FANOUT:
      for (word_t jb = 0; jb < nbn; ++jb) {
#pragma HLS PIPELINE II=1
#pragma HLS DEPENDENCE variable=w inter false
#pragma HLS DEPENDENCE variable=acc inter false
      FANOUT_LANES:
        for (int p = 0; p < P; ++p) {
#pragma HLS UNROLL
          if (jb * word_t(P) + word_t(p) < n) {
            const wide_t wv = wide_t(w[src][jb][p]);
            acc[jb][p] = acc_t(wide_t(acc[jb][p]) + wv);
            if (learn && pl[src][jb][p]) w[src][jb][p] = w_t(clip(wv - (wide_t(y[jb][p]) >> 8), w_min, w_max));
          }
        }
      }
      x[src] = t_t(sat_u<C::TB>(wide_t(x[src]) + a_plus));
    }

    // Phase N: every neuron; fired neurons go to spikes_out one 32-bit word at a time.
    word_t out_bits = 0;
  NEURONS:
    for (word_t jb = 0; jb < nbn; ++jb) {
#pragma HLS PIPELINE II=1
      bool any = false;
      word_t mask = 0;
    NEURON_LANES:
      for (int p = 0; p < P; ++p) {
#pragma HLS UNROLL
        bool fire = false;
        if (jb * word_t(P) + word_t(p) < n) {
          const wide_t i_new =
              sat_s<C::VB>(decay(wide_t(cur[jb][p]), wide_t(a_syn[jb][p])) + wide_t(acc[jb][p]));
          cur[jb][p] = v_t(i_new);
          acc[jb][p] = 0;
          if (ref[jb][p] != r_t(0)) {
            ref[jb][p] = r_t(wide_t(ref[jb][p]) - 1);
            v[jb][p] = v_reset[jb][p];
          } else {
            const wide_t rest = wide_t(v_rest[jb][p]);
            const wide_t vm =
                sat_s<C::VB>(rest + decay(wide_t(v[jb][p]) - rest, wide_t(a_mem[jb][p])) + i_new + wide_t(bias[jb][p]));
            fire = vm >= wide_t(v_th[jb][p]);
            v[jb][p] = fire ? v_reset[jb][p] : v_t(vm);
            if (fire) ref[jb][p] = t_ref[jb][p];
          }
          const wide_t y_hat = fire ? sat_u<C::TB>(wide_t(y[jb][p]) + a_minus) : wide_t(y[jb][p]);
          y[jb][p] = t_t(decay(y_hat, a_post));
        }
        fired[jb][p] = fire;
        any = any || fire;
        if (fire) mask |= word_t(1) << p;
      }
      block_fired[jb] = any;
      // P divides 32 and blocks are aligned, so a block never straddles two words.
      out_bits |= mask << ((jb * word_t(P)) & 31u);
      if ((((jb + 1) * word_t(P)) & 31u) == 0 || jb + 1 == nbn) {
        spikes_out[t * out_w + ((jb * word_t(P)) >> 5)] = out_bits;
        out_bits = 0;
      }
    }

    // Phase P: potentiation of the plastic synapses of every neuron that fired, block by block.
    if (learn) {
    POT_BLOCKS:
      for (word_t jb = 0; jb < nbn; ++jb) {
        if (!block_fired[jb]) continue;
      POT_SOURCES:
        for (word_t src = 0; src < src_n; ++src) {
#pragma HLS PIPELINE II=1
#pragma HLS DEPENDENCE variable=w inter false
          const wide_t dx = wide_t(x[src]) >> 8;
        POT_LANES:
          for (int p = 0; p < P; ++p) {
#pragma HLS UNROLL
            if (fired[jb][p] && pl[src][jb][p]) w[src][jb][p] = w_t(clip(wide_t(w[src][jb][p]) + dx, w_min, w_max));
          }
        }
      }
    }

    // Phase X: pre-trace decay; the spikes of this step become next step's recurrent arrivals.
  PRE_DECAY:
    for (word_t src = 0; src < src_n; ++src) {
#pragma HLS PIPELINE II=1
      x[src] = t_t(decay(wide_t(x[src]), a_pre));
    }
  SHIFT_FIRED:
    for (word_t jb = 0; jb < nbn; ++jb) {
#pragma HLS PIPELINE II=1
      for (int p = 0; p < P; ++p) {
#pragma HLS UNROLL
        fired_prev[jb][p] = fired[jb][p];
      }
    }
  }

  // ---- RUN: store ------------------------------------------------------------------------
  word_t fired_bits = 0;
STORE_NEURONS:
  // 4 state words per neuron, plus a fired-bitmap word every 32 neurons, on the gmem0 write channel.
  for (word_t j = 0; j < n; ++j) {
#pragma HLS PIPELINE II=5
    const word_t jb = j / word_t(P), p = j % word_t(P);
    const word_t st = state_neuron(j);
    state[st + NS_V] = static_cast<word_t>(static_cast<std::int32_t>(v[jb][p]));
    state[st + NS_I] = static_cast<word_t>(static_cast<std::int32_t>(cur[jb][p]));
    state[st + NS_REF] = static_cast<word_t>(ref[jb][p]);
    state[st + NS_Y] = static_cast<word_t>(y[jb][p]);
    if (fired_prev[jb][p]) fired_bits |= word_t(1) << (j & 31u);
    if ((j & 31u) == 31u || j + 1 == n) {
      state[state_fired(n) + (j >> 5)] = fired_bits;
      fired_bits = 0;
    }
  }
STORE_TRACES:
  for (word_t src = 0; src < src_n; ++src) {
#pragma HLS PIPELINE II=1
    state[state_trace(n, src)] = static_cast<word_t>(x[src]);
  }
  if (learn) {
    word_t row = 0, j = 0;
  STORE_SYNAPSES:
    for (word_t k = 0; k < src_n * n; ++k) {
#pragma HLS PIPELINE II=1
      const word_t jb = j / word_t(P), p = j % word_t(P);
      const word_t wbits = static_cast<word_t>(static_cast<std::int32_t>(w[row][jb][p])) & 0xFFFFu;
      synapses[k] = wbits | (pl[row][jb][p] ? (word_t(1) << SYN_PLASTIC_BIT) : word_t(0));
      if (++j == n) {
        j = 0;
        ++row;
      }
    }
  }
  const word_t lo = state[S_STEPS_LO];
  state[S_STEPS_LO] = lo + steps;
  state[S_STEPS_HI] = state[S_STEPS_HI] + (lo + steps < lo ? 1u : 0u);
  state[S_STATUS] = STATUS_OK;
}

}  // namespace sf_hls
