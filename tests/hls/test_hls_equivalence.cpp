// The HLS kernel (hls/, compiled by g++) against the reference model, step by step: every spike of
// every step and, every 50 steps and at the end, every neuron state word, pre trace and weight.
// Random networks from the shared harness cover every regime (silent to all-firing, saturating,
// weights driven into both learning bounds, refractory), learning on and off, sizes with N not a
// multiple of the lane count P, no input channels at all, and the 16-bit build.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

#include "spikeforge/hls/kernel_target.hpp"
#include "spikeforge/hls/sf_hls_kernel.hpp"
#include "spikeforge/model_target.hpp"
#include "spikeforge/testing/harness.hpp"

using namespace spikeforge;
using namespace spikeforge::testing;

namespace {

constexpr std::uint32_t kSteps = 200;
constexpr std::uint32_t kStateEvery = 50;

// Lockstep-compare `count` random networks of `shape`, seeds from `first_seed`.
void sweep(const model::Shape& shape, std::uint64_t first_seed, std::uint64_t count, SweepStats& stats,
           const RandomOptions& options = {}) {
  const auto mismatch = testing::sweep([&] { return std::make_unique<HlsTarget>(shape); }, shape, first_seed, count,
                                       kSteps, kStateEvery, stats, options);
  INFO(mismatch.value_or("equal"));
  REQUIRE_FALSE(mismatch.has_value());
}

}  // namespace

TEST_CASE("HLS kernel equals the model: 8-bit build, many sizes and regimes", "[hls][equivalence]") {
  SweepStats st;
  // N = 1; N below, at, not a multiple of and above the lane count P = 8; S = 0 (recurrent only).
  sweep({1, 1, 8, 16}, 1000, 24, st);
  sweep({5, 3, 8, 16}, 2000, 32, st);
  sweep({8, 0, 8, 16}, 3000, 24, st);
  sweep({13, 5, 8, 16}, 4000, 64, st);
  sweep({31, 17, 8, 16}, 5000, 48, st);
  sweep({40, 24, 8, 16}, 6000, 40, st);
  sweep({67, 33, 8, 16}, 7000, 32, st);
  sweep({13, 5, 8, 16}, 8000, 24, st, RandomOptions{Regime::kAuto, 0, -1, -1});  // learning forced off
  sweep({13, 5, 8, 16}, 9000, 24, st, RandomOptions{Regime::kBounds, 1, -1, 1.0});  // all plastic, learning
  sweep({24, 8, 8, 16}, 9500, 16, st, RandomOptions{Regime::kSaturating, -1, -1, -1});
  INFO(st.summary());
  CHECK(st.networks == 328);
  // The sweep must really reach the corners it claims to.
  CHECK(st.missing_corners() == std::vector<std::string>{});
}

TEST_CASE("HLS kernel equals the model: 16-bit build (WB=16, VB=24)", "[hls][equivalence]") {
  SweepStats st;
  sweep({1, 2, 16, 24}, 11000, 16, st);
  sweep({13, 5, 16, 24}, 12000, 32, st);
  sweep({37, 19, 16, 24}, 13000, 24, st);
  sweep({13, 5, 16, 24}, 14000, 12, st, RandomOptions{Regime::kBounds, 1, -1, 1.0});
  sweep({20, 6, 16, 24}, 15000, 12, st, RandomOptions{Regime::kSaturating, -1, -1, -1});
  INFO("networks " << st.networks << ", silent " << st.silent_networks << ", busy " << st.busy_networks
                   << ", weights at w_min " << st.at_min << ", at w_max " << st.at_max);
  CHECK(st.networks == 96);
  CHECK(st.busy_networks > 0);
  CHECK(st.at_min > 0);
  CHECK(st.at_max > 0);
}

// Kept out of the ASan/UBSan unit run (labelled equivalence only, see CMakeLists.txt): with
// thousands of synapses per network these take most of the time under the sanitizers.
TEST_CASE("HLS kernel equals the model: large networks", "[hls][equivalence]") {
  SweepStats st;
  sweep({150, 70, 8, 16}, 7500, 8, st);
  sweep({256, 256, 8, 16}, 7700, 4, st);
  sweep({100, 40, 16, 24}, 13500, 4, st);
  INFO("networks " << st.networks << ", silent " << st.silent_networks << ", busy " << st.busy_networks);
  CHECK(st.networks == 16);
  CHECK(st.busy_networks > 0);
}

TEST_CASE("HLS kernel: long runs in one call, reset and learning switched mid-run", "[hls][equivalence]") {
  const model::Shape shape{29, 11, 8, 16};
  for (std::uint64_t seed = 21; seed < 25; ++seed) {
    const auto image = random_image(shape, seed, RandomOptions{Regime::kBusy, 1, -1, 0.9});
    // More steps than one kernel call takes, so the run is split into several calls.
    const auto inputs = random_inputs(shape, hls::KernelTarget::kMaxStepsPerCall + 300, 0.3, seed);
    ModelTarget ref(shape);
    HlsTarget dut(shape);
    ref.program(image);
    dut.program(image);
    const auto half = std::span<const SpikeList>(inputs).first(inputs.size() / 2);
    const auto rest = std::span<const SpikeList>(inputs).subspan(inputs.size() / 2);
    CHECK(ref.run(inputs) == dut.run(inputs));
    CHECK_FALSE(compare_state(ref, dut, shape, 1).has_value());
    CHECK(dut.counters().steps == inputs.size());
    ref.reset_state();
    dut.reset_state();
    CHECK(dut.counters().steps == 0);
    CHECK_FALSE(compare_state(ref, dut, shape, 2).has_value());
    CHECK(ref.run(half) == dut.run(half));
    ref.set_learning(false);
    dut.set_learning(false);
    CHECK(ref.run(rest) == dut.run(rest));
    const auto m = compare_state(ref, dut, shape, 3);
    INFO(m.value_or("equal"));
    CHECK_FALSE(m.has_value());
  }
}

