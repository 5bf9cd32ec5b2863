#include "spikeforge/protocol/device_target.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace spikeforge {

using protocol::Client;

DeviceTarget::DeviceTarget(std::unique_ptr<transport::Transport> link, protocol::ClientOptions options)
    : client_(std::move(link), std::move(options)) {
  client_.identify();
}

DeviceInfo DeviceTarget::info() {
  const auto& id = client_.identity();
  DeviceInfo d;
  d.kind = "device";
  d.shape = id.shape;
  d.lanes = id.lanes;
  d.protocol_version = id.version;
  d.build_id = id.build_id;
  if (id.features & protocol::kFeatureStdp) d.features.push_back("stdp");
  if (id.features & protocol::kFeatureBitmaps) d.features.push_back("bitmaps");
  if (id.features & protocol::kFeatureSetActive) d.features.push_back("set-active");
  if (id.features & protocol::kFeatureFreeRunning) d.features.push_back("free-running");
  d.features.push_back("max-batch=" + std::to_string(id.max_batch));
  d.features.push_back("max-payload=" + std::to_string(id.max_payload));
  return d;
}

void DeviceTarget::program(const model::Image& image) {
  const auto& shape = client_.identity().shape;
  if (!(image.shape == shape)) {
    throw std::invalid_argument(
        "image shape (N=" + std::to_string(image.shape.neurons) + ", S=" + std::to_string(image.shape.inputs) +
        ", WB=" + std::to_string(image.shape.weight_bits) + ", VB=" + std::to_string(image.shape.state_bits) +
        ") does not match the device at " + client_.link().describe() + " (N=" + std::to_string(shape.neurons) +
        ", S=" + std::to_string(shape.inputs) + ", WB=" + std::to_string(shape.weight_bits) + ", VB=" +
        std::to_string(shape.state_bits) + "); pad a smaller network with fit_image()");
  }
  model::validate(image);
  client_.write_stdp(image.stdp);
  client_.write_neurons(0, image.neurons);
  client_.write_synapses(0, image.weights, image.plastic);
  if (client_.identity().features & protocol::kFeatureSetActive) client_.set_active(shape.neurons, shape.inputs);
  client_.reset_state();
}

std::string DeviceTarget::verify(const model::Image& image) {
  const auto& shape = client_.identity().shape;
  if (!(image.shape == shape)) return "image shape differs from the device's";
  const auto stdp = client_.read_stdp();
  if (!(stdp == image.stdp)) return "STDP configuration differs";
  const auto params = client_.read_neurons(0, shape.neurons);
  for (std::uint32_t j = 0; j < shape.neurons; ++j) {
    if (!(params[j] == image.neurons[j])) return "parameters of neuron " + std::to_string(j) + " differ";
  }
  std::vector<std::int16_t> w;
  std::vector<std::uint8_t> p;
  read_synapse_rows(0, shape.sources(), w, p);
  for (std::size_t a = 0; a < w.size(); ++a) {
    if (w[a] != image.weights[a] || p[a] != image.plastic[a]) {
      return "synapse (source " + std::to_string(a / shape.neurons) + ", target " + std::to_string(a % shape.neurons) +
             ") differs: device has " + std::to_string(w[a]) + (p[a] ? " plastic" : "") + ", image " +
             std::to_string(image.weights[a]) + (image.plastic[a] ? " plastic" : "");
    }
  }
  return "";
}

void DeviceTarget::reset_state() { client_.reset_state(); }
void DeviceTarget::set_learning(bool on) { client_.set_learn(on); }

std::vector<SpikeList> DeviceTarget::run(std::span<const SpikeList> inputs) { return client_.step(inputs); }

void DeviceTarget::read_synapse_rows(std::uint32_t first_row, std::uint32_t rows, std::vector<std::int16_t>& weights,
                                     std::vector<std::uint8_t>& plastic) {
  const auto& shape = client_.identity().shape;
  if (std::uint64_t{first_row} + rows > shape.sources()) throw std::out_of_range("weight rows out of range");
  client_.read_synapses(first_row * shape.neurons, rows * shape.neurons, weights, plastic);
}

std::vector<std::int16_t> DeviceTarget::read_weights(std::uint32_t first_row, std::uint32_t rows) {
  std::vector<std::int16_t> w;
  std::vector<std::uint8_t> p;
  read_synapse_rows(first_row, rows, w, p);
  return w;
}

std::vector<model::NeuronState> DeviceTarget::read_neurons(std::uint32_t first, std::uint32_t count) {
  if (std::uint64_t{first} + count > client_.identity().shape.neurons) throw std::out_of_range("neuron range out of range");
  return client_.read_state(first, count);
}

std::vector<std::uint32_t> DeviceTarget::read_pre_traces(std::uint32_t first, std::uint32_t count) {
  if (std::uint64_t{first} + count > client_.identity().shape.sources()) throw std::out_of_range("source range out of range");
  return client_.read_traces(first, count);
}

Counters DeviceTarget::counters() {
  const auto d = client_.read_counters();
  Counters c;
  c.steps = d.steps;
  c.cycles = d.cycles;
  c.stall_cycles = d.stall_cycles;
  c.crc_errors = d.crc_errors;
  c.frame_errors = d.frame_errors;
  c.dropped_spikes = d.dropped_spikes;
  c.retries = client_.stats().retries;
  return c;
}

protocol::ClientOptions client_options_from_uri(const std::string& uri) {
  const auto u = transport::parse_uri(uri);
  protocol::ClientOptions o;
  o.timeout = std::chrono::milliseconds(u.number("timeout_ms", 200));
  o.attempts = static_cast<int>(u.number("retries", 8));
  if (o.timeout.count() <= 0 || o.attempts < 1) throw std::invalid_argument("target '" + uri + "': timeout_ms and retries must be positive");
  return o;
}

std::unique_ptr<Target> open_device_target(const std::string& uri, const OpenOptions& options) {
  auto o = client_options_from_uri(uri);
  if (::isatty(1) && ::isatty(2)) {
    // Progress of long transfers on the terminal, redrawn at most every 100 ms.
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    o.progress = [last](const std::string& what, std::size_t done, std::size_t total) {
      const auto now = std::chrono::steady_clock::now();
      if (done < total && now - *last < std::chrono::milliseconds(100)) return;
      *last = now;
      if (total < 2000 && done == total) {
        std::fprintf(stderr, "\r\033[K");
        return;
      }
      std::fprintf(stderr, "\r\033[K  %s %zu/%zu (%zu%%)%s", what.c_str(), done, total, total ? done * 100 / total : 100,
                   done == total ? "\n" : "");
      std::fflush(stderr);
    };
  }
  auto target = std::make_unique<DeviceTarget>(transport::open_transport(uri), std::move(o));
  (void)options;
  return target;
}

}  // namespace spikeforge
