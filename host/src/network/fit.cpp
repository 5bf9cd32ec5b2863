// fit_image / unfit_image: a compiled image placed into a larger device, and read back.
#include <stdexcept>
#include <string>

#include "spikeforge/model/arith.hpp"
#include "spikeforge/network/network.hpp"

namespace spikeforge::network {

std::uint32_t fitted_source(const model::Shape& from, const model::Shape& to, std::uint32_t s) {
  return s < from.inputs ? s : s - from.inputs + to.inputs;
}

static void check_fits(const model::Shape& small, const model::Shape& big) {
  auto sh = [](const model::Shape& s) {
    return "N=" + std::to_string(s.neurons) + " S=" + std::to_string(s.inputs) + " WB=" + std::to_string(s.weight_bits) +
           " VB=" + std::to_string(s.state_bits);
  };
  if (small.weight_bits != big.weight_bits || small.state_bits != big.state_bits) {
    throw std::invalid_argument("the image (" + sh(small) + ") and the device (" + sh(big) +
                                ") have different widths; recompile with device: {weight_bits: " +
                                std::to_string(big.weight_bits) + ", state_bits: " + std::to_string(big.state_bits) + "}");
  }
  if (small.neurons > big.neurons || small.inputs > big.inputs) {
    throw std::invalid_argument("the image (" + sh(small) + ") does not fit the device (" + sh(big) + ")");
  }
}

model::Image fit_image(const model::Image& image, const model::Shape& target) {
  check_fits(image.shape, target);
  model::Image out = model::Image::zeros(target);
  const model::NeuronParams silent{static_cast<std::int32_t>(model::smax(target.state_bits)), 0, 0, 0, 0, 0, 0};
  for (std::uint32_t j = 0; j < target.neurons; ++j) out.neurons[j] = j < image.shape.neurons ? image.neurons[j] : silent;
  out.stdp = image.stdp;
  for (std::uint32_t s = 0; s < image.shape.sources(); ++s) {
    const std::uint32_t r = fitted_source(image.shape, target, s);
    for (std::uint32_t j = 0; j < image.shape.neurons; ++j) {
      const std::size_t from = std::size_t{s} * image.shape.neurons + j;
      const std::size_t to = std::size_t{r} * target.neurons + j;
      out.weights[to] = image.weights[from];
      out.plastic[to] = image.plastic[from];
    }
  }
  return out;
}

model::Image unfit_image(const model::Image& padded, const model::Shape& small) {
  check_fits(small, padded.shape);
  model::Image out = model::Image::zeros(small);
  for (std::uint32_t j = 0; j < small.neurons; ++j) out.neurons[j] = padded.neurons[j];
  out.stdp = padded.stdp;
  for (std::uint32_t s = 0; s < small.sources(); ++s) {
    const std::uint32_t r = fitted_source(small, padded.shape, s);
    for (std::uint32_t j = 0; j < small.neurons; ++j) {
      const std::size_t to = std::size_t{s} * small.neurons + j;
      const std::size_t from = std::size_t{r} * padded.shape.neurons + j;
      out.weights[to] = padded.weights[from];
      out.plastic[to] = padded.plastic[from];
    }
  }
  return out;
}

}  // namespace spikeforge::network
