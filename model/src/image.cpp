// Image validation and the SFIMG file format (docs/image.md).
#include "spikeforge/model/image.hpp"

#include <array>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "spikeforge/model/arith.hpp"
#include "spikeforge/model/crc32.hpp"

namespace spikeforge::model {
namespace {

constexpr std::array<char, 8> kMagic{'S', 'F', 'I', 'M', 'G', '\0', '\r', '\n'};
constexpr std::uint32_t kVersion = 1;

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument("image: " + what); }

void check_signed(const std::string& field, std::int64_t value, unsigned bits) {
  if (value < smin(bits) || value > smax(bits)) {
    bad(field + " = " + std::to_string(value) + " does not fit " + std::to_string(bits) + " signed bits [" +
        std::to_string(smin(bits)) + ", " + std::to_string(smax(bits)) + "]");
  }
}

void check_unsigned(const std::string& field, std::int64_t value, unsigned bits) {
  if (value < 0 || value > umax(bits)) {
    bad(field + " = " + std::to_string(value) + " does not fit " + std::to_string(bits) + " unsigned bits");
  }
}

// Little-endian serialisation with a running CRC over every byte written or read.
class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  void bytes(const void* p, std::size_t n) {
    out_.write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
    crc_.update(static_cast<const std::uint8_t*>(p), n);
  }
  template <typename T>
  void le(T value) {
    std::array<std::uint8_t, sizeof(T)> b{};
    auto u = static_cast<std::make_unsigned_t<T>>(value);
    for (std::size_t k = 0; k < sizeof(T); ++k) b[k] = static_cast<std::uint8_t>(u >> (8 * k));
    bytes(b.data(), b.size());
  }
  std::uint32_t crc() const { return crc_.value(); }

 private:
  std::ostream& out_;
  Crc32 crc_;
};

class Reader {
 public:
  explicit Reader(std::istream& in) : in_(in) {}
  void bytes(void* p, std::size_t n) {
    in_.read(static_cast<char*>(p), static_cast<std::streamsize>(n));
    if (static_cast<std::size_t>(in_.gcount()) != n) throw std::runtime_error("image: file is truncated");
    crc_.update(static_cast<const std::uint8_t*>(p), n);
  }
  template <typename T>
  T le() {
    std::array<std::uint8_t, sizeof(T)> b{};
    bytes(b.data(), b.size());
    std::uint64_t u = 0;
    for (std::size_t k = 0; k < sizeof(T); ++k) u |= std::uint64_t{b[k]} << (8 * k);
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(u));
  }
  std::uint32_t crc() const { return crc_.value(); }

 private:
  std::istream& in_;
  Crc32 crc_;
};

}  // namespace

Image Image::zeros(const Shape& shape) {
  Image im;
  im.shape = shape;
  im.neurons.resize(shape.neurons);
  im.weights.assign(std::size_t{shape.sources()} * shape.neurons, 0);
  im.plastic.assign(im.weights.size(), 0);
  return im;
}

void validate_shape(const Shape& sh) {
  if (sh.neurons < 1) bad("the device needs at least one neuron");
  if (std::uint64_t{sh.neurons} + sh.inputs > 65535) bad("N + S must be at most 65535");
  if (sh.weight_bits < 4 || sh.weight_bits > 16) bad("weight width must be 4..16 bits, got " + std::to_string(sh.weight_bits));
  if (sh.state_bits < sh.weight_bits || sh.state_bits > 28) {
    bad("state width must be between the weight width and 28 bits, got " + std::to_string(sh.state_bits));
  }
}

void validate(const Image& im) {
  const Shape& sh = im.shape;
  validate_shape(sh);
  const std::size_t synapses = std::size_t{sh.sources()} * sh.neurons;
  if (im.neurons.size() != sh.neurons) bad("has " + std::to_string(im.neurons.size()) + " neuron records for N = " + std::to_string(sh.neurons));
  if (im.weights.size() != synapses) bad("weight matrix has " + std::to_string(im.weights.size()) + " entries, expected (S+N)*N = " + std::to_string(synapses));
  if (im.plastic.size() != synapses) bad("plasticity matrix has " + std::to_string(im.plastic.size()) + " entries, expected " + std::to_string(synapses));
  const unsigned vb = sh.state_bits, wb = sh.weight_bits, tb = sh.trace_bits();
  for (std::uint32_t j = 0; j < sh.neurons; ++j) {
    const auto& p = im.neurons[j];
    const std::string n = "neuron " + std::to_string(j) + " ";
    check_signed(n + "v_th", p.v_th, vb);
    check_signed(n + "v_reset", p.v_reset, vb);
    check_signed(n + "v_rest", p.v_rest, vb);
    check_signed(n + "bias", p.bias, vb);
  }
  check_unsigned("stdp a_plus", im.stdp.a_plus, tb);
  check_unsigned("stdp a_minus", im.stdp.a_minus, tb);
  check_signed("stdp w_min", im.stdp.w_min, wb);
  check_signed("stdp w_max", im.stdp.w_max, wb);
  if (im.stdp.w_min > im.stdp.w_max) bad("stdp w_min is greater than w_max");
  for (std::size_t k = 0; k < synapses; ++k) {
    if (im.weights[k] < smin(wb) || im.weights[k] > smax(wb)) {
      check_signed("weight[" + std::to_string(k / sh.neurons) + "][" + std::to_string(k % sh.neurons) + "]", im.weights[k], wb);
    }
    if (im.plastic[k] > 1) bad("plasticity bit [" + std::to_string(k / sh.neurons) + "][" + std::to_string(k % sh.neurons) + "] is not 0 or 1");
  }
}

