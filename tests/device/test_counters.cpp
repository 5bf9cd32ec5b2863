// sf_counters (the device's event counters kept in a RAM) against a plain count, in a build with
// 4-bit words (16-bit counters) so that every carry between words and the wrap are exercised in a
// few hundred thousand clocks: events on every clock, at random and in bursts, during the clearing
// after reset and across a second reset.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <random>

#include "Vsf_counters.h"

namespace {

constexpr int kCounters = 3;    // -GK=3
constexpr int kWordBits = 4;    // -GWW=4: a counter is 4 words = 16 bits
constexpr std::uint32_t kMask = 0xFFFF;

struct Bench {
  Vsf_counters m;
  std::array<std::uint32_t, kCounters> count{};   // events so far, mod 2^16
  std::array<std::uint32_t, kCounters> shown{};   // the words of the current visit
  std::array<std::uint32_t, kCounters> expect{};  // the count when the visit began
  std::array<int, kCounters> visits{};            // complete visits checked
  std::array<int, kCounters> next_word{};         // word expected next in the current visit

  void clock(std::uint32_t inc) {
    m.inc_i = static_cast<std::uint8_t>(inc);
    m.clk_i = 0;
    m.eval();
    // a visit shows the count of the events before the clock of its word 0
    if (m.word_valid_o) check_word();
    for (int k = 0; k < kCounters; ++k) {
      if ((inc >> k) & 1u) count[static_cast<std::size_t>(k)] = (count[static_cast<std::size_t>(k)] + 1) & kMask;
    }
    m.clk_i = 1;
    m.eval();
  }

  void check_word() {
    const auto k = static_cast<std::size_t>(m.word_k_o);
    REQUIRE(k < static_cast<std::size_t>(kCounters));
    const int w = m.word_w_o;
    REQUIRE(w == next_word[k]);   // words come 0..3, in one visit
    if (w == 0) {
      shown[k] = 0;
      expect[k] = count[k];
    }
    shown[k] |= std::uint32_t{m.word_o} << (kWordBits * w);
    next_word[k] = (w + 1) % 4;
    if (w == 3) {
      INFO("counter " << k << " visit " << visits[k]);
      REQUIRE(shown[k] == expect[k]);
      ++visits[k];
    }
  }

  void reset() {
    m.rst_ni = 0;
    for (int c = 0; c < 3; ++c) clock(0);
    m.rst_ni = 1;
    count.fill(0);
    next_word.fill(0);
  }
};

}  // namespace

TEST_CASE("sf_counters counts every event, carries through all words and wraps", "[device][counters]") {
  Bench b;
  b.reset();
  std::mt19937 rng(11);
  // counter 0 counts every clock (wraps 2^16 several times), counter 1 at random, counter 2 in
  // bursts of 1..40 clocks with gaps
  int burst = 0;
  for (int c = 0; c < 300000; ++c) {
    if (burst == 0 && rng() % 50 == 0) burst = 1 + static_cast<int>(rng() % 40);
    std::uint32_t inc = 1u | ((rng() & 1u) << 1) | ((burst > 0 ? 1u : 0u) << 2);
    if (burst > 0) --burst;
    b.clock(inc);
  }
  // every counter was visited every 8*K clocks
  for (int k = 0; k < kCounters; ++k) {
    INFO("counter " << k);
    CHECK(b.visits[static_cast<std::size_t>(k)] >= 300000 / (8 * kCounters) - 3);
  }
  CHECK(b.count[0] == (300000u & kMask));

  SECTION("a reset clears the counters; events right after it are kept") {
    b.reset();
    for (int c = 0; c < 20000; ++c) b.clock(c < 100 ? 7u : (rng() % 3 == 0 ? 5u : 0u));
    CHECK(b.visits[0] > 0);
  }
}
