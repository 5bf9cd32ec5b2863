// CorePort implementations for every verilated build (compiled without the project's warning
// flags, as it includes Verilator's generated headers).
#include <stdexcept>

#include "core_port.hpp"
#include "verilated.h"
#include "verilated_fst_c.h"
#include "core_includes.inc"

namespace spikeforge::sim {
namespace {

template <class V>
class Port final : public CorePort {
 public:
  explicit Port(const std::string& trace_path) : ctx_(std::make_unique<VerilatedContext>()) {
    if (!trace_path.empty()) ctx_->traceEverOn(true);
    top_ = std::make_unique<V>(ctx_.get(), "sf_core");
    if (!trace_path.empty()) {
      fst_ = std::make_unique<VerilatedFstC>();
      top_->trace(fst_.get(), 99);
      fst_->open(trace_path.c_str());
      if (!fst_->isOpen()) throw std::runtime_error("cannot open waveform file '" + trace_path + "'");
    }
    top_->clk_i = 0;
    top_->rst_ni = 1;
    top_->eval();
  }
  ~Port() override {
    top_->final();
    if (fst_) fst_->close();
  }
  void set_reset(bool active) override { top_->rst_ni = active ? 0 : 1; }
  void set_cfg(bool valid, bool we, std::uint32_t addr, std::uint32_t wdata) override {
    top_->cfg_valid_i = valid;
    top_->cfg_we_i = we;
    top_->cfg_addr_i = addr;
    top_->cfg_wdata_i = wdata;
  }
  void set_in(bool valid, std::uint16_t chan) override {
    top_->in_valid_i = valid;
    top_->in_chan_i = chan;
  }
  void set_ctrl(bool step, bool clear, bool spk_ready) override {
    top_->step_i = step;
    top_->clear_i = clear;
    top_->spk_ready_i = spk_ready;
  }
  void tick() override {
    top_->clk_i = 1;
    top_->eval();
    if (fst_) fst_->dump(time_);
    time_ += 5;
    top_->clk_i = 0;
    top_->eval();
    if (fst_) fst_->dump(time_);
    time_ += 5;
  }
  bool cfg_ready() override { return top_->cfg_ready_o; }
  bool cfg_rvalid() override { return top_->cfg_rvalid_o; }
  std::uint32_t cfg_rdata() override { return top_->cfg_rdata_o; }
  bool idle() override { return top_->idle_o; }
  bool done() override { return top_->done_o; }
  bool spk_valid() override { return top_->spk_valid_o; }
  std::uint16_t spk_neuron() override { return top_->spk_neuron_o; }
  std::uint64_t cycles() override { return top_->cycles_o; }
  std::uint64_t steps() override { return top_->steps_o; }

 private:
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<V> top_;
  std::unique_ptr<VerilatedFstC> fst_;
  std::uint64_t time_ = 0;
};

}  // namespace

const std::vector<CoreBuild>& core_builds() {
  static const std::vector<CoreBuild> builds = {
#define SF_CORE_BUILD(name, n, s, p, wb, vb, nl) {#name, n, s, p, wb, vb, nl},
#include "core_builds.inc"
#undef SF_CORE_BUILD
  };
  return builds;
}

std::unique_ptr<CorePort> make_core_port(const std::string& name, const std::string& trace_path) {
#define SF_CORE_BUILD(bname, n, s, p, wb, vb, nl) \
  if (name == #bname) return std::make_unique<Port<Vsf_core_##bname>>(trace_path);
#include "core_builds.inc"
#undef SF_CORE_BUILD
  throw std::invalid_argument("no verilated core build named '" + name + "'");
}

}  // namespace spikeforge::sim
