// A software device: the device side of docs/protocol.md over the reference model. It is the
// test double of the protocol tests and a second reading of the spec to cross-check the RTL.
// Its framing (COBS decoder/encoder) is written independently of host/src/protocol/.
//
// Difference from the RTL: changing parameters, weights or the STDP configuration rebuilds the
// model, so the dynamic state reads as the reset state until the next step (the host always
// resets the state after programming, so this is invisible to a programmed run). SET_ACTIVE is
// checked and stored; the full machine is always run (equal results for silent padding).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include "spikeforge/model/machine.hpp"
#include "spikeforge/protocol/codec.hpp"

namespace spikeforge::testing {

struct SoftDeviceOptions {
  model::Shape shape;
  std::uint16_t max_payload = 1018;
  std::uint8_t max_batch = 16;
  std::uint16_t lanes = 1;
  double busy_probability = 0;  // answer BUSY (not executed, not remembered) this often
  std::uint32_t seed = 1;
};

class SoftDevice {
 public:
  explicit SoftDevice(SoftDeviceOptions options);

  // Bytes from the host. Every complete, intact command is executed (or replayed) at once and its
  // answer queued for transmission.
  void receive(std::span<const std::uint8_t> bytes);
  // Bytes towards the host: up to out.size() from the transmit queue.
  std::size_t transmit(std::span<std::uint8_t> out);
  std::size_t pending() const { return tx_.size(); }
  // The link could not take a byte for `cycles` cycles (the host is not reading).
  void stall(std::uint64_t cycles) { counters_.stall_cycles += cycles; }

  const protocol::DeviceCounters& counters() const { return counters_; }
  // How many times each opcode was executed (replays not included).
  std::uint64_t executed(protocol::Opcode op) const { return executed_[static_cast<std::uint8_t>(op)]; }
  // Current parameters and weights (including learnt weights).
  model::Image image() const;

 private:
  void frame(const std::vector<std::uint8_t>& decoded);
  std::uint8_t execute(std::uint8_t op, std::span<const std::uint8_t> in, protocol::Writer& out);
  model::Machine& machine();
  void sync();  // fold learnt weights back into image_ and drop the model before a write

  SoftDeviceOptions opt_;
  model::Image image_;
  std::optional<model::Machine> machine_;
  std::uint32_t active_neurons_, active_inputs_;
  std::vector<std::uint8_t> rx_;
  bool rx_overflow_ = false;
  std::deque<std::uint8_t> tx_;
  bool have_last_ = false;
  std::uint8_t last_seq_ = 0, last_op_ = 0;
  std::vector<std::uint8_t> last_response_;
  protocol::DeviceCounters counters_;
  std::uint64_t executed_[256] = {};
  std::mt19937 rng_;
};

}  // namespace spikeforge::testing
