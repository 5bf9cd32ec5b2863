#include "spikeforge/hls/kernel_target.hpp"

#include <algorithm>
#include <stdexcept>

#include "spikeforge/hls/sf_abi.hpp"

namespace spikeforge::hls {

using namespace sf_hls;

KernelTarget::KernelTarget(std::unique_ptr<KernelBackend> backend, const model::Shape& shape, std::string kind)
    : backend_(std::move(backend)), shape_(shape), kind_(std::move(kind)) {
  model::validate_shape(shape_);
  const std::uint32_t n = shape_.neurons, s = shape_.inputs;
  state_.assign(std::max<std::size_t>(S_HEADER, state_words(std::max(n, 1u), s)), 0u);
  backend_->allocate(KernelBuffer::kState, state_.size());
  // Ask the kernel what it was built for before sizing anything else by the shape.
  command(CMD_IDENTIFY);
  build_ = unpack_build(state_);
  check_fits(build_, shape_);
  backend_->allocate(KernelBuffer::kParams, params_words(n));
  backend_->allocate(KernelBuffer::kSynapses, std::max<std::size_t>(1, synapse_words(n, s)));
  backend_->allocate(KernelBuffer::kSpikesIn, std::max<std::size_t>(1, spikes_in_words(s, kMaxStepsPerCall)));
  backend_->allocate(KernelBuffer::kSpikesOut, spikes_out_words(n, kMaxStepsPerCall));
  spikes_out_.assign(spikes_out_words(n, kMaxStepsPerCall), 0u);
}

void KernelTarget::command(std::uint32_t cmd, std::uint32_t steps) {
  KernelScalars sc;
  sc.command = cmd;
  sc.n = shape_.neurons;
  sc.s = shape_.inputs;
  sc.steps = steps;
  sc.flags = learn_ ? FLAG_LEARN : 0u;
  backend_->run(sc);
  backend_->read(KernelBuffer::kState, state_);
  if (state_[S_STATUS] != STATUS_OK) {
    throw std::runtime_error(kind_ + " kernel (" + backend_->describe() + ") refused command " + std::to_string(cmd) +
                             ": " + status_text(state_[S_STATUS]));
  }
}

void KernelTarget::require_programmed() const {
  if (!programmed_) throw std::logic_error("the " + kind_ + " target has not been programmed with an image yet");
}

DeviceInfo KernelTarget::info() {
  return DeviceInfo{kind_, shape_, build_.lanes, build_.abi, backend_->describe() + ", kernel " + build_.describe(),
                    {"stdp", "bitexact"}};
}

void KernelTarget::program(const model::Image& image) {
  if (!(image.shape == shape_)) {
    throw std::invalid_argument("image shape does not match the " + kind_ + " target's shape");
  }
  model::validate(image);
  const auto params = pack_params(image);
  synapses_ = pack_synapses(image);
  backend_->write(KernelBuffer::kParams, params);
  backend_->write(KernelBuffer::kSynapses, synapses_);
  synapses_current_ = true;
  learn_ = image.stdp.learn;
  programmed_ = false;
  command(CMD_PROGRAM);
  programmed_ = true;
}

void KernelTarget::reset_state() {
  require_programmed();
  command(CMD_RESET);
}

void KernelTarget::set_learning(bool on) {
  require_programmed();
  learn_ = on;
}

std::vector<SpikeList> KernelTarget::run(std::span<const SpikeList> inputs) {
  require_programmed();
  std::vector<SpikeList> out;
  out.reserve(inputs.size());
  for (std::size_t first = 0; first < inputs.size(); first += kMaxStepsPerCall) {
    const auto chunk = inputs.subspan(first, std::min<std::size_t>(kMaxStepsPerCall, inputs.size() - first));
    const auto steps = static_cast<std::uint32_t>(chunk.size());
    const auto in = pack_inputs(chunk, shape_.inputs);
    if (!in.empty()) backend_->write(KernelBuffer::kSpikesIn, in);
    command(CMD_RUN, steps);
    if (learn_) synapses_current_ = false;
    const std::span<std::uint32_t> words(spikes_out_.data(), spikes_out_words(shape_.neurons, steps));
    backend_->read(KernelBuffer::kSpikesOut, words);
    for (auto& l : unpack_spikes(words, shape_.neurons, steps)) out.push_back(std::move(l));
  }
  return out;
}

std::vector<std::int16_t> KernelTarget::read_weights(std::uint32_t first_row, std::uint32_t rows) {
  require_programmed();
  if (std::uint64_t{first_row} + rows > shape_.sources()) throw std::out_of_range("weight rows out of range");
  if (!synapses_current_) {
    backend_->read(KernelBuffer::kSynapses, synapses_);
    synapses_current_ = true;
  }
  return unpack_weights(synapses_, shape_.neurons, first_row, rows);
}

std::vector<model::NeuronState> KernelTarget::read_neurons(std::uint32_t first, std::uint32_t count) {
  require_programmed();
  if (std::uint64_t{first} + count > shape_.neurons) throw std::out_of_range("neuron range out of range");
  std::vector<model::NeuronState> out;
  out.reserve(count);
  for (std::uint32_t j = first; j < first + count; ++j) out.push_back(unpack_neuron(state_, j));
  return out;
}

std::vector<std::uint32_t> KernelTarget::read_pre_traces(std::uint32_t first, std::uint32_t count) {
  require_programmed();
  if (std::uint64_t{first} + count > shape_.sources()) throw std::out_of_range("source range out of range");
  std::vector<std::uint32_t> out;
  out.reserve(count);
  for (std::uint32_t s = first; s < first + count; ++s) out.push_back(unpack_trace(state_, shape_.neurons, s));
  return out;
}

Counters KernelTarget::counters() {
  Counters c;
  if (programmed_) c.steps = unpack_steps(state_);
  return c;
}

}  // namespace spikeforge::hls
