// serial://DEVICE?baud=B through libserialport: 8N1, no flow control (docs/protocol.md §10).
//
// Pseudo-terminals (the board twin, `spikeforge sim-server --pty`) are the exception: libserialport
// 0.1.1's sp_get_port_by_name() resolves the path with realpath() and accepts it only if the file
// name starts with "tty" and /sys/class/tty/<name>/device exists, so it refuses /dev/pts/N (and any
// symlink to it, since the link is resolved). For a path that resolves under /dev/pts/ and that
// libserialport refuses, PtyTransport opens it with plain POSIX termios (raw, 8N1, no flow control);
// the baud rate does not matter on a pty and is only remembered for timeout estimates.
#include <fcntl.h>
#include <libserialport.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

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

// True if `path` names a Unix98 pseudo-terminal (after resolving symlinks).
bool is_pty(const std::string& path) {
  char real[PATH_MAX];
  if (::realpath(path.c_str(), real) == nullptr) return false;
  return std::string(real).rfind("/dev/pts/", 0) == 0 && std::string(real) != "/dev/pts/ptmx";
}

class PtyTransport final : public Transport {
 public:
  PtyTransport(const Uri& uri, int baud) : text_(uri.text), baud_(baud) {
    fd_ = ::open(uri.path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd_ < 0) throw TransportError("cannot open " + uri.path + " (" + text_ + "): " + std::strerror(errno));
    termios t{};
    if (::tcgetattr(fd_, &t) != 0) {
      ::close(fd_);
      throw TransportError("'" + uri.path + "' is not a terminal (" + text_ + ")");
    }
    ::cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~static_cast<tcflag_t>(CRTSCTS | CSTOPB);
    t.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    ::tcsetattr(fd_, TCSANOW, &t);
    ::tcflush(fd_, TCIOFLUSH);
  }
  ~PtyTransport() override { ::close(fd_); }
  PtyTransport(const PtyTransport&) = delete;
  PtyTransport& operator=(const PtyTransport&) = delete;

  void write(std::span<const std::uint8_t> bytes) override {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        pollfd p{fd_, POLLOUT, 0};
        if (::poll(&p, 1, 10000) <= 0) throw TransportError("write to " + text_ + " timed out");
        continue;
      }
      throw TransportError("write to " + text_ + " failed: " + std::strerror(errno));
    }
  }

  std::size_t read(std::span<std::uint8_t> buf, std::chrono::milliseconds timeout) override {
    if (buf.empty()) return 0;
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::clamp<long long>(timeout.count(), 1, INT_MAX)));
    if (r < 0 && errno != EINTR) throw TransportError("read from " + text_ + " failed: " + std::strerror(errno));
    if (r <= 0) return 0;
    const ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return 0;
    if (n < 0) throw TransportError("read from " + text_ + " failed: " + std::strerror(errno));
    return static_cast<std::size_t>(n);
  }

  double bits_per_second() const override { return baud_; }
  std::string describe() const override { return text_; }

 private:
  std::string text_;
  int baud_ = 0;
  int fd_ = -1;
};

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

std::unique_ptr<Transport> open_serial(const Uri& uri) {
  // libserialport first; plain termios only for a pty it refuses (see the top of this file).
  sp_port* probe = nullptr;
  const bool known = sp_get_port_by_name(uri.path.c_str(), &probe) == SP_OK;
  if (probe) sp_free_port(probe);
  if (!known && is_pty(uri.path)) {
    const auto baud = uri.number("baud", 3000000);
    if (baud <= 0) throw std::invalid_argument("target '" + uri.text + "': baud must be positive");
    return std::make_unique<PtyTransport>(uri, static_cast<int>(baud));
  }
  return std::make_unique<SerialTransport>(uri);
}

}  // namespace spikeforge::transport
