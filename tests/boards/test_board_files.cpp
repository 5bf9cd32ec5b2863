// boards/*.yaml against the files they name: constraints place exactly the pins the board file
// lists, on the ports the board tops use.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <vector>
#include <sstream>
#include <string>

#include "spikeforge/boards.hpp"

namespace fs = std::filesystem;
using namespace spikeforge::boards;

namespace {

const std::string root = SPIKEFORGE_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// port -> pin, from an XDC (PACKAGE_PIN ... get_ports) or a PCF (set_io [-nowarn] port pin).
std::map<std::string, std::string> pin_map(const fs::path& file) {
  std::map<std::string, std::string> m;
  std::istringstream in(read(file));
  std::string line;
  const std::regex xdc(R"(PACKAGE_PIN\s+(\w+).*get_ports\s+\{?\s*([\w\[\]]+)\s*\}?\])");
  const std::regex pcf(R"(^\s*set_io\s+(?:-nowarn\s+)?([\w\[\]]+)\s+(\w+))");
  std::smatch mt;
  while (std::getline(in, line)) {
    if (const auto h = line.find('#'); h != std::string::npos) line.erase(h);
    if (std::regex_search(line, mt, xdc)) m[mt[2]] = mt[1];
    else if (std::regex_search(line, mt, pcf)) m[mt[1]] = mt[2];
  }
  return m;
}

}  // namespace

TEST_CASE("constraints place the board file's pins on the board tops' ports") {
  const auto boards = load_boards(root + "/boards");
  REQUIRE(boards.size() >= 8);
  for (const auto& b : boards) {
    INFO(b.id);
    if (b.family == "alveo") {
      CHECK(b.constraints.empty());  // the XRT platform owns every pin
      continue;
    }
    REQUIRE_FALSE(b.constraints.empty());
    const fs::path file = fs::path(root) / b.constraints;
    REQUIRE(fs::is_regular_file(file));
    const auto pins = pin_map(file);
    const bool pcf = file.extension() == ".pcf";
    const bool uart_top = b.interface == "uart" || !b.top_uart.empty();
    if (uart_top) {
      REQUIRE(b.uart);
      CHECK(pins.at("uart_rx_i") == b.uart->rx_pin);
      CHECK(pins.at("uart_tx_o") == b.uart->tx_pin);
      for (const auto& c : b.clocks) {
        if (c.source != "pin") continue;
        if (c.pin_n.empty()) {
          CHECK(pins.at("clk_i") == c.pin);
        } else {
          CHECK(pins.at("clk_p_i") == c.pin);
          CHECK(pins.at("clk_n_i") == c.pin_n);
        }
      }
      REQUIRE_FALSE(b.reset_pin.empty());
      CHECK(pins.at(b.reset_active_low ? "rst_btn_ni" : "rst_btn_i") == b.reset_pin);
    } else {
      CHECK(pins.count("clk_i") == 0);  // PS-clocked: no pin clock
    }
    for (std::size_t k = 0; k < b.leds.size(); ++k) {
      const std::string port = std::string(pcf ? "led_no[" : "led_o[") + std::to_string(k) + "]";
      INFO(port);
      CHECK(pins.at(port) == b.leds[k]);
    }
    // nothing placed that the board file does not know about
    std::size_t expected = b.leds.size();
    if (uart_top) {
      expected += 3;  // rx, tx, reset
      for (const auto& c : b.clocks)
        if (c.source == "pin") expected += c.pin_n.empty() ? 1 : 2;
    }
    CHECK(pins.size() == expected);
  }
}

