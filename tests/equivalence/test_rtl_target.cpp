// The verilator target's behaviour around the equivalence sweep: the lockstep comparison catches a
// single flipped weight or parameter (so a passing sweep means something), a slow spike consumer
// stalls the core without losing spikes, state reset and learning switches mid-run, build
// selection and its errors, cycle counters and FST waveforms.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <memory>

#include "spikeforge/model_target.hpp"
#include "spikeforge/sim/verilator_target.hpp"
#include "spikeforge/testing/harness.hpp"

using namespace spikeforge;
using namespace spikeforge::testing;

namespace {

sim::VerilatorTarget open_build(const std::string& build, const model::Shape& shape, const std::string& trace = "") {
  OpenOptions o;
  o.shape = shape;
  o.trace_path = trace;
  return sim::VerilatorTarget("verilator?config=" + build, o);
}

// A DUT that is programmed with a subtly different image (one change made by `mutate`).
class MutatedTarget final : public Target {
 public:
  MutatedTarget(std::unique_ptr<Target> inner, std::function<void(model::Image&)> mutate)
      : inner_(std::move(inner)), mutate_(std::move(mutate)) {}
  DeviceInfo info() override { return inner_->info(); }
  void program(const model::Image& image) override {
    auto copy = image;
    mutate_(copy);
    inner_->program(copy);
  }
  void reset_state() override { inner_->reset_state(); }
  void set_learning(bool on) override { inner_->set_learning(on); }
  std::vector<SpikeList> run(std::span<const SpikeList> inputs) override { return inner_->run(inputs); }
  std::vector<std::int16_t> read_weights(std::uint32_t f, std::uint32_t r) override { return inner_->read_weights(f, r); }
  std::vector<model::NeuronState> read_neurons(std::uint32_t f, std::uint32_t c) override {
    return inner_->read_neurons(f, c);
  }
  std::vector<std::uint32_t> read_pre_traces(std::uint32_t f, std::uint32_t c) override {
    return inner_->read_pre_traces(f, c);
  }
  Counters counters() override { return inner_->counters(); }

 private:
  std::unique_ptr<Target> inner_;
  std::function<void(model::Image&)> mutate_;
};

std::unique_ptr<Target> verilator_ptr(const std::string& build, const model::Shape& shape) {
  OpenOptions o;
  o.shape = shape;
  return std::make_unique<sim::VerilatorTarget>("verilator?config=" + build, o);
}

}  // namespace

TEST_CASE("RTL lockstep reports a single flipped weight", "[rtl][equivalence]") {
  const model::Shape shape{13, 5, 8, 16};
  const auto image = random_image(shape, 7, RandomOptions{Regime::kBusy, 0, 0.8, -1});
  const auto inputs = random_inputs(shape, 60, 0.5, 7);
  {
    ModelTarget ref(shape);
    auto dut = open_build("n37s11p4", shape);
    REQUIRE_FALSE(run_lockstep(ref, dut, image, inputs, 10).has_value());  // the unmutated control
  }
  // Synapse (row 2, column 6): its weight's lowest bit flipped.
  ModelTarget ref(shape);
  MutatedTarget dut(verilator_ptr("n37s11p4", shape), [](model::Image& im) { im.w(2, 6) ^= 1; });
  const auto m = run_lockstep(ref, dut, image, inputs, 10);
  REQUIRE(m.has_value());
  INFO(*m);
  CHECK(m->find("weight") != std::string::npos);
}

TEST_CASE("RTL lockstep reports a changed neuron parameter", "[rtl][equivalence]") {
  const model::Shape shape{13, 5, 8, 16};
  const auto image = random_image(shape, 11, RandomOptions{Regime::kBusy, 0, 0.8, -1});
  const auto inputs = random_inputs(shape, 60, 0.5, 11);
  ModelTarget ref(shape);
  MutatedTarget dut(verilator_ptr("n37s11p4", shape), [](model::Image& im) {
    im.neurons[4].v_rest += im.neurons[4].v_rest < 0 ? 1 : -1;  // v starts (and decays) elsewhere
  });
  const auto m = run_lockstep(ref, dut, image, inputs, 0);
  REQUIRE(m.has_value());
  INFO(*m);
  CHECK(m->find("neuron 4") != std::string::npos);
}

TEST_CASE("RTL core stalls, never drops, when the spike consumer is slow", "[rtl][equivalence]") {
  const model::Shape shape{30, 7, 8, 16};
  for (std::uint64_t seed = 31; seed < 35; ++seed) {
    const auto image = random_image(shape, seed, RandomOptions{Regime::kBusy, 1, -1, 0.7});
    const auto inputs = random_inputs(shape, 120, 0.4, seed);
    ModelTarget ref(shape);
    auto dut = open_build("n37s11p4", shape);
    dut.set_output_stall(70, seed);
    const auto m = run_lockstep(ref, dut, image, inputs, 40);
    INFO("seed " << seed << ": " << m.value_or("equal"));
    REQUIRE_FALSE(m.has_value());
    CHECK(dut.counters().stall_cycles > 0);
  }
}

