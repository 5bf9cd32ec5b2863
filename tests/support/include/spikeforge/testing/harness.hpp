// Equivalence harness: seeded random networks and inputs that push the machine into every corner
// docs/model.md defines (silent to all-firing, refractory, saturation, weights into both bounds),
// and a lockstep runner that compares two targets step by step and names the first difference.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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

// What a sweep of random networks reached, so a suite can prove it covered the corners it claims.
struct SweepStats {
  std::uint64_t networks = 0, steps = 0;
  std::uint64_t silent_networks = 0;     // no spike at all in the run
  std::uint64_t busy_networks = 0;       // more than half of all neurons fired in the average step
  std::uint64_t learning_networks = 0;
  std::uint64_t at_min = 0, at_max = 0;  // plastic weights ending at w_min / w_max
  std::uint64_t refractory_neurons = 0;  // neurons seen with ref > 0 at the end
  std::string summary() const;
  // The corners not reached: silent, busy, learning on and off, both bounds, refractory.
  std::vector<std::string> missing_corners() const;
};

// Lockstep-compare `count` random networks of `shape` (seeds first_seed, first_seed + 1, ...) on
// the reference model and on a fresh target from `make_dut`, `steps` steps each, full state every
// `state_every` steps. Stops at the first difference and returns it, prefixed with the shape, seed,
// regime and learning switch that reproduce it; adds every compared network to `stats`.
std::optional<std::string> sweep(const std::function<std::unique_ptr<Target>()>& make_dut, const model::Shape& shape,
                                 std::uint64_t first_seed, std::uint64_t count, std::uint32_t steps,
                                 std::uint32_t state_every, SweepStats& stats, const RandomOptions& options = {});

}  // namespace spikeforge::testing
