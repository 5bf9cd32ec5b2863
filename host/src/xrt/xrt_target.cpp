// XRT backend of the HLS kernel target: the only file that includes XRT. Everything else (argument
// packing, buffer layouts, image conversion, URI parsing) is XRT-free in hls/ and tested without a
// card; this file only allocates one xrt::bo per kernel buffer argument in the memory bank the
// xclbin connects it to, moves words, and starts the kernel. See docs/hls.md.
#include "xrt/xrt_target.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>

#include <xrt/xrt_bo.h>
#include <xrt/xrt_device.h>
#include <xrt/xrt_hw_context.h>
#include <xrt/xrt_kernel.h>

#include "spikeforge/hls/kernel_target.hpp"
#include "spikeforge/hls/packing.hpp"

namespace spikeforge {
namespace {

class XrtBackend final : public hls::KernelBackend {
 public:
  explicit XrtBackend(const hls::XrtUri& uri) : uri_(uri), device_(uri.device) {
    // load_xclbin() is the call XRT 2022.2..2024.1 document for this; XRT 2.19+ marks it deprecated
    // in favour of register_xclbin(). Keep the call that works on the supported range.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    const xrt::uuid id = device_.load_xclbin(uri.xclbin);
#pragma GCC diagnostic pop
    context_ = xrt::hw_context(device_, id);
    kernel_ = xrt::kernel(context_, uri.kernel);
  }

  void allocate(hls::KernelBuffer b, std::size_t words) override {
    const auto arg = static_cast<int>(hls::kFirstBufferArgument + static_cast<unsigned>(b));
    bos_[index(b)] = xrt::bo(device_, std::max<std::size_t>(words, 1) * sizeof(std::uint32_t), kernel_.group_id(arg));
  }
  void write(hls::KernelBuffer b, std::span<const std::uint32_t> words) override {
    auto& bo = buffer(b);
    const std::size_t bytes = words.size() * sizeof(std::uint32_t);
    bo.write(words.data(), bytes, 0);
    bo.sync(XCL_BO_SYNC_BO_TO_DEVICE, bytes, 0);
  }
  void read(hls::KernelBuffer b, std::span<std::uint32_t> words) override {
    auto& bo = buffer(b);
    const std::size_t bytes = words.size() * sizeof(std::uint32_t);
    bo.sync(XCL_BO_SYNC_BO_FROM_DEVICE, bytes, 0);
    bo.read(words.data(), bytes, 0);
  }
  void run(const hls::KernelScalars& sc) override {
    for (unsigned k = 0; k < hls::kKernelBuffers; ++k) {
      if (!bos_[k]) allocate(static_cast<hls::KernelBuffer>(k), 1);
    }
    // Argument order and types are those of sf_hls_kernel (hls/src/sf_hls_kernel.cpp).
    xrt::run r = kernel_(sc.command, sc.n, sc.s, sc.steps, sc.flags, bos_[0], bos_[1], bos_[2], bos_[3], bos_[4]);
    const auto state = r.wait();
    if (state != ERT_CMD_STATE_COMPLETED) {
      throw std::runtime_error("kernel " + uri_.kernel + " on device " + std::to_string(uri_.device) +
                               " did not complete (ert state " + std::to_string(static_cast<int>(state)) + ")");
    }
  }
  std::string describe() const override {
    return "XRT device " + std::to_string(uri_.device) + ", " + uri_.xclbin + ", kernel " + uri_.kernel;
  }

 private:
  static unsigned index(hls::KernelBuffer b) { return static_cast<unsigned>(b); }
  xrt::bo& buffer(hls::KernelBuffer b) {
    auto& bo = bos_[index(b)];
    if (!bo) throw std::logic_error("kernel buffer used before it was allocated");
    return bo;
  }

  hls::XrtUri uri_;
  xrt::device device_;
  xrt::hw_context context_;
  xrt::kernel kernel_;
  std::array<xrt::bo, hls::kKernelBuffers> bos_;
};

class XrtTarget final : public hls::KernelTarget {
 public:
  XrtTarget(const hls::XrtUri& uri, const model::Shape& shape)
      : hls::KernelTarget(std::make_unique<XrtBackend>(uri), shape, "xrt") {}
};

}  // namespace

std::unique_ptr<Target> open_xrt_target(const std::string& uri, const OpenOptions& options) {
  const auto parsed = hls::parse_xrt_uri(uri);
  return std::make_unique<XrtTarget>(parsed, options.shape);
}

}  // namespace spikeforge
