// serial://DEVICE?baud=B through libserialport: 8N1, no flow control (docs/protocol.md §10).
#include <libserialport.h>

#include "spikeforge/transport/transport.hpp"

namespace spikeforge::transport {
namespace {

std::string sp_error(sp_return r) {
  if (r == SP_ERR_FAIL) {
    char* msg = sp_last_error_message();
    std::string s = msg ? msg : "failed";
    sp_free_error_message(msg);
    return s;
  }
  if (r == SP_ERR_ARG) return "invalid argument";
  if (r == SP_ERR_MEM) return "out of memory";
  if (r == SP_ERR_SUPP) return "not supported";
  return "error " + std::to_string(static_cast<int>(r));
}

class SerialTransport final : public Transport {
 public:
  explicit SerialTransport(const Uri& uri) : text_(uri.text) {
    baud_ = static_cast<int>(uri.number("baud", 3000000));
    if (baud_ <= 0) throw std::invalid_argument("target '" + uri.text + "': baud must be positive");
    if (sp_get_port_by_name(uri.path.c_str(), &port_) != SP_OK) {
      throw TransportError("no serial port '" + uri.path + "' (" + uri.text + ")");
    }
    check(sp_open(port_, SP_MODE_READ_WRITE), "open");
    opened_ = true;
    check(sp_set_baudrate(port_, baud_), "set baud rate " + std::to_string(baud_) + " on");
    check(sp_set_bits(port_, 8), "set 8 data bits on");
    check(sp_set_parity(port_, SP_PARITY_NONE), "set parity on");
    check(sp_set_stopbits(port_, 1), "set stop bits on");
    check(sp_set_flowcontrol(port_, SP_FLOWCONTROL_NONE), "set flow control on");
    sp_flush(port_, SP_BUF_BOTH);
  }
  ~SerialTransport() override {
    if (opened_) sp_close(port_);
    if (port_) sp_free_port(port_);
  }
  SerialTransport(const SerialTransport&) = delete;
  SerialTransport& operator=(const SerialTransport&) = delete;

  void write(std::span<const std::uint8_t> bytes) override {
    const auto r = sp_blocking_write(port_, bytes.data(), bytes.size(), 10000);
    if (r < 0) throw TransportError("write to " + text_ + " failed: " + sp_error(r));
    if (static_cast<std::size_t>(r) != bytes.size()) throw TransportError("write to " + text_ + " timed out");
  }

  std::size_t read(std::span<std::uint8_t> buf, std::chrono::milliseconds timeout) override {
    if (buf.empty()) return 0;
    // Wait for the first byte, then take whatever else is already there.
    auto r = sp_blocking_read_next(port_, buf.data(), buf.size(), static_cast<unsigned>(std::max<long long>(1, timeout.count())));
    if (r < 0) throw TransportError("read from " + text_ + " failed: " + sp_error(r));
    std::size_t n = static_cast<std::size_t>(r);
    if (n > 0 && n < buf.size()) {
      auto more = sp_nonblocking_read(port_, buf.data() + n, buf.size() - n);
      if (more > 0) n += static_cast<std::size_t>(more);
    }
    return n;
  }

  double bits_per_second() const override { return baud_; }
  std::string describe() const override { return text_; }

 private:
  void check(sp_return r, const std::string& what) {
    if (r != SP_OK) throw TransportError("cannot " + what + " " + text_ + ": " + sp_error(r));
  }
  std::string text_;
  sp_port* port_ = nullptr;
  bool opened_ = false;
  int baud_ = 0;
};

}  // namespace

std::unique_ptr<Transport> open_serial(const Uri& uri) { return std::make_unique<SerialTransport>(uri); }

}  // namespace spikeforge::transport
