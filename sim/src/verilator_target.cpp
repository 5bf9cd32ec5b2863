#include "spikeforge/sim/verilator_target.hpp"

#include <algorithm>
#include <stdexcept>

#include "core_port.hpp"

namespace spikeforge::sim {
namespace {

// Config port address map (docs/rtl.md).
constexpr std::uint32_t kRegNAct = 8, kRegSAct = 9, kRegLearn = 10, kRegAPre = 11, kRegAPost = 12,
                        kRegAPlus = 13, kRegAMinus = 14, kRegWMin = 15, kRegWMax = 16;
constexpr std::uint32_t kMagic = 0x53460001;
constexpr std::uint32_t reg(std::uint32_t i) { return i; }
constexpr std::uint32_t param(std::uint32_t j, std::uint32_t f) { return (1u << 28) | (8 * j + f); }
constexpr std::uint32_t state(std::uint32_t j, std::uint32_t f) { return (2u << 28) | (4 * j + f); }
constexpr std::uint32_t trace(std::uint32_t s) { return (3u << 28) | s; }
constexpr std::uint32_t weight(std::uint32_t row, std::uint32_t col) { return 0x80000000u | (row << 16) | col; }
constexpr std::uint64_t kTimeout = 1ull << 32;  // cycles; a hung core is a bug, not a wait

std::string uri_config(const std::string& uri) {
  const auto q = uri.find('?');
  if (q == std::string::npos) return "";
  const std::string query = uri.substr(q + 1);
  if (!query.starts_with("config=")) {
    throw std::invalid_argument("verilator target: unknown option '" + query + "' (known: config=NAME)");
  }
  return query.substr(7);
}

bool fits(const CoreBuildInfo& b, const model::Shape& s) {
  return s.weight_bits == b.max_shape.weight_bits && s.state_bits == b.max_shape.state_bits &&
         s.neurons <= b.max_shape.neurons && s.inputs <= b.max_shape.inputs;
}

std::string shape_text(const model::Shape& s) {
  return "N=" + std::to_string(s.neurons) + ", S=" + std::to_string(s.inputs) + ", WB=" + std::to_string(s.weight_bits) +
         ", VB=" + std::to_string(s.state_bits);
}

std::int32_t sext(std::uint32_t v, unsigned bits) {
  const std::uint32_t m = 1u << (bits - 1);
  v &= static_cast<std::uint32_t>((std::uint64_t{1} << bits) - 1);
  return static_cast<std::int32_t>(v ^ m) - static_cast<std::int32_t>(m);
}

}  // namespace

std::vector<CoreBuildInfo> verilator_builds() {
  std::vector<CoreBuildInfo> out;
  for (const auto& b : core_builds()) out.push_back({b.name, model::Shape{b.n, b.s, b.wb, b.vb}, b.p, b.nl});
  return out;
}

VerilatorTarget::VerilatorTarget(const std::string& uri, const OpenOptions& options) : shape_(options.shape) {
  model::validate_shape(shape_);
  const std::string config = uri_config(uri);
  const auto builds = verilator_builds();
  std::string names;
  for (const auto& b : builds) names += (names.empty() ? "" : ", ") + b.name;
  const auto it = std::find_if(builds.begin(), builds.end(), [&](const CoreBuildInfo& b) {
    return config.empty() ? fits(b, shape_) : b.name == config;
  });
  if (it == builds.end()) {
    if (!config.empty()) throw std::invalid_argument("verilator target: no core build '" + config + "' (builds: " + names + ")");
    throw std::invalid_argument("verilator target: no core build holds a network of shape " + shape_text(shape_) +
                                " (builds: " + names + "; see docs/rtl.md)");
  }
  if (!fits(*it, shape_)) {
    throw std::invalid_argument("verilator target: build '" + it->name + "' (" + shape_text(it->max_shape) +
                                ") cannot hold a network of shape " + shape_text(shape_));
  }
  build_ = *it;
  port_ = make_core_port(build_.name, options.trace_path);
  port_->set_cfg(false, false, 0, 0);
  port_->set_in(false, 0);
  port_->set_ctrl(false, false, true);
  port_->set_reset(true);
  tick();
  tick();
  port_->set_reset(false);
  tick();
  if (read_word(reg(0)) != kMagic) throw std::runtime_error("verilator target: the core did not identify itself");
}

VerilatorTarget::~VerilatorTarget() = default;

void VerilatorTarget::tick() { port_->tick(); }

void VerilatorTarget::write_word(std::uint32_t addr, std::uint32_t data) {
  for (std::uint64_t n = 0; !port_->cfg_ready(); ++n) {
    if (n > kTimeout) throw std::runtime_error("verilator target: core not ready for a config write");
    tick();
  }
  port_->set_cfg(true, true, addr, data);
  tick();
  port_->set_cfg(false, false, 0, 0);
}

std::uint32_t VerilatorTarget::read_word(std::uint32_t addr) {
  for (std::uint64_t n = 0; !port_->cfg_ready(); ++n) {
    if (n > kTimeout) throw std::runtime_error("verilator target: core not ready for a config read");
    tick();
  }
  port_->set_cfg(true, false, addr, 0);
  tick();
  port_->set_cfg(false, false, 0, 0);
  for (std::uint64_t n = 0; !port_->cfg_rvalid(); ++n) {
    if (n > kTimeout) throw std::runtime_error("verilator target: config read never answered");
    tick();
  }
  const std::uint32_t v = port_->cfg_rdata();
  tick();
  return v;
}

DeviceInfo VerilatorTarget::info() {
  return DeviceInfo{"verilator", shape_, build_.lanes, 0,
                    "sf_core build " + build_.name + " (" + shape_text(build_.max_shape) +
                        ", P=" + std::to_string(build_.lanes) + ", NL=" + std::to_string(build_.neuron_lanes) + ")",
                    {"stdp", "bitexact", "cycle-accurate"}, build_.neuron_lanes};
}

void VerilatorTarget::ensure_programmed() const {
  if (!programmed_) throw std::logic_error("the verilator target has not been programmed with an image yet");
}

void VerilatorTarget::clear() {
  port_->set_ctrl(false, true, true);
  tick();
  port_->set_ctrl(false, false, true);
  for (std::uint64_t n = 0; !port_->done(); ++n) {
    if (n > kTimeout) throw std::runtime_error("verilator target: clear never finished");
    tick();
  }
  tick();
}

void VerilatorTarget::program(const model::Image& image) {
  model::validate(image);
  if (!(image.shape == shape_)) {
    throw std::invalid_argument("verilator target: image shape (" + shape_text(image.shape) +
                                ") differs from the shape the target was opened with (" + shape_text(shape_) + ")");
  }
  const auto& sh = image.shape;
  const auto u = [](std::int64_t v) { return static_cast<std::uint32_t>(v); };
  write_word(reg(kRegNAct), sh.neurons);
  write_word(reg(kRegSAct), sh.inputs);
  write_word(reg(kRegLearn), image.stdp.learn ? 1 : 0);
  write_word(reg(kRegAPre), image.stdp.a_pre);
  write_word(reg(kRegAPost), image.stdp.a_post);
  write_word(reg(kRegAPlus), image.stdp.a_plus);
  write_word(reg(kRegAMinus), image.stdp.a_minus);
  write_word(reg(kRegWMin), u(image.stdp.w_min));
  write_word(reg(kRegWMax), u(image.stdp.w_max));
  for (std::uint32_t j = 0; j < sh.neurons; ++j) {
    const auto& p = image.neurons[j];
    write_word(param(j, 0), u(p.v_th));
    write_word(param(j, 1), u(p.v_reset));
    write_word(param(j, 2), u(p.v_rest));
    write_word(param(j, 3), u(p.bias));
    write_word(param(j, 4), p.a_mem);
    write_word(param(j, 5), p.a_syn);
    write_word(param(j, 6), p.t_ref);
  }
  for (std::uint32_t s = 0; s < sh.sources(); ++s) {
    for (std::uint32_t j = 0; j < sh.neurons; ++j) {
      const std::size_t k = std::size_t{s} * sh.neurons + j;
      write_word(weight(s, j), (static_cast<std::uint32_t>(image.weights[k]) & 0xFFFFu) |
                                   (image.plastic[k] ? 0x10000u : 0u));
    }
  }
  programmed_ = true;
  clear();
}

void VerilatorTarget::poke_weight(std::uint32_t src, std::uint32_t dst, std::int16_t w, bool plastic) {
  ensure_programmed();
  if (src >= shape_.sources() || dst >= shape_.neurons) throw std::out_of_range("poke_weight: synapse out of range");
  write_word(weight(src, dst), (static_cast<std::uint32_t>(w) & 0xFFFFu) | (plastic ? 0x10000u : 0u));
}

void VerilatorTarget::set_output_stall(unsigned percent, std::uint64_t seed) {
  if (percent >= 100) throw std::invalid_argument("set_output_stall: percent must be below 100");
  stall_percent_ = percent;
  stall_rng_ = seed;
}

void VerilatorTarget::reset_state() {
  ensure_programmed();
  clear();
}

void VerilatorTarget::set_learning(bool on) {
  ensure_programmed();
  write_word(reg(kRegLearn), on ? 1 : 0);
}

std::vector<SpikeList> VerilatorTarget::run(std::span<const SpikeList> inputs) {
  ensure_programmed();
  std::vector<SpikeList> out;
  out.reserve(inputs.size());
  for (const auto& in : inputs) {
    for (const auto c : in) {
      if (c >= shape_.inputs) {
        throw std::out_of_range("input channel " + std::to_string(c) + " >= S=" + std::to_string(shape_.inputs));
      }
    }
    while (!port_->idle()) tick();
    for (const auto c : in) {
      port_->set_in(true, static_cast<std::uint16_t>(c));
      tick();
    }
    port_->set_in(false, 0);
    port_->set_ctrl(true, false, true);
    tick();
    port_->set_ctrl(false, false, true);
    SpikeList fired;
    for (std::uint64_t n = 0; !port_->done(); ++n) {
      if (n > kTimeout) throw std::runtime_error("verilator target: step never finished");
      bool ready = true;
      if (stall_percent_ > 0) {
        stall_rng_ = stall_rng_ * 6364136223846793005ull + 1442695040888963407ull;
        ready = (stall_rng_ >> 33) % 100 >= stall_percent_;
        port_->set_ctrl(false, false, ready);
      }
      if (port_->spk_valid()) {
        if (ready) fired.push_back(port_->spk_neuron());
        else ++stall_cycles_;
      }
      tick();
    }
    port_->set_ctrl(false, false, true);
    tick();
    out.push_back(std::move(fired));
  }
  return out;
}

std::vector<std::int16_t> VerilatorTarget::read_weights(std::uint32_t first_row, std::uint32_t rows) {
  ensure_programmed();
  if (std::uint64_t{first_row} + rows > shape_.sources()) throw std::out_of_range("weight rows out of range");
  std::vector<std::int16_t> out;
  out.reserve(std::size_t{rows} * shape_.neurons);
  for (std::uint32_t s = first_row; s < first_row + rows; ++s) {
    for (std::uint32_t j = 0; j < shape_.neurons; ++j) {
      out.push_back(static_cast<std::int16_t>(sext(read_word(weight(s, j)), 16)));
    }
  }
  return out;
}

std::vector<model::NeuronState> VerilatorTarget::read_neurons(std::uint32_t first, std::uint32_t count) {
  ensure_programmed();
  if (std::uint64_t{first} + count > shape_.neurons) throw std::out_of_range("neuron range out of range");
  std::vector<model::NeuronState> out;
  for (std::uint32_t j = first; j < first + count; ++j) {
    model::NeuronState st;
    st.v = static_cast<std::int32_t>(read_word(state(j, 0)));
    st.i = static_cast<std::int32_t>(read_word(state(j, 1)));
    st.ref = read_word(state(j, 2));
    st.y = read_word(state(j, 3));
    out.push_back(st);
  }
  return out;
}

std::vector<std::uint32_t> VerilatorTarget::read_pre_traces(std::uint32_t first, std::uint32_t count) {
  ensure_programmed();
  if (std::uint64_t{first} + count > shape_.sources()) throw std::out_of_range("source range out of range");
  std::vector<std::uint32_t> out;
  for (std::uint32_t s = first; s < first + count; ++s) out.push_back(read_word(trace(s)));
  return out;
}

Counters VerilatorTarget::counters() {
  Counters c;
  c.steps = port_->steps();
  c.cycles = port_->cycles();
  c.stall_cycles = stall_cycles_;
  return c;
}

}  // namespace spikeforge::sim
