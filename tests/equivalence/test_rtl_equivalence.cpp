// The Verilog core (rtl/core, under Verilator) against the reference model, step by step: every
// spike of every step and, every 50 steps and at the end, every neuron state word, pre trace and
// weight. Random networks from the shared harness cover every regime (silent to all-firing,
// saturating, weights driven into both learning bounds, refractory), learning on and off, sizes
// with N not a multiple of the lane count P and below/above it, no input channels, four 8-bit core
// builds with P = 1, 4, 8, 16 and the 16-bit build (WB=16, VB=24).
#include <catch2/catch.hpp>

#include "spikeforge/model_target.hpp"
#include "spikeforge/sim/verilator_target.hpp"
#include "spikeforge/testing/harness.hpp"

using namespace spikeforge;
using namespace spikeforge::testing;

namespace {

constexpr std::uint32_t kSteps = 200;
constexpr std::uint32_t kStateEvery = 50;

// Lockstep-compare `count` random networks of `shape` on core build `build`, seeds from first_seed.
void sweep(const std::string& build, const model::Shape& shape, std::uint64_t first_seed, std::uint64_t count,
           SweepStats& stats, const RandomOptions& options = {}) {
  const auto mismatch = testing::sweep(
      [&] {
        OpenOptions o;
        o.shape = shape;
        return std::make_unique<sim::VerilatorTarget>("verilator?config=" + build, o);
      },
      shape, first_seed, count, kSteps, kStateEvery, stats, options);
  INFO("build " << build << ": " << mismatch.value_or("equal"));
  REQUIRE_FALSE(mismatch.has_value());
}

void check_coverage(const SweepStats& st) {
  INFO(st.summary());
  CHECK(st.missing_corners() == std::vector<std::string>{});
}

}  // namespace

TEST_CASE("RTL equals the model: build N=8 S=4 P=1", "[rtl][equivalence]") {
  SweepStats st;
  sweep("n8s4p1", {1, 1, 8, 16}, 100, 16, st);
  sweep("n8s4p1", {8, 4, 8, 16}, 200, 40, st);
  sweep("n8s4p1", {5, 0, 8, 16}, 300, 12, st);  // recurrent only
  sweep("n8s4p1", {7, 3, 8, 16}, 400, 12, st, RandomOptions{Regime::kBounds, 1, -1, 1.0});
  CHECK(st.networks == 80);
  check_coverage(st);
}

TEST_CASE("RTL equals the model: build N=37 S=11 P=4", "[rtl][equivalence]") {
  SweepStats st;
  sweep("n37s11p4", {37, 11, 8, 16}, 1000, 40, st);
  sweep("n37s11p4", {3, 2, 8, 16}, 1100, 12, st);   // N < P
  sweep("n37s11p4", {13, 5, 8, 16}, 1200, 24, st);  // smaller network on a larger build
  sweep("n37s11p4", {13, 5, 8, 16}, 1300, 12, st, RandomOptions{Regime::kAuto, 0, -1, -1});  // learning off
  sweep("n37s11p4", {21, 9, 8, 16}, 1400, 12, st, RandomOptions{Regime::kSaturating, -1, -1, -1});
  CHECK(st.networks == 100);
  check_coverage(st);
}

TEST_CASE("RTL equals the model: build N=64 S=64 P=8", "[rtl][equivalence]") {
  SweepStats st;
  sweep("n64s64p8", {64, 64, 8, 16}, 2000, 24, st);
  sweep("n64s64p8", {45, 30, 8, 16}, 2100, 24, st);
  sweep("n64s64p8", {40, 24, 8, 16}, 2200, 12, st, RandomOptions{Regime::kBounds, 1, -1, 1.0});
  CHECK(st.networks == 60);
  check_coverage(st);
}

TEST_CASE("RTL equals the model: build N=256 S=256 P=16", "[rtl][equivalence]") {
  SweepStats st;
  sweep("n256p16", {256, 256, 8, 16}, 3000, 4, st);
  sweep("n256p16", {150, 70, 8, 16}, 3100, 6, st);
  sweep("n256p16", {67, 33, 8, 16}, 3200, 20, st);
  CHECK(st.networks == 30);
}

// NL = 32 neuron lanes (phase N one acc/y word per cycle), as in the cycles benchmark's headline
// build: active sizes below, at and far beyond one neuron word, and the full size once.
TEST_CASE("RTL equals the model: build N=1024 S=1024 P=32 NL=32", "[rtl][equivalence]") {
  SweepStats st;
  sweep("n1024p32", {100, 50, 8, 16}, 5000, 10, st);
  sweep("n1024p32", {33, 20, 8, 16}, 5100, 8, st);  // the second neuron word holds one neuron
  sweep("n1024p32", {20, 9, 8, 16}, 5200, 6, st);   // n < NL
  sweep("n1024p32", {300, 90, 8, 16}, 5300, 1, st);   // several words, a partial last one
  CHECK(st.networks == 25);
  CHECK(st.busy_networks > 0);
}

TEST_CASE("RTL equals the model: 16-bit build (WB=16, VB=24, P=4)", "[rtl][equivalence]") {
  SweepStats st;
  sweep("w16", {1, 2, 16, 24}, 4000, 8, st);
  sweep("w16", {13, 5, 16, 24}, 4100, 24, st);
  sweep("w16", {37, 19, 16, 24}, 4200, 16, st);
  sweep("w16", {64, 64, 16, 24}, 4300, 4, st);
  sweep("w16", {13, 5, 16, 24}, 4400, 12, st, RandomOptions{Regime::kBounds, 1, -1, 1.0});
  sweep("w16", {20, 6, 16, 24}, 4500, 12, st, RandomOptions{Regime::kSaturating, -1, -1, -1});
  CHECK(st.networks == 76);
  CHECK(st.busy_networks > 0);
  CHECK(st.at_min > 0);
  CHECK(st.at_max > 0);
}
