// Host side of the kernel ABI (sf_abi.hpp): turning an image and spike lists into the kernel's
// buffers and the buffers back into spikes and state. XRT-free, so the in-process `hls` target and
// the `xrt://` target pack arguments with the same code, and it is tested without XRT.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "spikeforge/model/image.hpp"
#include "spikeforge/model/machine.hpp"
#include "spikeforge/target.hpp"

namespace spikeforge::hls {

// What a kernel build reports to CMD_IDENTIFY.
struct KernelBuild {
  std::uint32_t n_max = 0, s_max = 0, lanes = 0, weight_bits = 0, state_bits = 0, abi = 0;
  std::string describe() const;  // "N<=256 S<=256 P=8 WB=8 VB=16 ABI 1"
};

std::vector<std::uint32_t> pack_params(const model::Image& image);
std::vector<std::uint32_t> pack_synapses(const model::Image& image);
// One bitmap of `inputs` channels per step; throws std::out_of_range for a channel >= inputs.
std::vector<std::uint32_t> pack_inputs(std::span<const SpikeList> steps, std::uint32_t inputs);
// The sorted neuron lists of `steps` output bitmaps.
std::vector<SpikeList> unpack_spikes(std::span<const std::uint32_t> words, std::uint32_t neurons, std::uint32_t steps);

std::vector<std::int16_t> unpack_weights(std::span<const std::uint32_t> synapses, std::uint32_t neurons,
                                         std::uint32_t first_row, std::uint32_t rows);
model::NeuronState unpack_neuron(std::span<const std::uint32_t> state, std::uint32_t j);
std::uint32_t unpack_trace(std::span<const std::uint32_t> state, std::uint32_t neurons, std::uint32_t source);
std::uint64_t unpack_steps(std::span<const std::uint32_t> state);
KernelBuild unpack_build(std::span<const std::uint32_t> state);
// Throws std::invalid_argument naming both sides when `shape` does not fit `build`.
void check_fits(const KernelBuild& build, const model::Shape& shape);
std::string status_text(std::uint32_t status);

// xrt://N[?xclbin=PATH[&kernel=NAME]]: device index, bitstream path and kernel name.
struct XrtUri {
  unsigned device = 0;
  std::string xclbin;
  std::string kernel = "sf_hls_kernel";
};
// Throws std::invalid_argument with the expected form on a malformed URI or unknown option.
XrtUri parse_xrt_uri(const std::string& uri);

}  // namespace spikeforge::hls
