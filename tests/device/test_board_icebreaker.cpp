// The iCEBreaker's board top (rtl/boards/sf_board_icebreaker.sv), as built into the bitstream by
// scripts/ice40/build.sh: the UART device at N = S = 16, P = 1, clocked at the board's 12 MHz and
// talking 115200 baud (104.17 clocks per bit), reset through the BTN_N synchroniser. The host's
// own protocol client programs it and runs it over the simulated UART pins; every spike and the
// state read back equal the reference model, with STDP on.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "Vsf_board_icebreaker.h"
#include "spikeforge/model_target.hpp"
#include "spikeforge/protocol/device_target.hpp"
#include "spikeforge/sim/uart_line.hpp"
#include "spikeforge/testing/harness.hpp"
#include "spikeforge/transport/transport.hpp"

using namespace spikeforge;

namespace {

constexpr std::uint64_t kClkHz = 12'000'000;
constexpr std::uint64_t kBaud = 115'200;

// The board's UART pins as a byte link. Simulated time advances inside read() only.
class BoardLink final : public transport::Transport {
 public:
  BoardLink() {
    top_.clk_i = 0;
    top_.uart_rx_i = 1;
    top_.rst_btn_ni = 0;  // the button held for a few clocks, as at power-up
    for (int k = 0; k < 8; ++k) clock();
    top_.rst_btn_ni = 1;
    for (int k = 0; k < 8; ++k) clock();
  }

  void write(std::span<const std::uint8_t> bytes) override {
    for (auto b : bytes) line_.send(b);
  }

  std::size_t read(std::span<std::uint8_t> buf, std::chrono::milliseconds) override {
    // Every command is answered; 20 M clocks (1.7 s of board time) without a byte means the
    // device said nothing, which the client treats as a timeout.
    constexpr std::uint64_t kMaxQuiet = 20'000'000;
    std::uint64_t waited = 0;
    while (line_.received().empty() && waited < kMaxQuiet) {
      clock();
      ++waited;
    }
    auto& rx = line_.received();
    std::size_t n = 0;
    while (n < buf.size() && !rx.empty()) {
      buf[n++] = rx.front();
      rx.pop_front();
    }
    return n;
  }

  double bits_per_second() const override { return static_cast<double>(kBaud); }
  std::string describe() const override { return "sf_board_icebreaker (Verilator, 12 MHz, 115200 baud)"; }
  std::uint64_t framing_errors() const { return line_.framing_errors(); }

 private:
  void clock() {
    top_.uart_rx_i = line_.tick(top_.uart_tx_o != 0) ? 1 : 0;
    top_.clk_i = 1;
    top_.eval();
    top_.clk_i = 0;
    top_.eval();
  }

  Vsf_board_icebreaker top_;
  sim::UartLine line_{kClkHz, kBaud};
};

}  // namespace

TEST_CASE("The iCEBreaker top at 12 MHz and 115200 baud runs like the reference model", "[device][boards]") {
  auto owned = std::make_unique<BoardLink>();
  BoardLink* link = owned.get();
  DeviceTarget dut(std::move(owned));
  const model::Shape shape{16, 16, 8, 16};

  const auto info = dut.info();
  CHECK(info.shape == shape);
  CHECK(info.lanes == 1);

  // two random networks with STDP on, in regimes that spike (seeds picked for activity)
  std::size_t steps = 0;
  for (std::uint64_t seed : {1u, 6u}) {
    INFO("seed " << seed);
    testing::RandomOptions o;
    o.learn = 1;
    const auto image = testing::random_image(shape, seed, o);
    const auto inputs =
        testing::random_inputs(shape, 30, testing::regime_input_rate(testing::regime_for(seed, o), seed), seed);
    ModelTarget ref(shape);
    ref.program(image);
    dut.program(image);
    const auto a = ref.run(inputs);
    const auto b = dut.run(inputs);
    REQUIRE(a.size() == b.size());
    std::size_t spikes = 0;
    for (std::size_t t = 0; t < a.size(); ++t) {
      INFO("step " << t);
      REQUIRE(a[t] == b[t]);
      spikes += a[t].size();
    }
    INFO(spikes << " spikes");
    CHECK(spikes > 0);  // the comparison saw activity (169 and 41 spikes)
    const auto diff = testing::compare_state(ref, dut, shape, inputs.size());
    CHECK_FALSE(diff.has_value());
    if (diff) WARN(*diff);
    steps += inputs.size();
  }

  const auto c = dut.counters();
  CHECK(c.steps == steps);
  CHECK(c.crc_errors == 0);
  CHECK(c.frame_errors == 0);
  CHECK(link->framing_errors() == 0);
}
