// spikeforge program IMAGE -t URI [--verify] [--format text|json]: load a compiled image into a
// target (padded into a larger device with fit_image) and optionally read it back.
#include <chrono>
#include <iostream>
#include <memory>

#include "spikeforge/model/image.hpp"
#include "spikeforge/network/network.hpp"
#include "spikeforge/protocol/device_target.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

void register_program(CLI::App& app) {
  auto* cmd = app.add_subcommand("program", "Program a compiled image (spikeforge compile) into a target");
  auto image_path = std::make_shared<std::string>();
  auto target = std::make_shared<std::string>("model");
  auto format = std::make_shared<std::string>("text");
  auto verify = std::make_shared<bool>(false);
  cmd->add_option("image", *image_path, "Image file (.sfimg)")->required();
  cmd->add_option("-t,--target", *target, "Target URI (tcp://HOST:PORT, serial://DEV?baud=B, uio:///dev/uioN, model, ...)");
  cmd->add_flag("--verify", *verify, "Read parameters, STDP configuration and every synapse back and compare");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([=] {
    const model::Image image = model::load_image(*image_path);
    try {
      OpenOptions opts;
      opts.shape = image.shape;
      auto t = open_target(*target, opts);
      const auto dev = t->info().shape;
      const model::Image fitted = dev == image.shape ? image : network::fit_image(image, dev);
      const auto start = std::chrono::steady_clock::now();
      t->program(fitted);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::string verified = "not checked";
      if (*verify) {
        auto* d = dynamic_cast<DeviceTarget*>(t.get());
        if (!d) {
          verified = "not supported by this target";
        } else {
          const auto diff = d->verify(fitted);
          if (!diff.empty()) throw CliError(kDevice, "verification failed on " + *target + ": " + diff);
          verified = "equal";
        }
      }
      const auto c = t->counters();
      const std::size_t synapses = fitted.weights.size();
      if (*format == "json") {
        std::cout << "{\"target\": " << network::json_quote(*target) << ", \"image\": " << network::json_quote(*image_path)
                  << ", \"neurons\": " << dev.neurons << ", \"inputs\": " << dev.inputs << ", \"synapses\": " << synapses
                  << ", \"seconds\": " << seconds << ", \"verify\": " << network::json_quote(verified)
                  << ", \"retries\": " << c.retries << ", \"crc_errors\": " << c.crc_errors << "}\n";
      } else {
        std::cout << "programmed " << *image_path << " into " << *target << " (N=" << dev.neurons << ", S=" << dev.inputs
                  << ", " << synapses << " synapses) in " << seconds << " s; verify: " << verified
                  << "; retries: " << c.retries << "\n";
      }
    } catch (const protocol::DeviceError& e) {
      throw CliError(kDevice, e.what());
    } catch (const transport::TransportError& e) {
      throw CliError(kDevice, e.what());
    }
  });
}

}  // namespace spikeforge::cli
