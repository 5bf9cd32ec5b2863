// The equivalence harness must catch a difference wherever it is, and its random networks must
// really reach the corners they claim to (otherwise a green equivalence suite proves little).
#include <catch2/catch.hpp>

#include <functional>

#include "spikeforge/model_target.hpp"
#include "spikeforge/testing/harness.hpp"

using namespace spikeforge;
using namespace spikeforge::testing;

namespace {

// A model target whose image or state is tampered with: a stand-in for a buggy implementation.
class TamperedTarget final : public Target {
 public:
  TamperedTarget(const model::Shape& s, std::function<void(model::Image&)> tamper) : inner_(s), tamper_(std::move(tamper)) {}
  DeviceInfo info() override { return inner_.info(); }
  void program(const model::Image& image) override {
    model::Image copy = image;
    tamper_(copy);
    inner_.program(copy);
  }
  void reset_state() override { inner_.reset_state(); }
  void set_learning(bool on) override { inner_.set_learning(on); }
  std::vector<SpikeList> run(std::span<const SpikeList> in) override { return inner_.run(in); }
  std::vector<std::int16_t> read_weights(std::uint32_t f, std::uint32_t n) override { return inner_.read_weights(f, n); }
  std::vector<model::NeuronState> read_neurons(std::uint32_t f, std::uint32_t n) override { return inner_.read_neurons(f, n); }
  std::vector<std::uint32_t> read_pre_traces(std::uint32_t f, std::uint32_t n) override { return inner_.read_pre_traces(f, n); }
  Counters counters() override { return inner_.counters(); }

 private:
  ModelTarget inner_;
  std::function<void(model::Image&)> tamper_;
};

const model::Shape kShape{13, 5, 8, 16};

}  // namespace

TEST_CASE("identical implementations agree on every regime", "[harness]") {
  for (std::uint64_t seed = 0; seed < 16; ++seed) {
    const auto image = random_image(kShape, seed);
    const auto inputs = random_inputs(kShape, 60, regime_input_rate(regime_for(seed, {}), seed), seed);
    ModelTarget a(kShape), b(kShape);
    const auto m = run_lockstep(a, b, image, inputs, 10);
    INFO("seed " << seed << ": " << m.value_or("equal"));
    CHECK_FALSE(m.has_value());
  }
}

TEST_CASE("a planted difference is found and named", "[harness]") {
  const std::uint64_t seed = 1;  // a busy network
  const auto image = random_image(kShape, seed);
  const auto inputs = random_inputs(kShape, 40, 0.5, seed);
  ModelTarget ref(kShape);

  SECTION("one weight of a non-plastic row, never used: named at the end") {
    model::Image im = image;
    // Input channel 4 never fires (inputs restricted below), so its row is only compared at the end.
    std::vector<SpikeList> quiet(inputs.begin(), inputs.end());
    for (auto& l : quiet) std::erase(l, 4u);
    TamperedTarget dut(kShape, [](model::Image& i) { i.w(4, 7) = static_cast<std::int16_t>(i.w(4, 7) == 5 ? 6 : 5); });
    const auto m = run_lockstep(ref, dut, im, quiet);
    REQUIRE(m.has_value());
    CHECK_THAT(*m, Catch::Contains("synapse [4][7] weight"));
  }
  SECTION("a threshold: spikes differ at a named step") {
    TamperedTarget dut(kShape, [](model::Image& i) {
      for (auto& p : i.neurons) p.v_th = -32768;  // every neuron fires when not refractory
    });
    const auto m = run_lockstep(ref, dut, image, inputs);
    REQUIRE(m.has_value());
    CHECK_THAT(*m, Catch::Contains("spikes differ") || Catch::Contains("after programming"));
  }
  SECTION("a resting potential: the state comparison names v") {
    TamperedTarget dut(kShape, [](model::Image& i) { i.neurons[3].v_rest += 1; });
    const auto m = run_lockstep(ref, dut, image, {}, 0);
    REQUIRE(m.has_value());
    CHECK_THAT(*m, Catch::Contains("neuron 3 v"));
  }
}

TEST_CASE("random networks reach the corners of the model", "[harness]") {
  std::uint64_t silent_spikes = 0, saturating_spikes = 0, saturating_steps = 0, busy_spikes = 0;
  std::uint64_t at_min = 0, at_max = 0, changed = 0;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    const Regime regime = regime_for(seed, {});
    const auto image = random_image(kShape, seed);
    const auto inputs = random_inputs(kShape, 100, regime_input_rate(regime, seed), seed);
    ModelTarget t(kShape);
    t.program(image);
    std::uint64_t spikes = 0;
    for (const auto& s : t.run(inputs)) spikes += s.size();
    const auto a = activity_of(image, t, spikes, inputs.size());
    if (regime == Regime::kSilent) silent_spikes += spikes;
    if (regime == Regime::kSaturating) {
      saturating_spikes += spikes;
      saturating_steps += inputs.size();
    }
    if (regime == Regime::kBusy) busy_spikes += spikes;
    if (regime == Regime::kBounds) {
      at_min += a.weights_at_min;
      at_max += a.weights_at_max;
    }
    changed += a.weights_changed;
  }
  CHECK(silent_spikes == 0);
  CHECK(busy_spikes > 100);
  CHECK(saturating_spikes > saturating_steps);  // more than one neuron per step on average
  CHECK(at_min > 0);
  CHECK(at_max > 0);
  CHECK(changed > 0);
}

TEST_CASE("a sweep stops at the first bad network and says how to reproduce it", "[harness]") {
  SweepStats stats;
  // Neuron 0's resting potential moved in the DUT: visible in v from the start.
  const auto m = sweep([] { return std::make_unique<TamperedTarget>(kShape, [](model::Image& i) { i.neurons[0].v_rest -= 1; }); },
                       kShape, 1, 8, 100, 0, stats, RandomOptions{Regime::kBusy, -1, -1, -1});
  REQUIRE(m.has_value());
  CHECK_THAT(*m, Catch::StartsWith("N=13 S=5 WB=8 seed ") && Catch::Contains("(busy, learn "));
  CHECK_THAT(*m, Catch::Contains("neuron 0 v"));
  CHECK(stats.networks == 0);  // stopped at the first network, which already differs

  SweepStats clean;
  CHECK_FALSE(sweep([] { return std::make_unique<ModelTarget>(kShape); }, kShape, 0, 8, 50, 10, clean).has_value());
  CHECK(clean.networks == 8);
  CHECK(clean.steps == 400);
}

TEST_CASE("missing corners are named", "[harness]") {
  SweepStats st;
  st.networks = 3;
  st.learning_networks = 3;
  st.busy_networks = 1;
  st.at_min = 2;
  const auto missing = st.missing_corners();
  CHECK(missing == std::vector<std::string>{"no silent network", "no network with learning off",
                                            "no weight driven to w_max", "no neuron refractory at the end"});
}