void write_image(std::ostream& out, const Image& im) {
  validate(im);
  Writer w(out);
  w.bytes(kMagic.data(), kMagic.size());
  w.le<std::uint32_t>(kVersion);
  w.le<std::uint32_t>(im.shape.neurons);
  w.le<std::uint32_t>(im.shape.inputs);
  w.le<std::uint32_t>(im.shape.weight_bits);
  w.le<std::uint32_t>(im.shape.state_bits);
  w.le<std::uint8_t>(im.stdp.learn ? 1 : 0);
  w.le<std::uint16_t>(im.stdp.a_pre);
  w.le<std::uint16_t>(im.stdp.a_post);
  w.le<std::uint32_t>(im.stdp.a_plus);
  w.le<std::uint32_t>(im.stdp.a_minus);
  w.le<std::int32_t>(im.stdp.w_min);
  w.le<std::int32_t>(im.stdp.w_max);
  for (const auto& p : im.neurons) {
    w.le<std::int32_t>(p.v_th);
    w.le<std::int32_t>(p.v_reset);
    w.le<std::int32_t>(p.v_rest);
    w.le<std::int32_t>(p.bias);
    w.le<std::uint16_t>(p.a_mem);
    w.le<std::uint16_t>(p.a_syn);
    w.le<std::uint8_t>(p.t_ref);
  }
  for (std::int16_t x : im.weights) w.le<std::int16_t>(x);
  std::uint8_t byte = 0;
  for (std::size_t k = 0; k < im.plastic.size(); ++k) {
    byte = static_cast<std::uint8_t>(byte | (im.plastic[k] << (k % 8)));
    if (k % 8 == 7 || k + 1 == im.plastic.size()) {
      w.le<std::uint8_t>(byte);
      byte = 0;
    }
  }
  const std::uint32_t crc = w.crc();
  w.le<std::uint32_t>(crc);
  if (!out) throw std::runtime_error("image: write failed");
}

Image read_image(std::istream& in) {
  Reader r(in);
  std::array<char, 8> magic{};
  r.bytes(magic.data(), magic.size());
  if (magic != kMagic) throw std::runtime_error("image: not a spikeforge image (bad magic; expected a file written by 'spikeforge compile')");
  const auto version = r.le<std::uint32_t>();
  if (version != kVersion) throw std::runtime_error("image: version " + std::to_string(version) + " is not supported (this build reads version 1)");
  Shape sh;
  sh.neurons = r.le<std::uint32_t>();
  sh.inputs = r.le<std::uint32_t>();
  sh.weight_bits = r.le<std::uint32_t>();
  sh.state_bits = r.le<std::uint32_t>();
  try {
    validate_shape(sh);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
  Image im = Image::zeros(sh);
  im.stdp.learn = r.le<std::uint8_t>() != 0;
  im.stdp.a_pre = r.le<std::uint16_t>();
  im.stdp.a_post = r.le<std::uint16_t>();
  im.stdp.a_plus = r.le<std::uint32_t>();
  im.stdp.a_minus = r.le<std::uint32_t>();
  im.stdp.w_min = r.le<std::int32_t>();
  im.stdp.w_max = r.le<std::int32_t>();
  for (auto& p : im.neurons) {
    p.v_th = r.le<std::int32_t>();
    p.v_reset = r.le<std::int32_t>();
    p.v_rest = r.le<std::int32_t>();
    p.bias = r.le<std::int32_t>();
    p.a_mem = r.le<std::uint16_t>();
    p.a_syn = r.le<std::uint16_t>();
    p.t_ref = r.le<std::uint8_t>();
  }
  for (auto& x : im.weights) x = r.le<std::int16_t>();
  for (std::size_t k = 0; k < im.plastic.size(); k += 8) {
    const auto byte = r.le<std::uint8_t>();
    for (std::size_t b = 0; b < 8 && k + b < im.plastic.size(); ++b) im.plastic[k + b] = (byte >> b) & 1u;
  }
  const std::uint32_t expect = r.crc();
  const auto crc = r.le<std::uint32_t>();
  if (crc != expect) throw std::runtime_error("image: checksum mismatch (the file is corrupted)");
  try {
    validate(im);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
  return im;
}

void save_image(const std::string& path, const Image& image) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write image file '" + path + "'");
  write_image(out, image);
}

Image load_image(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open image file '" + path + "'");
  try {
    return read_image(in);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace spikeforge::model
