// Board database (boards/*.yaml) and the flash / build plans (docs/boards.md).
#include "spikeforge/boards.hpp"

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace spikeforge::boards {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void bad(const std::string& file, const std::string& field, const std::string& why) {
  throw BoardFileError(file + ": " + field + ": " + why);
}

std::string req_str(const YAML::Node& n, const char* key, const std::string& file) {
  if (!n[key] || !n[key].IsScalar()) bad(file, key, "missing (a string is required)");
  return n[key].as<std::string>();
}

std::string opt_str(const YAML::Node& n, const char* key) {
  return n[key] && n[key].IsScalar() ? n[key].as<std::string>() : std::string{};
}

template <class T>
T num(const YAML::Node& n, const char* key, const std::string& file, const std::string& where, T fallback,
      bool required) {
  if (!n[key]) {
    if (required) bad(file, where + key, "missing (a number is required)");
    return fallback;
  }
  try {
    return n[key].as<T>();
  } catch (const YAML::Exception&) {
    bad(file, where + key, "not a number: '" + n[key].as<std::string>("?") + "'");
  }
}

std::string exe_dir() {
  std::error_code ec;
  const auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string{} : p.parent_path().string();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The file's type as the flash verb sees it: "bit", "bin" (also .bit.bin), "xclbin", ... .
std::string file_type(const std::string& path) {
  std::string ext = lower(fs::path(path).extension().string());
  if (!ext.empty() && ext[0] == '.') ext.erase(0, 1);
  return ext;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      o += ' ';
      continue;
    }
    o += c;
  }
  return o + "\"";
}

}  // namespace

// ---- locating the data ---------------------------------------------------------------------------

std::string data_root() {
  if (const char* env = std::getenv("SPIKEFORGE_BOARDS_DIR"); env && *env) return fs::path(env).parent_path().string();
#ifdef SPIKEFORGE_SOURCE_DIR
  if (fs::is_directory(fs::path(SPIKEFORGE_SOURCE_DIR) / "boards")) return SPIKEFORGE_SOURCE_DIR;
#endif
  if (const auto d = exe_dir(); !d.empty()) {
    const auto share = fs::path(d) / ".." / "share" / "spikeforge";
    if (fs::is_directory(share / "boards")) return fs::weakly_canonical(share).string();
  }
  return {};
}

std::string boards_dir() {
  if (const char* env = std::getenv("SPIKEFORGE_BOARDS_DIR"); env && *env) {
    if (!fs::is_directory(env)) throw std::runtime_error(std::string("SPIKEFORGE_BOARDS_DIR=") + env + " is not a directory");
    return env;
  }
  const auto root = data_root();
  if (root.empty())
    throw std::runtime_error(
        "no boards directory found: set SPIKEFORGE_BOARDS_DIR, or install spikeforge (share/spikeforge/boards "
        "next to bin/), or run from a build of the source tree");
  return (fs::path(root) / "boards").string();
}

// ---- parsing -------------------------------------------------------------------------------------

