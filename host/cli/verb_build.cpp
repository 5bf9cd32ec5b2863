// spikeforge build --board B [--neurons N] [--inputs S] [--lanes P] [--interface I] [--out DIR]
// [--dry-run]: build the board's bitstream (Vivado non-project batch flow, v++ for Alveo, the open
// iCE40 flow for the iCEBreaker). Without the tools it prints the exact commands and exits 4.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "spikeforge/boards.hpp"
#include "board_arg.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

namespace {
struct BuildArgs {
  std::string board, interface, out;
  std::optional<std::uint32_t> neurons, inputs, lanes;
  bool dry_run = false;
};
}  // namespace

void register_build(CLI::App& app) {
  auto* cmd = app.add_subcommand("build", "Build a board's bitstream (Vivado batch flow, v++ for Alveo, open flow for iCE40)");
  auto a = std::make_shared<BuildArgs>();
  cmd->add_option("-b,--board", a->board, "Board id (spikeforge boards)")->required();
  cmd->add_option("--neurons", a->neurons, "N (default: the board's)");
  cmd->add_option("--inputs", a->inputs, "S input channels (default: the board's)");
  cmd->add_option("--lanes", a->lanes, "P synapse lanes (default: the board's)");
  cmd->add_option("--interface", a->interface, "Host interface top (uart, axi, xrt; default: the board's)");
  cmd->add_option("--out", a->out, "Output directory (default: build/boards/<board>)");
  cmd->add_flag("--dry-run", a->dry_run, "Print the commands instead of running them");
  cmd->callback([a] {
    const boards::Board board = board_from_cli(a->board);
    const boards::Board* b = &board;
    boards::BuildPlan plan;
    try {
      plan = boards::plan_build(*b, {a->neurons, a->inputs, a->lanes, a->interface, a->out}, boards::data_root());
    } catch (const std::invalid_argument& e) {
      throw CliError(kUsage, e.what());
    }
    std::cout << "board " << b->id << " (" << b->part << "): top " << plan.top << ", N=" << plan.neurons
              << " S=" << plan.inputs << " P=" << plan.lanes << " WB=" << plan.weight_bits << " VB=" << plan.state_bits
              << "\n";
    std::string missing;
    for (const auto& s : plan.steps)
      if (!boards::find_tool(s.argv[0], boards::current_path()) && missing.find(s.argv[0]) == std::string::npos)
        missing += (missing.empty() ? "" : ", ") + s.argv[0];
    if (a->dry_run || !missing.empty()) {
      for (const auto& s : plan.steps) std::cout << "# " << s.what << "\n" << boards::shell_join(s.argv) << "\n";
      std::cout << "# product: " << plan.product << "\n";
      if (a->dry_run) return;
      throw CliError(kUnavailable, "not on PATH: " + missing +
                                       (b->family == "ice40" ? "" : " (AMD Vivado / Vitis; source settings64.sh first)") +
                                       "; the commands above are what would run");
    }
    std::filesystem::create_directories(plan.out_dir);
    for (const auto& s : plan.steps) {
      std::cout << "# " << s.what << "\n" << boards::shell_join(s.argv) << std::endl;
      if (const int rc = boards::run_command(s.argv); rc != 0)
        throw CliError(kFailure, s.argv[0] + " failed with exit status " + std::to_string(rc) + " (logs in " + plan.out_dir + ")");
    }
    std::cout << "built " << plan.product << "\n";
  });
}

}  // namespace spikeforge::cli
