// record_vectors: runs seeded random networks on the reference model and writes what a testbench
// needs to replay them on sf_core through its ports (docs/rtl.md): the config writes that program
// the image, the inputs of every step, the spikes the model fired, and the final state and weights
// as expected config reads. The output is one 32-bit hex word per line ($readmemh format), a flat
// stream of commands (the testbench tests/rtl/tb_core_vectors.sv executes it):
//
//   1 addr data         config write
//   2 addr data         config read, expect data
//   3 chan              push an input channel for the next step
//   4 t n j1 .. jn      run step t, expect exactly the neurons j1 < .. < jn to fire
//   5                   clear the dynamic state (waits for done)
//   6 net seed n s      start of network `net` (seed, active sizes): for the messages only
//   0                   end
//
// Usage: record_vectors --N 37 --S 11 --P 4 --WB 8 --VB 16 --nets 4 --steps 80 --seed 1 --out f.hex
//        [--corrupt spike|weight]   (alter one expectation: the testbench must then fail)
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "spikeforge/model/image.hpp"
#include "spikeforge/model/machine.hpp"
#include "spikeforge/testing/harness.hpp"

namespace {

using spikeforge::model::Image;
using spikeforge::model::Machine;
using spikeforge::model::Shape;

constexpr std::uint32_t kWrite = 1, kRead = 2, kInput = 3, kStep = 4, kClear = 5, kNet = 6, kEnd = 0;

constexpr std::uint32_t reg(std::uint32_t region, std::uint32_t index) { return (region << 28) | index; }
constexpr std::uint32_t weight_addr(std::uint32_t row, std::uint32_t col) { return 0x80000000u | (row << 16) | col; }
std::uint32_t word(std::int64_t v) { return static_cast<std::uint32_t>(v); }  // two's complement
std::uint32_t weight_word(std::int16_t w, bool plastic) {
  return (static_cast<std::uint32_t>(static_cast<std::uint16_t>(w))) | (plastic ? 0x10000u : 0u);
}

struct Options {
  std::uint32_t n = 37, s = 11, p = 4, wb = 8, vb = 16, nets = 4, steps = 80;
  std::uint64_t seed = 1;
  std::string out, corrupt;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (k + 1 >= argc) throw std::invalid_argument("option " + a + " needs a value");
    const std::string v = argv[++k];
    auto num = [&] { return static_cast<std::uint32_t>(std::stoul(v)); };
    if (a == "--N") o.n = num();
    else if (a == "--S") o.s = num();
    else if (a == "--P") o.p = num();
    else if (a == "--WB") o.wb = num();
    else if (a == "--VB") o.vb = num();
    else if (a == "--nets") o.nets = num();
    else if (a == "--steps") o.steps = num();
    else if (a == "--seed") o.seed = std::stoull(v);
    else if (a == "--out") o.out = v;
    else if (a == "--corrupt") o.corrupt = v;
    else throw std::invalid_argument("unknown option " + a);
  }
  if (o.out.empty()) throw std::invalid_argument("--out FILE is required");
  if (!o.corrupt.empty() && o.corrupt != "spike" && o.corrupt != "weight")
    throw std::invalid_argument("--corrupt takes spike or weight");
  return o;
}

class Recorder {
 public:
  void write(std::uint32_t addr, std::uint32_t data) { emit({kWrite, addr, data}); }
  void read(std::uint32_t addr, std::uint32_t expect) { emit({kRead, addr, expect}); }
  void emit(std::initializer_list<std::uint32_t> words) { words_.insert(words_.end(), words); }
  std::vector<std::uint32_t>& words() { return words_; }

 private:
  std::vector<std::uint32_t> words_;
};

void program(Recorder& r, const Image& im) {
  const Shape& sh = im.shape;
  r.write(reg(0, 8), sh.neurons);
  r.write(reg(0, 9), sh.inputs);
  r.write(reg(0, 10), im.stdp.learn ? 1 : 0);
  r.write(reg(0, 11), im.stdp.a_pre);
  r.write(reg(0, 12), im.stdp.a_post);
  r.write(reg(0, 13), im.stdp.a_plus);
  r.write(reg(0, 14), im.stdp.a_minus);
  r.write(reg(0, 15), word(im.stdp.w_min));
  r.write(reg(0, 16), word(im.stdp.w_max));
  for (std::uint32_t j = 0; j < sh.neurons; ++j) {
    const auto& p = im.neurons[j];
    const std::uint32_t b = 8 * j;
    r.write(reg(1, b + 0), word(p.v_th));
    r.write(reg(1, b + 1), word(p.v_reset));
    r.write(reg(1, b + 2), word(p.v_rest));
    r.write(reg(1, b + 3), word(p.bias));
    r.write(reg(1, b + 4), p.a_mem);
    r.write(reg(1, b + 5), p.a_syn);
    r.write(reg(1, b + 6), p.t_ref);
  }
  // Every row and column of the active size, zeros too: memories keep the previous network.
  for (std::uint32_t row = 0; row < sh.sources(); ++row)
    for (std::uint32_t col = 0; col < sh.neurons; ++col)
      r.write(weight_addr(row, col), weight_word(im.w(row, col), im.plastic[std::size_t{row} * sh.neurons + col] != 0));
}

