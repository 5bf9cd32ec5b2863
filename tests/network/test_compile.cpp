// The compiler's output: numbering, quantisation and its report, CSV inputs, image round trip,
// fit_image, and the two examples run on the reference model.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <numeric>
#include <string>

#include "spikeforge/model/machine.hpp"
#include "spikeforge/network/network.hpp"

namespace fs = std::filesystem;
using namespace spikeforge;
using network::compile_file;
using network::compile_string;

namespace {

std::string example(const std::string& name) { return std::string(SPIKEFORGE_SOURCE_DIR) + "/examples/" + name; }

bool has_note(const network::Report& r, const std::string& severity, const std::string& field, const std::string& text) {
  for (const auto& n : r.notes) {
    if (n.severity == severity && n.field == field && n.message.find(text) != std::string::npos) return true;
  }
  return false;
}

// (step, neuron) of every spike of running the plan on the reference model.
std::vector<std::pair<std::uint32_t, std::uint32_t>> run_model(const model::Image& image, const network::Plan& plan,
                                                               model::Machine* keep = nullptr) {
  model::Machine m(image);
  m.set_learning(plan.learn);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (std::uint32_t t = 0; t < plan.steps; ++t) {
    for (auto j : m.step(plan.inputs[t])) out.emplace_back(t, j);
  }
  if (keep) *keep = m;
  return out;
}

}  // namespace

TEST_CASE("the voltage scale makes the largest weight full scale, and tiny weights are reported", "[network]") {
  const auto c = compile_string(R"(
populations:
  - {name: in, kind: input, size: 2}
  - {name: out, kind: lif, size: 1, v_rest: 0, v_reset: 0, v_th: 2}
connections:
  - {name: big, from: in, to: out, rule: list, entries: [[0, 0, 1.27], [1, 0, 0.004]]}
run: {steps: 1}
)",
                                "q.yaml", ".");
  CHECK(c.report.mv_per_lsb == Approx(0.01));
  CHECK_FALSE(c.report.scale_given);
  CHECK(c.image.w(0, 0) == 127);
  CHECK(c.image.w(1, 0) == 0);
  CHECK(c.image.neurons[0].v_th == 200);
  CHECK(has_note(c.report, "warning", "connections[0].weight", "1 of 2 weights of 'big' round to 0"));
  CHECK(c.report.warnings() == 1);
  CHECK(c.report.to_json().find("\"warnings\": 1") != std::string::npos);
  CHECK(c.report.to_text().find("round to 0") != std::string::npos);
}

TEST_CASE("voltages choose the scale when they need more range than the weights", "[network]") {
  const auto c = compile_string(R"(
populations:
  - {name: in, kind: input, size: 1}
  - {name: out, kind: lif, size: 1, v_rest: -70, v_reset: -70, v_th: -50}
connections:
  - {from: in, to: out, weight: 0.1}
run: {steps: 1}
)",
                                "v.yaml", ".");
  const double scale = 70.0 / (32767.0 / 2);
  CHECK(c.report.mv_per_lsb == Approx(scale));
  CHECK(c.image.neurons[0].v_th == std::lround(-50 / scale));
  CHECK(c.image.w(0, 0) == std::lround(0.1 / scale));
}

