// spikeforge: the host CLI. Verbs are in verb_*.cpp; this file only wires them and maps errors
// to the documented exit codes.
#include <iostream>
#include <stdexcept>

#include "verbs.hpp"

int main(int argc, char** argv) {
  using namespace spikeforge::cli;
  CLI::App app{"spikeforge " SPIKEFORGE_VERSION ": FPGA neuromorphic emulator toolchain"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("spikeforge ") + SPIKEFORGE_VERSION);
  register_info(app);
  register_validate(app);
  register_compile(app);
  register_run(app);
  register_boards(app);
  register_build(app);
  register_flash(app);
  register_sim_server(app);
  register_fit(app);
  register_program(app);
  register_read_weights(app);
  register_probe(app);
  register_reset(app);
  // VERB-REGISTRATIONS (keep this marker: helpers add one line above it)
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kOk : kUsage;
  } catch (const CliError& e) {
    std::cerr << "spikeforge: " << e.what() << "\n";
    return e.code;
  } catch (const std::invalid_argument& e) {
    std::cerr << "spikeforge: " << e.what() << "\n";
    return kInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "spikeforge: error: " << e.what() << "\n";
    return kFailure;
  }
  return kOk;
}