TEST_CASE("RTL: state reset and learning switched mid-run", "[rtl][equivalence]") {
  const model::Shape shape{29, 11, 8, 16};
  for (std::uint64_t seed = 21; seed < 25; ++seed) {
    const auto image = random_image(shape, seed, RandomOptions{Regime::kBusy, 1, -1, 0.9});
    const auto inputs = random_inputs(shape, 150, 0.3, seed);
    ModelTarget ref(shape);
    auto dut = open_build("n37s11p4", shape);
    ref.program(image);
    dut.program(image);
    const std::span<const SpikeList> all(inputs);
    CHECK(ref.run(all.subspan(0, 50)) == dut.run(all.subspan(0, 50)));
    ref.set_learning(false);
    dut.set_learning(false);
    CHECK(ref.run(all.subspan(50, 50)) == dut.run(all.subspan(50, 50)));
    REQUIRE_FALSE(compare_state(ref, dut, shape, 99).has_value());
    ref.reset_state();
    dut.reset_state();
    ref.set_learning(true);
    dut.set_learning(true);
    CHECK(ref.run(all.subspan(100)) == dut.run(all.subspan(100)));
    const auto m = compare_state(ref, dut, shape, 149);
    INFO(m.value_or("equal"));
    REQUIRE_FALSE(m.has_value());
  }
}

TEST_CASE("verilator target: build selection, counters, errors", "[rtl]") {
  OpenOptions o;
  o.shape = {13, 5, 8, 16};
  auto t = open_target("verilator", o);
  const auto info = t->info();
  CHECK(info.kind == "verilator");
  CHECK(info.shape == o.shape);
  CHECK(info.build_id.find("n37s11p4") != std::string::npos);  // the smallest build holding N=13, S=5

  t->program(random_image(o.shape, 3, RandomOptions{Regime::kBusy, 1, -1, -1}));
  const auto inputs = random_inputs(o.shape, 10, 0.5, 3);
  t->run(inputs);
  const auto c = t->counters();
  CHECK(c.steps == 10);
  CHECK(c.cycles > 10 * 13);  // at least one cycle per neuron and step

  o.shape = {16, 4, 16, 24};
  CHECK(open_target("verilator", o)->info().build_id.find("w16") != std::string::npos);
  o.shape = {100000 / 2, 4, 8, 16};
  CHECK_THROWS_WITH(open_target("verilator", o), Catch::Contains("no core build holds"));
  o.shape = {64, 64, 8, 16};
  CHECK_THROWS_WITH(open_target("verilator?config=n8s4p1", o), Catch::Contains("cannot hold"));
  CHECK_THROWS_WITH(open_target("verilator?config=nope", o), Catch::Contains("no core build 'nope'"));
  CHECK_THROWS_WITH(open_target("verilator?speed=1", o), Catch::Contains("unknown option"));
  auto u = open_target("verilator", o);
  CHECK_THROWS_AS(u->run(random_inputs(o.shape, 1, 0.5, 1)), std::logic_error);  // not programmed
}

TEST_CASE("verilator target: cycles scale with the active network size", "[rtl]") {
  // One build, two network sizes: the small network must take fewer cycles per step.
  std::uint64_t cycles[2] = {0, 0};
  const model::Shape shapes[2] = {{16, 8, 8, 16}, {64, 64, 8, 16}};
  for (int k = 0; k < 2; ++k) {
    auto t = open_build("n64s64p8", shapes[k]);
    t.program(random_image(shapes[k], 5, RandomOptions{Regime::kSilent, 0, -1, -1}));
    t.run(random_inputs(shapes[k], 20, 0.0, 5));
    cycles[k] = t.counters().cycles;
  }
  INFO("cycles: small " << cycles[0] << ", large " << cycles[1]);
  CHECK(cycles[0] * 2 < cycles[1]);
}

TEST_CASE("verilator target writes an FST waveform", "[rtl]") {
  const auto path = std::filesystem::temp_directory_path() / "spikeforge_test_rtl_trace.fst";
  std::filesystem::remove(path);
  {
    const model::Shape shape{8, 4, 8, 16};
    auto t = open_build("n8s4p1", shape, path.string());
    t.program(random_image(shape, 1));
    t.run(random_inputs(shape, 5, 0.5, 1));
  }
  REQUIRE(std::filesystem::exists(path));
  CHECK(std::filesystem::file_size(path) > 100);
  std::filesystem::remove(path);
}
