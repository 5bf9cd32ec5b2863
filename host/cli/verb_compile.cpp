// spikeforge compile NET.yaml -o IMAGE [--report-json F]: YAML network -> device image file.
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "spikeforge/model/image.hpp"
#include "spikeforge/network/network.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

void register_compile(CLI::App& app) {
  auto* cmd = app.add_subcommand("compile", "Compile a YAML network into a device image (docs/image.md)");
  auto net = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto report = std::make_shared<std::string>();
  cmd->add_option("network", *net, "The network (YAML, docs/yaml.md)")->required();
  cmd->add_option("-o,--output", *out, "Image file to write")->required();
  cmd->add_option("--report-json", *report, "Also write the quantisation report as JSON to this file");
  cmd->callback([net, out, report] {
    const auto c = network::compile_file(*net);
    try {
      model::save_image(*out, c.image);
    } catch (const std::exception& e) {
      throw CliError(kFailure, "cannot write image '" + *out + "': " + e.what());
    }
    if (!report->empty()) {
      std::ofstream f(*report);
      f << c.report.to_json() << "\n";
      if (!f) throw CliError(kFailure, "cannot write '" + *report + "'");
    }
    std::cout << c.report.to_text() << "wrote " << *out << "\n";
  });
}

}  // namespace spikeforge::cli
