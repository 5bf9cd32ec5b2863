// spikeforge validate NET.yaml [--json]: check a network and show what compiling it would quantise.
#include <iostream>
#include <memory>
#include <string>

#include "spikeforge/network/network.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

void register_validate(CLI::App& app) {
  auto* cmd = app.add_subcommand("validate", "Check a YAML network and print the quantisation report");
  auto net = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("network", *net, "The network (YAML, docs/yaml.md)")->required();
  cmd->add_flag("--json", *json, "Print the report as JSON");
  cmd->callback([net, json] {
    const auto c = network::compile_file(*net);
    if (*json) {
      std::cout << c.report.to_json() << "\n";
      return;
    }
    std::size_t lif = 0, inputs = 0;
    for (const auto& p : c.plan.populations) (p.input ? inputs : lif) += 1;
    std::cout << *net << ": OK: network '" << c.plan.name << "', " << lif << " neuron population(s), " << inputs
              << " input population(s), " << c.plan.connections.size() << " connection(s), " << c.plan.steps
              << " steps of " << c.plan.dt_ms << " ms, learning " << (c.plan.learn ? "on" : "off") << "\n"
              << c.report.to_text();
  });
}

}  // namespace spikeforge::cli