TEST_CASE("decay factors, infinite tau, refractory rounding and clipping are reported", "[network]") {
  const auto c = compile_string(R"(
device: {mv_per_lsb: 0.01}
populations:
  - {name: in, kind: input, size: 50}
  - {name: out, kind: lif, size: 1, tau_mem: .inf, tau_syn: 20 ms, v_rest: 0, v_reset: 0, v_th: 10, refractory: 2.5}
connections:
  - {from: in, to: out, weight: {normal: [1.0, 0.3]}, seed: 4}
run: {steps: 1}
)",
                                "d.yaml", ".");
  const auto& p = c.image.neurons[0];
  CHECK(p.a_mem == 65535);
  CHECK(has_note(c.report, "warning", "populations[1].tau_mem", "slowest representable"));
  CHECK(p.a_syn == std::lround(65536 * std::exp(-1.0 / 20)));
  CHECK(has_note(c.report, "info", "populations[1].tau_syn", "relative error"));
  CHECK(p.t_ref == 3);  // 2.5 steps, rounded half away from zero
  CHECK(has_note(c.report, "warning", "populations[1].refractory", "rounded"));
  // 1.0 mV +- 0.3 at 0.01 mV/LSB: about a third of 50 samples exceed 1.27 mV and are clipped.
  CHECK(has_note(c.report, "warning", "connections[0].weight", "were clipped to +-127"));
  int at_max = 0;
  for (std::uint32_t s = 0; s < 50; ++s) at_max += c.image.w(s, 0) == 127;
  CHECK(at_max > 5);
}

TEST_CASE("populations are numbered in order, and rows of neurons follow the input channels", "[network]") {
  const auto c = compile_string(R"(
populations:
  - {name: x, kind: input, size: 2}
  - {name: a, kind: lif, size: 2}
  - {name: y, kind: input, size: 1}
  - {name: b, kind: lif, size: 3}
connections:
  - {name: yb, from: y, to: b, rule: list, entries: [[0, 1, 1.0]]}
  - {name: ab, from: a, to: b, rule: list, entries: [[1, 0, -1.0]]}
  - {name: bb, from: b, to: b, rule: all_to_all, weight: 0.5, self_connections: exclude}
run: {steps: 1}
)",
                                "n.yaml", ".");
  const auto& pl = c.plan;
  REQUIRE(pl.populations.size() == 4);
  CHECK(pl.populations[2].first == 2);  // y: channel 2
  CHECK(pl.populations[3].first == 2);  // b: neurons 2..4
  CHECK(c.image.shape.neurons == 5);
  CHECK(c.image.shape.inputs == 3);
  CHECK(c.image.w(2, 3) == 127);   // y[0] -> b[1]
  CHECK(c.image.w(3 + 1, 2) == -127);  // a[1] = row S + 1 -> b[0]
  CHECK(c.image.w(3 + 2, 2) == 0);     // b[0] -> b[0] excluded
  CHECK(c.image.w(3 + 2, 3) != 0);     // b[0] -> b[1]
  CHECK(pl.connections[2].synapses.size() == 6);
  CHECK(pl.neuron_owner(3) == std::pair<std::size_t, std::uint32_t>{3, 1});
  CHECK(pl.source_owner(2, c.image.shape) == std::pair<std::size_t, std::uint32_t>{2, 0});
  CHECK(pl.source_owner(4, c.image.shape) == std::pair<std::size_t, std::uint32_t>{1, 1});
}

TEST_CASE("CSV weight matrices and CSV input spike files", "[network]") {
  const auto c = compile_file(std::string(SPIKEFORGE_SOURCE_DIR) + "/tests/network/data/csv_net.yaml");
  // b is neurons 1..2; 0.25 mV per LSB
  CHECK(c.image.w(0, 1) == 4);
  CHECK(c.image.w(0, 2) == 0);
  CHECK(c.image.w(1, 2) == -8);
  CHECK(c.image.w(2, 1) == 2);
  CHECK(c.image.w(2, 2) == 1);
  CHECK(c.image.w(0, 0) == 0);
  const auto& in = c.plan.inputs;
  REQUIRE(in.size() == 8);
  CHECK(in[0] == SpikeList{0});
  CHECK(in[2] == SpikeList{2});
  CHECK(in[3] == SpikeList{1});
  CHECK(in[7] == SpikeList{0});
  CHECK(in[1].empty());
}

