// spikeforge boards [--format text|json]: the board database (boards/*.yaml) with capacities.
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "spikeforge/boards.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

void register_boards(CLI::App& app) {
  auto* cmd = app.add_subcommand("boards", "List the supported boards: part, interface, clock, resources, default N/S/P");
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([format] {
    std::vector<boards::Board> all;
    try {
      all = boards::load_boards();
    } catch (const boards::BoardFileError& e) {
      throw CliError(kInvalidInput, e.what());
    } catch (const std::runtime_error& e) {
      throw CliError(kUnavailable, e.what());
    }
    if (*format == "json") {
      std::cout << boards::to_json(all);
      return;
    }
    std::cout << std::left << std::setw(14) << "board" << std::setw(24) << "part" << std::setw(10) << "iface"
              << std::setw(6) << "MHz" << std::right << std::setw(9) << "LUT" << std::setw(7) << "BRAM" << std::setw(6)
              << "URAM" << std::setw(7) << "DSP" << "  default N/S/P\n";
    for (const auto& b : all) {
      std::ostringstream iface, bram;
      for (std::size_t i = 0; i < b.interfaces.size(); ++i) iface << (i ? "+" : "") << b.interfaces[i];
      bram << b.resources.bram_blocks << (b.resources.bram_kbits == 36 ? "" : "*");
      std::cout << std::left << std::setw(14) << b.id << std::setw(24) << b.part << std::setw(10) << iface.str()
                << std::setw(6) << b.core_clock_mhz << std::right << std::setw(9) << b.resources.lut << std::setw(7)
                << bram.str() << std::setw(6) << b.resources.uram_blocks << std::setw(7) << b.resources.dsp << "  "
                << b.defaults.neurons << "/" << b.defaults.inputs << "/" << b.defaults.lanes << "\n";
    }
    std::cout << "BRAM: 36 Kbit blocks (* iCE40: 4 Kbit EBR); URAM: 288 Kbit. Details: --format json, docs/boards.md\n";
  });
}

}  // namespace spikeforge::cli
