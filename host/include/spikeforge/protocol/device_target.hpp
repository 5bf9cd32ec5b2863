// A Target on a device behind a byte link (tcp://, serial://, uio://, or any Transport): every
// Target call becomes protocol commands (docs/protocol.md).
#pragma once

#include <memory>
#include <string>

#include "spikeforge/protocol/client.hpp"
#include "spikeforge/target.hpp"

namespace spikeforge {

class DeviceTarget final : public Target {
 public:
  // Opens the session (IDENTIFY; throws protocol::DeviceError if nothing or something else answers).
  DeviceTarget(std::unique_ptr<transport::Transport> link, protocol::ClientOptions options = {});

  DeviceInfo info() override;
  void program(const model::Image& image) override;
  void reset_state() override;
  void set_learning(bool on) override;
  std::vector<SpikeList> run(std::span<const SpikeList> inputs) override;
  std::vector<std::int16_t> read_weights(std::uint32_t first_row, std::uint32_t rows) override;
  std::vector<model::NeuronState> read_neurons(std::uint32_t first, std::uint32_t count) override;
  std::vector<std::uint32_t> read_pre_traces(std::uint32_t first, std::uint32_t count) override;
  Counters counters() override;

  // Reads back parameters, STDP configuration, weights and plasticity bits and compares them with
  // `image`; returns "" when equal, else a description of the first difference.
  std::string verify(const model::Image& image);
  // Weights and plasticity bits of source rows [first_row, first_row + rows).
  void read_synapse_rows(std::uint32_t first_row, std::uint32_t rows, std::vector<std::int16_t>& weights,
                         std::vector<std::uint8_t>& plastic);
  protocol::Client& client() { return client_; }

 private:
  protocol::Client client_;
};

// The URI options every device target understands: timeout_ms, retries.
protocol::ClientOptions client_options_from_uri(const std::string& uri);
// open_target() entries for tcp://, serial://, uio://.
std::unique_ptr<Target> open_device_target(const std::string& uri, const OpenOptions& options);

}  // namespace spikeforge