namespace {

std::vector<std::string> filelist(const std::string& rel) {
  std::vector<std::string> out;
  std::istringstream in(read(fs::path(root) / rel));
  std::string line;
  while (std::getline(in, line)) {
    if (const auto h = line.find('#'); h != std::string::npos) line.erase(h);
    line.erase(0, line.find_first_not_of(" \t"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// Module names defined in, and sf_* modules instantiated by, a Verilog source (comments removed).
void scan(const std::string& text, std::set<std::string>& defined, std::set<std::string>& used) {
  const std::string code = std::regex_replace(std::regex_replace(text, std::regex(R"(//[^\n]*)"), ""),
                                              std::regex(R"(/\*[\s\S]*?\*/)"), "");
  const std::regex def(R"(\bmodule\s+(\w+))");
  const std::regex inst(R"(\b(sf_\w+)\s+(#\s*\(|\w+\s*\())");
  for (std::sregex_iterator it(code.begin(), code.end(), def), end; it != end; ++it) defined.insert((*it)[1]);
  for (std::sregex_iterator it(code.begin(), code.end(), inst), end; it != end; ++it) used.insert((*it)[1]);
}

std::string top_file(const std::string& top) {
  for (const char* ext : {".sv", ".v"}) {
    const auto p = fs::path(root) / "rtl" / "boards" / (top + ext);
    if (fs::exists(p)) return p.string();
  }
  return {};
}

}  // namespace

TEST_CASE("file lists name existing files, and every module a board top needs is in them") {
  const auto boards = load_boards(root + "/boards");
  for (const std::string list : {"rtl/boards/files_uart.f", "rtl/boards/files_axil.f"}) {
    INFO(list);
    const auto files = filelist(list);
    REQUIRE_FALSE(files.empty());
    std::set<std::string> defined, used;
    for (const auto& f : files) {
      INFO(f);
      REQUIRE(fs::is_regular_file(fs::path(root) / f));
      scan(read(fs::path(root) / f), defined, used);
    }
    for (const auto& b : boards) {
      for (const auto& top : {b.top, b.top_uart}) {
        if (top.empty()) continue;
        const bool uart = top == b.top_uart || b.interface == "uart";
        if (uart != (list == "rtl/boards/files_uart.f")) continue;
        INFO(b.id << " top " << top);
        const auto tf = top_file(top);
        REQUIRE_FALSE(tf.empty());
        auto d = defined, u = used;
        scan(read(tf), d, u);
        CHECK(d.count(top) == 1);
        for (const auto& m : u) {
          INFO("module " << m);
          CHECK(d.count(m) == 1);
        }
      }
    }
  }
}

TEST_CASE("the build scripts and every file a board names exist") {
  for (const char* f : {"scripts/vivado/build.tcl", "scripts/vivado/package_xo.tcl", "scripts/vivado/bd_zynq7.tcl",
                        "scripts/vivado/bd_zynqmp.tcl", "scripts/ice40/build.sh"}) {
    INFO(f);
    CHECK(fs::is_regular_file(fs::path(root) / f));
  }
  for (const auto& b : load_boards(root + "/boards")) {
    INFO(b.id);
    if (!b.constraints.empty()) CHECK(fs::is_regular_file(fs::path(root) / b.constraints));
    if (!b.block_design.empty()) CHECK(fs::is_regular_file(fs::path(root) / b.block_design));
    CHECK_FALSE(top_file(b.top).empty());
    if (!b.top_uart.empty()) CHECK_FALSE(top_file(b.top_uart).empty());
  }
  // the block designs reference the AXI top and the ports the flows rely on
  for (const char* bd : {"scripts/vivado/bd_zynq7.tcl", "scripts/vivado/bd_zynqmp.tcl"}) {
    const auto text = read(fs::path(root) / bd);
    CHECK(text.find("-reference sf_board_zynq_axil") != std::string::npos);
    CHECK(text.find("sf_dev/s_axi") != std::string::npos);
  }
  CHECK(read(fs::path(root) / "scripts/vivado/bd_zynq7.tcl").find("M_AXI_GP0") != std::string::npos);
  CHECK(read(fs::path(root) / "scripts/vivado/bd_zynqmp.tcl").find("M_AXI_HPM0_FPD") != std::string::npos);
  const auto build = read(fs::path(root) / "scripts/vivado/build.tcl");
  for (const char* step : {"synth_design", "opt_design", "place_design", "route_design", "report_timing_summary",
                           "report_utilization", "write_bitstream"})
    CHECK(build.find(step) != std::string::npos);
}
