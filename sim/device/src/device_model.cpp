#include "spikeforge/sim/device_model.hpp"

#include "Vsf_device_uart.h"
#include "spikeforge/sim/uart_line.hpp"
#include "verilated.h"

// Verilator needs this when a model is built without --timing; nothing here uses $time.
double sc_time_stamp() { return 0; }

namespace spikeforge::sim {

struct DeviceModel::Impl {
  VerilatedContext context;
  Vsf_device_uart top{&context};
  UartLine line{SF_DEVICE_CLK_HZ, SF_DEVICE_BAUD};
  std::uint64_t cycles = 0;
  bool host_ready = true;

  void clock() {
    top.clk_i = 0;
    top.eval();
    top.uart_rx_i = line.tick(top.uart_tx_o != 0) ? 1 : 0;
    top.cts_ni = host_ready ? 0 : 1;
    top.clk_i = 1;
    top.eval();
    ++cycles;
  }
};

DeviceModel::DeviceModel() : impl_(std::make_unique<Impl>()) {
  auto& t = impl_->top;
  t.uart_rx_i = 1;
  t.cts_ni = 0;
  t.rst_ni = 0;
  for (int k = 0; k < 8; ++k) impl_->clock();
  t.rst_ni = 1;
  impl_->clock();
  impl_->cycles = 0;
}

DeviceModel::~DeviceModel() { impl_->top.final(); }

DeviceBuild DeviceModel::build() {
  return {SF_DEVICE_N, SF_DEVICE_S, SF_DEVICE_P, SF_DEVICE_WB, SF_DEVICE_VB, SF_DEVICE_CLK_HZ, SF_DEVICE_BAUD};
}

void DeviceModel::send(std::span<const std::uint8_t> bytes) {
  for (auto b : bytes) impl_->line.send(b);
}

std::vector<std::uint8_t> DeviceModel::take_received() {
  auto& q = impl_->line.received();
  std::vector<std::uint8_t> out(q.begin(), q.end());
  q.clear();
  return out;
}

void DeviceModel::set_host_ready(bool ready) { impl_->host_ready = ready; }
void DeviceModel::flip_next_bit() { impl_->line.flip_next_bit(); }

void DeviceModel::tick(std::uint64_t cycles) {
  for (std::uint64_t k = 0; k < cycles; ++k) impl_->clock();
}

bool DeviceModel::busy() const { return impl_->line.sending() || impl_->top.busy_o != 0; }

std::uint64_t DeviceModel::run_until_idle(std::uint64_t max_cycles) {
  const std::uint64_t quiet_needed = 2 * 10 * SF_DEVICE_CLK_HZ / SF_DEVICE_BAUD;
  std::uint64_t run = 0, quiet = 0;
  while (run < max_cycles && quiet < quiet_needed) {
    impl_->clock();
    ++run;
    quiet = busy() ? 0 : quiet + 1;
  }
  return run;
}

std::uint64_t DeviceModel::cycles() const { return impl_->cycles; }
std::uint64_t DeviceModel::uart_framing_errors() const { return impl_->line.framing_errors(); }

}  // namespace spikeforge::sim
