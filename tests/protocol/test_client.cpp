// The protocol client and DeviceTarget against the software device, over an in-memory link with
// injected bit errors, a slow reader, BUSY answers and fuzzed frames; every result is compared
// with the reference model (docs/protocol.md §3, §8).
#include <catch2/catch.hpp>

#include <random>

#include "sim_link.hpp"
#include "soft_device.hpp"
#include "spikeforge/model_target.hpp"
#include "spikeforge/protocol/device_target.hpp"
#include "spikeforge/transport/mailbox.hpp"
#include "spikeforge/testing/harness.hpp"

using namespace spikeforge;
using namespace spikeforge::testing;
using protocol::Opcode;

namespace {

struct Rig {
  Rig(const model::Shape& shape, SimLinkOptions link = {}, SoftDeviceOptions dev = {}, protocol::ClientOptions client = {})
      : device([&] {
          dev.shape = shape;
          return dev;
        }()) {
    auto l = std::make_unique<SimLink>(device, link);
    sim = l.get();
    target = std::make_unique<DeviceTarget>(std::move(l), std::move(client));
  }
  SoftDevice device;
  SimLink* sim = nullptr;
  std::unique_ptr<DeviceTarget> target;
};

// Program both, run `inputs` in one call on each (batched STEP commands on the device), compare
// spikes, weights, state and traces.
void check_equal_to_model(DeviceTarget& dut, const model::Image& image, const std::vector<SpikeList>& inputs) {
  ModelTarget ref(image.shape);
  ref.program(image);
  dut.program(image);
  const auto a = ref.run(inputs);
  const auto b = dut.run(inputs);
  REQUIRE(a.size() == b.size());
  for (std::size_t t = 0; t < a.size(); ++t) {
    INFO("step " << t);
    REQUIRE(a[t] == b[t]);
  }
  const auto m = compare_state(ref, dut, image.shape, inputs.size());
  INFO(m.value_or("equal"));
  CHECK_FALSE(m.has_value());
}

std::uint64_t spike_count(const std::vector<SpikeList>& s) {
  std::uint64_t n = 0;
  for (const auto& x : s) n += x.size();
  return n;
}

}  // namespace

TEST_CASE("DeviceTarget over an in-memory link equals the model, step by step", "[unit][client]") {
  for (const model::Shape shape : {model::Shape{40, 24, 8, 16}, model::Shape{23, 9, 16, 24}}) {
    for (std::uint64_t seed = 0; seed < 6; ++seed) {
      Rig rig(shape);
      const auto image = random_image(shape, seed);
      const auto inputs = random_inputs(shape, 80, regime_input_rate(regime_for(seed, {}), seed), seed);
      ModelTarget ref(shape);
      const auto m = run_lockstep(ref, *rig.target, image, inputs, 20);
      INFO("seed " << seed << " WB " << shape.weight_bits << ": " << m.value_or("equal"));
      CHECK_FALSE(m.has_value());
    }
  }
}

TEST_CASE("batched runs, identity, verify and counters", "[unit][client]") {
  const model::Shape shape{70, 33, 8, 16};
  SoftDeviceOptions dopt;
  dopt.max_batch = 5;
  Rig rig(shape, {}, dopt);
  const auto info = rig.target->info();
  CHECK(info.kind == "device");
  CHECK(info.shape == shape);
  CHECK(info.protocol_version == 1);
  CHECK(info.build_id == "soft-device");
  RandomOptions ro;
  ro.learn = 1;
  ro.regime = Regime::kBusy;
  const auto image = random_image(shape, 11, ro);
  const auto inputs = random_inputs(shape, 203, 0.3, 11);
  check_equal_to_model(*rig.target, image, inputs);
  // learning changed weights, so verify() against the programmed image must find a difference,
  // and after reprogramming it must find none
  rig.target->program(image);
  CHECK(rig.target->verify(image).empty());
  auto other = image;
  other.w(3, 4) = static_cast<std::int16_t>(other.w(3, 4) == 5 ? 6 : 5);
  CHECK(rig.target->verify(other).find("source 3, target 4") != std::string::npos);
  const auto c = rig.target->counters();
  CHECK(c.steps == 203);
  // 203 steps with max_batch 5 need ceil(203/5) = 41 STEP commands
  CHECK(rig.device.executed(Opcode::kStep) == 41);
  CHECK(c.crc_errors == 0);
  CHECK(c.retries == 0);
}

