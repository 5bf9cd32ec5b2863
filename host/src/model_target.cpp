#include "spikeforge/model_target.hpp"

#include <stdexcept>

namespace spikeforge {

ModelTarget::ModelTarget(const model::Shape& shape) : shape_(shape) { model::validate_shape(shape_); }

DeviceInfo ModelTarget::info() {
  return DeviceInfo{"model", shape_, 1, 0, "reference model " SPIKEFORGE_VERSION, {"stdp", "bitexact-reference"}};
}

void ModelTarget::program(const model::Image& image) {
  if (!(image.shape == shape_)) {
    throw std::invalid_argument("image shape does not match the model target's shape");
  }
  machine_.emplace(image);
}

model::Machine& ModelTarget::programmed() {
  if (!machine_) throw std::logic_error("the model target has not been programmed with an image yet");
  return *machine_;
}

const model::Machine& ModelTarget::machine() const {
  if (!machine_) throw std::logic_error("the model target has not been programmed with an image yet");
  return *machine_;
}

void ModelTarget::reset_state() { programmed().reset_state(); }
void ModelTarget::set_learning(bool on) { programmed().set_learning(on); }

std::vector<SpikeList> ModelTarget::run(std::span<const SpikeList> inputs) {
  auto& m = programmed();
  std::vector<SpikeList> out;
  out.reserve(inputs.size());
  for (const auto& in : inputs) out.push_back(m.step(in));
  return out;
}

std::vector<std::int16_t> ModelTarget::read_weights(std::uint32_t first_row, std::uint32_t rows) {
  const auto& m = programmed();
  if (std::uint64_t{first_row} + rows > m.shape().sources()) throw std::out_of_range("weight rows out of range");
  const auto n = m.shape().neurons;
  const auto& w = m.weights();
  return {w.begin() + std::ptrdiff_t(std::size_t{first_row} * n), w.begin() + std::ptrdiff_t(std::size_t{first_row + rows} * n)};
}

std::vector<model::NeuronState> ModelTarget::read_neurons(std::uint32_t first, std::uint32_t count) {
  const auto& m = programmed();
  if (std::uint64_t{first} + count > m.shape().neurons) throw std::out_of_range("neuron range out of range");
  std::vector<model::NeuronState> out;
  for (std::uint32_t j = first; j < first + count; ++j) out.push_back(m.neuron(j));
  return out;
}

std::vector<std::uint32_t> ModelTarget::read_pre_traces(std::uint32_t first, std::uint32_t count) {
  const auto& m = programmed();
  if (std::uint64_t{first} + count > m.shape().sources()) throw std::out_of_range("source range out of range");
  std::vector<std::uint32_t> out;
  for (std::uint32_t s = first; s < first + count; ++s) out.push_back(m.pre_trace(s));
  return out;
}

Counters ModelTarget::counters() {
  Counters c;
  if (machine_) c.steps = machine_->steps_run();
  return c;
}

}  // namespace spikeforge
