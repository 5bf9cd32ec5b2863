// The board database, flash and build plans, and the CLI's exit codes for board verbs. Nothing
// here runs openFPGALoader, fpgautil, xbutil or vivado: plans are checked as command lines, and
// the CLI is run with an empty PATH or --dry-run.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

#include "spikeforge/boards.hpp"

namespace fs = std::filesystem;
using namespace spikeforge::boards;

namespace {

const std::vector<Board>& all() {
  static const auto boards = load_boards(std::string(SPIKEFORGE_SOURCE_DIR) + "/boards");
  return boards;
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("sf_boards_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int c = 0;
    return c;
  }
  std::string file(const std::string& name) const {
    const auto p = path / name;
    std::ofstream(p) << "not really a bitstream\n";
    return p.string();
  }
};

// Runs the CLI through the shell; returns its exit code and output.
std::pair<int, std::string> cli(const std::string& args, const std::string& env = "") {
  const std::string out = (fs::temp_directory_path() / ("sf_boards_cli_" + std::to_string(::getpid()))).string();
  const std::string cmd =
      env + " " + std::string(SPIKEFORGE_BINARY_DIR) + "/bin/spikeforge " + args + " > " + out + " 2>&1";
  const int st = std::system(cmd.c_str());
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(out);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, text};
}

}  // namespace

TEST_CASE("every board the project supports is in the database with its part") {
  const std::vector<std::pair<std::string, std::string>> expected{
      {"cmod-a7-35t", "xc7a35tcpg236-1"},       {"arty-a7-100t", "xc7a100tcsg324-1"},
      {"pynq-z2", "xc7z020clg400-1"},           {"zcu104", "xczu7ev-ffvc1156-2-e"},
      {"kv260", "xck26-sfvc784-2LV-c"},         {"alveo-u50", "xcu50-fsvh2104-2-e"},
      {"alveo-u250", "xcu250-figd2104-2L-e"},   {"icebreaker", "ice40up5k-sg48"}};
  for (const auto& [id, part] : expected) {
    INFO(id);
    CHECK(find_board(all(), id).part == part);
  }
  CHECK(find_board(all(), "alveo-u50").platform == "xilinx_u50_gen3x16_xdma_5_202210_1");
  CHECK(find_board(all(), "alveo-u250").platform == "xilinx_u250_gen3x16_xdma_4_1_202210_1");
  CHECK(find_board(all(), "pynq-z2").axi->port == "M_AXI_GP0");
  CHECK(find_board(all(), "zcu104").axi->port == "M_AXI_HPM0_FPD");
}

TEST_CASE("board defaults are consistent: P a power of two not above N, baud within the bridge") {
  for (const auto& b : all()) {
    INFO(b.id);
    const auto p = b.defaults.lanes;
    CHECK((p & (p - 1)) == 0);
    CHECK(p <= b.defaults.neurons);
    CHECK(b.defaults.neurons + b.defaults.inputs <= 65535u);
    if (b.interface == "uart") {
      REQUIRE(b.uart);
      CHECK(b.defaults.baud > 0);
      CHECK(b.defaults.baud <= b.uart->max_baud);
    }
    CHECK(b.resources.lut > 0);
    CHECK(b.resources.bram_blocks > 0);
    CHECK(b.core_clock_mhz > 0);
  }
}

TEST_CASE("unknown boards are refused with the list of known ones") {
  try {
    (void)find_board(all(), "arty-z7");
    FAIL("no exception");
  } catch (const UnknownBoard& e) {
    CHECK(std::string(e.what()).find("arty-a7-100t") != std::string::npos);
    CHECK(std::string(e.what()).find("'arty-z7'") != std::string::npos);
  }
}