TEST_CASE("at 1e-4 bit error rate every command is applied exactly once and results equal the model",
          "[unit][client][ber]") {
  const model::Shape shape{64, 32, 8, 16};
  SimLinkOptions lo;
  lo.ber = 1e-4;
  lo.seed = 99;
  protocol::ClientOptions co;
  co.attempts = 30;
  Rig rig(shape, lo, {}, co);
  RandomOptions ro;
  ro.learn = 1;
  const auto image = random_image(shape, 5, ro);
  const auto inputs = random_inputs(shape, 400, 0.1, 5);
  check_equal_to_model(*rig.target, image, inputs);
  const auto& st = rig.target->client().stats();
  const auto& dc = rig.device.counters();
  INFO("flipped " << rig.sim->flipped() << " retries " << st.retries << " replays " << dc.replays << " crc " << dc.crc_errors);
  CHECK(rig.sim->flipped() > 20);
  CHECK(st.retries > 0);
  CHECK(dc.crc_errors + dc.frame_errors > 0);
  CHECK(st.bad_frames > 0);   // corrupted answers were caught on the host side too
  CHECK(dc.replays > 0);      // ... and answered by replay, not by executing again
  // exactly once: every command the client completed was executed once (replays excluded)
  // (IDENTIFY is executed again on every retransmission by design; the client sent one)
  CHECK(dc.commands - rig.device.executed(Opcode::kIdentify) == st.commands - 1);
  CHECK(dc.steps == inputs.size());
}

TEST_CASE("a link that corrupts everything is reported, not hung", "[unit][client][ber]") {
  const model::Shape shape{8, 4, 8, 16};
  SoftDevice dev(SoftDeviceOptions{shape});
  SimLinkOptions lo;
  lo.ber = 0.3;
  protocol::ClientOptions co;
  co.attempts = 4;
  protocol::Client client(std::make_unique<SimLink>(dev, lo), co);
  try {
    client.identify();
    FAIL("identify succeeded over a link flipping 30% of bits");
  } catch (const protocol::NoAnswerError& e) {
    CHECK(std::string(e.what()).find("did not answer IDENTIFY") != std::string::npos);
    CHECK(std::string(e.what()).find("after 4 attempts") != std::string::npos);
  }
}

TEST_CASE("a slow-reading host loses no spikes: the device stalls and counts it", "[unit][client][stall]") {
  const model::Shape shape{200, 40, 8, 16};
  SimLinkOptions lo;
  lo.link_capacity = 16;
  lo.read_chunk = 3;
  Rig rig(shape, lo);
  RandomOptions ro;
  ro.regime = Regime::kBusy;
  const auto image = random_image(shape, 21, ro);
  const auto inputs = random_inputs(shape, 150, 0.5, 21);
  ModelTarget ref(shape);
  ref.program(image);
  rig.target->program(image);
  const auto a = ref.run(inputs);
  const auto b = rig.target->run(inputs);
  CHECK(spike_count(a) > 1000);  // busy enough that answers are long
  CHECK(a == b);
  const auto c = rig.target->counters();
  CHECK(c.stall_cycles > 100);
  CHECK(c.dropped_spikes == 0);
  CHECK(c.steps == 150);
}

