// YAML networks (docs/yaml.md) compiled to a device image plus a run plan. The compiler turns
// floating-point, physically-unit'ed Brian2/NEST-style descriptions into the machine's integers
// (docs/model.md) and reports every quantisation it applied.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "spikeforge/model/image.hpp"
#include "spikeforge/target.hpp"

namespace spikeforge::network {

// An invalid network. what() is "file:line:column: field: reason" (1-based line and column).
struct NetworkError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// One quantisation or substitution the compiler applied.
struct QuantNote {
  std::string severity;  // "info" or "warning"
  std::string field;     // e.g. "populations[1].tau_mem", "connections[0].weight"
  std::string message;
};

struct Report {
  double mv_per_lsb = 1.0;     // the voltage scale: one LSB of v, I, thresholds and weights
  bool scale_given = false;    // true when device.mv_per_lsb fixed it
  model::Shape shape;
  std::vector<QuantNote> notes;

  std::size_t warnings() const;
  std::string to_text() const;
  std::string to_json() const;  // a JSON object
};

struct Population {
  std::string name;
  bool input = false;   // kind: input (channels) or lif (neurons)
  std::uint32_t size = 0;
  std::uint32_t first = 0;  // first input channel (input) or first neuron (lif)
};

struct Connection {
  std::string name;
  std::size_t from = 0, to = 0;  // indices into Plan::populations
  bool plastic = false;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> synapses;  // (source row, neuron) in the image
};

struct StateProbe {
  std::size_t population = 0;
  std::vector<std::uint32_t> indices;  // within the population
};

// Everything besides the image that a run needs.
struct Plan {
  std::string name;                      // network name (YAML `name`, else the file's stem)
  double dt_ms = 1.0;
  std::uint32_t steps = 0;
  bool learn = false;
  std::vector<SpikeList> inputs;         // `steps` entries: input channels per step
  std::vector<Population> populations;   // in YAML order
  std::vector<Connection> connections;
  std::vector<std::size_t> record_spikes;     // populations (lif) whose spikes are recorded
  std::vector<StateProbe> record_state;
  std::vector<std::size_t> record_weights;    // connections whose final weights are recorded

  // The population and index of device neuron j (lif populations only).
  std::pair<std::size_t, std::uint32_t> neuron_owner(std::uint32_t j) const;
  // The population and index of source row s (input channel, or S + neuron).
  std::pair<std::size_t, std::uint32_t> source_owner(std::uint32_t s, const model::Shape& shape) const;
};

struct Compiled {
  model::Image image;
  Plan plan;
  Report report;
};

struct CompileOptions {
  std::optional<std::uint32_t> steps;  // overrides run.steps / run.duration
  std::optional<bool> learn;           // overrides run.learn
};

// Parse and compile a network. Throws NetworkError (file:line:column: field: reason).
Compiled compile_file(const std::string& path, const CompileOptions& options = {});
// `display_name` is what errors print as the file name; relative CSV paths are resolved against
// `base_dir`.
Compiled compile_string(const std::string& yaml, const std::string& display_name, const std::string& base_dir,
                        const CompileOptions& options = {});

// Pad `image` into the larger device shape `target`: extra neurons are silent (v_th at the
// maximum, nothing connected), extra input channels and source rows are zero. Widths must be
// equal. Neuron j stays j and input channel c stays c; the source row of neuron j moves from
// S + j to target.inputs + j (see fitted_source()). Throws std::invalid_argument with the reason.
model::Image fit_image(const model::Image& image, const model::Shape& target);
// The row of source `s` of an image of shape `from` once padded into shape `to`.
std::uint32_t fitted_source(const model::Shape& from, const model::Shape& to, std::uint32_t s);
// The inverse of fit_image: the `small` image's weights and parameters read back out of a padded one.
model::Image unfit_image(const model::Image& padded, const model::Shape& small);

// A JSON string literal (quoted and escaped).
std::string json_quote(const std::string& s);

}  // namespace spikeforge::network
