// The pins of one verilated sf_core build, behind a virtual interface so that the target (compiled
// with the project's warnings) never includes Verilator's generated headers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace spikeforge::sim {

struct CoreBuild {
  std::string name;
  std::uint32_t n, s, p, wb, vb, nl;
};

class CorePort {
 public:
  virtual ~CorePort() = default;
  // Inputs (take effect at the next tick()).
  virtual void set_reset(bool active) = 0;
  virtual void set_cfg(bool valid, bool we, std::uint32_t addr, std::uint32_t wdata) = 0;
  virtual void set_in(bool valid, std::uint16_t chan) = 0;
  virtual void set_ctrl(bool step, bool clear, bool spk_ready) = 0;
  // One clock cycle (rising edge, then the falling half); outputs are settled afterwards.
  virtual void tick() = 0;
  // Outputs.
  virtual bool cfg_ready() = 0;
  virtual bool cfg_rvalid() = 0;
  virtual std::uint32_t cfg_rdata() = 0;
  virtual bool idle() = 0;
  virtual bool done() = 0;
  virtual bool spk_valid() = 0;
  virtual std::uint16_t spk_neuron() = 0;
  virtual std::uint64_t cycles() = 0;
  virtual std::uint64_t steps() = 0;
};

// The builds compiled into this library, in order of size.
const std::vector<CoreBuild>& core_builds();
// A fresh instance of build `name`; trace_path != "" writes an FST waveform there.
std::unique_ptr<CorePort> make_core_port(const std::string& name, const std::string& trace_path);

}  // namespace spikeforge::sim
