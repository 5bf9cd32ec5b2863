// COBS, frames, records and spike sets (docs/protocol.md §1, §5, §8).
#include <catch2/catch.hpp>

#include <random>

#include "../device/link_util.hpp"  // an independent COBS (written for the RTL tests)
#include "spikeforge/protocol/codec.hpp"

using namespace spikeforge;
using namespace spikeforge::protocol;

namespace {
std::vector<std::uint8_t> random_bytes(std::mt19937& rng, std::size_t n, int zero_percent) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = (int(rng() % 100) < zero_percent) ? 0 : static_cast<std::uint8_t>(1 + rng() % 255);
  return v;
}
}  // namespace

TEST_CASE("COBS round trip, size bound and agreement with an independent encoder", "[unit][cobs]") {
  std::mt19937 rng(1);
  std::vector<std::size_t> sizes = {0, 1, 2, 253, 254, 255, 256, 507, 508, 509, 1024};
  for (int k = 0; k < 300; ++k) sizes.push_back(rng() % 1100);
  for (auto n : sizes) {
    for (int zeros : {0, 1, 30, 100}) {
      const auto in = random_bytes(rng, n, zeros);
      const auto enc = cobs_encode(in);
      INFO("n=" << n << " zeros=" << zeros);
      CHECK(enc.size() <= n + 1 + n / 254);
      if (zeros == 0) CHECK(enc.size() == n + 1 + n / 254);
      CHECK(std::find(enc.begin(), enc.end(), 0) == enc.end());
      CHECK(enc == testing::cobs_encode(in));
      const auto dec = cobs_decode(enc);
      REQUIRE(dec.has_value());
      CHECK(*dec == in);
    }
  }
}

TEST_CASE("COBS rejects malformed encodings", "[unit][cobs]") {
  const std::vector<std::uint8_t> past_end = {0x05, 1, 2};
  CHECK_FALSE(cobs_decode(past_end).has_value());
  const std::vector<std::uint8_t> inner_zero = {0x03, 1, 0};
  CHECK_FALSE(cobs_decode(inner_zero).has_value());
}

