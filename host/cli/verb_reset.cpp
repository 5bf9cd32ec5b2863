// spikeforge reset -t URI [--format text|json]: reset a device's dynamic state (docs/model.md §3);
// weights and parameters stay. Prints the device's counters.
#include <iostream>
#include <memory>

#include "spikeforge/network/network.hpp"
#include "spikeforge/protocol/device_target.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

void print_counters(const std::string& target, const Counters& c, const std::string& format) {
  if (format == "json") {
    std::cout << "{\"target\": " << network::json_quote(target) << ", \"steps\": " << c.steps << ", \"cycles\": " << c.cycles
              << ", \"stall_cycles\": " << c.stall_cycles << ", \"crc_errors\": " << c.crc_errors
              << ", \"frame_errors\": " << c.frame_errors << ", \"dropped_spikes\": " << c.dropped_spikes
              << ", \"retries\": " << c.retries << "}\n";
  } else {
    std::cout << "steps " << c.steps << ", cycles " << c.cycles << ", stall cycles " << c.stall_cycles << ", CRC errors "
              << c.crc_errors << ", frame errors " << c.frame_errors << ", dropped spikes " << c.dropped_spikes
              << ", retries " << c.retries << "\n";
  }
}

void register_reset(CLI::App& app) {
  auto* cmd = app.add_subcommand("reset", "Reset a device's dynamic state (v, I, refractory, traces); print its counters");
  auto target = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("-t,--target", *target, "Device URI (tcp://HOST:PORT, serial://DEV?baud=B, uio:///dev/uioN)")->required();
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([=] {
    try {
      OpenOptions opts;
      auto t = open_target(*target, opts);
      t->reset_state();
      print_counters(*target, t->counters(), *format);
    } catch (const protocol::DeviceError& e) {
      throw CliError(kDevice, e.what());
    } catch (const transport::TransportError& e) {
      throw CliError(kDevice, e.what());
    }
  });
}

}  // namespace spikeforge::cli
