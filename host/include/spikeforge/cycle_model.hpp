// Analytic cycle model of the Verilog core (rtl/core/sf_core.sv): clock cycles one timestep takes,
// from the network's active size and the step's activity. Header-only so that `spikeforge fit` and
// the benchmarks can use it without linking anything. Validated against the Verilator-simulated
// core by tests/rtl/test_cycle_model.cpp (label `cycles`); docs/performance.md states the agreement.
//
// Terms (one step t, docs/model.md §4):
//   arrivals = |A_t| = distinct valid input channels tagged for t + neurons that fired in t-1
//   posts    = |F_t| = neurons that fire in t
// The core's phases, as sequenced by sf_core (per-phase constants below):
//   A  per arrival its row of W in ceil(n/P) chunks, one per cycle (fused depression); the first
//      source is fetched (3 cycles); every later one is read from the lists during the row before
//      it, so its row follows at once, or after one read cycle when a row is a single chunk
//   N  the active neurons, NL per cycle (one neuron word; pipelined: read word k+1 while writing k);
//      a word in which several neurons fire holds for one more cycle per further spike (spikes
//      leave one per cycle): `crowded` = sum over neuron words of max(0, spikes in the word - 1)
//   P  (learning on, at least one post) per post its column of W in ceil((s+n)/P) chunks, one per
//      cycle; the first post is fetched (3 cycles), later ones chain like the arrivals; the last
//      post's walk also decays the pre traces (phase X folded in)
//   X  (otherwise) the pre traces, ceil((s+n)/P) words, one per cycle after one read cycle
// It assumes the spike output is never back-pressured (stalls add cycles one for one).
#pragma once

#include <cstdint>
#include <span>

namespace spikeforge {

struct CoreCycleModel {
  // Cycles of the engine's sequencer (they change only when the RTL's schedule changes).
  std::uint64_t first_arrival = 3;     // fetch of the first source, its first chunk read
  std::uint64_t next_arrival_short = 1;  // a further arrival when a row is one chunk (St_ARd)
  std::uint64_t per_row_chunk = 1;     // chunk k written while chunk k+1 is read (pipelined)
  std::uint64_t per_neuron_word = 1;   // neuron word k written while k+1 is read (pipelined)
  std::uint64_t per_crowded_spike = 1; // a further spike of the same neuron word
  std::uint64_t first_post = 3;        // fetch of the first fired neuron, its first chunk read
  std::uint64_t next_post_short = 1;   // a further post when a column is one chunk (St_PRd)
  std::uint64_t per_column_chunk = 1;  // chunk k written while chunk k+1 is read (pipelined)
  std::uint64_t trace_phase_start = 1; // phase X on its own: the read of word 0
  std::uint64_t per_trace_word = 1;    // word k decayed and written while k+1 is read
  std::uint64_t fixed = 3;             // end of phase A, first read of phase N, done
};

constexpr std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

// Cycles the core spends on one step of a network with `n` active neurons and `s` active input
// channels on a build with `p` synapse lanes and `nl` neuron lanes; `crowded` as above (0 when
// nl = 1; crowded_spikes() counts it from a step's spikes).
constexpr std::uint64_t cycles_per_step(std::uint64_t n, std::uint64_t s, std::uint64_t p, std::uint64_t arrivals,
                                        std::uint64_t posts, bool learn = true, std::uint64_t nl = 1,
                                        std::uint64_t crowded = 0, const CoreCycleModel& m = {}) {
  const std::uint64_t row_chunks = n > 0 ? ceil_div(n, p) : 1;  // an empty row still takes one write cycle
  const std::uint64_t col_chunks = ceil_div(s + n, p);
  std::uint64_t c = m.fixed;
  if (arrivals > 0) {
    c += m.first_arrival + (arrivals - 1) * (row_chunks >= 2 ? 0 : m.next_arrival_short);
    c += arrivals * row_chunks * m.per_row_chunk;
  }
  c += ceil_div(n, nl) * m.per_neuron_word + crowded * m.per_crowded_spike;
  if (learn && posts > 0) {
    c += m.first_post + (posts - 1) * (col_chunks >= 2 ? 0 : m.next_post_short);
    c += posts * col_chunks * m.per_column_chunk;
  } else {
    c += m.trace_phase_start + col_chunks * m.per_trace_word;
  }
  return c;
}

// `crowded` of one step from its spikes (ascending neuron indices) on a core with `nl` neuron lanes.
inline std::uint64_t crowded_spikes(std::span<const std::uint32_t> spikes, std::uint64_t nl) {
  std::uint64_t crowded = 0;
  for (std::size_t k = 1; k < spikes.size(); ++k) crowded += (spikes[k] / nl == spikes[k - 1] / nl) ? 1 : 0;
  return crowded;
}

// The ideal an event-driven engine with P lanes approaches: only the synapse traffic, one chunk of
// P synapses per cycle, nothing else (no neuron phase, no trace phase, no per-event overhead):
//   ideal = arrivals * ceil(n/P) + posts * ceil((s+n)/P)     (posts counted only with learning on)
constexpr std::uint64_t ideal_cycles_per_step(std::uint64_t n, std::uint64_t s, std::uint64_t p,
                                              std::uint64_t arrivals, std::uint64_t posts, bool learn = true) {
  return arrivals * ceil_div(n, p) + (learn ? posts * ceil_div(s + n, p) : 0);
}

}  // namespace spikeforge
