// rtl_soak: a long equivalence soak of the Verilog core (verilator target) against the reference
// model: random networks from the shared harness, every build, lockstep for many steps. Prints one
// line per network and stops at the first difference (exit status 1).
//   rtl_soak [networks=200] [steps=2000] [first_seed=1000000]
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "spikeforge/model_target.hpp"
#include "spikeforge/sim/verilator_target.hpp"
#include "spikeforge/testing/harness.hpp"

using namespace spikeforge;

int main(int argc, char** argv) {
  const std::uint64_t networks = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200;
  const std::uint32_t steps = argc > 2 ? static_cast<std::uint32_t>(std::strtoul(argv[2], nullptr, 10)) : 2000;
  const std::uint64_t first = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1000000;
  const auto builds = sim::verilator_builds();
  std::uint64_t total_steps = 0, total_cycles = 0;
  for (std::uint64_t k = 0; k < networks; ++k) {
    const std::uint64_t seed = first + k;
    const auto& b = builds[seed % builds.size()];
    // A random shape that fits the build (N not a multiple of P most of the time).
    const std::uint32_t n = 1 + static_cast<std::uint32_t>((seed * 2654435761u) % std::min<std::uint32_t>(b.max_shape.neurons, 96));
    const std::uint32_t s = static_cast<std::uint32_t>((seed * 40503u) % (std::min<std::uint32_t>(b.max_shape.inputs, 64) + 1));
    const model::Shape shape{n, s, b.max_shape.weight_bits, b.max_shape.state_bits};
    const auto image = testing::random_image(shape, seed);
    const auto regime = testing::regime_for(seed, {});
    const auto inputs = testing::random_inputs(shape, steps, testing::regime_input_rate(regime, seed), seed);
    ModelTarget ref(shape);
    OpenOptions o;
    o.shape = shape;
    sim::VerilatorTarget dut("verilator?config=" + b.name, o);
    const auto m = testing::run_lockstep(ref, dut, image, inputs, 500);
    const auto c = dut.counters();
    total_steps += c.steps;
    total_cycles += c.cycles;
    std::cout << "seed " << seed << " build " << b.name << " N=" << n << " S=" << s << " "
              << testing::regime_name(regime) << " learn=" << image.stdp.learn << " steps=" << c.steps
              << " cycles/step=" << (c.steps ? c.cycles / c.steps : 0) << ": " << m.value_or("equal") << "\n";
    if (m) return 1;
  }
  std::cout << "all " << networks << " networks equal; " << total_steps << " steps, "
            << (total_steps ? total_cycles / total_steps : 0) << " cycles/step on average\n";
  return 0;
}
