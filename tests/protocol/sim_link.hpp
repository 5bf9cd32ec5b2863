// An in-memory byte link between the host's protocol client and a SoftDevice, with injected bit
// errors and a bounded device-to-host buffer. Time is virtual: a read that finds nothing returns
// 0 at once (a timeout); each read is one "tick" on which the device moves bytes into the link.
#pragma once

#include <deque>
#include <random>

#include "soft_device.hpp"
#include "spikeforge/transport/transport.hpp"

namespace spikeforge::testing {

struct SimLinkOptions {
  double ber = 0;                    // bit error rate, both directions
  std::size_t link_capacity = 1 << 20;  // bytes the device-to-host direction holds
  std::size_t read_chunk = 1 << 20;  // most bytes the host takes per read (a slow reader: small)
  std::uint32_t seed = 7;
};

class SimLink final : public transport::Transport {
 public:
  SimLink(SoftDevice& device, SimLinkOptions options = {}) : dev_(device), opt_(options), rng_(options.seed) { arm(); }

  void write(std::span<const std::uint8_t> bytes) override {
    std::vector<std::uint8_t> b(bytes.begin(), bytes.end());
    corrupt(b);
    sent_ += b.size();
    dev_.receive(b);
  }

  std::size_t read(std::span<std::uint8_t> buf, std::chrono::milliseconds) override {
    ++ticks_;
    // The device pushes what fits; if bytes are left over, it waited (stalled) this tick.
    std::uint8_t tmp[256];
    while (link_.size() < opt_.link_capacity && dev_.pending() > 0) {
      const std::size_t want = std::min<std::size_t>(sizeof tmp, opt_.link_capacity - link_.size());
      const std::size_t n = dev_.transmit(std::span(tmp, want));
      link_.insert(link_.end(), tmp, tmp + n);
    }
    if (dev_.pending() > 0) dev_.stall(1);
    const std::size_t n = std::min({buf.size(), opt_.read_chunk, link_.size()});
    if (n == 0) {
      ++timeouts_;
      return 0;
    }
    std::vector<std::uint8_t> out(link_.begin(), link_.begin() + static_cast<std::ptrdiff_t>(n));
    link_.erase(link_.begin(), link_.begin() + static_cast<std::ptrdiff_t>(n));
    corrupt(out);
    std::copy(out.begin(), out.end(), buf.begin());
    received_ += n;
    return n;
  }

  std::string describe() const override { return "sim-link"; }

  std::uint64_t flipped() const { return flipped_; }
  std::uint64_t timeouts() const { return timeouts_; }
  std::uint64_t bytes_sent() const { return sent_; }
  std::uint64_t bytes_received() const { return received_; }
  void set_ber(double ber) {
    opt_.ber = ber;
    arm();
  }

 private:
  // Bit errors at rate `ber`: the gap to the next flipped bit is geometric.
  void arm() {
    next_flip_ = opt_.ber > 0 ? std::geometric_distribution<std::uint64_t>(opt_.ber)(rng_) : ~std::uint64_t{0};
  }
  void corrupt(std::vector<std::uint8_t>& b) {
    if (opt_.ber <= 0) return;
    const std::uint64_t bits = b.size() * 8;
    std::uint64_t pos = 0;
    while (next_flip_ < bits - pos) {
      pos += next_flip_;
      b[pos / 8] = static_cast<std::uint8_t>(b[pos / 8] ^ (1u << (pos % 8)));
      ++flipped_;
      ++pos;
      arm();
    }
    next_flip_ -= bits - pos;
  }

  SoftDevice& dev_;
  SimLinkOptions opt_;
  std::mt19937_64 rng_;
  std::deque<std::uint8_t> link_;
  std::uint64_t next_flip_ = 0;
  std::uint64_t flipped_ = 0, ticks_ = 0, timeouts_ = 0, sent_ = 0, received_ = 0;
};

}  // namespace spikeforge::testing
