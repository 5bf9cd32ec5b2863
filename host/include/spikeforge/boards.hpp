// Board support (docs/boards.md): the board database loaded from boards/*.yaml, and the plans of
// the two board actions that run external tools: flashing a bitstream and building one. Planning
// is pure (no tool is run), so every command line and every error is testable without hardware.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace spikeforge::boards {

// A board id that is not in the database; what() lists the known ids.
struct UnknownBoard : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};
// A board file that is invalid; what() is "file: field: reason".
struct BoardFileError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};
// A request that cannot be honoured (missing file, wrong file type, missing option).
struct FlashError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct Clock {
  std::string name;
  std::string source = "pin";  // "pin", "ps" (PS fabric clock) or "platform" (XRT shell)
  std::string pin, pin_n;      // pin_n for differential clocks
  std::string iostandard;
  double mhz = 0;
};

struct Uart {
  std::string bridge;          // the USB-UART chip
  std::string rx_pin, tx_pin;  // FPGA input (host -> device) and output (device -> host)
  std::string iostandard;
  std::uint32_t max_baud = 0;
};

struct Axi {
  std::string ps;    // processing_system7 or zynq_ultra_ps_e
  std::string port;  // M_AXI_GP0 or M_AXI_HPM0_FPD
  std::uint64_t base = 0;
  std::uint32_t range_kb = 0;
  std::string linux_driver;
};

struct Resources {
  std::uint64_t lut = 0, ff = 0, dsp = 0;
  std::uint64_t bram_blocks = 0;  // block RAMs of bram_kbits each (BRAM36: 36, iCE40 EBR: 4)
  std::uint32_t bram_kbits = 36;
  std::uint64_t uram_blocks = 0;  // UltraRAM blocks, 288 Kbit (4K x 72) each
};

struct Defaults {
  std::uint32_t neurons = 256, inputs = 256, lanes = 1, weight_bits = 8, state_bits = 16;
  std::uint32_t baud = 0;  // 0: the board has no UART path to the host
};

struct FlashSpec {
  std::string jtag_tool;   // "openFPGALoader" or empty (no JTAG path)
  std::string jtag_board;  // openFPGALoader -b NAME
  std::string jtag_cable;  // openFPGALoader -c NAME (boards it does not know by name)
  bool fpga_manager = false;  // Linux fpga_manager via fpgautil when run on the board
  bool xrt = false;           // xbutil program
  std::vector<std::string> file_types;  // accepted extensions without the dot
};

struct Board {
  std::string id, name, vendor, family, part;
  std::string interface;                // uart, axi or xrt
  std::vector<std::string> interfaces;  // every interface a top exists for (interface first)
  std::string top, top_uart;            // RTL top module (and the UART variant where one exists)
  std::string constraints;              // repository-relative path, may be empty
  std::string block_design;             // repository-relative Tcl, Zynq/MPSoC only
  std::string platform;                 // XRT platform, Alveo only
  std::vector<Clock> clocks;
  double core_clock_mhz = 0;
  std::string reset_pin;
  bool reset_active_low = false;
  std::vector<std::string> leds;
  std::optional<Uart> uart;
  std::optional<Axi> axi;
  Resources resources;
  Defaults defaults;
  FlashSpec flash;
  std::string file;  // where the board was loaded from
};

// The boards directory: $SPIKEFORGE_BOARDS_DIR, else <source>/boards, else <prefix>/share/spikeforge/boards
// next to the executable. Throws std::runtime_error naming the places looked at.
std::string boards_dir();
// The repository / installed share root that holds boards/, constraints/, rtl/ and scripts/.
std::string data_root();

Board parse_board(const std::string& yaml_text, const std::string& display_name);
Board load_board_file(const std::string& path);
// Every *.yaml in `dir`, sorted by id. Throws BoardFileError on a bad file, std::runtime_error if
// the directory cannot be read.
std::vector<Board> load_boards(const std::string& dir);
std::vector<Board> load_boards();
const Board& find_board(const std::vector<Board>& boards, const std::string& id);

std::string to_json(const Board& b);
std::string to_json(const std::vector<Board>& boards);

