// The `verilator-device` target: DeviceTarget (protocol client) over SimDeviceTransport.
#include "spikeforge/device_sim.hpp"

#ifdef SPIKEFORGE_HAVE_DEVICE_SIM

#include <algorithm>

#include "spikeforge/protocol/device_target.hpp"

namespace spikeforge {

SimDeviceTransport::SimDeviceTransport(std::shared_ptr<sim::DeviceModel> model) : model_(std::move(model)) {}

void SimDeviceTransport::write(std::span<const std::uint8_t> bytes) { model_->send(bytes); }

std::size_t SimDeviceTransport::read(std::span<std::uint8_t> buf, std::chrono::milliseconds) {
  // A generous bound on simulated time per read: a STEP of many steps on a busy network takes a
  // few hundred thousand clocks; nothing legitimate takes 200 M.
  constexpr std::uint64_t kMaxCycles = 200'000'000;
  const std::uint64_t byte_clocks = 10 * sim::DeviceModel::build().clk_hz / sim::DeviceModel::build().baud;
  std::uint64_t run = 0, quiet = 0;
  while (rx_.empty() && run < kMaxCycles) {
    const std::uint64_t chunk = 64;
    model_->tick(chunk);
    run += chunk;
    auto got = model_->take_received();
    rx_.insert(rx_.end(), got.begin(), got.end());
    if (!rx_.empty()) break;
    quiet = model_->busy() ? 0 : quiet + chunk;
    if (quiet >= 4 * byte_clocks) break;  // the device has nothing to say
  }
  if (pause_ != 0 && !rx_.empty()) {
    // the slow host takes one byte, then makes the device wait
    const std::size_t n = 1;
    std::copy_n(rx_.begin(), n, buf.begin());
    rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(n));
    model_->set_host_ready(false);
    model_->tick(pause_);
    model_->set_host_ready(true);
    return n;
  }
  const std::size_t n = std::min(buf.size(), rx_.size());
  std::copy_n(rx_.begin(), n, buf.begin());
  rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(n));
  return n;
}

std::unique_ptr<Target> open_device_sim_target(const std::string& uri, const OpenOptions& options) {
  (void)options;  // the device has its built shape; callers pad images with fit_image()
  auto link = std::make_unique<SimDeviceTransport>(std::make_shared<sim::DeviceModel>());
  (void)uri;
  return std::make_unique<DeviceTarget>(std::move(link), protocol::ClientOptions{});
}

}  // namespace spikeforge

#endif
