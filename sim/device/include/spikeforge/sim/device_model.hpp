// The verilated device (rtl/device/sf_device_uart.sv with the core) and the far end of its
// UART: bytes written here are shifted into the device's rx pin bit by bit, bytes the device
// shifts out of its tx pin are collected. The device is built at 100 MHz with 4 clocks per bit
// (25 Mbaud), so a byte costs 40 clocks. No Verilator header leaks out of this file.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace spikeforge::sim {

struct DeviceBuild {
  std::uint32_t neurons, inputs, lanes, weight_bits, state_bits;
  std::uint64_t clk_hz, baud;
};

class DeviceModel {
 public:
  DeviceModel();
  ~DeviceModel();
  DeviceModel(const DeviceModel&) = delete;
  DeviceModel& operator=(const DeviceModel&) = delete;

  static DeviceBuild build();

  // Queue bytes for the device's rx pin.
  void send(std::span<const std::uint8_t> bytes);
  // Bytes the device has sent since the last call.
  std::vector<std::uint8_t> take_received();
  // Host-side flow control: while false the device holds its output (CTS) and counts stalls.
  void set_host_ready(bool ready);
  // Invert one data bit of the next byte sent to the device (an injected line error).
  void flip_next_bit();

  // Advance the clock.
  void tick(std::uint64_t cycles = 1);
  // True while bytes are queued for the device, the device is executing or answering, or a
  // byte is on the wire.
  bool busy() const;
  // Clock until !busy() has held for two byte times (or max_cycles passed); returns cycles run.
  std::uint64_t run_until_idle(std::uint64_t max_cycles);
  std::uint64_t cycles() const;
  std::uint64_t uart_framing_errors() const;  // seen by the host side of the line

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spikeforge::sim
