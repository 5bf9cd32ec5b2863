// Equivalence harness: seeded random networks and inputs that push the machine into every corner
// docs/model.md defines (silent to all-firing, refractory, saturation, weights into both bounds),
// and a lockstep runner that compares two targets step by step and names the first difference.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "spikeforge/model/image.hpp"
#include "spikeforge/target.hpp"

namespace spikeforge::testing {

// The operating regime of a random network. kAuto picks one from the seed, so a sweep of seeds
// covers all of them.
enum class Regime { kAuto, kSilent, kSparse, kBusy, kSaturating, kBounds };

struct RandomOptions {
  Regime regime = Regime::kAuto;
  int learn = -1;                 // -1: from the seed; 0: off; 1: on
  double density = -1;            // fraction of non-zero weights; < 0: from the seed
  double plastic_fraction = -1;   // fraction of plastic synapses; < 0: from the seed
};

const char* regime_name(Regime r);
// The regime random_image() uses for this seed and options.
Regime regime_for(std::uint64_t seed, const RandomOptions& options);

model::Image random_image(const model::Shape& shape, std::uint64_t seed, const RandomOptions& options = {});

// inputs[t] lists the input channels tagged for step t; each channel fires with probability
// `rate` per step (sorted, no duplicates).
std::vector<SpikeList> random_inputs(const model::Shape& shape, std::uint32_t steps, double rate, std::uint64_t seed);

// The input rate random_image's regime wants (silent networks get none, busy ones many).
double regime_input_rate(Regime r, std::uint64_t seed);

// Compare every state word of two programmed targets: neuron state (v, I, ref, y), pre traces and
// weights. Returns the first difference ("after step 17: neuron 5 v: reference=123 dut=124").
std::optional<std::string> compare_state(Target& reference, Target& dut, const model::Shape& shape, std::uint64_t step);

// Program both targets with `image`, run `inputs` one step at a time on both, compare the spikes
// of every step, the full state every `state_every` steps (0: only at the end) and at the end.
// Returns std::nullopt when equal, else a description of the first difference.
std::optional<std::string> run_lockstep(Target& reference, Target& dut, const model::Image& image,
                                        std::span<const SpikeList> inputs, std::uint32_t state_every = 0);

// Summary statistics of a lockstep run (for checking that a sweep really covered the regimes).
struct Activity {
  std::uint64_t spikes = 0;
  std::uint64_t steps = 0;
  std::uint64_t weights_at_min = 0, weights_at_max = 0;  // plastic synapses at a bound at the end
  std::uint64_t weights_changed = 0;
};
Activity activity_of(const model::Image& before, Target& after, std::uint64_t spikes, std::uint64_t steps);

}  // namespace spikeforge::testing
