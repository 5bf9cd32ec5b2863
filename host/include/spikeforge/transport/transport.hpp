// A byte stream to a device (docs/protocol.md §10): the protocol client only writes bytes and
// reads what arrives. Implementations: TCP (Boost.Asio), serial (libserialport), the AXI4-Lite
// mailbox through UIO, and in tests an in-memory link to a software device.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>

namespace spikeforge::transport {

// Raised when a transport cannot be opened or fails (the message names the URI and the reason).
struct TransportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Send all bytes (blocks until they are handed to the OS / the link).
  virtual void write(std::span<const std::uint8_t> bytes) = 0;
  // Wait up to `timeout` for bytes; returns how many were stored in `buf` (0: nothing arrived in
  // time). Never blocks longer than `timeout` when nothing arrives.
  virtual std::size_t read(std::span<std::uint8_t> buf, std::chrono::milliseconds timeout) = 0;
  // Line rate in bits per second for timeout estimates; 0 when unknown (fast links).
  virtual double bits_per_second() const { return 0; }
  virtual std::string describe() const = 0;
};

// A parsed target URI: scheme "tcp", "serial", "uio"; `path` is host:port or the device path.
struct Uri {
  std::string scheme;
  std::string path;
  std::map<std::string, std::string> query;
  std::string text;  // the original
  // A numeric query option, or `fallback`; throws std::invalid_argument if not a number.
  long long number(const std::string& key, long long fallback) const;
};
Uri parse_uri(const std::string& uri);

std::unique_ptr<Transport> open_tcp(const Uri& uri);
std::unique_ptr<Transport> open_serial(const Uri& uri);
std::unique_ptr<Transport> open_uio(const Uri& uri);
// Dispatches on the scheme.
std::unique_ptr<Transport> open_transport(const std::string& uri);

}  // namespace spikeforge::transport
