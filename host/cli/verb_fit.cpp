// spikeforge fit NET.yaml --board B [--neurons N] [--inputs S] [--lanes P] [--steps K]
// [--format text|json]: does the network fit the board's build, does that build fit the board's
// memories and logic, and how many cycles / microseconds a step takes at the board's clock
// (analytic cycle model, spikeforge/cycle_model.hpp, with the activity of a reference-model run).
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "spikeforge/boards.hpp"
#include "spikeforge/cycle_model.hpp"
#include "spikeforge/model/machine.hpp"
#include "spikeforge/network/network.hpp"
#include "board_arg.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

namespace {
struct FitArgs {
  std::string net, board, format = "text";
  std::optional<std::uint32_t> neurons, inputs, lanes, steps;
};

struct Activity {
  std::uint64_t steps = 0, arrivals = 0, posts = 0;
  std::uint64_t cycles_total = 0, cycles_max = 0, ideal_total = 0;
};

// Runs the reference model on the plan's inputs and prices every step with the cycle model.
Activity measure(const network::Compiled& c, std::uint32_t lanes, std::uint64_t steps) {
  model::Machine m(c.image);
  const bool learn = c.plan.learn;
  m.set_learning(learn);
  Activity a;
  std::uint64_t prev_fired = 0;
  const auto n = c.image.shape.neurons, s = c.image.shape.inputs;
  for (std::uint64_t t = 0; t < steps; ++t) {
    const SpikeList none;
    const SpikeList& in = t < c.plan.inputs.size() ? c.plan.inputs[t] : none;
    const auto& fired = m.step(in);
    const std::uint64_t arrivals = in.size() + prev_fired, posts = fired.size();
    const std::uint64_t cyc = cycles_per_step(n, s, lanes, arrivals, posts, learn);
    a.cycles_total += cyc;
    a.cycles_max = std::max(a.cycles_max, cyc);
    a.ideal_total += ideal_cycles_per_step(n, s, lanes, arrivals, posts, learn);
    a.arrivals += arrivals;
    a.posts += posts;
    prev_fired = posts;
    ++a.steps;
  }
  return a;
}
}  // namespace

