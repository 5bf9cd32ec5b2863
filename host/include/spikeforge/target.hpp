// A target is where a network runs: the reference model, the RTL under Verilator, the HLS core,
// or a real device behind a link. Every verb of the CLI talks to this interface only, so a new
// target plugs in by adding a factory to open_target() (host/src/targets.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "spikeforge/model/image.hpp"
#include "spikeforge/model/machine.hpp"

namespace spikeforge {

using SpikeList = std::vector<std::uint32_t>;  // sorted indices (input channels or neurons)

// What a target says about itself (the device's identify answer).
struct DeviceInfo {
  std::string kind;              // "model", "verilator", "hls", "device" ...
  model::Shape shape;            // N, S, WB, VB the target was built for
  std::uint32_t lanes = 1;       // P, synapse lanes (1 for software targets)
  std::uint32_t protocol_version = 0;
  std::string build_id;
  std::vector<std::string> features;
  std::uint32_t neuron_lanes = 1;  // NL of the Verilog core (neurons per cycle in phase N), 1 otherwise
};

// Link and engine counters; software targets report what applies to them.
struct Counters {
  std::uint64_t steps = 0;
  std::uint64_t crc_errors = 0;     // frames dropped for a bad checksum
  std::uint64_t frame_errors = 0;   // truncated, oversized or unknown frames
  std::uint64_t stall_cycles = 0;   // cycles the device waited for the host
  std::uint64_t dropped_spikes = 0; // only ever non-zero in an explicit free-running mode
  std::uint64_t retries = 0;        // host-side retransmissions
  std::uint64_t cycles = 0;         // device clock cycles spent in steps (simulated targets)
};

class Target {
 public:
  virtual ~Target() = default;

  virtual DeviceInfo info() = 0;
  // Load parameters, weights, plasticity bits and STDP configuration, then reset the state. The
  // image's shape must not exceed the target's (a smaller image is padded with silent neurons
  // and empty input channels by the caller, see fit_image()).
  virtual void program(const model::Image& image) = 0;
  virtual void reset_state() = 0;
  virtual void set_learning(bool on) = 0;
  // Run inputs.size() steps; inputs[k] are the input channels tagged for the k-th step. Returns
  // the neurons that fired in each step. Nothing is dropped: a slow consumer stalls the device.
  virtual std::vector<SpikeList> run(std::span<const SpikeList> inputs) = 0;
  // Weights of source rows [first_row, first_row + rows), row-major, N per row.
  virtual std::vector<std::int16_t> read_weights(std::uint32_t first_row, std::uint32_t rows) = 0;
  // Dynamic state of neurons [first, first + count).
  virtual std::vector<model::NeuronState> read_neurons(std::uint32_t first, std::uint32_t count) = 0;
  // Pre traces x of sources [first, first + count).
  virtual std::vector<std::uint32_t> read_pre_traces(std::uint32_t first, std::uint32_t count) = 0;
  virtual Counters counters() = 0;
};

// Options a target may use when it is opened; the URI carries target-specific ones (?baud=...).
struct OpenOptions {
  model::Shape shape;          // the shape to build or expect (software and simulated targets adopt it)
  std::string trace_path;      // waveform file for simulated targets ("" = none)
  bool verbose = false;
};

// Open a target by its URI: "model", "verilator", "hls", "tcp://host:port",
// "serial:///dev/ttyUSB1?baud=3000000", "xrt://0", "uio:///dev/uio0". Throws
// std::invalid_argument for an unknown scheme or a target this build does not include, with the
// reason (e.g. "this build has no XRT").
std::unique_ptr<Target> open_target(const std::string& uri, const OpenOptions& options);

// The URIs this build can open, with a line of description each (for --help and `info`).
std::vector<std::pair<std::string, std::string>> available_targets();

}  // namespace spikeforge
