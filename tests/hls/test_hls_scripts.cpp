// What can be checked of the Vitis scripts without AMD tools: every file the Tcl names exists,
// the top function, link configuration and kernel source agree on names, every m_axi port is
// connected to memory, the m_axi depths hold the largest buffers of the synthesized build, and the
// Tcl synthesizes the parameters the testbench here was built and checked with.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "spikeforge/hls/sf_abi.hpp"

namespace {

const std::filesystem::path kRoot = SPIKEFORGE_SOURCE_DIR;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::smatch> all(const std::string& text, const std::regex& re) {
  std::vector<std::smatch> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) out.push_back(*it);
  return out;
}

// The kernel's parameter names in order, and for each pointer argument its m_axi bundle and depth.
struct KernelSource {
  std::string name;
  std::vector<std::string> params;
  std::map<std::string, std::pair<std::string, unsigned long>> m_axi;  // port -> (bundle, depth)
};

KernelSource kernel_source() {
  const auto src = slurp(kRoot / "hls/src/sf_hls_kernel.cpp");
  KernelSource k;
  std::smatch m;
  REQUIRE(std::regex_search(src, m, std::regex(R"(#define SF_KERNEL_NAME (\w+))")));
  k.name = m[1];
  REQUIRE(std::regex_search(src, m, std::regex(R"(extern "C" void SF_KERNEL_NAME\(([^)]*)\))")));
  const std::string args = m[1];
  for (const auto& a : all(args, std::regex(R"((\w+)\s*(,|$))"))) k.params.push_back(a[1]);
  for (const auto& p : all(src, std::regex(R"(#pragma HLS INTERFACE m_axi port=(\w+) offset=slave bundle=(\w+) depth=(\d+))"))) {
    k.m_axi[p[1]] = {p[2], std::stoul(p[3])};
  }
  return k;
}

}  // namespace

TEST_CASE("the kernel source declares the ABI's argument order", "[hls][scripts]") {
  const auto k = kernel_source();
  CHECK(k.name == "sf_hls_kernel");
  CHECK(k.params == std::vector<std::string>{"command", "n", "s", "steps", "flags", "params", "synapses", "state",
                                              "spikes_in", "spikes_out"});
  CHECK(k.m_axi.size() == 5);
  // The declaration the host calls has the same name.
  CHECK(slurp(kRoot / "hls/include/spikeforge/hls/sf_hls_kernel.hpp").find("void sf_hls_kernel(") != std::string::npos);
}

