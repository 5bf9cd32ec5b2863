// Link layer in Verilator: UART loopback at several bit periods (including fractional ones),
// COBS + CRC frames through an echo top, and corrupted / truncated / oversized frames dropped,
// counted, and followed by a clean recovery at the next delimiter.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "Vsf_link_echo.h"
#include "Vsf_uart_loop_tb.h"
#include "link_util.hpp"
#include "spikeforge/sim/uart_line.hpp"

using spikeforge::sim::UartLine;
using namespace spikeforge::testing;

namespace {

template <class M>
void clock(M& m) {
  m.clk_i = 0;
  m.eval();
  m.clk_i = 1;
  m.eval();
}

template <class M>
void reset(M& m) {
  m.rst_ni = 0;
  for (int k = 0; k < 4; ++k) clock(m);
  m.rst_ni = 1;
}

}  // namespace

TEST_CASE("UART transmitter to receiver at 25M, 12M, 3M and 115200 baud from 100 MHz", "[device][uart]") {
  Vsf_uart_loop_tb m;
  m.valid_i = 0;
  m.flip_i = 0;
  reset(m);
  std::mt19937 rng(7);
  const int count[4] = {300, 300, 200, 40};  // 115200 baud costs 8,680 clocks per byte
  std::vector<std::uint8_t> sent[4], got[4];
  int ferr[4] = {0, 0, 0, 0};
  for (int cycle = 0; cycle < 500000; ++cycle) {
    std::uint32_t data = 0;
    std::uint32_t valid = 0;
    for (int k = 0; k < 4; ++k) {
      if (((m.ready_o >> k) & 1u) && static_cast<int>(sent[k].size()) < count[k]) {
        const auto b = static_cast<std::uint8_t>(rng());
        sent[k].push_back(b);
        data |= std::uint32_t{b} << (8 * k);
        valid |= 1u << k;
      }
    }
    m.data_i = data;
    m.valid_i = static_cast<std::uint8_t>(valid);
    clock(m);
    for (int k = 0; k < 4; ++k) {
      if ((m.rx_valid_o >> k) & 1u) got[k].push_back(static_cast<std::uint8_t>(m.rx_data_o >> (8 * k)));
      if ((m.rx_ferr_o >> k) & 1u) ++ferr[k];
    }
  }
  for (int k = 0; k < 4; ++k) {
    INFO("pair " << k);
    CHECK(static_cast<int>(sent[k].size()) == count[k]);
    CHECK(got[k] == sent[k]);
    CHECK(ferr[k] == 0);
  }
}

TEST_CASE("UART receiver flags a broken stop bit and resynchronises", "[device][uart]") {
  Vsf_uart_loop_tb m;
  m.valid_i = 0;
  m.flip_i = 0;
  reset(m);
  // Pair 0 (4 clocks per bit): invert the line during the stop bit of one byte.
  int got = 0, ferr = 0, sent = 0;
  int since_start = -1;
  for (int cycle = 0; cycle < 4000; ++cycle) {
    m.valid_i = 0;
    if ((m.ready_o & 1u) && sent < 20) {
      m.data_i = 0x55;
      m.valid_i = 1;
      ++sent;
      since_start = 0;
    }
    // byte 5: stop bit occupies clocks 36..39 after the start
    m.flip_i = (sent == 5 && since_start >= 37 && since_start <= 39) ? 1 : 0;
    clock(m);
    if (since_start >= 0) ++since_start;
    if (m.rx_valid_o & 1u) {
      CHECK((m.rx_data_o & 0xFFu) == 0x55u);
      ++got;
    }
    if (m.rx_ferr_o & 1u) ++ferr;
  }
  CHECK(sent == 20);
  CHECK(ferr == 1);
  CHECK(got == 19);
}

namespace {

// The echo top at 25 Mbaud from 100 MHz (4 clocks per bit).
struct Echo {
  Vsf_link_echo m;
  UartLine line{100'000'000, 25'000'000};
  Echo() {
    m.rx_i = 1;
    reset(m);
  }
  void run(std::uint64_t cycles) {
    for (std::uint64_t c = 0; c < cycles; ++c) {
      m.rx_i = line.tick(m.tx_o) ? 1 : 0;
      clock(m);
    }
  }
  void send(const std::vector<std::uint8_t>& bytes) {
    for (auto b : bytes) line.send(b);
  }
  // Run until the line is idle and nothing came back for a while.
  void drain() {
    while (line.sending()) run(100);
    run(3000);
  }
  // Frames received back so far (decoded, CRC checked and stripped).
  std::vector<std::vector<std::uint8_t>> frames() {
    std::vector<std::vector<std::uint8_t>> out;
    std::vector<std::uint8_t> cur, dec;
    auto& rx = line.received();
    while (!rx.empty()) {
      const auto b = rx.front();
      rx.pop_front();
      if (b != 0) {
        cur.push_back(b);
        continue;
      }
      REQUIRE(cobs_decode(cur, dec));
      REQUIRE(dec.size() >= 4);
      const std::uint32_t c = spikeforge::model::crc32(dec.data(), dec.size() - 4);
      std::uint32_t got = 0;
      for (int k = 0; k < 4; ++k) got |= std::uint32_t{dec[dec.size() - 4 + static_cast<std::size_t>(k)]} << (8 * k);
      REQUIRE(got == c);
      dec.resize(dec.size() - 4);
      out.push_back(dec);
      cur.clear();
    }
    return out;
  }
};

std::vector<std::uint8_t> random_payload(std::mt19937& rng, std::size_t len, bool zero_heavy) {
  std::vector<std::uint8_t> p(len);
  for (auto& b : p) b = (zero_heavy && rng() % 3 == 0) ? 0 : static_cast<std::uint8_t>(rng());
  return p;
}

}  // namespace