TEST_CASE("bad board files name the file and the field") {
  const std::string good = R"(id: x
name: X
family: artix7
part: xc7a35tcpg236-1
interface: uart
top: t
clocks: [{name: c, pin: A1, mhz: 12}]
core_clock_mhz: 100
uart: {rx_pin: A2, tx_pin: A3, max_baud: 1000000}
resources: {lut: 1, ff: 1, dsp: 1, bram_blocks: 1}
defaults: {neurons: 16, inputs: 16, lanes: 1, baud: 115200}
flash: {jtag: {tool: openFPGALoader, board: b}, file_types: [bit]}
)";
  CHECK(parse_board(good, "x.yaml").id == "x");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  auto refused = [&](const std::string& text, const std::string& field) {
    try {
      (void)parse_board(text, "x.yaml");
      FAIL("accepted a bad file; expected an error about " << field);
    } catch (const BoardFileError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).rfind("x.yaml: " + field, 0) == 0);
    }
  };
  refused(with("family: artix7", "family: stratix"), "family");
  refused(with("part: xc7a35tcpg236-1\n", ""), "part");
  refused(with("pin: A1, ", ""), "clocks[0].pin");
  refused(with("mhz: 12", "mhz: fast"), "clocks[0].mhz");
  refused(with("baud: 115200", "baud: 2000000"), "defaults.baud");
  refused(with("uart: {rx_pin: A2, tx_pin: A3, max_baud: 1000000}\n", ""), "uart");
  refused(with("{jtag: {tool: openFPGALoader, board: b}, ", "{"), "flash");
  refused(with("interface: uart", "interface: pcie"), "interface");
}

TEST_CASE("flash plans: openFPGALoader over JTAG with the board's name") {
  TempDir d;
  const auto bit = d.file("design.bit");
  CHECK(plan_flash(find_board(all(), "cmod-a7-35t"), {bit, "", "", false}).argv ==
        std::vector<std::string>{"openFPGALoader", "-b", "cmoda7_35t", bit});
  CHECK(plan_flash(find_board(all(), "arty-a7-100t"), {bit, "", "", false}).argv ==
        std::vector<std::string>{"openFPGALoader", "-b", "arty_a7_100t", bit});
  CHECK(plan_flash(find_board(all(), "pynq-z2"), {bit, "", "", false}).argv ==
        std::vector<std::string>{"openFPGALoader", "-b", "pynq_z2", bit});
  CHECK(plan_flash(find_board(all(), "zcu104"), {bit, "jtag", "", std::nullopt}).argv ==
        std::vector<std::string>{"openFPGALoader", "-c", "ft4232", bit});
  const auto bin = d.file("design.bin");
  CHECK(plan_flash(find_board(all(), "icebreaker"), {bin, "", "", false}).argv ==
        std::vector<std::string>{"openFPGALoader", "-b", "ice40_generic", bin});
}

TEST_CASE("flash plans: fpga_manager on the Zynq's own Linux, xbutil for Alveo") {
  TempDir d;
  const auto bit = d.file("design.bit");
  const auto bin = d.file("design.bit.bin");
  const auto xclbin = d.file("k.xclbin");
  auto p = plan_flash(find_board(all(), "pynq-z2"), {bit, "", "", true});
  CHECK(p.method == "fpga-manager");
  CHECK(p.argv == std::vector<std::string>{"fpgautil", "-b", bit});
  CHECK(plan_flash(find_board(all(), "zcu104"), {bin, "", "", true}).argv == std::vector<std::string>{"fpgautil", "-b", bin});
  // the KV260 has no JTAG path here: fpga_manager even when not detected
  CHECK(plan_flash(find_board(all(), "kv260"), {bit, "", "", false}).method == "fpga-manager");
  p = plan_flash(find_board(all(), "alveo-u50"), {xclbin, "", "0000:65:00.1", std::nullopt});
  CHECK(p.argv == std::vector<std::string>{"xbutil", "program", "--device", "0000:65:00.1", "--user", xclbin});
  CHECK(plan_flash(find_board(all(), "alveo-u250"), {xclbin, "", "0000:b3:00.1", std::nullopt}).argv[3] == "0000:b3:00.1");
}