TEST_CASE("the Vitis HLS Tcl names existing files, the kernel's top and the tested parameters", "[hls][scripts]") {
  const auto tcl = slurp(kRoot / "scripts/hls/sf_hls.tcl");
  const auto files = all(tcl, std::regex(R"(add_files (?:-tb )?\$root/(\S+))"));
  CHECK(files.size() == 2);
  for (const auto& f : files) {
    INFO(f[1].str());
    CHECK(std::filesystem::exists(kRoot / f[1].str()));
  }
  std::smatch m;
  REQUIRE(std::regex_search(tcl, m, std::regex(R"(set top (\w+))")));
  CHECK(m[1] == kernel_source().name);
  REQUIRE(std::regex_search(tcl, m, std::regex(R"re(set defines "([^"]*)")re")));
  CHECK(m[1] == SF_VITIS_DEFINES);  // what tests/hls/CMakeLists.txt built the testbench with
  for (const char* step : {"csim_design", "csynth_design", "cosim_design", "-format ip_catalog", "-format xo"}) {
    INFO(step);
    CHECK(tcl.find(step) != std::string::npos);
  }
  CHECK(tcl.find("-flow_target vitis") != std::string::npos);
}

TEST_CASE("the m_axi depths hold every buffer of the synthesized build", "[hls][scripts]") {
  const auto k = kernel_source();
  std::smatch m;
  const std::string defines = SF_VITIS_DEFINES;
  REQUIRE(std::regex_search(defines, m, std::regex(R"(-DSF_N_MAX=(\d+))")));
  const auto n = static_cast<sf_hls::word_t>(std::stoul(m[1]));
  REQUIRE(std::regex_search(defines, m, std::regex(R"(-DSF_S_MAX=(\d+))")));
  const auto s = static_cast<sf_hls::word_t>(std::stoul(m[1]));
  CHECK(k.m_axi.at("params").second >= sf_hls::params_words(n));
  CHECK(k.m_axi.at("synapses").second >= sf_hls::synapse_words(n, s));
  CHECK(k.m_axi.at("state").second >= sf_hls::state_words(n, s));
  CHECK(k.m_axi.at("spikes_in").second >= sf_hls::spikes_in_words(s, 1));
  CHECK(k.m_axi.at("spikes_out").second >= sf_hls::spikes_out_words(n, 1));
  // The testbench allocates exactly these depths (co-simulation's memory models).
  const auto tb = slurp(kRoot / "hls/tb/sf_hls_tb.cpp");
  for (const auto& [tb_name, port] : std::map<std::string, std::string>{
           {"kParamsDepth", "params"}, {"kSynapsesDepth", "synapses"}, {"kStateDepth", "state"}}) {
    INFO(tb_name);
    REQUIRE(std::regex_search(tb, m, std::regex(tb_name + R"( = (\d+))")));
    CHECK(std::stoul(m[1]) == k.m_axi.at(port).second);
  }
  REQUIRE(std::regex_search(tb, m, std::regex(R"(kSpikesDepth = (\d+))")));
  CHECK(std::stoul(m[1]) == k.m_axi.at("spikes_in").second);
  CHECK(std::stoul(m[1]) == k.m_axi.at("spikes_out").second);
}

TEST_CASE("the v++ link configurations connect every m_axi port of the kernel", "[hls][scripts]") {
  const auto k = kernel_source();
  const std::map<std::string, std::string> platforms = {{"u50", "xilinx_u50_gen3x16_xdma_5_202210_1"},
                                                        {"u250", "xilinx_u250_gen3x16_xdma_4_1_202210_1"}};
  for (const auto& [board, platform] : platforms) {
    INFO(board);
    const auto cfg = slurp(kRoot / ("scripts/hls/link_" + board + ".cfg"));
    std::smatch m;
    REQUIRE(std::regex_search(cfg, m, std::regex(R"(\nplatform=(\S+))")));
    CHECK(m[1] == platform);
    REQUIRE(std::regex_search(cfg, m, std::regex(R"(\nnk=(\w+):1:(\w+))")));
    CHECK(m[1] == k.name);
    const std::string cu = m[2];
    std::map<std::string, std::string> bank;  // port -> memory
    for (const auto& sp : all(cfg, std::regex(R"(\nsp=(\w+)\.(\w+):(\S+))"))) {
      CHECK(sp[1] == cu);
      CHECK(k.m_axi.count(sp[2]) == 1);
      CHECK(bank.count(sp[2]) == 0);  // connected once
      bank[sp[2]] = sp[3];
    }
    CHECK(bank.size() == k.m_axi.size());
    // Ports on one AXI bundle share one master, so they must sit in the same memory.
    std::map<std::string, std::set<std::string>> per_bundle;
    for (const auto& [port, bd] : k.m_axi) per_bundle[bd.first].insert(bank[port]);
    for (const auto& [bundle, banks] : per_bundle) {
      INFO(bundle);
      CHECK(banks.size() == 1);
    }
  }
  const auto sh = slurp(kRoot / "scripts/hls/build.sh");
  CHECK(sh.find("link_$board.cfg") != std::string::npos);
  CHECK(sh.find("sf_hls.tcl") != std::string::npos);
}

TEST_CASE("the wrapper script parses and explains what is missing", "[hls][scripts]") {
  const auto script = (kRoot / "scripts/hls/build.sh").string();
  CHECK(std::system(("bash -n " + script).c_str()) == 0);
  // Without AMD tools (never on PATH here) it stops with a non-zero status instead of running.
  const std::string cmd = "env PATH=/usr/bin:/bin SPIKEFORGE_BUILD=" + std::string(SPIKEFORGE_BINARY_DIR) +
                          " SPIKEFORGE_HLS_OUT=" + std::string(SPIKEFORGE_BINARY_DIR) +
                          "/hls-script-test bash " + script + " csim u50 > /dev/null 2>&1";
  CHECK(std::system(cmd.c_str()) != 0);
  CHECK(std::system(("bash " + script + " bogus > /dev/null 2>&1").c_str()) != 0);
}