void expect_neurons(Recorder& r, const Machine& m) {
  for (std::uint32_t j = 0; j < m.shape().neurons; ++j) {
    const auto st = m.neuron(j);
    r.read(reg(2, 4 * j + 0), word(st.v));
    r.read(reg(2, 4 * j + 1), word(st.i));
    r.read(reg(2, 4 * j + 2), st.ref);
    r.read(reg(2, 4 * j + 3), st.y);
  }
}

void run(const Options& o) {
  std::mt19937_64 rng(o.seed * 7919 + 17);
  Recorder r;
  std::uint64_t total_steps = 0;
  std::size_t spike_to_corrupt = 0, weight_to_corrupt = 0;  // word index of the expectation to alter
  bool mid_spike_taken = false;
  // Build constants first (also checks the testbench was built with the parameters we assume).
  r.read(reg(0, 0), 0x53460001u);
  r.read(reg(0, 1), o.n);
  r.read(reg(0, 2), o.s);
  r.read(reg(0, 3), o.p);
  r.read(reg(0, 4), o.wb);
  r.read(reg(0, 5), o.vb);
  for (std::uint32_t k = 0; k < o.nets; ++k) {
    const std::uint64_t seed = o.seed * 1000 + k;
    // Network 0 uses the full build size; the others smaller active sizes (never a multiple of P
    // by design when P > 1), down to a single neuron.
    Shape sh{o.n, o.s, o.wb, o.vb};
    if (k > 0) {
      sh.neurons = static_cast<std::uint32_t>(std::uniform_int_distribution<std::uint32_t>(1, o.n)(rng));
      sh.inputs = static_cast<std::uint32_t>(std::uniform_int_distribution<std::uint32_t>(1, o.s)(rng));
      if (k == 1) sh.neurons = 1;
    }
    spikeforge::testing::RandomOptions ro;
    ro.learn = 1;
    const Image im = spikeforge::testing::random_image(sh, seed, ro);
    const auto regime = spikeforge::testing::regime_for(seed, ro);
    const double rate = spikeforge::testing::regime_input_rate(regime, seed);
    const auto inputs = spikeforge::testing::random_inputs(sh, o.steps, rate, seed);
    r.emit({kNet, k, static_cast<std::uint32_t>(seed), sh.neurons, sh.inputs});
    program(r, im);
    r.emit({kClear});
    Machine m(im);
    for (std::uint32_t t = 0; t < o.steps; ++t) {
      for (std::uint32_t c : inputs[t]) r.emit({kInput, c});
      // Duplicates count once, channels >= s_act are ignored (docs/rtl.md): exercise both.
      if (!inputs[t].empty() && rng() % 4 == 0) r.emit({kInput, inputs[t].front()});
      if (rng() % 5 == 0) r.emit({kInput, sh.inputs + static_cast<std::uint32_t>(rng() % 3)});
      const auto& fired = m.step(inputs[t]);
      // The spike to corrupt: the first one at or after mid-run (else the last one seen).
      if (!fired.empty() && (spike_to_corrupt == 0 || (!mid_spike_taken && t >= o.steps / 2))) {
        spike_to_corrupt = r.words().size() + 3;
        mid_spike_taken = t >= o.steps / 2;
      }
      r.emit({kStep, t, static_cast<std::uint32_t>(fired.size())});
      for (std::uint32_t j : fired) r.emit({j});
      ++total_steps;
      if (t == o.steps / 2) expect_neurons(r, m);  // a mid-run state check
    }
    expect_neurons(r, m);
    for (std::uint32_t s = 0; s < sh.sources(); ++s) r.read(reg(3, s), m.pre_trace(s));
    for (std::uint32_t row = 0; row < sh.sources(); ++row)
      for (std::uint32_t col = 0; col < sh.neurons; ++col) {
        if (k == 0 && row == sh.sources() / 2 && col == sh.neurons / 2) weight_to_corrupt = r.words().size() + 2;
        r.read(weight_addr(row, col),
               weight_word(m.weight(row, col), im.plastic[std::size_t{row} * sh.neurons + col] != 0));
      }
    r.read(reg(0, 22), static_cast<std::uint32_t>(total_steps));
  }
  r.emit({kEnd});
  auto& w = r.words();
  if (o.corrupt == "spike") {
    if (spike_to_corrupt == 0) throw std::runtime_error("no spike to corrupt in these networks: pick another seed");
    w[spike_to_corrupt] ^= 1u;  // a different neuron fired (the list is no longer the model's)
  } else if (o.corrupt == "weight") {
    w[weight_to_corrupt] = (w[weight_to_corrupt] & ~0xFFFFu) | ((w[weight_to_corrupt] + 1u) & 0xFFFFu);
  }
  std::ofstream f(o.out);
  if (!f) throw std::runtime_error("cannot write " + o.out);
  char buf[16];
  for (std::uint32_t x : w) {
    std::snprintf(buf, sizeof buf, "%08x\n", x);
    f << buf;
  }
  if (!f) throw std::runtime_error("write failed: " + o.out);
  std::cout << o.out << ": " << w.size() << " words, " << o.nets << " networks, " << total_steps << " steps\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    run(parse(argc, argv));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "record_vectors: " << e.what() << "\n";
    return 2;
  }
}
