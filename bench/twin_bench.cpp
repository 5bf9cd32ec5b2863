// twin_bench: time from YAML to first spikes on the board twin (`spikeforge sim-server`).
// Writes a network as large as the twin's device build holds (N lif neurons, S input channels),
// starts `spikeforge sim-server --port 0` as a child process and times, end to end as a user sees
// it, `spikeforge run NET.yaml -t tcp://... --steps 1` (a fresh CLI process: parse, compile,
// connect, IDENTIFY, program every synapse, one STEP, write the outputs). The same for
// `--steps 100` and for `-t model`. Prints the median of 5 runs each.
// Usage: twin_bench [path/to/spikeforge]   (default: the spikeforge next to this program)
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
#include <iostream>
#include <string>
#include <vector>

#include "spikeforge/sim/device_model.hpp"

extern char** environ;
namespace fs = std::filesystem;

namespace {

double median_seconds(const std::string& cmd, int reps) {
  std::vector<double> t;
  for (int k = 0; k < reps; ++k) {
    const auto a = std::chrono::steady_clock::now();
    const int st = std::system(cmd.c_str());
    const auto b = std::chrono::steady_clock::now();
    if (st != 0) throw std::runtime_error("failed: " + cmd);
    t.push_back(std::chrono::duration<double>(b - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const fs::path exe = argc > 1 ? fs::path(argv[1]) : fs::canonical("/proc/self/exe").parent_path() / "spikeforge";
    const auto b = spikeforge::sim::DeviceModel::build();
    const fs::path dir = fs::temp_directory_path() / ("twin_bench." + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path yaml = dir / "twin_net.yaml";
    {
      std::ofstream y(yaml);
      y << "name: twin_net\ndevice: {dt: 1.0}\npopulations:\n"
        << "  - {name: in, kind: input, size: " << b.inputs << "}\n"
        << "  - {name: exc, kind: lif, size: " << b.neurons << ", tau_mem: 20, tau_syn: 5, v_rest: -65, v_th: -50}\n"
        << "connections:\n"
        << "  - {name: ff, from: in, to: exc, rule: random, p: 0.5, weight: {uniform: [0.5, 4.0]}, seed: 1}\n"
        << "  - {name: rec, from: exc, to: exc, rule: random, p: 0.2, weight: {uniform: [-1.0, 1.0]}, seed: 2, "
           "self_connections: exclude}\n"
        << "inputs:\n  - {population: in, kind: poisson, rate: 200, seed: 3}\nrun:\n  steps: 100\n"
        << "record:\n  spikes: [exc]\n";  // first spikes: no read-back of every weight
    }

    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    std::vector<std::string> args = {exe.string(), "sim-server", "--port", "0"};
    std::vector<char*> av;
    for (auto& a : args) av.push_back(a.data());
    av.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, exe.c_str(), &fa, nullptr, av.data(), environ) != 0) throw std::runtime_error("spawn " + exe.string());
    posix_spawn_file_actions_destroy(&fa);
    ::close(fds[1]);
    FILE* out = ::fdopen(fds[0], "r");
    pollfd p{fds[0], POLLIN, 0};
    char line[512] = {};
    if (::poll(&p, 1, 20000) != 1 || std::fgets(line, sizeof line, out) == nullptr) {
      ::kill(pid, SIGKILL);
      throw std::runtime_error("sim-server did not start");
    }
    std::string s = line;
    const auto c = s.find(": ");
    const std::string uri = s.substr(c + 2, s.find(' ', c + 2) - c - 2);

    const std::string base = exe.string() + " run " + yaml.string() + " --out " + (dir / "out").string();
    std::cout << "twin_bench: device N=" << b.neurons << " S=" << b.inputs << " P=" << b.lanes
              << " (the largest network this twin holds: " << b.inputs << " inputs -> " << b.neurons
              << " LIF, " << b.neurons * (b.inputs + b.neurons) << " synapse slots programmed), " << uri << "\n";
    const int reps = 5;
    const double t1 = median_seconds(base + " -t " + uri + " --steps 1 > /dev/null", reps);
    const double t100 = median_seconds(base + " -t " + uri + " --steps 100 > /dev/null", reps);
    const double m1 = median_seconds(base + " -t model --steps 1 > /dev/null", reps);
    std::cout << "YAML -> first spikes on the twin (spikeforge run --steps 1, fresh process): " << t1 << " s\n"
              << "YAML -> 100 steps on the twin:                                           " << t100 << " s\n"
              << "YAML -> first spikes on -t model (reference):                            " << m1 << " s\n"
              << "(median of " << reps << ")\n";
    ::kill(pid, SIGTERM);
    int st = 0;
    ::waitpid(pid, &st, 0);
    std::fclose(out);
    fs::remove_all(dir);
  } catch (const std::exception& e) {
    std::cerr << "twin_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
