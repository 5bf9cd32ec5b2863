// The `model` target: the reference model in-process.
#pragma once

#include <memory>
#include <optional>

#include "spikeforge/target.hpp"

namespace spikeforge {

class ModelTarget final : public Target {
 public:
  explicit ModelTarget(const model::Shape& shape);

  DeviceInfo info() override;
  void program(const model::Image& image) override;
  void reset_state() override;
  void set_learning(bool on) override;
  std::vector<SpikeList> run(std::span<const SpikeList> inputs) override;
  std::vector<std::int16_t> read_weights(std::uint32_t first_row, std::uint32_t rows) override;
  std::vector<model::NeuronState> read_neurons(std::uint32_t first, std::uint32_t count) override;
  std::vector<std::uint32_t> read_pre_traces(std::uint32_t first, std::uint32_t count) override;
  Counters counters() override;

  const model::Machine& machine() const;

 private:
  model::Machine& programmed();
  model::Shape shape_;
  std::optional<model::Machine> machine_;
};

}  // namespace spikeforge
