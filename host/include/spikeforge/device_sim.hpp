// The verilated device (sim/device) as a byte link: the `verilator-device` target runs the full
// protocol stack (protocol::Client -> COBS/CRC frames -> simulated UART pins -> RTL command engine
// -> core) in-process. Only available when the build has spikeforge_sim_device
// (SPIKEFORGE_HAVE_DEVICE_SIM).
#pragma once

#ifdef SPIKEFORGE_HAVE_DEVICE_SIM

#include <cstdint>
#include <memory>
#include <string>

#include "spikeforge/sim/device_model.hpp"
#include "spikeforge/target.hpp"
#include "spikeforge/transport/transport.hpp"

namespace spikeforge {

// A Transport whose other end is the simulated device's UART. Simulated time only advances
// inside read(): it clocks the device until bytes come back, or until the device has gone quiet
// without answering (then read() returns 0 at once, which the client treats as a timeout).
class SimDeviceTransport final : public transport::Transport {
 public:
  explicit SimDeviceTransport(std::shared_ptr<sim::DeviceModel> model);
  void write(std::span<const std::uint8_t> bytes) override;
  std::size_t read(std::span<std::uint8_t> buf, std::chrono::milliseconds timeout) override;
  std::string describe() const override { return "verilator-device"; }

  // A host that reads slowly: after every byte it takes, the host deasserts CTS for this many
  // clocks (0: always ready). The device must stall, not drop, and count the stall cycles.
  void set_slow_host(std::uint64_t pause_cycles) { pause_ = pause_cycles; }
  sim::DeviceModel& model() { return *model_; }

 private:
  std::shared_ptr<sim::DeviceModel> model_;
  std::vector<std::uint8_t> rx_;
  std::uint64_t pause_ = 0;
};

std::unique_ptr<Target> open_device_sim_target(const std::string& uri, const OpenOptions& options);

}  // namespace spikeforge

#endif