Board parse_board(const std::string& yaml_text, const std::string& file) {
  YAML::Node y;
  try {
    y = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    bad(file, "yaml", e.what());
  }
  if (!y.IsMap()) bad(file, "document", "a board file is a mapping");
  Board b;
  b.file = file;
  b.id = req_str(y, "id", file);
  b.name = req_str(y, "name", file);
  b.vendor = opt_str(y, "vendor");
  b.family = req_str(y, "family", file);
  static const std::vector<std::string> families{"artix7", "zynq7", "zynqmp", "alveo", "ice40"};
  if (std::find(families.begin(), families.end(), b.family) == families.end())
    bad(file, "family", "'" + b.family + "' is not one of " + join(families, ", "));
  b.part = req_str(y, "part", file);
  b.interface = req_str(y, "interface", file);
  if (b.interface != "uart" && b.interface != "axi" && b.interface != "xrt")
    bad(file, "interface", "'" + b.interface + "' is not uart, axi or xrt");
  b.interfaces.push_back(b.interface);
  if (y["interfaces"])
    for (const auto& i : y["interfaces"]) {
      const auto s = i.as<std::string>();
      if (std::find(b.interfaces.begin(), b.interfaces.end(), s) == b.interfaces.end()) b.interfaces.push_back(s);
    }
  b.top = req_str(y, "top", file);
  b.top_uart = opt_str(y, "top_uart");
  b.constraints = opt_str(y, "constraints");
  b.block_design = opt_str(y, "block_design");
  b.platform = opt_str(y, "platform");
  if (b.family == "alveo" && b.platform.empty()) bad(file, "platform", "an Alveo board needs its XRT platform");
  if ((b.family == "zynq7" || b.family == "zynqmp") && b.block_design.empty())
    bad(file, "block_design", "a Zynq board needs the block-design Tcl that connects the PS");

  if (!y["clocks"] || !y["clocks"].IsSequence() || y["clocks"].size() == 0) bad(file, "clocks", "at least one clock");
  for (std::size_t i = 0; i < y["clocks"].size(); ++i) {
    const auto c = y["clocks"][i];
    const std::string where = "clocks[" + std::to_string(i) + "].";
    Clock k;
    k.name = req_str(c, "name", file);
    k.source = c["source"] ? c["source"].as<std::string>() : "pin";
    k.pin = opt_str(c, "pin");
    k.pin_n = opt_str(c, "pin_n");
    k.iostandard = opt_str(c, "iostandard");
    k.mhz = num<double>(c, "mhz", file, where, 0, true);
    if (k.source == "pin" && k.pin.empty()) bad(file, where + "pin", "a pin clock needs its pin");
    if (k.mhz <= 0) bad(file, where + "mhz", "must be positive");
    b.clocks.push_back(k);
  }
  b.core_clock_mhz = num<double>(y, "core_clock_mhz", file, "", 0, true);
  if (b.core_clock_mhz <= 0) bad(file, "core_clock_mhz", "must be positive");
  if (const auto r = y["reset"]) {
    b.reset_pin = opt_str(r, "pin");
    b.reset_active_low = r["active_low"] && r["active_low"].as<bool>();
  }
  if (y["leds"])
    for (const auto& l : y["leds"]) b.leds.push_back(l.as<std::string>());
  if (const auto u = y["uart"]) {
    Uart x;
    x.bridge = opt_str(u, "bridge");
    x.rx_pin = req_str(u, "rx_pin", file);
    x.tx_pin = req_str(u, "tx_pin", file);
    x.iostandard = opt_str(u, "iostandard");
    x.max_baud = num<std::uint32_t>(u, "max_baud", file, "uart.", 0, false);
    b.uart = x;
  }
  if (const auto a = y["axi"]) {
    Axi x;
    x.ps = req_str(a, "ps", file);
    x.port = req_str(a, "port", file);
    x.base = num<std::uint64_t>(a, "base", file, "axi.", 0, false);
    x.range_kb = num<std::uint32_t>(a, "range_kb", file, "axi.", 64, false);
    x.linux_driver = opt_str(a, "linux");
    b.axi = x;
  }
  for (const auto& i : b.interfaces) {
    if (i == "uart" && !b.uart) bad(file, "uart", "interface uart needs the uart pins");
    if (i == "axi" && !b.axi) bad(file, "axi", "interface axi needs the PS port");
  }
  const auto r = y["resources"];
  if (!r) bad(file, "resources", "missing");
  b.resources.lut = num<std::uint64_t>(r, "lut", file, "resources.", 0, true);
  b.resources.ff = num<std::uint64_t>(r, "ff", file, "resources.", 0, true);
  b.resources.dsp = num<std::uint64_t>(r, "dsp", file, "resources.", 0, true);
  b.resources.bram_blocks = num<std::uint64_t>(r, "bram_blocks", file, "resources.", 0, true);
  b.resources.bram_kbits = num<std::uint32_t>(r, "bram_kbits", file, "resources.", 36, false);
  b.resources.uram_blocks = num<std::uint64_t>(r, "uram_blocks", file, "resources.", 0, false);
  const auto d = y["defaults"];
  if (!d) bad(file, "defaults", "missing");
  b.defaults.neurons = num<std::uint32_t>(d, "neurons", file, "defaults.", 0, true);
  b.defaults.inputs = num<std::uint32_t>(d, "inputs", file, "defaults.", 0, true);
  b.defaults.lanes = num<std::uint32_t>(d, "lanes", file, "defaults.", 1, false);
  b.defaults.weight_bits = num<std::uint32_t>(d, "weight_bits", file, "defaults.", 8, false);
  b.defaults.state_bits = num<std::uint32_t>(d, "state_bits", file, "defaults.", 16, false);
  b.defaults.baud = num<std::uint32_t>(d, "baud", file, "defaults.", 0, false);
  if (b.defaults.neurons == 0 || b.defaults.lanes == 0) bad(file, "defaults", "neurons and lanes must be positive");
  if (b.uart && b.defaults.baud == 0 && b.interface == "uart") bad(file, "defaults.baud", "a UART board needs a baud rate");
  if (b.uart && b.uart->max_baud && b.defaults.baud > b.uart->max_baud)
    bad(file, "defaults.baud", "above the bridge's maximum " + std::to_string(b.uart->max_baud));
  const auto f = y["flash"];
  if (!f) bad(file, "flash", "missing");
  if (const auto j = f["jtag"]) {
    b.flash.jtag_tool = req_str(j, "tool", file);
    b.flash.jtag_board = opt_str(j, "board");
    b.flash.jtag_cable = opt_str(j, "cable");
    if (b.flash.jtag_board.empty() && b.flash.jtag_cable.empty())
      bad(file, "flash.jtag", "needs an openFPGALoader board or cable name");
  }
  b.flash.fpga_manager = f["fpga_manager"] && f["fpga_manager"].as<bool>();
  b.flash.xrt = f["xrt"] && f["xrt"].as<bool>();
  if (!f["file_types"] || !f["file_types"].IsSequence()) bad(file, "flash.file_types", "missing");
  for (const auto& t : f["file_types"]) b.flash.file_types.push_back(lower(t.as<std::string>()));
  if (b.flash.jtag_tool.empty() && !b.flash.fpga_manager && !b.flash.xrt)
    bad(file, "flash", "no way to load a bitstream (jtag, fpga_manager or xrt)");
  return b;
}

