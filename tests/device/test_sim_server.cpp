// The board twin end to end: `spikeforge sim-server` in a child process, the host's device target
// talking to it over TCP and over a pseudo-terminal (libserialport), results equal to the model.
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "spikeforge/model_target.hpp"
#include "spikeforge/sim/device_model.hpp"
#include "spikeforge/target.hpp"
#include "spikeforge/testing/harness.hpp"

extern char** environ;

using namespace spikeforge;

namespace {

// Starts the server, reads its first stdout line ("spikeforge sim-server: URI (...)").
class Server {
 public:
  explicit Server(std::vector<std::string> args) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    const std::string exe = std::string(SPIKEFORGE_BINARY_DIR) + "/bin/spikeforge";
    args.insert(args.begin(), {exe, "sim-server"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, exe.c_str(), &fa, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
    char line[512] = {};
    REQUIRE(std::fgets(line, sizeof line, out_) != nullptr);
    const std::string s = line;
    const auto a = s.find(": ");
    const auto b = s.find(' ', a + 2);
    REQUIRE(a != std::string::npos);
    uri_ = s.substr(a + 2, b - a - 2);
  }
  ~Server() {
    ::kill(pid_, SIGTERM);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    if (out_) std::fclose(out_);
  }
  const std::string& uri() const { return uri_; }

 private:
  pid_t pid_ = 0;
  FILE* out_ = nullptr;
  std::string uri_;
};

model::Shape device_shape() {
  const auto b = sim::DeviceModel::build();
  return {b.neurons, b.inputs, b.weight_bits, b.state_bits};
}

void program_run_compare(const std::string& uri) {
  const auto shape = device_shape();
  OpenOptions o;
  o.shape = shape;
  auto dut = open_target(uri, o);
  CHECK(dut->info().shape == shape);
  testing::RandomOptions ro;
  ro.learn = 1;
  const auto image = testing::random_image(shape, 31, ro);
  ModelTarget ref(shape);
  ref.program(image);
  dut->program(image);
  const auto inputs = testing::random_inputs(shape, 25, 0.2, 31);
  const auto a = ref.run(inputs);
  const auto b = dut->run(inputs);
  CHECK(a == b);
  const auto diff = testing::compare_state(ref, *dut, shape, inputs.size());
  CHECK_FALSE(diff.has_value());
  if (diff) WARN(*diff);
}

}  // namespace

TEST_CASE("sim-server over TCP: program, run and read back equal to the model", "[.][device][sim-server]") {
  Server s({"--port", "0", "--once"});
  INFO(s.uri());
  REQUIRE(s.uri().rfind("tcp://127.0.0.1:", 0) == 0);
  program_run_compare(s.uri() + "?timeout_ms=2000");
}

TEST_CASE("sim-server on a pseudo-terminal through libserialport", "[.][device][sim-server]") {
  Server s({"--pty"});
  INFO(s.uri());
  REQUIRE(s.uri().rfind("serial:///dev/pts/", 0) == 0);
  program_run_compare(s.uri() + "?baud=3000000&timeout_ms=2000");
}
