// fit: memory per resource for a build on a board, and the fit verb on the example networks.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

#include "spikeforge/boards.hpp"
#include "spikeforge/cycle_model.hpp"

namespace fs = std::filesystem;
using namespace spikeforge::boards;

namespace {
const std::vector<Board>& all() {
  static const auto boards = load_boards(std::string(SPIKEFORGE_SOURCE_DIR) + "/boards");
  return boards;
}

std::pair<int, std::string> cli(const std::string& args) {
  const std::string out = (fs::temp_directory_path() / ("sf_fit_cli_" + std::to_string(::getpid()))).string();
  const std::string cmd = std::string(SPIKEFORGE_BINARY_DIR) + "/bin/spikeforge " + args + " > " + out + " 2>&1";
  const int st = std::system(cmd.c_str());
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(out);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, text};
}
}  // namespace

TEST_CASE("block RAM and UltraRAM counts use the blocks' aspect ratios") {
  CHECK(bram_blocks_for(4096, 9, 36) == 1);
  CHECK(bram_blocks_for(4097, 9, 36) == 2);
  CHECK(bram_blocks_for(32768, 9, 36) == 8);
  CHECK(bram_blocks_for(1, 72, 36) == 1);
  CHECK(bram_blocks_for(512, 73, 36) == 2);
  CHECK(bram_blocks_for(32768, 1, 36) == 1);
  CHECK(bram_blocks_for(0, 9, 36) == 0);
  CHECK(bram_blocks_for(256, 16, 4) == 1);  // iCE40 EBR 256 x 16
  CHECK(bram_blocks_for(512, 9, 4) == 2);
  CHECK(uram_blocks_for(32768, 9) == 1);   // 8 words of 9 bits per 72-bit URAM word
  CHECK(uram_blocks_for(32769, 9) == 2);
  CHECK(uram_blocks_for(4096, 17) == 1);   // 4 per word
  CHECK(uram_blocks_for(16385, 17) == 2);
}

TEST_CASE("every board's default build fits it, and a bigger iCEBreaker build is refused for its logic") {
  for (const auto& b : all()) {
    INFO(b.id);
    const auto& d = b.defaults;
    const auto f = fit_build(b, d.neurons, d.inputs, d.lanes, d.weight_bits, d.state_bits);
    for (const auto& r : f.reasons) INFO(r);
    CHECK(f.bram_used <= b.resources.bram_blocks);
    CHECK(f.uram_used <= b.resources.uram_blocks);
    CHECK(f.fits);
  }
  // The UART device measures 5,048 logic cells of the UP5K's 5,280 at N = S = 16 (docs/boards.md
  // "Open flow"); at 32 + 32 its memories still fit, the estimated logic does not, and fit says so.
  const auto f = fit_build(find_board(all(), "icebreaker"), 32, 32, 1, 8, 16);
  CHECK_FALSE(f.fits);
  REQUIRE(f.reasons.size() == 1);
  CHECK(f.reasons[0].find("logic: about") != std::string::npos);
  CHECK(f.reasons[0].find("logic cells of 5280") != std::string::npos);
}

TEST_CASE("the logic estimate agrees with the measured devices") {
  // Yosys 0.23 synth_xilinx -flatten of sf_device_uart / sf_device_axil (LUT1..6 + LUTs as memory)
  // at commit 104ccb0, and nextpnr-ice40 logic cells of sf_board_icebreaker (e4f76f6 at N = 16,
  // 104ccb0 at N = 8) (docs/boards.md "fit").
  struct Measured {
    const char* board;
    std::uint32_t n, s, p;
    double cells;
    std::uint32_t wb = 8, vb = 16;
  };
  const Measured runs[] = {
      {"cmod-a7-35t", 16, 16, 1, 3345},    {"cmod-a7-35t", 64, 64, 4, 4961},    {"cmod-a7-35t", 256, 256, 4, 6267},
      {"cmod-a7-35t", 256, 256, 8, 7513},  {"cmod-a7-35t", 512, 256, 8, 8692},  {"pynq-z2", 512, 256, 8, 8729},
      {"kv260", 1024, 512, 16, 16160},     {"cmod-a7-35t", 256, 256, 1, 4878},  {"cmod-a7-35t", 128, 128, 8, 7320},
      {"cmod-a7-35t", 64, 16, 2, 4048},    {"icebreaker", 16, 16, 1, 5048},     {"icebreaker", 8, 8, 1, 5069},
      {"cmod-a7-35t", 256, 256, 4, 8050, 16, 24},
  };
  for (const auto& m : runs) {
    INFO(m.board << " N=" << m.n << " S=" << m.s << " P=" << m.p << " WB=" << m.wb);
    const auto f = fit_build(find_board(all(), m.board), m.n, m.s, m.p, m.wb, m.vb);
    const double err = (static_cast<double>(f.logic.luts) - m.cells) / m.cells;
    INFO("estimate " << f.logic.luts << ", measured " << m.cells);
    CHECK(std::abs(err) <= 0.06);
  }
}