TEST_CASE("flash errors: missing file, wrong file type, missing BDF, impossible method") {
  TempDir d;
  const auto bit = d.file("design.bit");
  const auto xclbin = d.file("k.xclbin");
  const auto bin = d.file("design.bin");
  const auto& arty = find_board(all(), "arty-a7-100t");
  CHECK_THROWS_WITH(plan_flash(arty, {(d.path / "nope.bit").string(), "", "", false}), Catch::Contains("no such file"));
  CHECK_THROWS_WITH(plan_flash(arty, {d.path.string(), "", "", false}), Catch::Contains("not a regular file"));
  CHECK_THROWS_WITH(plan_flash(arty, {xclbin, "", "", false}), Catch::Contains("a .xclbin file cannot be loaded on the Digilent Arty"));
  CHECK_THROWS_WITH(plan_flash(arty, {bit, "xrt", "", false}), Catch::Contains("not an XRT card"));
  CHECK_THROWS_WITH(plan_flash(arty, {bit, "fpga-manager", "", false}), Catch::Contains("no Linux fpga_manager"));
  const auto& u50 = find_board(all(), "alveo-u50");
  CHECK_THROWS_WITH(plan_flash(u50, {bit, "", "0000:65:00.1", false}), Catch::Contains("a .bit file cannot be loaded"));
  CHECK_THROWS_WITH(plan_flash(u50, {xclbin, "", "", false}), Catch::Contains("--device BDF is required"));
  CHECK_THROWS_WITH(plan_flash(find_board(all(), "pynq-z2"), {bin, "jtag", "", false}), Catch::Contains("JTAG loading takes a .bit"));
  CHECK_THROWS_WITH(plan_flash(find_board(all(), "kv260"), {bit, "jtag", "", false}), Catch::Contains("no JTAG path"));
}

TEST_CASE("find_tool searches the given PATH only") {
  TempDir d;
  const auto tool = d.path / "mytool";
  std::ofstream(tool) << "#!/bin/sh\n";
  CHECK_FALSE(find_tool("mytool", d.path.string()));  // not executable yet
  fs::permissions(tool, fs::perms::owner_all);
  CHECK(find_tool("mytool", "/nonexistent:" + d.path.string()) == tool.string());
  CHECK_FALSE(find_tool("mytool", "/nonexistent"));
  CHECK(shell_join({"a b", "it's", "plain-1.bit"}) == "'a b' 'it'\\''s' plain-1.bit");
}

TEST_CASE("build plans: Vivado batch flow, block design for Zynq, v++ link for Alveo, open flow for iCE40") {
  const std::string root = SPIKEFORGE_SOURCE_DIR;
  auto p = plan_build(find_board(all(), "cmod-a7-35t"), {}, root);
  REQUIRE(p.steps.size() == 1);
  CHECK(p.steps[0].argv[0] == "vivado");
  CHECK(p.neurons == 256);
  CHECK(p.product == "build/boards/cmod-a7-35t/sf_board_cmod_a7.bit");
  const auto& a = p.steps[0].argv;
  auto value_of = [](const std::vector<std::string>& v, const std::string& key) {
    for (std::size_t i = 0; i + 1 < v.size(); ++i)
      if (v[i] == key) return v[i + 1];
    return std::string{};
  };
  CHECK(value_of(a, "part") == "xc7a35tcpg236-1");
  CHECK(value_of(a, "xdc") == root + "/constraints/cmod-a7-35t.xdc");
  CHECK(value_of(a, "N") == "256");

  p = plan_build(find_board(all(), "arty-a7-100t"), {1024, 128, 16, "", "out/x"}, root);
  CHECK(value_of(p.steps[0].argv, "N") == "1024");
  CHECK(value_of(p.steps[0].argv, "S") == "128");
  CHECK(value_of(p.steps[0].argv, "P") == "16");
  CHECK(value_of(p.steps[0].argv, "out") == "out/x");

  p = plan_build(find_board(all(), "pynq-z2"), {}, root);
  CHECK(value_of(p.steps[0].argv, "bd") == root + "/scripts/vivado/bd_zynq7.tcl");
  p = plan_build(find_board(all(), "zcu104"), {std::nullopt, std::nullopt, std::nullopt, "uart", ""}, root);
  CHECK(p.top == "sf_board_zcu104_uart");
  CHECK(value_of(p.steps[0].argv, "bd").empty());

  p = plan_build(find_board(all(), "alveo-u250"), {}, root);
  REQUIRE(p.steps.size() == 2);
  CHECK(p.steps[1].argv[0] == "v++");
  CHECK(value_of(p.steps[1].argv, "--platform") == "xilinx_u250_gen3x16_xdma_4_1_202210_1");
  CHECK(p.product.ends_with(".xclbin"));

  p = plan_build(find_board(all(), "icebreaker"), {}, root);
  CHECK(p.steps[0].argv[0] == root + "/scripts/ice40/build.sh");
  CHECK(p.product.ends_with(".bin"));

  CHECK_THROWS_WITH(plan_build(find_board(all(), "arty-a7-100t"), {std::nullopt, std::nullopt, std::nullopt, "axi", ""}, root),
                    Catch::Contains("no 'axi' top"));
  CHECK_THROWS_WITH(plan_build(find_board(all(), "arty-a7-100t"), {256, std::nullopt, 6, "", ""}, root),
                    Catch::Contains("power of two"));
  CHECK_THROWS_WITH(plan_build(find_board(all(), "arty-a7-100t"), {8, std::nullopt, 16, "", ""}, root),
                    Catch::Contains("must not exceed"));
}