Board load_board_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw BoardFileError(path + ": cannot open: " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_board(ss.str(), path);
}

std::vector<Board> load_boards(const std::string& dir) {
  std::vector<Board> out;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) throw std::runtime_error("cannot read the boards directory " + dir + ": " + ec.message());
  for (const auto& e : it)
    if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(load_board_file(e.path().string()));
  std::sort(out.begin(), out.end(), [](const Board& a, const Board& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].id == out[i - 1].id) throw BoardFileError(out[i].file + ": id: '" + out[i].id + "' also in " + out[i - 1].file);
  return out;
}

std::vector<Board> load_boards() { return load_boards(boards_dir()); }

const Board& find_board(const std::vector<Board>& boards, const std::string& id) {
  for (const auto& b : boards)
    if (b.id == id) return b;
  std::vector<std::string> ids;
  for (const auto& b : boards) ids.push_back(b.id);
  throw UnknownBoard("unknown board '" + id + "'; known boards: " + join(ids, ", ") + " (spikeforge boards lists them)");
}

std::string to_json(const Board& b) {
  std::ostringstream o;
  o << "{\"id\": " << json_str(b.id) << ", \"name\": " << json_str(b.name) << ", \"vendor\": " << json_str(b.vendor)
    << ", \"family\": " << json_str(b.family) << ", \"part\": " << json_str(b.part) << ", \"interfaces\": [";
  for (std::size_t i = 0; i < b.interfaces.size(); ++i) o << (i ? ", " : "") << json_str(b.interfaces[i]);
  o << "], \"core_clock_mhz\": " << b.core_clock_mhz << ", \"clocks\": [";
  for (std::size_t i = 0; i < b.clocks.size(); ++i) {
    const auto& c = b.clocks[i];
    o << (i ? ", " : "") << "{\"name\": " << json_str(c.name) << ", \"source\": " << json_str(c.source)
      << ", \"pin\": " << json_str(c.pin) << ", \"mhz\": " << c.mhz << "}";
  }
  o << "], \"resources\": {\"lut\": " << b.resources.lut << ", \"ff\": " << b.resources.ff << ", \"dsp\": " << b.resources.dsp
    << ", \"bram_blocks\": " << b.resources.bram_blocks << ", \"bram_kbits\": " << b.resources.bram_kbits
    << ", \"uram_blocks\": " << b.resources.uram_blocks << "}, \"defaults\": {\"neurons\": " << b.defaults.neurons
    << ", \"inputs\": " << b.defaults.inputs << ", \"lanes\": " << b.defaults.lanes
    << ", \"weight_bits\": " << b.defaults.weight_bits << ", \"state_bits\": " << b.defaults.state_bits
    << ", \"baud\": " << b.defaults.baud << "}";
  if (b.uart)
    o << ", \"uart\": {\"bridge\": " << json_str(b.uart->bridge) << ", \"rx_pin\": " << json_str(b.uart->rx_pin)
      << ", \"tx_pin\": " << json_str(b.uart->tx_pin) << "}";
  if (b.axi) o << ", \"axi\": {\"ps\": " << json_str(b.axi->ps) << ", \"port\": " << json_str(b.axi->port) << "}";
  if (!b.platform.empty()) o << ", \"platform\": " << json_str(b.platform);
  o << "}";
  return o.str();
}

