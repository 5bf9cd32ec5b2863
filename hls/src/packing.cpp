#include "spikeforge/hls/packing.hpp"

#include <stdexcept>

#include "spikeforge/hls/sf_abi.hpp"

namespace spikeforge::hls {

using namespace sf_hls;

std::string KernelBuild::describe() const {
  return "N<=" + std::to_string(n_max) + " S<=" + std::to_string(s_max) + " P=" + std::to_string(lanes) +
         " WB=" + std::to_string(weight_bits) + " VB=" + std::to_string(state_bits) + " ABI " + std::to_string(abi);
}

std::vector<std::uint32_t> pack_params(const model::Image& image) {
  const auto& sh = image.shape;
  std::vector<std::uint32_t> out(params_words(sh.neurons), 0u);
  out[PRM_MAGIC] = PARAMS_MAGIC;
  out[PRM_WB] = sh.weight_bits;
  out[PRM_VB] = sh.state_bits;
  out[PRM_A_PRE] = image.stdp.a_pre;
  out[PRM_A_POST] = image.stdp.a_post;
  out[PRM_A_PLUS] = image.stdp.a_plus;
  out[PRM_A_MINUS] = image.stdp.a_minus;
  out[PRM_W_MIN] = static_cast<std::uint32_t>(image.stdp.w_min);
  out[PRM_W_MAX] = static_cast<std::uint32_t>(image.stdp.w_max);
  for (std::uint32_t j = 0; j < sh.neurons; ++j) {
    const auto& p = image.neurons.at(j);
    auto* rec = &out[PRM_HEADER + PRM_PER_NEURON * j];
    rec[NP_V_TH] = static_cast<std::uint32_t>(p.v_th);
    rec[NP_V_RESET] = static_cast<std::uint32_t>(p.v_reset);
    rec[NP_V_REST] = static_cast<std::uint32_t>(p.v_rest);
    rec[NP_BIAS] = static_cast<std::uint32_t>(p.bias);
    rec[NP_A_MEM] = p.a_mem;
    rec[NP_A_SYN] = p.a_syn;
    rec[NP_T_REF] = p.t_ref;
  }
  return out;
}

std::vector<std::uint32_t> pack_synapses(const model::Image& image) {
  const auto& sh = image.shape;
  const std::size_t words = synapse_words(sh.neurons, sh.inputs);
  if (image.weights.size() != words || image.plastic.size() != words) {
    throw std::invalid_argument("image has " + std::to_string(image.weights.size()) + " weights, its shape needs " +
                                std::to_string(words));
  }
  std::vector<std::uint32_t> out(words);
  for (std::size_t k = 0; k < words; ++k) {
    out[k] = (static_cast<std::uint32_t>(static_cast<std::uint16_t>(image.weights[k]))) |
             (image.plastic[k] ? (1u << SYN_PLASTIC_BIT) : 0u);
  }
  return out;
}

std::vector<std::uint32_t> pack_inputs(std::span<const SpikeList> steps, std::uint32_t inputs) {
  const std::uint32_t per_step = bitmap_words(inputs);
  std::vector<std::uint32_t> out(std::size_t{per_step} * steps.size(), 0u);
  for (std::size_t t = 0; t < steps.size(); ++t) {
    for (const auto c : steps[t]) {
      if (c >= inputs) {
        throw std::out_of_range("input channel " + std::to_string(c) + " in step " + std::to_string(t) +
                                " does not exist (the network has " + std::to_string(inputs) + " input channels)");
      }
      out[t * per_step + c / 32] |= 1u << (c % 32);
    }
  }
  return out;
}

std::vector<SpikeList> unpack_spikes(std::span<const std::uint32_t> words, std::uint32_t neurons, std::uint32_t steps) {
  const std::uint32_t per_step = bitmap_words(neurons);
  if (words.size() < std::size_t{per_step} * steps) throw std::invalid_argument("spike buffer too short");
  std::vector<SpikeList> out(steps);
  for (std::uint32_t t = 0; t < steps; ++t) {
    for (std::uint32_t j = 0; j < neurons; ++j) {
      if ((words[std::size_t{t} * per_step + j / 32] >> (j % 32)) & 1u) out[t].push_back(j);
    }
  }
  return out;
}

std::vector<std::int16_t> unpack_weights(std::span<const std::uint32_t> synapses, std::uint32_t neurons,
                                         std::uint32_t first_row, std::uint32_t rows) {
  const std::size_t begin = std::size_t{first_row} * neurons, end = std::size_t{first_row + rows} * neurons;
  if (end > synapses.size()) throw std::out_of_range("weight rows out of range");
  std::vector<std::int16_t> out;
  out.reserve(end - begin);
  for (std::size_t k = begin; k < end; ++k) out.push_back(static_cast<std::int16_t>(synapses[k] & 0xFFFFu));
  return out;
}

model::NeuronState unpack_neuron(std::span<const std::uint32_t> state, std::uint32_t j) {
  const auto* rec = &state[state_neuron(j)];
  return {static_cast<std::int32_t>(rec[NS_V]), static_cast<std::int32_t>(rec[NS_I]), rec[NS_REF], rec[NS_Y]};
}

std::uint32_t unpack_trace(std::span<const std::uint32_t> state, std::uint32_t neurons, std::uint32_t source) {
  return state[state_trace(neurons, source)];
}

std::uint64_t unpack_steps(std::span<const std::uint32_t> state) {
  return (std::uint64_t{state[S_STEPS_HI]} << 32) | state[S_STEPS_LO];
}

KernelBuild unpack_build(std::span<const std::uint32_t> state) {
  if (state.size() < S_HEADER) throw std::invalid_argument("state buffer shorter than its header");
  return {state[S_N_MAX], state[S_S_MAX], state[S_LANES], state[S_WIDTHS] & 0xFFu, (state[S_WIDTHS] >> 8) & 0xFFu,
          state[S_ABI]};
}

void check_fits(const KernelBuild& build, const model::Shape& shape) {
  if (build.abi != ABI_VERSION) {
    throw std::invalid_argument("the kernel speaks ABI " + std::to_string(build.abi) + ", this host speaks ABI " +
                                std::to_string(ABI_VERSION) + " (rebuild one of them)");
  }
  if (shape.neurons == 0 || shape.neurons > build.n_max || shape.inputs > build.s_max ||
      shape.weight_bits != build.weight_bits || shape.state_bits != build.state_bits) {
    throw std::invalid_argument("the HLS kernel is built for " + build.describe() + "; the network needs N=" +
                                std::to_string(shape.neurons) + " S=" + std::to_string(shape.inputs) +
                                " WB=" + std::to_string(shape.weight_bits) + " VB=" + std::to_string(shape.state_bits));
  }
}

std::string status_text(std::uint32_t status) {
  switch (status) {
    case STATUS_OK: return "ok";
    case STATUS_BAD_SIZE: return "the sizes n, s do not fit the kernel build";
    case STATUS_BAD_IMAGE: return "the parameter buffer does not match the kernel build (magic or widths)";
    case STATUS_BAD_COMMAND: return "unknown command";
    default: return "unknown status " + std::to_string(status);
  }
}

XrtUri parse_xrt_uri(const std::string& uri) {
  const std::string usage = " (expected xrt://N?xclbin=PATH[&kernel=NAME], e.g. xrt://0?xclbin=spikeforge.xclbin)";
  const std::string prefix = "xrt://";
  if (!uri.starts_with(prefix)) throw std::invalid_argument("'" + uri + "' is not an xrt:// URI" + usage);
  const auto q = uri.find('?');
  const std::string index = uri.substr(prefix.size(), q == std::string::npos ? std::string::npos : q - prefix.size());
  if (index.empty() || index.size() > 4 || index.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("bad device index '" + index + "' in '" + uri + "'" + usage);
  }
  XrtUri out;
  out.device = static_cast<unsigned>(std::stoul(index));
  if (q != std::string::npos) {
    std::string rest = uri.substr(q + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string kv = rest.substr(0, amp);
      rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
      const auto eq = kv.find('=');
      const std::string key = kv.substr(0, eq), value = eq == std::string::npos ? "" : kv.substr(eq + 1);
      if (eq == std::string::npos || value.empty()) {
        throw std::invalid_argument("option '" + kv + "' in '" + uri + "' has no value" + usage);
      }
      if (key == "xclbin") {
        out.xclbin = value;
      } else if (key == "kernel") {
        out.kernel = value;
      } else {
        throw std::invalid_argument("unknown option '" + key + "' in '" + uri + "'" + usage);
      }
    }
  }
  if (out.xclbin.empty()) throw std::invalid_argument("'" + uri + "' names no bitstream" + usage);
  return out;
}

}  // namespace spikeforge::hls
