// open_target(): the one place that maps a target URI to an implementation. Targets that need an
// optional dependency are compiled in only when it was found (see host/CMakeLists.txt); the
// others say why they are missing.
#include <functional>
#include <stdexcept>
#include <string>

#include "spikeforge/model_target.hpp"
#include "spikeforge/target.hpp"
#ifdef SPIKEFORGE_HAVE_HLS
#include "spikeforge/hls/kernel_target.hpp"
#endif
#ifdef SPIKEFORGE_HAVE_XRT
#include "xrt/xrt_target.hpp"
#endif
#include "spikeforge/protocol/device_target.hpp"
#include "spikeforge/device_sim.hpp"
#ifdef SPIKEFORGE_HAVE_VERILATOR
#include "spikeforge/sim/verilator_target.hpp"
#endif
// TARGET-INCLUDES (keep this marker: one #include per target above it)

namespace spikeforge {
namespace {

struct TargetEntry {
  std::string scheme;       // "model", or a URI prefix such as "tcp://"
  std::string description;
  std::function<std::unique_ptr<Target>(const std::string& uri, const OpenOptions&)> open;  // null: unavailable
  std::string unavailable;  // why this build cannot open it
};

const std::vector<TargetEntry>& registry() {
  static const std::vector<TargetEntry> entries = {
      {"model", "the bit-exact reference model, in-process",
       [](const std::string&, const OpenOptions& o) { return std::make_unique<ModelTarget>(o.shape); }, ""},
#ifdef SPIKEFORGE_HAVE_HLS
      {"hls", "the HLS kernel compiled by g++ (C-simulation), in-process",
       [](const std::string&, const OpenOptions& o) -> std::unique_ptr<Target> {
         return std::make_unique<HlsTarget>(o.shape);
       }, ""},
#endif
#ifdef SPIKEFORGE_HAVE_XRT
      {"xrt://", "the HLS kernel on an Alveo card through XRT: xrt://N?xclbin=PATH", &open_xrt_target, ""},
#else
      {"xrt://", "the HLS kernel on an Alveo card through XRT: xrt://N?xclbin=PATH", nullptr,
       "this build has no XRT (install XRT and rebuild)"},
#endif
      {"tcp://", "a device or the board twin over TCP: tcp://HOST:PORT", &open_device_target, ""},
      {"serial://", "a device on a UART: serial:///dev/ttyUSB1?baud=3000000", &open_device_target, ""},
      {"uio://", "a device's AXI4-Lite mailbox through Linux UIO: uio:///dev/uio0", &open_device_target, ""},
#ifdef SPIKEFORGE_HAVE_DEVICE_SIM
      {"verilator-device", "the whole device (UART, protocol engine, core) under Verilator, in-process",
       &open_device_sim_target, ""},
#else
      {"verilator-device", "the whole device (UART, protocol engine, core) under Verilator, in-process", nullptr,
       "this build has no Verilator device model (needs SPIKEFORGE_RTL=ON and verilator)"},
#endif
#ifdef SPIKEFORGE_HAVE_VERILATOR
      {"verilator", "the Verilog core under Verilator, in-process, cycle-accurate: verilator[?config=BUILD]",
       [](const std::string& uri, const OpenOptions& o) -> std::unique_ptr<Target> {
         return std::make_unique<sim::VerilatorTarget>(uri, o);
       }, ""},
#else
      {"verilator", "the Verilog core under Verilator, in-process, cycle-accurate: verilator[?config=BUILD]", nullptr,
       "this build has no Verilator models (install verilator and configure with -DSPIKEFORGE_RTL=ON)"},
#endif
      // TARGET-ENTRIES (keep this marker: one entry per target above it)
  };
  return entries;
}

bool matches(const TargetEntry& e, const std::string& uri) {
  return e.scheme.ends_with("://") ? uri.starts_with(e.scheme) : (uri == e.scheme || uri.starts_with(e.scheme + "?"));
}

}  // namespace

std::unique_ptr<Target> open_target(const std::string& uri, const OpenOptions& options) {
  std::string known;
  for (const auto& e : registry()) {
    if (matches(e, uri)) {
      if (!e.open) throw std::invalid_argument("target '" + uri + "' is not available: " + e.unavailable);
      return e.open(uri, options);
    }
    known += (known.empty() ? "" : ", ") + e.scheme;
  }
  throw std::invalid_argument("unknown target '" + uri + "' (known: " + known + ")");
}

std::vector<std::pair<std::string, std::string>> available_targets() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : registry()) {
    out.emplace_back(e.scheme, e.open ? e.description : e.description + " [unavailable: " + e.unavailable + "]");
  }
  return out;
}

}  // namespace spikeforge