TEST_CASE("fit_build: the weight memory dominates and moves to URAM where the board has it") {
  const auto& cmod = find_board(all(), "cmod-a7-35t");
  auto f = fit_build(cmod, 256, 256, 4, 8, 16);
  REQUIRE(f.memories.size() == 4);
  const auto& w = f.memories.back();
  CHECK(w.bits == 512ull * 256 * 9);  // (S+N) * N * (WB + 1)
  CHECK(w.resource == "BRAM");
  CHECK(w.blocks == 32);               // 4 banks of 512 * 64 words of 9 bits: 8 BRAM36 each
  // twice the neurons: 4 banks of 768 * 128 words = 24 BRAM36 each = 96 > 50
  f = fit_build(cmod, 512, 256, 4, 8, 16);
  CHECK_FALSE(f.fits);
  REQUIRE(f.reasons.size() >= 1);
  CHECK(f.reasons[0].find("block RAM: needs") != std::string::npos);

  const auto& zcu = find_board(all(), "zcu104");
  f = fit_build(zcu, 1024, 1024, 16, 8, 16);
  CHECK(f.fits);
  CHECK(f.memories.back().resource == "URAM");
  CHECK(f.uram_used == 64);  // 16 banks of 2048 * 64 words, 8 per URAM word: 4 URAM each
  // the same build with 16-bit weights needs twice the URAM words per bank entry... and fits less
  const auto f16 = fit_build(zcu, 1024, 1024, 16, 16, 24);
  CHECK(f16.uram_used > f.uram_used);
  CHECK_FALSE(fit_build(zcu, 4096, 4096, 16, 8, 16).fits);

  const auto& u250 = find_board(all(), "alveo-u250");
  CHECK(fit_build(u250, 4096, 2048, 32, 8, 16).fits);
  CHECK_FALSE(fit_build(u250, 8192, 8192, 32, 8, 16).fits);
}

TEST_CASE("the cycle model grows with activity and shrinks with lanes") {
  using spikeforge::cycles_per_step;
  CHECK(cycles_per_step(256, 256, 4, 10, 2) > cycles_per_step(256, 256, 4, 1, 2));
  CHECK(cycles_per_step(256, 256, 16, 10, 2) < cycles_per_step(256, 256, 4, 10, 2));
}

TEST_CASE("CLI fit: fits with cycles and microseconds, or does not fit with the reasons") {
  const std::string net = std::string(SPIKEFORGE_SOURCE_DIR) + "/examples/stdp_pattern.yaml";
  auto [rc, out] = cli("fit " + net + " --board cmod-a7-35t --format json --steps 200");
  INFO(out);
  CHECK(rc == 0);
  CHECK(out.find("\"fits\": true") != std::string::npos);
  CHECK(out.find("\"network_shape\": {\"neurons\": 1, \"inputs\": 20") != std::string::npos);
  CHECK(out.find("\"steps_measured\": 200") != std::string::npos);
  CHECK(out.find("\"cycles_per_step_mean\": 0,") == std::string::npos);

  // the iCEBreaker build has 16 input channels; the network needs 20
  std::tie(rc, out) = cli("fit " + net + " --board icebreaker --steps 50");
  CHECK(rc == 1);
  CHECK(out.find("DOES NOT FIT") != std::string::npos);
  CHECK(out.find("inputs: the network has 20, the build 16") != std::string::npos);
  // a bigger build than the Cmod's memory
  std::tie(rc, out) = cli("fit " + net + " --board cmod-a7-35t --neurons 1024 --steps 50");
  CHECK(rc == 1);
  CHECK(out.find("block RAM: needs") != std::string::npos);
  std::tie(rc, out) = cli("fit " + net + " --board nonesuch");
  CHECK(rc == 2);
  std::tie(rc, out) = cli("fit /nonexistent/net.yaml --board cmod-a7-35t");
  CHECK(rc == 3);
}
