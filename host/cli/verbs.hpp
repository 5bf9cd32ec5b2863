// Each CLI verb lives in its own file (host/cli/verb_<name>.cpp) and registers itself on the app.
// main.cpp calls every register_* below; adding a verb is one line here and one there.
#pragma once

#include <CLI/CLI.hpp>

namespace spikeforge::cli {

// Documented exit codes (docs/cli.md).
enum Exit : int {
  kOk = 0,
  kFailure = 1,       // the operation failed (I/O, device error, mismatch)
  kUsage = 2,         // bad command line
  kInvalidInput = 3,  // the network / image / file given is invalid (message names file:line:column)
  kUnavailable = 4,   // target or tool not available in this build or on this machine
  kDevice = 5,        // device did not answer, or answered with an error / unexpected identity
};

// Thrown by verbs to exit with a specific code and message.
struct CliError : std::runtime_error {
  CliError(Exit c, const std::string& what) : std::runtime_error(what), code(c) {}
  Exit code;
};

void register_info(CLI::App& app);
void register_validate(CLI::App& app);
void register_compile(CLI::App& app);
void register_run(CLI::App& app);
void register_boards(CLI::App& app);
void register_build(CLI::App& app);
void register_flash(CLI::App& app);
void register_sim_server(CLI::App& app);
void register_fit(CLI::App& app);
void register_program(CLI::App& app);
void register_read_weights(CLI::App& app);
void register_probe(CLI::App& app);
void register_reset(CLI::App& app);
// VERB-DECLARATIONS (keep this marker: helpers add one line above it)

}  // namespace spikeforge::cli
