// sf_device_axil: the same protocol through the AXI4-Lite mailbox registers (docs/protocol.md §9),
// on a small build (N=8, S=4, P=1) with 16-byte FIFOs so that a response overflows the
// device-to-host FIFO and the device has to stall.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "Vsf_device_axil.h"
#include "link_util.hpp"

using spikeforge::testing::cobs_decode;
using spikeforge::testing::make_frame;

namespace {

struct Axil {
  Vsf_device_axil m;
  std::uint64_t cycles = 0;
  Axil() {
    m.s_awvalid_i = 0;
    m.s_wvalid_i = 0;
    m.s_bready_i = 1;
    m.s_arvalid_i = 0;
    m.s_rready_i = 1;
    m.s_wstrb_i = 0xF;
    m.rst_ni = 0;
    for (int k = 0; k < 4; ++k) clock();
    m.rst_ni = 1;
  }
  void clock() {
    m.clk_i = 0;
    m.eval();
    m.clk_i = 1;
    m.eval();
    ++cycles;
  }
  void write(std::uint8_t addr, std::uint32_t data) {
    m.s_awaddr_i = addr;
    m.s_wdata_i = data;
    m.s_awvalid_i = 1;
    m.s_wvalid_i = 1;
    m.eval();
    REQUIRE(m.s_awready_o);
    clock();
    m.s_awvalid_i = 0;
    m.s_wvalid_i = 0;
    for (int k = 0; k < 100 && !m.s_bvalid_o; ++k) clock();
    REQUIRE(m.s_bvalid_o);
    clock();
  }
  std::uint32_t read(std::uint8_t addr) {
    m.s_araddr_i = addr;
    m.s_arvalid_i = 1;
    m.eval();
    REQUIRE(m.s_arready_o);
    clock();
    m.s_arvalid_i = 0;
    for (int k = 0; k < 100 && !m.s_rvalid_o; ++k) clock();
    REQUIRE(m.s_rvalid_o);
    const std::uint32_t d = m.s_rdata_o;
    clock();
    return d;
  }
  // Write a frame through TXDATA, respecting STATUS free space.
  void send(const std::vector<std::uint8_t>& bytes) {
    for (auto b : bytes) {
      while ((read(0x04) >> 16) == 0) clock();
      write(0x08, b);
    }
  }
  // Read RXDATA until a delimiter; `pause` idle clocks between reads (a slow host).
  std::vector<std::uint8_t> receive(int pause) {
    std::vector<std::uint8_t> enc, dec;
    for (int guard = 0; guard < 200000; ++guard) {
      const std::uint32_t d = read(0x0C);
      if (d & 0x100u) {
        if ((d & 0xFFu) == 0) break;
        enc.push_back(static_cast<std::uint8_t>(d));
      }
      for (int k = 0; k < pause; ++k) clock();
    }
    REQUIRE(cobs_decode(enc, dec));
    REQUIRE(dec.size() >= 6);
    dec.resize(dec.size() - 4);
    return dec;
  }
};

std::uint32_t u32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (std::uint32_t{b[at + 3]} << 24);
}

}  // namespace

TEST_CASE("AXI4-Lite mailbox: ID, IDENTIFY, a stalled long answer, counters", "[device][axil]") {
  Axil a;
  CHECK(a.read(0x00) == 0x53464D42u);
  CHECK((a.read(0x04) >> 16) == 16u);   // all 16 host-to-device entries free
  CHECK((a.read(0x04) & 0xFFFFu) == 0u);
  a.send(make_frame({7, 0x01}));
  const auto id = a.receive(0);
  REQUIRE(id.size() == 2 + 36);
  CHECK(id[0] == 7);
  CHECK(id[1] == 0);
  CHECK(u32(id, 2) == 0x56444653u);
  CHECK((id[8] | (id[9] << 8)) == 8);   // N
  CHECK((id[10] | (id[11] << 8)) == 4); // S
  // READ_NEURONS of all 8 (176 bytes) read slowly: the 16-byte FIFO fills, the device stalls.
  a.send(make_frame({8, 0x04, 0, 0, 8, 0}));
  const auto rn = a.receive(50);
  CHECK(rn.size() == 2 + 8 * 22);
  CHECK(rn[1] == 0);
  a.send(make_frame({9, 0x0E}));
  const auto c = a.receive(0);
  REQUIRE(c.size() == 2 + 48);
  const std::uint64_t stall = u32(c, 2 + 16) | (std::uint64_t{u32(c, 2 + 20)} << 32);
  CHECK(stall > 100);
  CHECK(u32(c, 2 + 40) == 2);           // commands before this one: IDENTIFY, READ_NEURONS
  // a corrupted frame is dropped and counted; the next command is answered
  auto bad = make_frame({10, 0x0E});
  bad[2] ^= 0x40;
  a.send(bad);
  a.send(make_frame({11, 0x0E}));
  const auto c2 = a.receive(0);
  REQUIRE(c2.size() == 2 + 48);
  CHECK(c2[0] == 11);
  CHECK(u32(c2, 2 + 24) + u32(c2, 2 + 28) == 1);  // one CRC or frame error
  CHECK(a.read(0x10) == 0);                       // no host write was dropped
}
