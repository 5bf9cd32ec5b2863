// The reference model: docs/model.md executed literally, one step at a time. It is the `model`
// target and the oracle every hardware implementation is compared against.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "spikeforge/model/image.hpp"

namespace spikeforge::model {

// Dynamic state of one neuron, as readable from any implementation.
struct NeuronState {
  std::int32_t v = 0;
  std::int32_t i = 0;
  std::uint32_t ref = 0;
  std::uint32_t y = 0;  // post trace
  bool operator==(const NeuronState&) const = default;
};

class Machine {
 public:
  explicit Machine(Image image);  // validates the image, then resets the state

  // Reset the dynamic state (docs/model.md §3 "Reset state"); weights and parameters stay.
  void reset_state();
  // Switch learning on or off (the image's stdp.learn is the initial value).
  void set_learning(bool on) { image_.stdp.learn = on; }

  // Run one step with the input channels tagged for it (any order; duplicates count once;
  // a channel >= S throws std::out_of_range). Returns the sorted list of neurons that fired.
  const std::vector<std::uint32_t>& step(std::span<const std::uint32_t> inputs);

  const Shape& shape() const { return image_.shape; }
  const Image& image() const { return image_; }       // parameters and current weights
  std::uint64_t steps_run() const { return steps_; }
  const std::vector<std::uint32_t>& last_spikes() const { return fired_; }

  NeuronState neuron(std::uint32_t j) const { return {v_[j], i_[j], ref_[j], y_[j]}; }
  std::uint32_t pre_trace(std::uint32_t s) const { return x_[s]; }
  std::int16_t weight(std::uint32_t s, std::uint32_t j) const { return image_.w(s, j); }
  const std::vector<std::int16_t>& weights() const { return image_.weights; }

 private:
  void phase_arrival();
  void phase_neurons();
  void phase_potentiation();
  void phase_pre_decay();

  Image image_;
  std::uint64_t steps_ = 0;
  std::vector<std::int32_t> v_, i_;
  std::vector<std::uint32_t> ref_, y_;
  std::vector<std::uint32_t> x_;        // pre traces, S+N
  std::vector<std::int32_t> acc_;       // per-step input sums
  std::vector<std::uint8_t> arriving_;  // per-source flag of this step
  std::vector<std::uint32_t> arrivals_; // sources arriving this step
  std::vector<std::uint32_t> fired_;    // F_t
  std::vector<std::int32_t> depress_;   // y[j] >> 8 of this step (phase A scratch)
  std::vector<std::int32_t> potentiate_;  // x̂[s] >> 8 of this step (phase P scratch)
  // True when every plastic weight lies in [w_min, w_max]. Learning only ever stores clipped
  // values and nothing else writes weights, so once true it stays true; then a zero update
  // (clip(w + 0) == w) can be skipped without changing any result.
  bool plastic_in_bounds_ = false;
};

}  // namespace spikeforge::model
