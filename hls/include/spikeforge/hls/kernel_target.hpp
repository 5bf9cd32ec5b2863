// A Target on top of the HLS kernel ABI. KernelTarget does all the packing and bookkeeping; a
// KernelBackend only moves buffers and starts the kernel. The in-process `hls` target
// (HlsTarget: the g++-compiled kernel on host memory) and the `xrt://` target (XRT buffers and a
// kernel on an Alveo card, host/src/xrt/) differ only in their backend, so what the card receives
// is exactly what the equivalence suite checked.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "spikeforge/hls/packing.hpp"
#include "spikeforge/target.hpp"

namespace spikeforge::hls {

// The kernel's buffer arguments, in argument order (arguments 5..9 of sf_hls_kernel).
enum class KernelBuffer : unsigned { kParams = 0, kSynapses = 1, kState = 2, kSpikesIn = 3, kSpikesOut = 4 };
constexpr unsigned kKernelBuffers = 5;
constexpr unsigned kFirstBufferArgument = 5;  // command, n, s, steps, flags come first

// The kernel's scalar arguments.
struct KernelScalars {
  std::uint32_t command = 0, n = 0, s = 0, steps = 0, flags = 0;
};

class KernelBackend {
 public:
  virtual ~KernelBackend() = default;
  // (Re)allocate a device buffer of `words` 32-bit words (at least 1).
  virtual void allocate(KernelBuffer b, std::size_t words) = 0;
  // Copy host words to the start of a device buffer / the start of a device buffer to host words.
  virtual void write(KernelBuffer b, std::span<const std::uint32_t> words) = 0;
  virtual void read(KernelBuffer b, std::span<std::uint32_t> words) = 0;
  // Start the kernel with these scalars and the current buffers, and wait for it to finish.
  virtual void run(const KernelScalars& scalars) = 0;
  virtual std::string describe() const = 0;
};

class KernelTarget : public Target {
 public:
  // Most steps per kernel call; longer runs are split (the spike buffers are sized for this).
  static constexpr std::uint32_t kMaxStepsPerCall = 1024;

  KernelTarget(std::unique_ptr<KernelBackend> backend, const model::Shape& shape, std::string kind);

  DeviceInfo info() override;
  void program(const model::Image& image) override;
  void reset_state() override;
  void set_learning(bool on) override;
  std::vector<SpikeList> run(std::span<const SpikeList> inputs) override;
  std::vector<std::int16_t> read_weights(std::uint32_t first_row, std::uint32_t rows) override;
  std::vector<model::NeuronState> read_neurons(std::uint32_t first, std::uint32_t count) override;
  std::vector<std::uint32_t> read_pre_traces(std::uint32_t first, std::uint32_t count) override;
  Counters counters() override;

  const KernelBuild& build() const { return build_; }

 private:
  void command(std::uint32_t cmd, std::uint32_t steps = 0);
  void require_programmed() const;

  std::unique_ptr<KernelBackend> backend_;
  model::Shape shape_;
  std::string kind_;
  KernelBuild build_;
  bool programmed_ = false;
  bool learn_ = false;
  bool synapses_current_ = false;      // host copy of the synapses equals the device's
  std::vector<std::uint32_t> state_;   // host copy of the state buffer, current after every command
  std::vector<std::uint32_t> synapses_;
  std::vector<std::uint32_t> spikes_out_;
};

// The `hls` target: the g++-compiled kernel (sf_hls_kernel, or sf_hls_kernel_w16 for WB=16,
// VB=24) called in-process on host memory, through the same KernelTarget as the XRT path.
class HlsTarget final : public KernelTarget {
 public:
  explicit HlsTarget(const model::Shape& shape);
};

}  // namespace spikeforge::hls

namespace spikeforge {
using hls::HlsTarget;
}