std::string to_json(const std::vector<Board>& boards) {
  std::string o = "[";
  for (std::size_t i = 0; i < boards.size(); ++i) o += (i ? ",\n " : "") + to_json(boards[i]);
  return o + "]\n";
}

// ---- tools --------------------------------------------------------------------------------------

std::optional<std::string> find_tool(const std::string& tool, const std::string& path_env) {
  if (tool.find('/') != std::string::npos) {
    if (::access(tool.c_str(), X_OK) == 0) return tool;
    return std::nullopt;
  }
  std::stringstream ss(path_env);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (dir.empty()) continue;
    const auto p = (fs::path(dir) / tool).string();
    struct stat st{};
    if (::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0) return p;
  }
  return std::nullopt;
}

std::string current_path() {
  const char* p = std::getenv("PATH");
  return p ? p : "";
}

std::string shell_join(const std::vector<std::string>& argv) {
  std::string out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const auto& a = argv[i];
    const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                         "-_./=:,+@%") == std::string::npos;
    if (i) out += ' ';
    if (plain) {
      out += a;
    } else {
      out += '\'';
      for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      out += '\'';
    }
  }
  return out;
}

int run_command(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (const int rc = ::posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ); rc != 0)
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid: " + std::string(std::strerror(errno)));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// ---- flash ----------------------------------------------------------------------------------------

