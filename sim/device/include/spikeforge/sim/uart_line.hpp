// The far end of a simulated UART: drives the device's rx pin and samples its tx pin, one call
// per device clock. 8N1, LSB first, at CLK_HZ / BAUD clocks per bit (fractions allowed: bit k of
// a byte starts at clock floor(k * CLK_HZ / BAUD) after its start edge, as a real UART's would).
// Used by the device model (sim/device), the board twin server and the link-layer tests.
#pragma once

#include <cstdint>
#include <deque>
#include <stdexcept>

namespace spikeforge::sim {

class UartLine {
 public:
  UartLine(std::uint64_t clk_hz, std::uint64_t baud) : clk_hz_(clk_hz), baud_(baud) {
    if (baud == 0 || clk_hz < 4 * baud) throw std::invalid_argument("UartLine: need at least 4 clocks per bit");
  }

  void send(std::uint8_t byte) { tx_queue_.push_back(byte); }
  bool sending() const { return !tx_queue_.empty(); }
  std::size_t queued() const { return tx_queue_.size(); }

  // Bytes received from the device, oldest first.
  std::deque<std::uint8_t>& received() { return rx_bytes_; }
  std::uint64_t framing_errors() const { return framing_errors_; }

  // XOR mask applied to the next driven bit (for injecting bit errors): flip_next_bit() inverts
  // one bit of the byte currently being sent (or the next one).
  void flip_next_bit() { flip_ = true; }

  // One device clock: `device_tx` is the level on the device's tx pin during this clock; returns
  // the level to drive on the device's rx pin for this clock.
  bool tick(bool device_tx) {
    sample(device_tx);
    return drive();
  }

 private:
  bool drive() {
    if (tx_queue_.empty()) return true;
    const std::uint64_t bit = tx_clock_ * baud_ / clk_hz_;
    bool level;
    if (bit == 0) level = false;
    else if (bit <= 8) level = ((tx_queue_.front() >> (bit - 1)) & 1u) != 0;
    else level = true;
    if (bit != last_bit_) {
      last_bit_ = bit;
      flipped_bit_ = false;
      if (flip_ && bit >= 1 && bit <= 8) {
        flip_ = false;
        flipped_bit_ = true;
      }
    }
    if (flipped_bit_) level = !level;
    ++tx_clock_;
    if (tx_clock_ * baud_ / clk_hz_ >= 10) {
      tx_queue_.pop_front();
      tx_clock_ = 0;
      last_bit_ = ~std::uint64_t{0};
    }
    return level;
  }

  void sample(bool level) {
    if (!rx_busy_) {
      if (!level && prev_level_) {
        rx_busy_ = true;
        rx_clock_ = 0;
        rx_bit_ = 0;
        rx_byte_ = 0;
      }
      prev_level_ = level;
      return;
    }
    prev_level_ = level;
    ++rx_clock_;
    // middle of bit k: (2k + 1) * CLK_HZ / (2 * BAUD) clocks after the start edge
    const std::uint64_t at = ((2 * rx_bit_ + 1) * clk_hz_) / (2 * baud_);
    if (rx_clock_ < at) return;
    if (rx_bit_ == 0) {
      if (level) rx_busy_ = false;  // glitch
    } else if (rx_bit_ <= 8) {
      rx_byte_ |= static_cast<std::uint8_t>((level ? 1u : 0u) << (rx_bit_ - 1));
    } else {
      if (level) rx_bytes_.push_back(rx_byte_);
      else ++framing_errors_;
      rx_busy_ = false;
      prev_level_ = level;
      return;
    }
    ++rx_bit_;
  }

  std::uint64_t clk_hz_, baud_;
  std::deque<std::uint8_t> tx_queue_;
  std::uint64_t tx_clock_ = 0;
  std::uint64_t last_bit_ = ~std::uint64_t{0};
  bool flip_ = false, flipped_bit_ = false;

  std::deque<std::uint8_t> rx_bytes_;
  bool rx_busy_ = false, prev_level_ = true;
  std::uint64_t rx_clock_ = 0, rx_bit_ = 0;
  std::uint8_t rx_byte_ = 0;
  std::uint64_t framing_errors_ = 0;
};

}  // namespace spikeforge::sim