TEST_CASE("BUSY answers are retried without executing twice", "[unit][client]") {
  const model::Shape shape{30, 10, 8, 16};
  SoftDeviceOptions dopt;
  dopt.busy_probability = 0.3;
  dopt.max_batch = 1;
  Rig rig(shape, {}, dopt);
  const auto image = random_image(shape, 3);
  const auto inputs = random_inputs(shape, 100, 0.2, 3);
  check_equal_to_model(*rig.target, image, inputs);
  CHECK(rig.target->client().stats().busy > 10);
  CHECK(rig.device.executed(Opcode::kStep) == 100);
  CHECK(rig.device.counters().steps == 100);
}

TEST_CASE("100,000 fuzzed frames are never applied, and the device still programs and runs", "[unit][fuzz]") {
  const model::Shape shape{20, 12, 8, 16};
  SoftDevice dev(SoftDeviceOptions{shape});
  std::mt19937 rng(1234);
  // A corpus of valid commands with plausible payloads, then mutate each one.
  std::vector<std::vector<std::uint8_t>> corpus;
  for (int k = 0; k < 64; ++k) {
    std::vector<std::uint8_t> payload(rng() % 120);
    for (auto& b : payload) b = static_cast<std::uint8_t>(rng() % 4 == 0 ? 0 : rng());
    corpus.push_back(protocol::build_frame(static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(1 + rng() % 14), payload));
  }
  const auto before = dev.counters();
  int kinds[4] = {};
  for (int k = 0; k < 100000; ++k) {
    std::vector<std::uint8_t> raw = corpus[rng() % corpus.size()];
    std::vector<std::uint8_t> wire;
    const int kind = static_cast<int>(rng() % 4);
    ++kinds[kind];
    if (kind == 0) {  // bit flips in the decoded frame: CRC must catch them
      // one or two distinct corrupted bytes (CRC-32 detects every error burst up to 32 bits)
      const std::size_t at = rng() % raw.size();
      raw[at] ^= static_cast<std::uint8_t>(1 + rng() % 255);
      if (rng() % 2 && raw.size() > 1) raw[(at + 1 + rng() % (raw.size() - 1)) % raw.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      wire = protocol::cobs_encode(raw);
    } else if (kind == 1) {  // truncated: cut on the wire before the delimiter
      wire = protocol::cobs_encode(raw);
      wire.resize(rng() % wire.size());
    } else if (kind == 2) {  // corrupted on the wire (COBS structure broken)
      wire = protocol::cobs_encode(raw);
      wire[rng() % wire.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);  // a different byte
    } else {  // random garbage, sometimes over-long
      wire.resize(rng() % 2 ? rng() % 40 : 1000 + rng() % 1500);
      for (auto& b : wire) b = static_cast<std::uint8_t>(rng());
    }
    wire.push_back(0);
    dev.receive(wire);
  }
  const auto after = dev.counters();
  CHECK(after.commands == before.commands);  // nothing executed
  CHECK(after.crc_errors + after.frame_errors > 90000);
  for (int k : kinds) CHECK(k > 20000);
  std::vector<std::uint8_t> drain(1 << 16);
  while (dev.pending()) dev.transmit(drain);  // (nothing was queued, but be sure)
  DeviceTarget target(std::make_unique<SimLink>(dev));
  const auto image = random_image(shape, 8);
  check_equal_to_model(target, image, random_inputs(shape, 60, 0.2, 8));
}

TEST_CASE("a retransmitted command is replayed, not executed again", "[unit][client]") {
  const model::Shape shape{10, 4, 8, 16};
  SoftDevice dev(SoftDeviceOptions{shape});
  std::vector<std::uint8_t> out(4096);
  auto send = [&](std::uint8_t seq, Opcode op, const std::vector<std::uint8_t>& payload) {
    dev.receive(protocol::encode_frame(seq, static_cast<std::uint8_t>(op), payload));
    const std::size_t n = dev.transmit(out);
    return std::vector<std::uint8_t>(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
  };
  send(1, Opcode::kIdentify, {});
  const std::vector<std::uint8_t> one_step = {1, 0, 1, 0, 2, 0};  // k=1, list of one channel: 2
  const auto r1 = send(2, Opcode::kStep, one_step);
  const auto r2 = send(2, Opcode::kStep, one_step);
  CHECK(r1 == r2);
  CHECK(dev.counters().steps == 1);
  CHECK(dev.counters().replays == 1);
  const auto r3 = send(3, Opcode::kStep, one_step);
  CHECK(dev.counters().steps == 2);
  CHECK(r3 != r1);
  // IDENTIFY is always executed and ends the remembered command: seq 3 again is a new command
  send(4, Opcode::kIdentify, {});
  send(4, Opcode::kIdentify, {});
  CHECK(dev.counters().replays == 1);
  send(3, Opcode::kStep, one_step);
  CHECK(dev.counters().steps == 3);
}

TEST_CASE("NACKs name the command and the reason and change nothing", "[unit][client]") {
  const model::Shape shape{10, 4, 8, 16};
  SoftDevice dev(SoftDeviceOptions{shape});
  protocol::Client client(std::make_unique<SimLink>(dev));
  client.identify();
  // v_th = 40000 does not fit VB = 16: the whole WRITE_NEURONS is refused
  std::vector<model::NeuronParams> params(2);
  params[0].v_th = 100;
  params[1].v_th = 40000;
  try {
    client.write_neurons(0, params);
    FAIL("no NACK");
  } catch (const protocol::NackError& e) {
    CHECK(e.status == static_cast<std::uint8_t>(protocol::Status::kBadValue));
    CHECK(std::string(e.what()).find("WRITE_NEURONS") != std::string::npos);
  }
  CHECK(dev.image().neurons[0].v_th == 0);  // the first, valid record was not written either
  // a weight that does not fit WB = 8 is refused on the host: it has no wire encoding
  std::vector<std::int16_t> w = {1, 200};
  std::vector<std::uint8_t> p = {0, 0};
  CHECK_THROWS_AS(client.write_synapses(0, w, p), std::invalid_argument);
  std::vector<std::int16_t> w1 = {1};
  std::vector<std::uint8_t> p1 = {1};
  CHECK_THROWS_AS(client.write_synapses(14 * 10, w1, p1), protocol::NackError);  // past (S+N)*N
  CHECK_THROWS_AS(client.transact(static_cast<Opcode>(0x7F), {}), protocol::NackError);
  const std::vector<std::uint8_t> bad_len = {1, 2, 3};
  CHECK_THROWS_AS(client.transact(Opcode::kResetState, bad_len), protocol::NackError);
  std::vector<SpikeList> in = {{4}};
  CHECK_THROWS_AS(client.step(in), std::out_of_range);  // checked on the host before sending
}

namespace {
// A transport that answers IDENTIFY with a chosen identity (or never).
class FakeDevice final : public transport::Transport {
 public:
  explicit FakeDevice(std::optional<protocol::Identity> id) : id_(std::move(id)) {}
  void write(std::span<const std::uint8_t> bytes) override {
    std::vector<std::vector<std::uint8_t>> frames;
    split_.feed(bytes, frames);
    for (auto& f : frames) {
      protocol::Frame fr;
      if (protocol::parse_frame(f, fr) != protocol::FrameCheck::kOk || !id_) continue;
      protocol::Writer w;
      protocol::put_identity(w, *id_);
      auto bytes_out = protocol::encode_frame(fr.seq, 0, w.data());
      out_.insert(out_.end(), bytes_out.begin(), bytes_out.end());
    }
  }
  std::size_t read(std::span<std::uint8_t> buf, std::chrono::milliseconds) override {
    const std::size_t n = std::min(buf.size(), out_.size());
    std::copy(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(n), buf.begin());
    out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }
  std::string describe() const override { return "fake://"; }

 private:
  std::optional<protocol::Identity> id_;
  protocol::FrameSplitter split_;
  std::vector<std::uint8_t> out_;
};
}  // namespace

TEST_CASE("clear errors when nothing or something else answers", "[unit][client]") {
  protocol::ClientOptions co;
  co.attempts = 2;
  CHECK_THROWS_WITH(DeviceTarget(std::make_unique<FakeDevice>(std::nullopt), co),
                    Catch::Contains("did not answer IDENTIFY"));
  protocol::Identity bad_magic;
  bad_magic.magic = 0x12345678;
  CHECK_THROWS_WITH(DeviceTarget(std::make_unique<FakeDevice>(bad_magic), co), Catch::Contains("not a spikeforge device"));
  protocol::Identity v2;
  v2.version = 2;
  CHECK_THROWS_WITH(DeviceTarget(std::make_unique<FakeDevice>(v2), co), Catch::Contains("protocol version 2"));
  protocol::Identity bad_shape;
  bad_shape.shape = {0, 4, 8, 16};
  CHECK_THROWS_AS(DeviceTarget(std::make_unique<FakeDevice>(bad_shape), co), protocol::IdentityError);
  // an image of another shape is refused with the fix named
  protocol::Identity good;
  good.shape = {16, 8, 8, 16};
  DeviceTarget t(std::make_unique<FakeDevice>(good), co);
  CHECK_THROWS_WITH(t.program(model::Image::zeros({8, 8, 8, 16})), Catch::Contains("fit_image"));
}

namespace {
// The mailbox registers of docs/protocol.md §9 in software, in front of a SoftDevice.
class SoftMailbox final : public transport::RegisterBus {
 public:
  SoftMailbox(SoftDevice& dev, std::uint32_t id, std::size_t depth) : dev_(dev), id_(id), depth_(depth) {}
  std::uint32_t read32(std::uint32_t off) override {
    refill();
    switch (off) {
      case transport::kRegId: return id_;
      case transport::kRegStatus:
        return static_cast<std::uint32_t>(d2h_.size()) | (static_cast<std::uint32_t>(depth_) << 16);
      case transport::kRegRxData: {
        if (d2h_.empty()) return 0;
        const std::uint32_t v = 0x100u | d2h_.front();
        d2h_.erase(d2h_.begin());
        return v;
      }
      case transport::kRegDropped: return 0;
      default: return 0;
    }
  }
  void write32(std::uint32_t off, std::uint32_t v) override {
    if (off == transport::kRegTxData) {
      const std::uint8_t b = static_cast<std::uint8_t>(v);
      dev_.receive(std::span(&b, 1));
    }
  }

 private:
  void refill() {
    std::uint8_t tmp[64];
    while (d2h_.size() < depth_ && dev_.pending()) {
      const std::size_t n = dev_.transmit(std::span(tmp, std::min<std::size_t>(sizeof tmp, depth_ - d2h_.size())));
      d2h_.insert(d2h_.end(), tmp, tmp + n);
    }
  }
  SoftDevice& dev_;
  std::uint32_t id_;
  std::size_t depth_;
  std::vector<std::uint8_t> d2h_;
};
}  // namespace

TEST_CASE("the AXI4-Lite mailbox transport carries the protocol", "[unit][mailbox]") {
  const model::Shape shape{24, 8, 8, 16};
  SoftDevice dev(SoftDeviceOptions{shape});
  DeviceTarget t(transport::make_mailbox_transport(std::make_unique<SoftMailbox>(dev, transport::kMailboxId, 32), "mailbox"));
  check_equal_to_model(t, random_image(shape, 4), random_inputs(shape, 50, 0.2, 4));
  CHECK_THROWS_WITH(transport::make_mailbox_transport(std::make_unique<SoftMailbox>(dev, 0xDEADBEEF, 32), "uio:///dev/uio9"),
                    Catch::Contains("not a spikeforge mailbox"));
}