FlashPlan plan_flash(const Board& b, const FlashRequest& r) {
  if (r.file.empty()) throw FlashError("no bitstream file given");
  std::error_code ec;
  if (!fs::exists(r.file, ec)) throw FlashError(r.file + ": no such file");
  if (!fs::is_regular_file(r.file, ec)) throw FlashError(r.file + ": not a regular file");
  const std::string type = file_type(r.file);
  const auto& types = b.flash.file_types;
  if (std::find(types.begin(), types.end(), type) == types.end())
    throw FlashError(r.file + ": a ." + type + " file cannot be loaded on the " + b.name + " (it takes ." +
                     join(types, ", .") + ")");

  std::string method = r.method;
  if (method.empty()) {
    if (b.flash.xrt) {
      method = "xrt";
    } else {
      const bool on_board = r.on_board ? *r.on_board : fs::exists("/sys/class/fpga_manager/fpga0", ec);
      if (b.flash.fpga_manager && (on_board || b.flash.jtag_tool.empty()))
        method = "fpga-manager";
      else
        method = "jtag";
    }
  }
  FlashPlan p;
  p.method = method;
  if (method == "jtag") {
    if (b.flash.jtag_tool.empty())
      throw FlashError("the " + b.name + " has no JTAG path here; load it from the board's Linux (--method fpga-manager)");
    if (type != "bit" && !(b.family == "ice40" && type == "bin"))
      throw FlashError(r.file + ": JTAG loading takes a .bit file; a ." + type + " file is for fpga_manager");
    p.argv = {b.flash.jtag_tool};
    if (!b.flash.jtag_board.empty())
      p.argv.insert(p.argv.end(), {"-b", b.flash.jtag_board});
    else
      p.argv.insert(p.argv.end(), {"-c", b.flash.jtag_cable});
    p.argv.push_back(r.file);
    p.note = b.family == "ice40" ? "writes the SPI flash; the FPGA configures from it"
                                 : "loads the FPGA's SRAM over JTAG (lost at power-off)";
  } else if (method == "fpga-manager") {
    if (!b.flash.fpga_manager) throw FlashError("the " + b.name + " has no Linux fpga_manager path (use --method jtag)");
    p.argv = {"fpgautil", "-b", r.file};
    p.note = "run on the board: fpgautil hands the bitstream to the kernel's fpga_manager "
             "(/sys/class/fpga_manager/fpga0); the PL is reconfigured while Linux keeps running";
  } else if (method == "xrt") {
    if (!b.flash.xrt) throw FlashError("the " + b.name + " is not an XRT card (use --method jtag or fpga-manager)");
    if (r.device.empty())
      throw FlashError("--device BDF is required for an Alveo card (xbutil examine lists the cards' BDFs)");
    p.argv = {"xbutil", "program", "--device", r.device, "--user", r.file};
    p.note = "the xclbin must be linked for the card's platform " + b.platform;
  } else {
    throw FlashError("unknown method '" + method + "' (jtag, fpga-manager or xrt)");
  }
  return p;
}

// ---- build ----------------------------------------------------------------------------------------

