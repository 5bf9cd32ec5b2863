// The AXI4-Lite mailbox (docs/protocol.md §9) as a byte stream, over any 32-bit register bus:
// a memory-mapped UIO device in production, a software register model in tests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "spikeforge/transport/transport.hpp"

namespace spikeforge::transport {

inline constexpr std::uint32_t kMailboxId = 0x53464D42u;  // "SFMB"
enum MailboxReg : std::uint32_t { kRegId = 0x00, kRegStatus = 0x04, kRegTxData = 0x08, kRegRxData = 0x0C, kRegDropped = 0x10 };

class RegisterBus {
 public:
  virtual ~RegisterBus() = default;
  virtual std::uint32_t read32(std::uint32_t offset) = 0;
  virtual void write32(std::uint32_t offset, std::uint32_t value) = 0;
};

// Checks ID on construction (throws TransportError naming what it found).
std::unique_ptr<Transport> make_mailbox_transport(std::unique_ptr<RegisterBus> bus, const std::string& name);

// Maps map 0 of a UIO device (/dev/uioN) as a register bus.
std::unique_ptr<RegisterBus> open_uio_bus(const std::string& device);

}  // namespace spikeforge::transport
