// spikeforge flash --board B FILE [--method jtag|fpga-manager|xrt] [--device BDF] [--dry-run]:
// load a bitstream with the board's tool (openFPGALoader, fpgautil, xbutil).
#include <iostream>
#include <memory>
#include <string>

#include "spikeforge/boards.hpp"
#include "board_arg.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

namespace {
struct FlashArgs {
  std::string board, file, method, device;
  bool dry_run = false;
};
}  // namespace

void register_flash(CLI::App& app) {
  auto* cmd = app.add_subcommand("flash", "Load a bitstream onto a board (openFPGALoader, fpgautil or xbutil)");
  auto a = std::make_shared<FlashArgs>();
  cmd->add_option("-b,--board", a->board, "Board id (spikeforge boards)")->required();
  cmd->add_option("file", a->file, "Bitstream: .bit (JTAG), .bit/.bin (Zynq fpga_manager), .xclbin (Alveo)")->required();
  cmd->add_option("--method", a->method, "How to load it (default: xrt for Alveo, fpga-manager on a Zynq's own Linux, else jtag)")
      ->check(CLI::IsMember({"jtag", "fpga-manager", "xrt"}));
  cmd->add_option("--device", a->device, "Alveo card's PCIe BDF, e.g. 0000:65:00.1");
  cmd->add_flag("--dry-run", a->dry_run, "Print the command instead of running it");
  cmd->callback([a] {
    const boards::Board board = board_from_cli(a->board);
    const boards::Board* b = &board;
    boards::FlashPlan plan;
    try {
      plan = boards::plan_flash(*b, {a->file, a->method, a->device, std::nullopt});
    } catch (const boards::FlashError& e) {
      throw CliError(kInvalidInput, e.what());
    }
    const std::string line = boards::shell_join(plan.argv);
    if (a->dry_run) {
      std::cout << line << "\n# " << plan.method << ": " << plan.note << "\n";
      return;
    }
    if (!boards::find_tool(plan.argv[0], boards::current_path()))
      throw CliError(kUnavailable, plan.argv[0] + " not found on PATH; the command would be:\n  " + line +
                                       "\n(install it, or run the command where it is installed)");
    std::cout << "running: " << line << std::endl;
    if (const int rc = boards::run_command(plan.argv); rc != 0)
      throw CliError(kFailure, plan.argv[0] + " failed with exit status " + std::to_string(rc));
  });
}

}  // namespace spikeforge::cli