BuildPlan plan_build(const Board& b, const BuildRequest& r, const std::string& root) {
  BuildPlan p;
  p.neurons = r.neurons.value_or(b.defaults.neurons);
  p.inputs = r.inputs.value_or(b.defaults.inputs);
  p.lanes = r.lanes.value_or(b.defaults.lanes);
  p.weight_bits = b.defaults.weight_bits;
  p.state_bits = b.defaults.state_bits;
  if (p.neurons == 0 || p.lanes == 0) throw std::invalid_argument("--neurons and --lanes must be positive");
  if ((p.lanes & (p.lanes - 1)) != 0) throw std::invalid_argument("--lanes must be a power of two (the core's P)");
  if (p.lanes > p.neurons) throw std::invalid_argument("--lanes must not exceed --neurons");
  if (std::uint64_t{p.neurons} + p.inputs > 65535) throw std::invalid_argument("neurons + inputs must be at most 65535");
  const std::string iface = r.interface.empty() ? b.interface : r.interface;
  if (std::find(b.interfaces.begin(), b.interfaces.end(), iface) == b.interfaces.end())
    throw std::invalid_argument("the " + b.name + " has no '" + iface + "' top (it has: " + join(b.interfaces, ", ") + ")");
  p.top = (iface == "uart" && iface != b.interface) ? b.top_uart : b.top;
  p.out_dir = r.out_dir.empty() ? (fs::path("build") / "boards" / b.id).string() : r.out_dir;
  const auto at = [&](const std::string& rel) { return (fs::path(root) / rel).string(); };
  const std::string n = std::to_string(p.neurons), s = std::to_string(p.inputs), l = std::to_string(p.lanes),
                    wb = std::to_string(p.weight_bits), vb = std::to_string(p.state_bits);
  std::ostringstream mhz;
  mhz << b.core_clock_mhz;

  if (b.family == "ice40") {
    p.product = (fs::path(p.out_dir) / (p.top + ".bin")).string();
    p.steps.push_back({"yosys synth_ice40 -> nextpnr-ice40 -> icepack",
                       {at("scripts/ice40/build.sh"), "--top", p.top, "--pcf", at(b.constraints), "--out", p.out_dir,
                        "--neurons", n, "--inputs", s, "--lanes", l, "--freq", mhz.str()}});
    return p;
  }
  const std::string filelist = iface == "uart" ? "rtl/boards/files_uart.f" : "rtl/boards/files_axil.f";
  if (b.family == "alveo") {
    p.product = (fs::path(p.out_dir) / "spikeforge.xclbin").string();
    const auto xo = (fs::path(p.out_dir) / "spikeforge.xo").string();
    p.steps.push_back({"package the AXI4-Lite mailbox as an XRT RTL kernel (.xo)",
                       {"vivado", "-mode", "batch", "-nojournal", "-log", (fs::path(p.out_dir) / "package_xo.log").string(),
                        "-source", at("scripts/vivado/package_xo.tcl"), "-tclargs", "part", b.part, "top", p.top,
                        "filelist", at(filelist), "root", root, "out", p.out_dir, "N", n, "S", s, "P", l, "WB", wb, "VB",
                        vb}});
    p.steps.push_back({"link the kernel into the platform's shell",
                       {"v++", "--link", "--target", "hw", "--platform", b.platform, "--kernel_frequency", mhz.str(),
                        "--save-temps", "--temp_dir", (fs::path(p.out_dir) / "_x").string(), "-o", p.product, xo}});
    return p;
  }
  p.product = (fs::path(p.out_dir) / (p.top + ".bit")).string();
  std::vector<std::string> cmd{"vivado", "-mode", "batch", "-nojournal", "-log", (fs::path(p.out_dir) / "vivado.log").string(),
                               "-source", at("scripts/vivado/build.tcl"), "-tclargs", "part", b.part, "top", p.top,
                               "filelist", at(filelist), "root", root, "out", p.out_dir, "N", n, "S", s, "P", l, "WB", wb,
                               "VB", vb, "clock_mhz", mhz.str(), "leds", std::to_string(b.leds.size())};
  if (!b.constraints.empty()) cmd.insert(cmd.end(), {"xdc", at(b.constraints)});
  if (iface == "axi") cmd.insert(cmd.end(), {"bd", at(b.block_design)});
  p.steps.push_back({"Vivado non-project flow: synth, opt, place, route, reports, write_bitstream", cmd});
  return p;
}

}  // namespace spikeforge::boards

// ---- fit ------------------------------------------------------------------------------------------

