// spikeforge probe -t URI [--first J --count K] [--traces] [--format csv|json]: read the dynamic
// state of neurons (v, I, ref, y) and optionally the pre traces, without changing anything.
#include <iostream>
#include <memory>

#include "spikeforge/network/network.hpp"
#include "spikeforge/protocol/device_target.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

void register_probe(CLI::App& app) {
  auto* cmd = app.add_subcommand("probe", "Read neuron state (v, I, ref, y) and pre traces of a programmed device");
  auto target = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("csv");
  auto first = std::make_shared<std::uint32_t>(0);
  auto count = std::make_shared<std::uint32_t>(0);
  auto traces = std::make_shared<bool>(false);
  cmd->add_option("-t,--target", *target, "Device URI (tcp://HOST:PORT, serial://DEV?baud=B, uio:///dev/uioN)")->required();
  cmd->add_option("--first", *first, "First neuron");
  cmd->add_option("--count", *count, "Neurons to read (default: all from --first)");
  cmd->add_flag("--traces", *traces, "Also read the pre traces x of all sources");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"csv", "json"}));
  cmd->callback([=] {
    try {
      OpenOptions opts;
      auto t = open_target(*target, opts);
      const auto shape = t->info().shape;
      if (*first >= shape.neurons) throw CliError(kUsage, "--first " + std::to_string(*first) + " >= N = " + std::to_string(shape.neurons));
      const std::uint32_t n = *count ? *count : shape.neurons - *first;
      const auto st = t->read_neurons(*first, n);
      std::vector<std::uint32_t> x;
      if (*traces) x = t->read_pre_traces(0, shape.sources());
      if (*format == "json") {
        std::cout << "{\"target\": " << network::json_quote(*target) << ", \"neurons\": [";
        for (std::uint32_t k = 0; k < n; ++k) {
          std::cout << (k ? ", " : "") << "{\"neuron\": " << *first + k << ", \"v\": " << st[k].v << ", \"i\": " << st[k].i
                    << ", \"ref\": " << st[k].ref << ", \"y\": " << st[k].y << "}";
        }
        std::cout << "], \"pre_traces\": [";
        for (std::size_t s = 0; s < x.size(); ++s) std::cout << (s ? ", " : "") << x[s];
        std::cout << "]}\n";
      } else {
        std::cout << "neuron,v,i,ref,y\n";
        for (std::uint32_t k = 0; k < n; ++k) {
          std::cout << *first + k << ',' << st[k].v << ',' << st[k].i << ',' << st[k].ref << ',' << st[k].y << '\n';
        }
        if (!x.empty()) {
          std::cout << "\nsource,x\n";
          for (std::size_t s = 0; s < x.size(); ++s) std::cout << s << ',' << x[s] << '\n';
        }
      }
    } catch (const protocol::DeviceError& e) {
      throw CliError(kDevice, e.what());
    } catch (const transport::TransportError& e) {
      throw CliError(kDevice, e.what());
    }
  });
}

}  // namespace spikeforge::cli
