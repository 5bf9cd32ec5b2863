// The analytic cycle model (host/include/spikeforge/cycle_model.hpp) against the cycles the
// Verilog core really takes under Verilator (Counters::cycles), step by step, on seeded random
// networks and inputs (several builds, active sizes not multiples of P, learning on and off).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "spikeforge/cycle_model.hpp"
#include "spikeforge/sim/verilator_target.hpp"
#include "spikeforge/testing/harness.hpp"

namespace {

struct Tally {
  std::uint64_t measured = 0, predicted = 0, steps = 0, exact = 0, arrivals = 0, posts = 0, crowded = 0;
  double worst = 0;  // largest relative error of a single step
};

void run_case(const std::string& build, std::uint32_t n, std::uint32_t s, std::uint64_t seed, bool learn,
              std::uint32_t steps, Tally& tally) {
  using namespace spikeforge;
  OpenOptions opt;
  opt.shape = model::Shape{n, s, 8, 16};
  sim::VerilatorTarget target("verilator?config=" + build, opt);
  const std::uint32_t p = target.info().lanes, nl = target.info().neuron_lanes;
  testing::RandomOptions ro;
  ro.learn = learn ? 1 : 0;
  const auto image = testing::random_image(opt.shape, seed, ro);
  const double rate = testing::regime_input_rate(testing::regime_for(seed, ro), seed);
  const auto inputs = testing::random_inputs(opt.shape, steps, rate, seed);
  target.program(image);
  std::size_t prev_posts = 0;
  for (std::uint32_t t = 0; t < steps; ++t) {
    const std::uint64_t before = target.counters().cycles;
    const auto out = target.run(std::span<const SpikeList>(&inputs[t], 1));
    const std::uint64_t measured = target.counters().cycles - before;
    const std::uint64_t arrivals = inputs[t].size() + prev_posts;
    const std::uint64_t posts = out.at(0).size();
    const std::uint64_t crowded = crowded_spikes(out.at(0), nl);
    const std::uint64_t predicted = cycles_per_step(n, s, p, arrivals, posts, learn, nl, crowded);
    INFO("build " << build << " n=" << n << " s=" << s << " seed " << seed << " step " << t << ": arrivals "
                  << arrivals << " posts " << posts << " (crowded " << crowded << ") measured " << measured << " model " << predicted);
    REQUIRE(measured > 0);
    const double err = std::abs(static_cast<double>(predicted) - static_cast<double>(measured)) /
                       static_cast<double>(measured);
    CHECK(err <= 0.05);
    tally.worst = std::max(tally.worst, err);
    tally.measured += measured;
    tally.predicted += predicted;
    tally.exact += predicted == measured ? 1 : 0;
    tally.arrivals += arrivals;
    tally.posts += posts;
    tally.crowded += crowded;
    ++tally.steps;
    prev_posts = posts;
  }
}

}  // namespace

TEST_CASE("cycle model agrees with the Verilator-measured core cycles") {
  Tally tally;
  std::uint64_t seed = 1;
  // build, n, s (active sizes; several not multiples of P)
  const struct { const char* build; std::uint32_t n, s; } cases[] = {
      {"n37s11p4", 37, 11}, {"n37s11p4", 23, 5}, {"n64s64p8", 64, 64}, {"n64s64p8", 45, 30},
      {"n8s4p1", 8, 4},     {"n256p16", 100, 60}, {"n1024p32", 100, 50},
  };
  for (const auto& c : cases) {
    for (bool learn : {true, false}) run_case(c.build, c.n, c.s, seed++, learn, 40, tally);
  }
  const double total_err = std::abs(static_cast<double>(tally.predicted) - static_cast<double>(tally.measured)) /
                           static_cast<double>(tally.measured);
  WARN("cycle model over " << tally.steps << " steps (" << tally.arrivals << " arrivals, " << tally.posts
                           << " posts, " << tally.crowded << " crowded): total error " << 100.0 * total_err << "%, worst step "
                           << 100.0 * tally.worst << "%, exact in " << tally.exact << " steps");
  // The workloads must have exercised the event-driven terms, or the agreement proves little.
  CHECK(tally.arrivals > 10 * tally.steps / 4);
  CHECK(tally.posts > tally.steps / 4);
  CHECK(tally.crowded > 0);  // several spikes in one neuron word (builds with NL > 1)
  CHECK(total_err <= 0.02);
}