namespace spikeforge::boards {

std::uint64_t bram_blocks_for(std::uint64_t depth, std::uint64_t width, std::uint32_t block_kbits) {
  if (depth == 0 || width == 0) return 0;
  // (depth, width) aspect ratios of one block
  static const std::vector<std::pair<std::uint64_t, std::uint64_t>> bram36{
      {32768, 1}, {16384, 2}, {8192, 4}, {4096, 9}, {2048, 18}, {1024, 36}, {512, 72}};
  static const std::vector<std::pair<std::uint64_t, std::uint64_t>> ebr4{{2048, 2}, {1024, 4}, {512, 8}, {256, 16}};
  const auto& cfgs = block_kbits == 4 ? ebr4 : bram36;
  std::uint64_t best = UINT64_MAX;
  for (const auto& [d, w] : cfgs) best = std::min(best, ((width + w - 1) / w) * ((depth + d - 1) / d));
  return best;
}

std::uint64_t uram_blocks_for(std::uint64_t depth, std::uint64_t width) {
  if (depth == 0 || width == 0) return 0;
  if (width > 72) return ((width + 71) / 72) * ((depth + 4095) / 4096);
  const std::uint64_t per_word = 72 / width;
  return (depth + 4096 * per_word - 1) / (4096 * per_word);
}

BuildFit fit_build(const Board& b, std::uint32_t n, std::uint32_t s, std::uint32_t p, std::uint32_t wb, std::uint32_t vb) {
  BuildFit f;
  f.neurons = n;
  f.inputs = s;
  f.lanes = p;
  f.weight_bits = wb;
  f.state_bits = vb;
  const std::uint64_t tb = wb + 8;
  const std::uint64_t sources = std::uint64_t{s} + n;
  const std::uint64_t bank_depth = sources * ((n + p - 1) / p);
  const std::uint64_t ew = wb + 1;
  const auto kb = b.resources.bram_kbits;

  const std::uint64_t param_w = 4ull * vb + 40, state_w = 2ull * vb + 8 + tb;
  f.memories.push_back({"neuron parameters", n * param_w, "BRAM", bram_blocks_for(n, param_w, kb)});
  f.memories.push_back({"neuron state", n * state_w, "BRAM", bram_blocks_for(n, state_w, kb)});
  f.memories.push_back({"pre traces", sources * tb, "BRAM", bram_blocks_for(sources, tb, kb)});
  std::uint64_t small = 0;
  for (const auto& m : f.memories) small += m.blocks;
  const std::uint64_t w_bram = p * bram_blocks_for(bank_depth, ew, kb);
  const std::uint64_t w_uram = p * uram_blocks_for(bank_depth, ew);
  const bool use_uram = b.resources.uram_blocks > 0 && (small + w_bram > b.resources.bram_blocks || w_uram < w_bram / 8);
  f.memories.push_back({"weights + plasticity bits (" + std::to_string(p) + " banks x " + std::to_string(bank_depth) +
                            " x " + std::to_string(ew) + " bits)",
                        sources * n * ew, use_uram ? "URAM" : "BRAM", use_uram ? w_uram : w_bram});
  for (const auto& m : f.memories) (m.resource == "URAM" ? f.uram_used : f.bram_used) += m.blocks;

  // Logic of the whole device (core + protocol engine + counters + link), fitted to Yosys runs of
  // the UART and AXI-Lite devices (docs/boards.md "fit"): the engine, counters and link are a fixed
  // ~3,125 LUTs, each synapse lane costs ~52 LUTs per address bit of a source row, and the engine's
  // fired-neuron bitmap ~4 per neuron; the 16/24-bit build (WB = 16, VB = 24) measured 1.28 times
  // the 8/16-bit one. iCE40 logic cells (LUT4) are 1.485 times the LUT6 count (nextpnr).
  const double row_bits = std::log2(static_cast<double>(sources));
  f.logic.base = 3125.0 + 4.0 * n;
  f.logic.per_lane = 52.0 * row_bits;
  f.logic.scale = (b.family == "ice40" ? 1.485 : 1.0) * (1.0 + 0.035 * (static_cast<double>(wb) - 8.0));
  f.logic.luts = static_cast<std::uint64_t>(std::llround(f.logic.scale * (f.logic.base + f.logic.per_lane * p)));

  if (f.bram_used > b.resources.bram_blocks)
    f.reasons.push_back("block RAM: needs " + std::to_string(f.bram_used) + " of " + std::to_string(b.resources.bram_blocks) +
                        (kb == 4 ? " EBR (4 Kbit)" : " BRAM36"));
  if (f.uram_used > b.resources.uram_blocks)
    f.reasons.push_back("UltraRAM: needs " + std::to_string(f.uram_used) + " of " + std::to_string(b.resources.uram_blocks));
  if (f.logic.luts > b.resources.lut)
    f.reasons.push_back("logic: about " + std::to_string(f.logic.luts) + (b.family == "ice40" ? " logic cells" : " LUTs") +
                        " of " + std::to_string(b.resources.lut) + " (Yosys-calibrated estimate of the whole device)");
  f.fits = f.reasons.empty();
  return f;
}

}  // namespace spikeforge::boards
