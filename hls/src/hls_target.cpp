// The `hls` target's backend: "device buffers" are host vectors and "starting the kernel" is a
// call of the g++-compiled top function with their addresses, exactly the arguments the XRT
// backend passes to the card.
#include <array>
#include <stdexcept>

#include "spikeforge/hls/kernel_target.hpp"
#include "spikeforge/hls/sf_hls_kernel.hpp"

namespace spikeforge::hls {
namespace {

class InProcessBackend final : public KernelBackend {
 public:
  InProcessBackend(sf_hls_kernel_fn fn, std::string name) : fn_(fn), name_(std::move(name)) {}

  void allocate(KernelBuffer b, std::size_t words) override { buf(b).assign(std::max<std::size_t>(words, 1), 0u); }
  void write(KernelBuffer b, std::span<const std::uint32_t> words) override {
    auto& d = buf(b);
    if (words.size() > d.size()) throw std::length_error("write past the end of a kernel buffer");
    std::copy(words.begin(), words.end(), d.begin());
  }
  void read(KernelBuffer b, std::span<std::uint32_t> words) override {
    const auto& d = buf(b);
    if (words.size() > d.size()) throw std::length_error("read past the end of a kernel buffer");
    std::copy(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(words.size()), words.begin());
  }
  void run(const KernelScalars& sc) override {
    for (auto& b : bufs_) {
      if (b.empty()) b.assign(1, 0u);  // every pointer argument is valid, as on the card
    }
    fn_(sc.command, sc.n, sc.s, sc.steps, sc.flags, buf(KernelBuffer::kParams).data(),
        buf(KernelBuffer::kSynapses).data(), buf(KernelBuffer::kState).data(), buf(KernelBuffer::kSpikesIn).data(),
        buf(KernelBuffer::kSpikesOut).data());
  }
  std::string describe() const override { return name_ + " (C-simulation, in-process)"; }

 private:
  std::vector<std::uint32_t>& buf(KernelBuffer b) { return bufs_[static_cast<unsigned>(b)]; }
  const std::vector<std::uint32_t>& buf(KernelBuffer b) const { return bufs_[static_cast<unsigned>(b)]; }

  sf_hls_kernel_fn fn_;
  std::string name_;
  std::array<std::vector<std::uint32_t>, kKernelBuffers> bufs_;
};

std::unique_ptr<KernelBackend> backend_for(const model::Shape& shape) {
  if (shape.weight_bits == 8 && shape.state_bits == 16) {
    return std::make_unique<InProcessBackend>(&sf_hls_kernel, "sf_hls_kernel");
  }
  if (shape.weight_bits == 16 && shape.state_bits == 24) {
    return std::make_unique<InProcessBackend>(&sf_hls_kernel_w16, "sf_hls_kernel_w16");
  }
  throw std::invalid_argument("the hls target is built for WB=8 VB=16 and WB=16 VB=24; the network needs WB=" +
                              std::to_string(shape.weight_bits) + " VB=" + std::to_string(shape.state_bits));
}

}  // namespace

HlsTarget::HlsTarget(const model::Shape& shape) : KernelTarget(backend_for(shape), shape, "hls") {}

}  // namespace spikeforge::hls
