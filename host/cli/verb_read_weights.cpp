// spikeforge read-weights -t URI [--first-row R --rows K] [--nonzero] [--format csv|json]: the
// device's current weights and plasticity bits (after learning), by source row.
#include <iostream>
#include <memory>

#include "spikeforge/network/network.hpp"
#include "spikeforge/protocol/device_target.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

void register_read_weights(CLI::App& app) {
  auto* cmd = app.add_subcommand("read-weights", "Read weights and plasticity bits of a programmed device by source rows");
  auto target = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("csv");
  auto first = std::make_shared<std::uint32_t>(0);
  auto rows = std::make_shared<std::uint32_t>(0);
  auto nonzero = std::make_shared<bool>(false);
  cmd->add_option("-t,--target", *target, "Device URI (tcp://HOST:PORT, serial://DEV?baud=B, uio:///dev/uioN)")->required();
  cmd->add_option("--first-row", *first, "First source row (inputs 0..S-1, then neuron j as row S+j)");
  cmd->add_option("--rows", *rows, "Rows to read (default: all from --first-row)");
  cmd->add_flag("--nonzero", *nonzero, "Only list synapses with a non-zero weight or a plasticity bit");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"csv", "json"}));
  cmd->callback([=] {
    try {
      OpenOptions opts;
      auto opened = open_target(*target, opts);
      auto* t = dynamic_cast<DeviceTarget*>(opened.get());
      if (!t) throw CliError(kUsage, "read-weights needs a device target (tcp://, serial://, uio://)");
      const auto shape = t->info().shape;
      if (*first >= shape.sources()) throw CliError(kUsage, "--first-row is past the last source row");
      const std::uint32_t n = *rows ? *rows : shape.sources() - *first;
      std::vector<std::int16_t> w;
      std::vector<std::uint8_t> p;
      t->read_synapse_rows(*first, n, w, p);
      const bool json = *format == "json";
      std::cout << (json ? "[" : "source,target,weight,plastic\n");
      bool any = false;
      for (std::size_t a = 0; a < w.size(); ++a) {
        if (*nonzero && w[a] == 0 && !p[a]) continue;
        const std::size_t s = *first + a / shape.neurons, j = a % shape.neurons;
        if (json) {
          std::cout << (any ? ",\n " : "") << "{\"source\": " << s << ", \"target\": " << j << ", \"weight\": " << w[a]
                    << ", \"plastic\": " << int(p[a]) << "}";
        } else {
          std::cout << s << ',' << j << ',' << w[a] << ',' << int(p[a]) << '\n';
        }
        any = true;
      }
      if (json) std::cout << "]\n";
    } catch (const protocol::DeviceError& e) {
      throw CliError(kDevice, e.what());
    } catch (const transport::TransportError& e) {
      throw CliError(kDevice, e.what());
    }
  });
}

}  // namespace spikeforge::cli
