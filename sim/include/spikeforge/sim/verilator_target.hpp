// The `verilator` target: the Verilog core (rtl/core/sf_core.sv) simulated cycle by cycle
// in-process. Several parameter builds are compiled in; `verilator` picks the smallest one that
// holds the requested shape, `verilator?config=NAME` a given one (see docs/rtl.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spikeforge/target.hpp"

namespace spikeforge::sim {

class CorePort;

// A compiled core build: its name and build maxima (N, S, P, WB, VB).
struct CoreBuildInfo {
  std::string name;
  model::Shape max_shape;
  std::uint32_t lanes = 1;         // P, synapse lanes
  std::uint32_t neuron_lanes = 1;  // NL, neurons updated per cycle in phase N
};
std::vector<CoreBuildInfo> verilator_builds();

class VerilatorTarget final : public Target {
 public:
  // `uri` is "verilator" or "verilator?config=NAME"; options.shape is the network shape the
  // target runs (it must fit the build), options.trace_path an FST waveform file or "".
  VerilatorTarget(const std::string& uri, const OpenOptions& options);
  ~VerilatorTarget() override;

  DeviceInfo info() override;
  void program(const model::Image& image) override;
  void reset_state() override;
  void set_learning(bool on) override;
  std::vector<SpikeList> run(std::span<const SpikeList> inputs) override;
  std::vector<std::int16_t> read_weights(std::uint32_t first_row, std::uint32_t rows) override;
  std::vector<model::NeuronState> read_neurons(std::uint32_t first, std::uint32_t count) override;
  std::vector<std::uint32_t> read_pre_traces(std::uint32_t first, std::uint32_t count) override;
  Counters counters() override;

  const CoreBuildInfo& build() const { return build_; }
  // Raw access to the core's config port (docs/rtl.md address map), for tests and tools.
  void write_word(std::uint32_t addr, std::uint32_t data);
  std::uint32_t read_word(std::uint32_t addr);
  // Overwrite one weight (and plasticity bit) in the running core.
  void poke_weight(std::uint32_t src, std::uint32_t dst, std::int16_t w, bool plastic);
  // Make the spike consumer slow: each cycle it refuses a spike with probability percent/100
  // (seeded, deterministic). The core must stall, never drop; stalls are counted.
  void set_output_stall(unsigned percent, std::uint64_t seed = 1);

 private:
  void tick();
  void ensure_programmed() const;
  void clear();

  CoreBuildInfo build_;
  model::Shape shape_;
  std::unique_ptr<CorePort> port_;
  bool programmed_ = false;
  std::uint64_t stall_cycles_ = 0;
  unsigned stall_percent_ = 0;
  std::uint64_t stall_rng_ = 1;
};

}  // namespace spikeforge::sim