// ---- external tools ----------------------------------------------------------------------
// The full path of `tool` when an executable of that name is on `path_env` (a PATH string).
std::optional<std::string> find_tool(const std::string& tool, const std::string& path_env);
// The process's PATH.
std::string current_path();
// Quote a command line for a POSIX shell, for printing.
std::string shell_join(const std::vector<std::string>& argv);
// Run argv (searching PATH); returns the exit status (128+signal when killed).
int run_command(const std::vector<std::string>& argv);

// ---- flash ------------------------------------------------------------------------------------
struct FlashRequest {
  std::string file;
  std::string method;  // "" (choose), "jtag", "fpga-manager" or "xrt"
  std::string device;  // xrt: the card's PCIe BDF (xbutil examine lists them)
  std::optional<bool> on_board;  // running on the board's own Linux; default: /sys/class/fpga_manager/fpga0 exists
};

struct FlashPlan {
  std::string method;
  std::vector<std::string> argv;  // argv[0] is the tool
  std::string note;               // what the user should know (e.g. the file conversion the tool does)
};

// Checks the file (exists, type fits the board and method) and builds the command line.
// Throws FlashError with the reason.
FlashPlan plan_flash(const Board& board, const FlashRequest& request);

// ---- build --------------------------------------------------------------------------------------
struct BuildRequest {
  std::optional<std::uint32_t> neurons, inputs, lanes;
  std::string interface;  // "" = the board's default
  std::string out_dir;    // "" = build/boards/<id>
};

struct BuildStep {
  std::string what;
  std::vector<std::string> argv;
};

struct BuildPlan {
  std::uint32_t neurons = 0, inputs = 0, lanes = 0, weight_bits = 0, state_bits = 0;
  std::string out_dir, top, product;  // product: the bitstream / xclbin path
  std::vector<BuildStep> steps;
};

// Throws std::invalid_argument on an impossible request (unknown interface, bad N/S/P).
BuildPlan plan_build(const Board& board, const BuildRequest& request, const std::string& root);

// ---- fit ------------------------------------------------------------------------------------
// Memory and logic a core build (N, S, P, WB, VB) needs on a board, as the core stores it
// (docs/rtl.md, docs/boards.md "fit"): weights and plasticity bits as P banks of (S+N)*ceil(N/P)
// words of WB+1 bits; neuron parameters (4*VB+40 bits) and state (2*VB+8+TB bits) one word per
// neuron; pre traces (TB bits) one per source. Block RAMs are counted with the best aspect ratio
// of the family's block; UltraRAM (4K x 72) holds floor(72/(WB+1)) bank words per URAM word
// using its 9-bit byte writes. Weights go to URAM when the board has it and they do not fit
// the block RAM left after the neuron memories.
struct MemoryItem {
  std::string what;
  std::uint64_t bits = 0;
  std::string resource;  // "BRAM" or "URAM"
  std::uint64_t blocks = 0;
};

struct LogicEstimate {
  // LUTs of the whole device ~= scale * (base + per_lane * P), with base = 3125 + 4 N and
  // per_lane = 52 log2(S + N): a fit to Yosys synth_xilinx runs of the UART / AXI-Lite device
  // (within 6 %; docs/boards.md "fit"); scale = 1 + 0.035 (WB - 8) for wider builds, times 1.485 for
  // iCE40 logic cells. An estimate, not a synthesis result (Vivado usually needs fewer LUTs).
  double base = 0, per_lane = 0, scale = 1.0;
  std::uint64_t luts = 0;
};

struct BuildFit {
  std::uint32_t neurons = 0, inputs = 0, lanes = 0, weight_bits = 0, state_bits = 0;
  std::vector<MemoryItem> memories;
  std::uint64_t bram_used = 0, uram_used = 0;
  LogicEstimate logic;
  bool fits = false;
  std::vector<std::string> reasons;  // why it does not fit (empty when it fits)
};

std::uint64_t bram_blocks_for(std::uint64_t depth, std::uint64_t width, std::uint32_t block_kbits);
std::uint64_t uram_blocks_for(std::uint64_t depth, std::uint64_t width);
BuildFit fit_build(const Board& board, std::uint32_t neurons, std::uint32_t inputs, std::uint32_t lanes,
                   std::uint32_t weight_bits, std::uint32_t state_bits);

}  // namespace spikeforge::boards