TEST_CASE("frames carry seq, code, payload and a CRC-32 that catches corruption", "[unit][frame]") {
  const std::uint8_t check[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  CHECK(model::crc32(check, 9) == 0xCBF43926u);
  std::mt19937 rng(2);
  for (int k = 0; k < 200; ++k) {
    const auto payload = random_bytes(rng, rng() % (kMaxPayload + 1), 20);
    const auto seq = static_cast<std::uint8_t>(rng()), op = static_cast<std::uint8_t>(rng());
    const auto raw = build_frame(seq, op, payload);
    REQUIRE(raw.size() == payload.size() + 6);
    Frame f;
    REQUIRE(parse_frame(raw, f) == FrameCheck::kOk);
    CHECK(f.seq == seq);
    CHECK(f.code == op);
    CHECK(f.payload == payload);
    auto bad = raw;
    bad[rng() % bad.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    CHECK(parse_frame(bad, f) == FrameCheck::kBadCrc);
    CHECK(parse_frame(std::span(raw.data(), 5), f) == FrameCheck::kTooShort);
  }
  std::vector<std::uint8_t> big(kMaxPayload + 1, 7);
  Frame f;
  CHECK(parse_frame(build_frame(0, 0, big), f) == FrameCheck::kTooLong);
}

TEST_CASE("the frame splitter resynchronises after garbage, truncation and oversize", "[unit][frame]") {
  FrameSplitter split;
  std::vector<std::vector<std::uint8_t>> out;
  const std::vector<std::uint8_t> p1 = {1, 2, 0, 3}, p2 = {9};
  auto f1 = encode_frame(1, 2, p1), f2 = encode_frame(3, 4, p2);
  std::vector<std::uint8_t> stream;
  stream.insert(stream.end(), {0x55, 0x10, 0x00});                     // garbage, then a delimiter
  stream.insert(stream.end(), f1.begin(), f1.begin() + 4);             // truncated frame ...
  stream.push_back(0);                                                 // ... cut by a delimiter
  stream.insert(stream.end(), 3000, 0x42);                             // oversized
  stream.push_back(0);
  stream.insert(stream.end(), f1.begin(), f1.end());
  stream.insert(stream.end(), f2.begin(), f2.end());
  // feed in uneven pieces
  for (std::size_t k = 0; k < stream.size(); k += 7) {
    split.feed(std::span(stream.data() + k, std::min<std::size_t>(7, stream.size() - k)), out);
  }
  REQUIRE(out.size() >= 2);
  Frame a, b;
  // the valid frames are the last two; everything before fails the CRC or was counted malformed
  REQUIRE(parse_frame(out[out.size() - 2], a) == FrameCheck::kOk);
  REQUIRE(parse_frame(out.back(), b) == FrameCheck::kOk);
  CHECK(a.payload == p1);
  CHECK(b.payload == p2);
  CHECK(split.malformed() >= 1);
  for (std::size_t k = 0; k + 2 < out.size(); ++k) CHECK(parse_frame(out[k], a) != FrameCheck::kOk);
}

TEST_CASE("records and identity round trip with the documented sizes", "[unit][records]") {
  Writer w;
  model::NeuronParams p{-123456, 7, -8, 9, 65535, 1, 255};
  put_neuron(w, p);
  CHECK(w.size() == kNeuronRecordBytes);
  model::StdpParams s{true, 100, 200, 65000, 70000, -128, 127};
  put_stdp(w, s);
  CHECK(w.size() == kNeuronRecordBytes + kStdpRecordBytes);
  model::NeuronState st{-5, 6, 255, 1u << 20};
  put_state(w, st);
  Identity id;
  id.shape = {300, 200, 16, 24};
  id.lanes = 8;
  id.max_batch = 9;
  id.features = 5;
  id.build_id = "abcdef0123456789xyz";  // truncated to 16
  put_identity(w, id);
  DeviceCounters c{1ull << 40, 2, 3, 4, 5, 6, 7, 8};
  put_counters(w, c);
  CHECK(w.size() == kNeuronRecordBytes + kStdpRecordBytes + kStateRecordBytes + kIdentifyBytes + kCountersBytes);
  Reader r(w.data());
  CHECK(get_neuron(r) == p);
  CHECK(get_stdp(r) == s);
  CHECK(get_state(r) == st);
  const auto id2 = get_identity(r);
  CHECK(id2.shape == id.shape);
  CHECK(id2.lanes == 8);
  CHECK(id2.max_batch == 9);
  CHECK(id2.build_id == "abcdef0123456789");
  const auto c2 = get_counters(r);
  CHECK(c2.steps == c.steps);
  CHECK(c2.commands == 8);
  CHECK(r.done());
  CHECK_THROWS(r.u8());
}

TEST_CASE("spike sets use the shorter of list and bitmap", "[unit][spikes]") {
  std::mt19937 rng(3);
  for (std::uint32_t m : {1u, 7u, 8u, 9u, 64u, 256u, 1000u}) {
    for (int k = 0; k < 50; ++k) {
      std::vector<std::uint32_t> set;
      const auto permille = static_cast<std::uint32_t>(rng() % 1000);
      for (std::uint32_t c = 0; c < m; ++c) {
        if (rng() % 1000 < permille) set.push_back(c);
      }
      Writer w;
      put_spike_set(w, set, m);
      const std::size_t list = 2 + 2 * set.size(), bitmap = 2 + (m + 7) / 8;
      CHECK(w.size() == std::min(list, bitmap));
      CHECK(w.size() == spike_set_bytes(set.size(), m));
      Reader r(w.data());
      CHECK(get_spike_set(r, m) == set);
      CHECK(r.done());
    }
  }
  // unsorted lists with duplicates decode sorted and unique; indices >= m are rejected
  Writer w;
  w.u16(3).u16(5).u16(1).u16(5);
  Reader r(w.data());
  CHECK(get_spike_set(r, 8) == std::vector<std::uint32_t>{1, 5});
  Writer bad;
  bad.u16(1).u16(8);
  Reader rb(bad.data());
  CHECK_THROWS(get_spike_set(rb, 8));
  Writer badhdr;
  badhdr.u16(0x8001);
  Reader rh(badhdr.data());
  CHECK_THROWS(get_spike_set(rh, 8));
}

TEST_CASE("synapse chunks fill a frame exactly as docs/protocol.md computes", "[unit][synapses]") {
  for (std::uint32_t wb : {4u, 8u, 12u, 16u}) {
    for (std::size_t maxp : {64u, 500u, 1018u}) {
      std::size_t best = 0;
      for (std::size_t c = 1; c < 2000; ++c) {
        if (8 + c * (wb <= 8 ? 1 : 2) + (c + 7) / 8 <= maxp) best = c;
      }
      CHECK(synapses_per_frame(maxp, wb) == best);
    }
  }
  std::mt19937 rng(4);
  for (std::uint32_t wb : {8u, 16u}) {
    const std::size_t n = 1 + rng() % 100;
    std::vector<std::int16_t> w(n);
    std::vector<std::uint8_t> p(n);
    for (std::size_t k = 0; k < n; ++k) {
      w[k] = static_cast<std::int16_t>(static_cast<int>(rng() % (1u << wb)) - (1 << (wb - 1)));
      p[k] = rng() & 1;
    }
    Writer out;
    put_synapses(out, w, p, wb);
    CHECK(out.size() == synapse_data_bytes(n, wb));
    Reader r(out.data());
    std::vector<std::int16_t> w2;
    std::vector<std::uint8_t> p2;
    get_synapses(r, n, wb, w2, p2);
    CHECK(w2 == w);
    CHECK(p2 == p);
  }
}