void register_fit(CLI::App& app) {
  auto* cmd = app.add_subcommand("fit", "Does a network fit a board, and how fast is a step there");
  auto a = std::make_shared<FitArgs>();
  cmd->add_option("network", a->net, "Network YAML")->required();
  cmd->add_option("-b,--board", a->board, "Board id (spikeforge boards)")->required();
  cmd->add_option("--neurons", a->neurons, "Build N (default: the board's)");
  cmd->add_option("--inputs", a->inputs, "Build S (default: the board's)");
  cmd->add_option("--lanes", a->lanes, "Build P (default: the board's)");
  cmd->add_option("--steps", a->steps, "Steps of the reference-model run that measures activity (default: the plan's, at most 1000)");
  cmd->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([a] {
    const boards::Board board = board_from_cli(a->board);
    const boards::Board* b = &board;
    const auto c = network::compile_file(a->net);  // NetworkError -> exit 3 in main
    const auto& shape = c.image.shape;
    const std::uint32_t bn = a->neurons.value_or(b->defaults.neurons), bs = a->inputs.value_or(b->defaults.inputs),
                        bp = a->lanes.value_or(b->defaults.lanes);
    if (bp == 0 || (bp & (bp - 1)) != 0) throw CliError(kUsage, "--lanes must be a power of two");
    const auto fit = boards::fit_build(*b, bn, bs, bp, shape.weight_bits, shape.state_bits);

    std::vector<std::string> reasons;
    if (shape.neurons > bn)
      reasons.push_back("neurons: the network has " + std::to_string(shape.neurons) + ", the build " + std::to_string(bn));
    if (shape.inputs > bs)
      reasons.push_back("inputs: the network has " + std::to_string(shape.inputs) + ", the build " + std::to_string(bs));
    if (shape.weight_bits != b->defaults.weight_bits || shape.state_bits != b->defaults.state_bits)
      reasons.push_back("widths: the network is WB=" + std::to_string(shape.weight_bits) + "/VB=" +
                        std::to_string(shape.state_bits) + ", the board's build WB=" +
                        std::to_string(b->defaults.weight_bits) + "/VB=" + std::to_string(b->defaults.state_bits));
    for (const auto& r : fit.reasons) reasons.push_back("the build does not fit the " + b->part + ": " + r);
    const bool fits = reasons.empty();

    const std::uint64_t steps = a->steps.value_or(std::min<std::uint64_t>(std::max<std::uint64_t>(c.plan.steps, 1), 1000));
    const Activity act = measure(c, bp, steps);
    const double mean_cycles = static_cast<double>(act.cycles_total) / static_cast<double>(act.steps);
    const double us = mean_cycles / b->core_clock_mhz;
    const double us_max = static_cast<double>(act.cycles_max) / b->core_clock_mhz;
    const double realtime = c.plan.dt_ms * 1000.0 / us;

    if (a->format == "json") {
      std::cout << std::setprecision(6) << "{\"network\": " << network::json_quote(c.plan.name)
                << ", \"board\": " << network::json_quote(b->id) << ", \"fits\": " << (fits ? "true" : "false")
                << ", \"reasons\": [";
      for (std::size_t i = 0; i < reasons.size(); ++i) std::cout << (i ? ", " : "") << network::json_quote(reasons[i]);
      std::cout << "], \"network_shape\": {\"neurons\": " << shape.neurons << ", \"inputs\": " << shape.inputs
                << ", \"weight_bits\": " << shape.weight_bits << ", \"state_bits\": " << shape.state_bits
                << "}, \"build\": {\"neurons\": " << bn << ", \"inputs\": " << bs << ", \"lanes\": " << bp
                << "}, \"memories\": [";
      for (std::size_t i = 0; i < fit.memories.size(); ++i) {
        const auto& m = fit.memories[i];
        std::cout << (i ? ", " : "") << "{\"what\": " << network::json_quote(m.what) << ", \"bits\": " << m.bits
                  << ", \"resource\": \"" << m.resource << "\", \"blocks\": " << m.blocks << "}";
      }
      std::cout << "], \"bram_used\": " << fit.bram_used << ", \"bram_available\": " << b->resources.bram_blocks
                << ", \"uram_used\": " << fit.uram_used << ", \"uram_available\": " << b->resources.uram_blocks
                << ", \"lut_estimate\": " << fit.logic.luts << ", \"lut_available\": " << b->resources.lut
                << ", \"clock_mhz\": " << b->core_clock_mhz << ", \"steps_measured\": " << act.steps
                << ", \"mean_arrivals\": " << static_cast<double>(act.arrivals) / static_cast<double>(act.steps)
                << ", \"mean_posts\": " << static_cast<double>(act.posts) / static_cast<double>(act.steps)
                << ", \"cycles_per_step_mean\": " << mean_cycles << ", \"cycles_per_step_max\": " << act.cycles_max
                << ", \"us_per_step_mean\": " << us << ", \"us_per_step_max\": " << us_max
                << ", \"realtime_factor\": " << realtime << "}\n";
    } else {
      std::cout << c.plan.name << " on " << b->name << " (" << b->part << "): " << (fits ? "FITS" : "DOES NOT FIT") << "\n";
      for (const auto& r : reasons) std::cout << "  - " << r << "\n";
      std::cout << "network N=" << shape.neurons << " S=" << shape.inputs << " WB=" << shape.weight_bits
                << " VB=" << shape.state_bits << "; build N=" << bn << " S=" << bs << " P=" << bp << "\n";
      for (const auto& m : fit.memories)
        std::cout << "  " << std::left << std::setw(60) << m.what << std::right << std::setw(12) << m.bits << " bits  "
                  << std::setw(5) << m.blocks << " " << m.resource << "\n";
      std::cout << "  block RAM " << fit.bram_used << "/" << b->resources.bram_blocks << ", UltraRAM " << fit.uram_used
                << "/" << b->resources.uram_blocks << (b->family == "ice40" ? ", logic cells ~" : ", LUT ~")
                << fit.logic.luts << "/" << b->resources.lut << " (estimate, whole device)\n"
                << std::fixed << std::setprecision(2) << "activity over " << act.steps << " model steps: "
                << static_cast<double>(act.arrivals) / static_cast<double>(act.steps) << " arrivals, "
                << static_cast<double>(act.posts) / static_cast<double>(act.steps) << " posts per step\n"
                << "cycles per step: mean " << mean_cycles << ", max " << act.cycles_max << " (ideal mean "
                << static_cast<double>(act.ideal_total) / static_cast<double>(act.steps) << ")\n"
                << "at " << b->core_clock_mhz << " MHz: " << us << " us per step (max " << us_max << "), "
                << realtime << "x real time at dt = " << c.plan.dt_ms << " ms\n";
    }
    if (!fits) throw CliError(kFailure, "the network does not fit the " + b->id + " build");
  });
}

}  // namespace spikeforge::cli
