// spikeforge info [--target T] [--format text|json]: what a target is (identify).
#include <iostream>
#include <memory>
#include <string>

#include "spikeforge/target.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

void register_info(CLI::App& app) {
  auto* cmd = app.add_subcommand("info", "Identify a target: kind, N, S, P, widths, features, build");
  auto target = std::make_shared<std::string>("model");
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("-t,--target", *target, "Target URI (model, verilator, hls, tcp://HOST:PORT, serial://DEV?baud=B, ...)");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([target, format] {
    OpenOptions opts;
    auto t = open_target(*target, opts);
    const DeviceInfo d = t->info();
    if (*format == "json") {
      std::cout << "{\"kind\": \"" << d.kind << "\", \"neurons\": " << d.shape.neurons << ", \"inputs\": " << d.shape.inputs
                << ", \"weight_bits\": " << d.shape.weight_bits << ", \"state_bits\": " << d.shape.state_bits
                << ", \"lanes\": " << d.lanes << ", \"protocol_version\": " << d.protocol_version << ", \"build_id\": \""
                << d.build_id << "\", \"features\": [";
      for (std::size_t k = 0; k < d.features.size(); ++k) std::cout << (k ? ", " : "") << '"' << d.features[k] << '"';
      std::cout << "]}\n";
    } else {
      std::cout << "target:      " << *target << " (" << d.kind << ")\n"
                << "neurons N:   " << d.shape.neurons << "\ninputs S:    " << d.shape.inputs
                << "\nweights:     " << d.shape.weight_bits << "-bit signed\nstate:       " << d.shape.state_bits
                << "-bit signed\nlanes P:     " << d.lanes << "\nbuild:       " << d.build_id << "\nfeatures:   ";
      for (const auto& f : d.features) std::cout << ' ' << f;
      std::cout << '\n';
    }
  });
}

}  // namespace spikeforge::cli
