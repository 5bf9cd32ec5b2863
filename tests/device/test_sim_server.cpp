// The board twin end to end: `spikeforge sim-server` in a child process, the host's device target
// talking to it over TCP and over a pseudo-terminal (libserialport), results equal to the model.
#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
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
    // The URI line comes at once; never wait for it more than 20 s.
    pollfd p{fds[0], POLLIN, 0};
    REQUIRE(::poll(&p, 1, 20000) == 1);
    char line[512] = {};
    REQUIRE(std::fgets(line, sizeof line, out_) != nullptr);
    const std::string s = line;
    const auto a = s.find(": ");
    const auto b = s.find(' ', a + 2);
    REQUIRE(a != std::string::npos);
    uri_ = s.substr(a + 2, b - a - 2);
  }
  ~Server() {
    // SIGTERM, then SIGKILL if it has not gone within 2 s: a stuck server never hangs the test.
    ::kill(pid_, SIGTERM);
    int st = 0;
    for (int i = 0; i < 200 && ::waitpid(pid_, &st, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (i == 199) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &st, 0);
      }
    }
    if (out_) std::fclose(out_);
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
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

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs the CLI with a 60 s limit (coreutils timeout); stdout into `out`. Returns the exit code.
int cli(const std::string& args, const fs::path& out) {
  const std::string cmd = "timeout 60 " + std::string(SPIKEFORGE_BINARY_DIR) + "/bin/spikeforge " + args + " > " +
                          out.string() + " 2>" + out.string() + ".err";
  const int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// The YAML run through the CLI on the twin equals the same run on the reference model.
void cli_run_compare(const std::string& uri, const fs::path& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string yaml = std::string(SPIKEFORGE_SOURCE_DIR) + "/examples/hand_check.yaml";
  const auto b = sim::DeviceModel::build();

  REQUIRE(cli("info -t '" + uri + "'", dir / "info.txt") == 0);
  const auto info = slurp(dir / "info.txt");
  CHECK(info.find("neurons N:   " + std::to_string(b.neurons)) != std::string::npos);
  CHECK(info.find("build:       spikeforge-rtl-1") != std::string::npos);

  REQUIRE(cli("compile " + yaml + " -o " + (dir / "hc.sfimg").string(), dir / "compile.txt") == 0);
  REQUIRE(cli("program " + (dir / "hc.sfimg").string() + " -t '" + uri + "' --verify", dir / "program.txt") == 0);
  CHECK(slurp(dir / "program.txt").find("verify: equal") != std::string::npos);

  REQUIRE(cli("run " + yaml + " -t '" + uri + "' --out " + (dir / "dev").string(), dir / "run_dev.txt") == 0);
  REQUIRE(cli("run " + yaml + " -t model --out " + (dir / "model").string(), dir / "run_model.txt") == 0);
  const auto spikes_dev = slurp(dir / "dev/spikes.csv");
  const auto spikes_model = slurp(dir / "model/spikes.csv");
  CHECK(std::count(spikes_model.begin(), spikes_model.end(), '\n') > 1);  // header and some spikes
  CHECK(spikes_dev == spikes_model);
  CHECK(slurp(dir / "dev/weights.csv") == slurp(dir / "model/weights.csv"));
  CHECK(slurp(dir / "dev/state.csv") == slurp(dir / "model/state.csv"));
  // A clean link: no frame dropped by the device, no retransmission by the host (the twin once
  // stopped its clock with a frame's last byte still inside the device; the retry hid it).
  const auto report = slurp(dir / "dev/report.json");
  CHECK(report.find("\"frame_errors\": 0,") != std::string::npos);
  CHECK(report.find("\"retries\": 0,") != std::string::npos);
  CHECK(report.find("\"crc_errors\": 0,") != std::string::npos);

  // read-weights after the run: the hand_check synapses (learning off), rows as docs/protocol.md.
  REQUIRE(cli("read-weights -t '" + uri + "' --nonzero", dir / "weights.txt") == 0);
  std::istringstream rows(slurp(dir / "weights.txt"));
  std::string line;
  std::vector<std::string> got;
  while (std::getline(rows, line)) got.push_back(line);
  const std::vector<std::string> want = {"source,target,weight,plastic", "0,0,6,0", "1,1,6,0",
                                         std::to_string(b.inputs) + ",1,5,0"};
  CHECK(got == want);
}

}  // namespace

TEST_CASE("sim-server over TCP: program, run and read back equal to the model", "[device][sim-server]") {
  Server s({"--port", "0", "--once"});
  INFO(s.uri());
  REQUIRE(s.uri().rfind("tcp://127.0.0.1:", 0) == 0);
  program_run_compare(s.uri() + "?timeout_ms=2000");
}

TEST_CASE("sim-server over TCP: the CLI (info, program --verify, run, read-weights) equals --target model",
          "[device][sim-server]") {
  Server s({"--port", "0"});
  INFO(s.uri());
  REQUIRE(s.uri().rfind("tcp://127.0.0.1:", 0) == 0);
  cli_run_compare(s.uri() + "?timeout_ms=2000", fs::path(SPIKEFORGE_BINARY_DIR) / "test_sim_server_tcp");
}

// libserialport refuses /dev/pts/N; the serial transport opens a pty with plain termios instead
// (host/src/transport/serial.cpp), so serial:// URIs to the twin work.
TEST_CASE("sim-server on a pseudo-terminal through serial://", "[device][sim-server]") {
  Server s({"--pty"});
  INFO(s.uri());
  REQUIRE(s.uri().rfind("serial:///dev/pts/", 0) == 0);
  program_run_compare(s.uri() + "?baud=3000000&timeout_ms=2000");
}

TEST_CASE("sim-server on a pseudo-terminal: the CLI equals --target model", "[device][sim-server]") {
  Server s({"--pty"});
  INFO(s.uri());
  REQUIRE(s.uri().rfind("serial:///dev/pts/", 0) == 0);
  cli_run_compare(s.uri() + "?baud=3000000&timeout_ms=2000", fs::path(SPIKEFORGE_BINARY_DIR) / "test_sim_server_pty");
}