TEST_CASE("COBS + CRC frames of every length up to the maximum come back intact", "[device][link]") {
  Echo e;
  std::mt19937 rng(11);
  std::vector<std::vector<std::uint8_t>> sent;
  // MAX_LEN is 64 including the CRC: payloads of 2 .. 60 bytes; all-non-zero and zero-heavy.
  for (std::size_t len = 2; len <= 60; ++len) {
    for (bool zh : {false, true}) {
      auto p = random_payload(rng, len, zh);
      e.send(make_frame(p));
      sent.push_back(p);
      e.drain();
    }
  }
  const auto got = e.frames();
  CHECK(got == sent);
  CHECK(e.m.frames_o == sent.size());
  CHECK(e.m.crc_errs_o == 0);
  CHECK(e.m.frame_errs_o == 0);
  CHECK(e.m.uart_errs_o == 0);
}

TEST_CASE("COBS groups of 254 and more non-zero bytes encode and decode", "[device][link]") {
  // A 64-byte buffer cannot hold a 254-byte group, so check the C++ codec against itself on long
  // runs, and the RTL on the 0xFF-code boundary with the largest frame it takes.
  std::vector<std::uint8_t> big(600, 0x5A), dec;
  big[300] = 0;
  REQUIRE(cobs_decode(cobs_encode(big), dec));
  CHECK(dec == big);
  Echo e;
  std::vector<std::uint8_t> p(60, 0xA5);
  e.send(make_frame(p));
  e.drain();
  const auto got = e.frames();
  REQUIRE(got.size() == 1);
  CHECK(got[0] == p);
}

TEST_CASE("Corrupted, truncated and oversized frames are dropped and counted, and the next frame recovers",
          "[device][link]") {
  Echo e;
  std::mt19937 rng(3);
  std::uint64_t expect_min_errors = 0;
  std::vector<std::vector<std::uint8_t>> sent;
  for (int round = 0; round < 60; ++round) {
    auto p = random_payload(rng, 2 + rng() % 40, round % 2 == 0);
    auto f = make_frame(p);
    switch (round % 4) {
      case 0: {  // one byte changed (not the final delimiter)
        const std::size_t at = rng() % (f.size() - 1);
        f[at] = static_cast<std::uint8_t>(f[at] ^ (1u + rng() % 255));
        if (f[at] != 0 || at + 1 < f.size() - 1) ++expect_min_errors;
        break;
      }
      case 1:  // truncated: cut somewhere and a delimiter sent early
        f.resize(1 + rng() % (f.size() - 2));
        f.push_back(0);
        ++expect_min_errors;
        break;
      case 2: {  // oversized: 70 bytes payload into a 64-byte buffer
        f = make_frame(random_payload(rng, 70, false));
        ++expect_min_errors;
        break;
      }
      case 3:  // too short: one byte and a CRC cannot be a command
        f = make_frame({static_cast<std::uint8_t>(rng())});
        ++expect_min_errors;
        break;
    }
    e.send(f);
    // then a good frame, which must come back
    auto good = random_payload(rng, 2 + rng() % 40, true);
    e.send(make_frame(good));
    sent.push_back(good);
    e.drain();
  }
  const auto got = e.frames();
  CHECK(got == sent);
  const std::uint64_t errors = std::uint64_t{e.m.crc_errs_o} + e.m.frame_errs_o;
  CHECK(errors >= expect_min_errors);
  CHECK(e.m.crc_errs_o > 0);
  CHECK(e.m.frame_errs_o > 0);
}

TEST_CASE("A bit error on the wire is caught by the CRC or the framing, never echoed", "[device][link]") {
  Echo e;
  std::mt19937 rng(5);
  std::vector<std::vector<std::uint8_t>> sent;
  int injected = 0;
  for (int round = 0; round < 40; ++round) {
    auto p = random_payload(rng, 4 + rng() % 30, false);
    const auto f = make_frame(p);
    // flip one data bit of a byte in the middle of the frame
    const std::size_t at = 1 + rng() % (f.size() - 2);
    for (std::size_t k = 0; k < f.size(); ++k) {
      if (k == at) {
        while (e.line.sending()) e.run(1);
        e.line.flip_next_bit();
        ++injected;
      }
      e.line.send(f[k]);
    }
    e.send({0});  // a lone delimiter: resynchronise even if the flip created a fake code byte
    auto good = random_payload(rng, 8, true);
    e.send(make_frame(good));
    sent.push_back(good);
    e.drain();
  }
  CHECK(injected == 40);
  CHECK(e.frames() == sent);
  CHECK(std::uint64_t{e.m.crc_errs_o} + e.m.frame_errs_o >= 40u);
}