TEST_CASE("CLI: boards lists every board, and flash and build exit codes without hardware or tools") {
  TempDir d;
  const auto bit = d.file("design.bit");
  const auto xclbin = d.file("k.xclbin");
  auto [rc, out] = cli("boards");
  CHECK(rc == 0);
  for (const auto& b : all()) CHECK(out.find(b.id) != std::string::npos);
  std::tie(rc, out) = cli("boards --format json");
  CHECK(rc == 0);
  CHECK(out.find("\"uram_blocks\": 96") != std::string::npos);  // the ZCU104's URAM

  std::tie(rc, out) = cli("flash --board arty-a7-100t " + bit + " --dry-run");
  CHECK(rc == 0);
  CHECK(out.find("openFPGALoader -b arty_a7_100t " + bit) != std::string::npos);
  // no openFPGALoader on an empty PATH: exit 4 and the command it would have run
  std::tie(rc, out) = cli("flash --board arty-a7-100t " + bit, "PATH=" + d.path.string());
  CHECK(rc == 4);
  CHECK(out.find("openFPGALoader not found on PATH") != std::string::npos);
  CHECK(out.find("openFPGALoader -b arty_a7_100t") != std::string::npos);
  std::tie(rc, out) = cli("flash --board alveo-u50 --device 0000:65:00.1 " + xclbin, "PATH=" + d.path.string());
  CHECK(rc == 4);
  CHECK(out.find("xbutil program --device 0000:65:00.1 --user") != std::string::npos);
  std::tie(rc, out) = cli("flash --board nonesuch " + bit);
  CHECK(rc == 2);
  CHECK(out.find("unknown board 'nonesuch'") != std::string::npos);
  std::tie(rc, out) = cli("flash --board arty-a7-100t " + (d.path / "missing.bit").string());
  CHECK(rc == 3);
  std::tie(rc, out) = cli("flash --board arty-a7-100t " + xclbin);
  CHECK(rc == 3);
  CHECK(out.find(".xclbin file cannot be loaded") != std::string::npos);

  std::tie(rc, out) = cli("build --board cmod-a7-35t --out " + d.path.string(), "PATH=" + d.path.string());
  CHECK(rc == 4);
  CHECK(out.find("vivado -mode batch") != std::string::npos);
  CHECK(out.find("not on PATH: vivado") != std::string::npos);
  std::tie(rc, out) = cli("build --board alveo-u50 --dry-run");
  CHECK(rc == 0);
  CHECK(out.find("v++ --link") != std::string::npos);
  std::tie(rc, out) = cli("build --board nonesuch");
  CHECK(rc == 2);
}