TEST_CASE("compile -> image file -> load is the same image", "[network]") {
  const auto c = compile_file(example("stdp_pattern.yaml"));
  const auto path = fs::temp_directory_path() / "spikeforge_test_network_roundtrip.sfimg";
  model::save_image(path.string(), c.image);
  CHECK(model::load_image(path.string()) == c.image);
  fs::remove(path);
  // and compiling is deterministic
  const auto again = compile_file(example("stdp_pattern.yaml"));
  CHECK(again.image == c.image);
  CHECK(again.plan.inputs == c.plan.inputs);
}

TEST_CASE("fit_image pads into a larger device without changing the result", "[network]") {
  const auto c = compile_file(example("hand_check.yaml"));
  model::Shape big = c.image.shape;
  big.neurons += 6;
  big.inputs += 3;
  const auto padded = network::fit_image(c.image, big);
  CHECK(padded.shape == big);
  CHECK(padded.neurons[7].v_th == 32767);
  CHECK(network::unfit_image(padded, c.image.shape) == c.image);
  // neuron 0 -> neuron 1 synapse: row S+0 moves to row S'+0
  CHECK(padded.w(big.inputs + 0, 1) == c.image.w(c.image.shape.inputs + 0, 1));
  CHECK(network::fitted_source(c.image.shape, big, c.image.shape.inputs) == big.inputs);
  CHECK(run_model(padded, c.plan) == run_model(c.image, c.plan));

  model::Shape small = c.image.shape;
  small.neurons = 1;
  CHECK_THROWS_AS(network::fit_image(c.image, small), std::invalid_argument);
  model::Shape wide = big;
  wide.weight_bits = 16;
  wide.state_bits = 24;
  CHECK_THROWS_AS(network::fit_image(c.image, wide), std::invalid_argument);
}

TEST_CASE("device: neurons/inputs larger than needed give a padded image with silent neurons", "[network]") {
  const auto c = compile_string(R"(
device: {neurons: 4, inputs: 3}
populations:
  - {name: in, kind: input, size: 1}
  - {name: out, kind: lif, size: 1, bias: 20}
run: {steps: 5}
)",
                                "p.yaml", ".");
  CHECK(c.image.shape.neurons == 4);
  CHECK(c.image.shape.inputs == 3);
  for (const auto& [t, j] : run_model(c.image, c.plan)) CHECK(j == 0);
}

TEST_CASE("examples/hand_check.yaml spikes exactly as computed by hand in its comments", "[network]") {
  const auto c = compile_file(example("hand_check.yaml"));
  using P = std::pair<std::uint32_t, std::uint32_t>;
  CHECK(run_model(c.image, c.plan) == std::vector<P>{{2, 0}, {6, 0}, {7, 1}, {10, 0}});
}

TEST_CASE("examples/stdp_pattern.yaml: weights from the pattern channels end above the noise channels", "[network]") {
  const auto c = compile_file(example("stdp_pattern.yaml"));
  REQUIRE(c.plan.learn);
  model::Machine m(c.image);
  const auto spikes = run_model(c.image, c.plan, &m);
  CHECK(spikes.size() > 50);
  double pattern = 0, noise = 0, pattern0 = 0, noise0 = 0;
  for (std::uint32_t s = 0; s < 10; ++s) {
    pattern += m.weight(s, 0) / 10.0;
    noise += m.weight(s + 10, 0) / 10.0;
    pattern0 += c.image.w(s, 0) / 10.0;
    noise0 += c.image.w(s + 10, 0) / 10.0;
  }
  INFO("pattern " << pattern << " noise " << noise << " (initially " << pattern0 << ", " << noise0 << ")");
  CHECK(std::abs(pattern0 - noise0) < 10);
  CHECK(pattern > noise + 30);

  // With learning off nothing changes.
  network::CompileOptions off;
  off.learn = false;
  const auto c2 = compile_file(example("stdp_pattern.yaml"), off);
  model::Machine m2(c2.image);
  (void)run_model(c2.image, c2.plan, &m2);
  CHECK(m2.weights() == c2.image.weights);
}