namespace {

// A backend running the same g++-compiled kernel, with a fault planted in what it passes on: a
// stand-in for a buggy kernel or a corrupted transfer. Proves the comparison sees HLS faults.
class FaultyBackend final : public hls::KernelBackend {
 public:
  using Fault = std::function<void(hls::KernelBuffer, std::vector<std::uint32_t>&, std::uint64_t call)>;
  explicit FaultyBackend(Fault fault) : fault_(std::move(fault)) {}
  void allocate(hls::KernelBuffer b, std::size_t words) override { bufs_[unsigned(b)].assign(std::max<std::size_t>(words, 1), 0); }
  void write(hls::KernelBuffer b, std::span<const std::uint32_t> words) override {
    std::copy(words.begin(), words.end(), bufs_[unsigned(b)].begin());
  }
  void read(hls::KernelBuffer b, std::span<std::uint32_t> words) override {
    fault_(b, bufs_[unsigned(b)], calls_);
    std::copy_n(bufs_[unsigned(b)].begin(), words.size(), words.begin());
  }
  void run(const hls::KernelScalars& sc) override {
    for (auto& b : bufs_) {
      if (b.empty()) b.assign(1, 0);
    }
    ++calls_;
    sf_hls_kernel(sc.command, sc.n, sc.s, sc.steps, sc.flags, bufs_[0].data(), bufs_[1].data(), bufs_[2].data(),
                  bufs_[3].data(), bufs_[4].data());
  }
  std::string describe() const override { return "faulty"; }

 private:
  Fault fault_;
  std::uint64_t calls_ = 0;
  std::array<std::vector<std::uint32_t>, hls::kKernelBuffers> bufs_;
};

class FaultyTarget final : public hls::KernelTarget {
 public:
  FaultyTarget(const model::Shape& s, FaultyBackend::Fault f)
      : hls::KernelTarget(std::make_unique<FaultyBackend>(std::move(f)), s, "faulty") {}
};

}  // namespace

TEST_CASE("the lockstep comparison catches a planted difference in the HLS path", "[hls][equivalence]") {
  const model::Shape shape{13, 5, 8, 16};
  const std::uint64_t seed = 1;  // a busy network
  const auto image = random_image(shape, seed);
  const auto inputs = random_inputs(shape, 40, 0.5, seed);
  ModelTarget ref(shape);
  {
    // Without a fault the same backend agrees (so the failures below are the faults' doing).
    FaultyTarget clean(shape, [](hls::KernelBuffer, std::vector<std::uint32_t>&, std::uint64_t) {});
    CHECK_FALSE(run_lockstep(ref, clean, image, inputs, 10).has_value());
  }
  SECTION("one spike flipped in the output of step 6: named at that step") {
    // Kernel calls: 1 identify, 2 program, then one per step (run_lockstep steps one at a time).
    FaultyTarget dut(shape, [](hls::KernelBuffer b, std::vector<std::uint32_t>& w, std::uint64_t call) {
      if (b == hls::KernelBuffer::kSpikesOut && call == 9) w[0] ^= 1u << 3;
    });
    const auto m = run_lockstep(ref, dut, image, inputs, 10);
    REQUIRE(m.has_value());
    CHECK(m->find("step 6: spikes differ") != std::string::npos);
  }
  SECTION("one membrane potential off by one after step 20") {
    FaultyTarget dut(shape, [](hls::KernelBuffer b, std::vector<std::uint32_t>& w, std::uint64_t call) {
      if (b == hls::KernelBuffer::kState && call == 23) w[sf_hls::state_neuron(4) + sf_hls::NS_V] += 1;
    });
    const auto m = run_lockstep(ref, dut, image, inputs, 1);
    REQUIRE(m.has_value());
    CHECK(m->find("neuron 4 v") != std::string::npos);
  }
  SECTION("one weight read back wrong") {
    FaultyTarget dut(shape, [](hls::KernelBuffer b, std::vector<std::uint32_t>& w, std::uint64_t) {
      if (b == hls::KernelBuffer::kSynapses) w[3 * 13 + 7] ^= 0x40u;
    });
    const auto m = run_lockstep(ref, dut, image, inputs, 0);
    REQUIRE(m.has_value());
    CHECK(m->find("synapse [3][7] weight") != std::string::npos);
  }
}

TEST_CASE("the hls target rejects shapes its builds cannot hold", "[hls]") {
  CHECK_THROWS_WITH(HlsTarget(model::Shape{13, 5, 12, 20}), Catch::Contains("WB=8 VB=16"));
  CHECK_THROWS_WITH(HlsTarget(model::Shape{5000, 5, 8, 16}), Catch::Contains("N<=1024"));
  HlsTarget t(model::Shape{13, 5, 8, 16});
  CHECK_THROWS_AS(t.run(std::vector<SpikeList>(1)), std::logic_error);
  t.program(random_image({13, 5, 8, 16}, 3));
  CHECK_THROWS_AS(t.run(std::vector<SpikeList>{SpikeList{5}}), std::out_of_range);
  CHECK_THROWS_AS(t.program(random_image({12, 5, 8, 16}, 3)), std::invalid_argument);
  CHECK(t.info().kind == "hls");
  CHECK(t.info().lanes == 8);
}
