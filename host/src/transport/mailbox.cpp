// uio:///dev/uioN: the mailbox registers memory-mapped through Linux UIO.
#include "spikeforge/transport/mailbox.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>

namespace spikeforge::transport {
namespace {

class MailboxTransport final : public Transport {
 public:
  MailboxTransport(std::unique_ptr<RegisterBus> bus, std::string name) : bus_(std::move(bus)), name_(std::move(name)) {
    const std::uint32_t id = bus_->read32(kRegId);
    if (id != kMailboxId) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "0x%08X", id);
      throw TransportError(name_ + ": mailbox ID register reads " + buf + ", expected 0x53464D42 (\"SFMB\"): not a spikeforge mailbox");
    }
  }

  void write(std::span<const std::uint8_t> bytes) override {
    std::size_t k = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (k < bytes.size()) {
      std::uint32_t free_entries = bus_->read32(kRegStatus) >> 16;
      if (free_entries == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
          throw TransportError(name_ + ": the device has not taken bytes from the mailbox for 2 s");
        }
        std::this_thread::yield();
        continue;
      }
      while (free_entries-- > 0 && k < bytes.size()) bus_->write32(kRegTxData, bytes[k++]);
    }
  }

  std::size_t read(std::span<std::uint8_t> buf, std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t n = 0;
    while (n == 0) {
      std::uint32_t waiting = bus_->read32(kRegStatus) & 0xFFFFu;
      while (waiting-- > 0 && n < buf.size()) {
        const std::uint32_t v = bus_->read32(kRegRxData);
        if (!(v & 0x100u)) break;
        buf[n++] = static_cast<std::uint8_t>(v);
      }
      if (n > 0 || std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
    return n;
  }

  std::string describe() const override { return name_; }

 private:
  std::unique_ptr<RegisterBus> bus_;
  std::string name_;
};

class UioBus final : public RegisterBus {
 public:
  explicit UioBus(const std::string& device) : device_(device) {
    const auto slash = device.rfind('/');
    const std::string base = device.substr(slash == std::string::npos ? 0 : slash + 1);
    std::ifstream size_file("/sys/class/uio/" + base + "/maps/map0/size");
    std::size_t size = 0x1000;
    if (size_file) size_file >> std::hex >> size;
    if (size < 0x14) size = 0x1000;
    fd_ = ::open(device.c_str(), O_RDWR | O_SYNC);
    if (fd_ < 0) throw TransportError("cannot open " + device + ": " + std::strerror(errno) + " (is the UIO driver bound, and do you have permission?)");
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (p == MAP_FAILED) {
      const int e = errno;
      ::close(fd_);
      throw TransportError("cannot map " + device + ": " + std::strerror(e));
    }
    base_ = static_cast<volatile std::uint32_t*>(p);
    size_ = size;
  }
  ~UioBus() override {
    ::munmap(const_cast<std::uint32_t*>(base_), size_);
    ::close(fd_);
  }
  UioBus(const UioBus&) = delete;
  UioBus& operator=(const UioBus&) = delete;
  std::uint32_t read32(std::uint32_t offset) override { return base_[offset / 4]; }
  void write32(std::uint32_t offset, std::uint32_t value) override { base_[offset / 4] = value; }

 private:
  std::string device_;
  int fd_ = -1;
  volatile std::uint32_t* base_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace

std::unique_ptr<Transport> make_mailbox_transport(std::unique_ptr<RegisterBus> bus, const std::string& name) {
  return std::make_unique<MailboxTransport>(std::move(bus), name);
}

std::unique_ptr<RegisterBus> open_uio_bus(const std::string& device) { return std::make_unique<UioBus>(device); }

std::unique_ptr<Transport> open_uio(const Uri& uri) { return make_mailbox_transport(open_uio_bus(uri.path), uri.text); }

}  // namespace spikeforge::transport
