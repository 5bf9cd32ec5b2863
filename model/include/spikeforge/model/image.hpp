// The device image: everything a device holds that is not dynamic state (docs/model.md §3, §7).
// It is what the compiler produces, what a target is programmed with, and the reference model's
// input. Values are stored as plain integers; validate() checks that each fits its width.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace spikeforge::model {

// Build-time widths and sizes of a device (docs/model.md §1).
struct Shape {
  std::uint32_t neurons = 256;      // N
  std::uint32_t inputs = 256;       // S
  std::uint32_t weight_bits = 8;    // WB
  std::uint32_t state_bits = 16;    // VB

  std::uint32_t sources() const { return inputs + neurons; }
  std::uint32_t trace_bits() const { return weight_bits + 8; }  // TB
  bool operator==(const Shape&) const = default;
};

// Per-neuron parameters, in the device's integer units.
struct NeuronParams {
  std::int32_t v_th = 0;
  std::int32_t v_reset = 0;
  std::int32_t v_rest = 0;
  std::int32_t bias = 0;
  std::uint16_t a_mem = 0;  // Q0.16
  std::uint16_t a_syn = 0;  // Q0.16
  std::uint8_t t_ref = 0;   // steps
  bool operator==(const NeuronParams&) const = default;
};

// Global learning configuration.
struct StdpParams {
  bool learn = false;
  std::uint16_t a_pre = 0;     // Q0.16 decay of the pre trace x
  std::uint16_t a_post = 0;    // Q0.16 decay of the post trace y
  std::uint32_t a_plus = 0;    // TB-bit unsigned, Q(WB).8, added to x on arrival
  std::uint32_t a_minus = 0;   // TB-bit unsigned, Q(WB).8, added to y on firing
  std::int32_t w_min = 0;
  std::int32_t w_max = 0;
  bool operator==(const StdpParams&) const = default;
};

struct Image {
  Shape shape;
  std::vector<NeuronParams> neurons;   // N entries
  StdpParams stdp;
  std::vector<std::int16_t> weights;   // (S+N) x N, row-major: weights[s * N + j]
  std::vector<std::uint8_t> plastic;   // same layout, 0 or 1

  // An image of the given shape with every parameter, weight and bit zero.
  static Image zeros(const Shape& shape);

  std::int16_t& w(std::uint32_t src, std::uint32_t dst) { return weights[std::size_t{src} * shape.neurons + dst]; }
  std::int16_t w(std::uint32_t src, std::uint32_t dst) const { return weights[std::size_t{src} * shape.neurons + dst]; }
  std::uint8_t& plastic_at(std::uint32_t src, std::uint32_t dst) { return plastic[std::size_t{src} * shape.neurons + dst]; }

  bool operator==(const Image&) const = default;
};

// Throws std::invalid_argument naming the first field that does not fit the shape's widths.
void validate_shape(const Shape& shape);
void validate(const Image& image);

// Binary image file ("SFIMG", version 1; layout in docs/image.md). write() validates first;
// read() validates after parsing and throws std::runtime_error with the reason on a bad file.
void write_image(std::ostream& out, const Image& image);
Image read_image(std::istream& in);
void save_image(const std::string& path, const Image& image);
Image load_image(const std::string& path);

}  // namespace spikeforge::model
