#include "soft_device.hpp"

#include <algorithm>

#include "spikeforge/model/arith.hpp"
#include "spikeforge/model/crc32.hpp"

namespace spikeforge::testing {

using protocol::Opcode;
using protocol::Status;
using protocol::Writer;

namespace {

constexpr std::size_t kMaxDecoded = 1024;

// Independent COBS: decode one delimiter-free frame; false if malformed.
bool unstuff(const std::vector<std::uint8_t>& in, std::vector<std::uint8_t>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < in.size()) {
    const unsigned code = in[i];
    if (code == 0 || i + code > in.size()) return false;
    for (unsigned k = 1; k < code; ++k) out.push_back(in[i + k]);
    i += code;
    if (code < 0xFF && i < in.size()) out.push_back(0);
  }
  return true;
}

void stuff(const std::vector<std::uint8_t>& in, std::deque<std::uint8_t>& out) {
  // Groups of up to 254 non-zero bytes; a group shorter than 254 stands for its bytes and a zero.
  std::size_t start = 0;
  for (;;) {
    std::size_t end = start;
    while (end < in.size() && in[end] != 0 && end - start < 254) ++end;
    out.push_back(static_cast<std::uint8_t>(end - start + 1));
    for (std::size_t k = start; k < end; ++k) out.push_back(in[k]);
    if (end == in.size()) break;
    if (end - start == 254) {  // a full group implies no zero
      start = end;
      continue;
    }
    start = end + 1;  // the zero this group stands for
    if (start == in.size()) {
      out.push_back(1);  // the frame ends with a zero: an empty last group
      break;
    }
  }
  out.push_back(0);
}

// Little-endian field reader over a command payload.
struct In {
  std::span<const std::uint8_t> s;
  std::size_t p = 0;
  std::uint32_t u8() { return s[p++]; }
  std::uint32_t u16() { const std::uint32_t v = s[p] | (s[p + 1] << 8); p += 2; return v; }
  std::uint32_t u32() { const std::uint32_t v = u16(); return v | (u16() << 16); }
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
};

bool fits_signed(std::int64_t v, unsigned bits) { return v >= model::smin(bits) && v <= model::smax(bits); }

}  // namespace

SoftDevice::SoftDevice(SoftDeviceOptions options)
    : opt_(options), image_(model::Image::zeros(options.shape)), active_neurons_(options.shape.neurons),
      active_inputs_(options.shape.inputs), rng_(options.seed) {
  model::validate_shape(opt_.shape);
}

model::Image SoftDevice::image() const {
  model::Image im = image_;
  if (machine_) {
    im.weights = machine_->image().weights;
    im.stdp.learn = machine_->image().stdp.learn;
  }
  return im;
}

void SoftDevice::sync() {
  image_ = image();
  machine_.reset();
}

model::Machine& SoftDevice::machine() {
  if (!machine_) machine_.emplace(image_);
  return *machine_;
}

void SoftDevice::receive(std::span<const std::uint8_t> bytes) {
  const std::size_t max_encoded = kMaxDecoded + kMaxDecoded / 254 + 1;
  for (auto b : bytes) {
    if (b != 0) {
      if (rx_.size() >= max_encoded) rx_overflow_ = true;
      if (!rx_overflow_) rx_.push_back(b);
      continue;
    }
    if (rx_overflow_) {
      ++counters_.frame_errors;
    } else if (!rx_.empty()) {
      std::vector<std::uint8_t> d;
      if (!unstuff(rx_, d) || d.size() < 6 || d.size() > kMaxDecoded) {
        ++counters_.frame_errors;
      } else {
        const std::size_t body = d.size() - 4;
        const std::uint32_t crc = d[body] | (d[body + 1] << 8) | (d[body + 2] << 16) | (std::uint32_t{d[body + 3]} << 24);
        if (model::crc32(d.data(), body) != crc) ++counters_.crc_errors;
        else frame(d);
      }
    }
    rx_.clear();
    rx_overflow_ = false;
  }
}

std::size_t SoftDevice::transmit(std::span<std::uint8_t> out) {
  std::size_t n = 0;
  while (n < out.size() && !tx_.empty()) {
    out[n++] = tx_.front();
    tx_.pop_front();
  }
  return n;
}

void SoftDevice::frame(const std::vector<std::uint8_t>& d) {
  const std::uint8_t seq = d[0], op = d[1];
  const std::span<const std::uint8_t> payload(d.data() + 2, d.size() - 6);
  if (have_last_ && seq == last_seq_ && op == last_op_ && op != static_cast<std::uint8_t>(Opcode::kIdentify)) {
    ++counters_.replays;
    stuff(last_response_, tx_);
    return;
  }
  std::uint8_t status = 0;
  Writer data;
  if (opt_.busy_probability > 0 && op != static_cast<std::uint8_t>(Opcode::kIdentify) &&
      std::uniform_real_distribution<double>(0, 1)(rng_) < opt_.busy_probability) {
    status = static_cast<std::uint8_t>(Status::kBusy);
  } else {
    status = execute(op, payload, data);
    ++counters_.commands;
    if (status == 0) ++executed_[op];
  }
  std::vector<std::uint8_t> resp{seq, status};
  if (status == 0) resp.insert(resp.end(), data.data().begin(), data.data().end());
  const std::uint32_t crc = model::crc32(resp.data(), resp.size());
  for (int k = 0; k < 4; ++k) resp.push_back(static_cast<std::uint8_t>(crc >> (8 * k)));
  if (status != static_cast<std::uint8_t>(Status::kBusy)) {
    have_last_ = true;
    last_seq_ = seq;
    last_op_ = op;
    last_response_ = resp;
  }
  stuff(resp, tx_);
}

std::uint8_t SoftDevice::execute(std::uint8_t op, std::span<const std::uint8_t> p, Writer& out) {
  constexpr auto OK = static_cast<std::uint8_t>(Status::kOk);
  constexpr auto BAD_LENGTH = static_cast<std::uint8_t>(Status::kBadLength);
  constexpr auto BAD_RANGE = static_cast<std::uint8_t>(Status::kBadRange);
  constexpr auto BAD_VALUE = static_cast<std::uint8_t>(Status::kBadValue);
  constexpr auto TOO_LONG = static_cast<std::uint8_t>(Status::kTooLong);
  const model::Shape& sh = opt_.shape;
  const std::uint32_t N = sh.neurons, S = sh.inputs, WB = sh.weight_bits, VB = sh.state_bits;
  const std::size_t wbytes = WB <= 8 ? 1 : 2;
  const std::size_t maxp = opt_.max_payload;
  In in{p};
  // first:u16, count:u16 range commands
  auto range = [&](std::uint32_t limit, std::size_t record, std::uint32_t& first, std::uint32_t& count) -> std::uint8_t {
    if (p.size() < 4) return BAD_LENGTH;
    first = in.u16();
    count = in.u16();
    if (count == 0 || first + count > limit) return BAD_RANGE;
    if (record && p.size() != 4) return BAD_LENGTH;
    if (record && std::size_t{count} * record > maxp) return TOO_LONG;
    return OK;
  };
  switch (static_cast<Opcode>(op)) {
    case Opcode::kIdentify: {
      if (!p.empty()) return BAD_LENGTH;
      out.u32(protocol::kMagic).u8(protocol::kVersion).u8(0).u16(N).u16(S).u16(opt_.lanes).u8(WB).u8(VB);
      out.u16(opt_.max_payload).u8(opt_.max_batch).u8(1).u16(protocol::kFeatureStdp | protocol::kFeatureBitmaps | protocol::kFeatureSetActive);
      const char id[16] = "soft-device";
      for (char c : id) out.u8(static_cast<std::uint8_t>(c));
      return OK;
    }
    case Opcode::kResetState:
      if (!p.empty()) return BAD_LENGTH;
      machine().reset_state();
      return OK;
    case Opcode::kWriteNeurons: {
      if (p.size() < 4) return BAD_LENGTH;
      const std::uint32_t first = in.u16(), count = in.u16();
      if (p.size() != 4 + 22 * std::size_t{count}) return BAD_LENGTH;
      if (count == 0 || first + count > N) return BAD_RANGE;
      std::vector<model::NeuronParams> recs(count);
      for (auto& r : recs) {
        r.v_th = in.i32();
        r.v_reset = in.i32();
        r.v_rest = in.i32();
        r.bias = in.i32();
        r.a_mem = static_cast<std::uint16_t>(in.u16());
        r.a_syn = static_cast<std::uint16_t>(in.u16());
        r.t_ref = static_cast<std::uint8_t>(in.u8());
        in.u8();
        if (!fits_signed(r.v_th, VB) || !fits_signed(r.v_reset, VB) || !fits_signed(r.v_rest, VB) || !fits_signed(r.bias, VB)) {
          return BAD_VALUE;
        }
      }
      sync();
      for (std::uint32_t k = 0; k < count; ++k) image_.neurons[first + k] = recs[k];
      return OK;
    }
    case Opcode::kReadNeurons: {
      std::uint32_t first = 0, count = 0;
      if (auto s = range(N, 22, first, count); s != OK) return s;
      for (std::uint32_t k = 0; k < count; ++k) {
        const auto& r = image_.neurons[first + k];
        out.i32(r.v_th).i32(r.v_reset).i32(r.v_rest).i32(r.bias).u16(r.a_mem).u16(r.a_syn).u8(r.t_ref).u8(0);
      }
      return OK;
    }
    case Opcode::kWriteSynapses:
    case Opcode::kReadSynapses: {
      const bool write = op == static_cast<std::uint8_t>(Opcode::kWriteSynapses);
      if (p.size() < 8) return BAD_LENGTH;
      const std::uint32_t addr = in.u32(), count = in.u16();
      in.u16();
      const std::size_t data_bytes = count * wbytes + (count + 7) / 8;
      if (p.size() != (write ? 8 + data_bytes : 8)) return BAD_LENGTH;
      const std::uint64_t total = std::uint64_t{sh.sources()} * N;
      if (count == 0 || std::uint64_t{addr} + count > total) return BAD_RANGE;
      if (!write) {
        if (data_bytes > maxp) return TOO_LONG;
        const model::Image im = image();
        for (std::uint32_t k = 0; k < count; ++k) {
          const auto w = im.weights[addr + k];
          if (wbytes == 2) out.u16(static_cast<std::uint16_t>(w));
          else out.u8(static_cast<std::uint8_t>(w));
        }
        std::vector<std::uint8_t> bits((count + 7) / 8, 0);
        for (std::uint32_t k = 0; k < count; ++k) {
          if (im.plastic[addr + k]) bits[k / 8] = static_cast<std::uint8_t>(bits[k / 8] | (1u << (k % 8)));
        }
        out.bytes(bits);
        return OK;
      }
      std::vector<std::int16_t> w(count);
      for (auto& v : w) {
        const std::int32_t raw = wbytes == 2 ? static_cast<std::int16_t>(in.u16()) : static_cast<std::int8_t>(in.u8());
        if (!fits_signed(raw, WB)) return BAD_VALUE;
        v = static_cast<std::int16_t>(raw);
      }
      const std::size_t bits_at = 8 + count * wbytes;
      sync();
      for (std::uint32_t k = 0; k < count; ++k) {
        image_.weights[addr + k] = w[k];
        image_.plastic[addr + k] = (p[bits_at + k / 8] >> (k % 8)) & 1u;
      }
      return OK;
    }
    case Opcode::kWriteStdp: {
      if (p.size() != 24) return BAD_LENGTH;
      model::StdpParams s;
      const std::uint32_t learn = in.u8();
      in.u8();
      s.learn = learn != 0;
      s.a_pre = static_cast<std::uint16_t>(in.u16());
      s.a_post = static_cast<std::uint16_t>(in.u16());
      in.u16();
      s.a_plus = in.u32();
      s.a_minus = in.u32();
      s.w_min = in.i32();
      s.w_max = in.i32();
      const auto tmax = static_cast<std::uint32_t>(model::umax(sh.trace_bits()));
      if (learn > 1 || s.a_plus > tmax || s.a_minus > tmax || !fits_signed(s.w_min, WB) || !fits_signed(s.w_max, WB) ||
          s.w_min > s.w_max) {
        return BAD_VALUE;
      }
      sync();
      image_.stdp = s;
      return OK;
    }
    case Opcode::kReadStdp: {
      if (!p.empty()) return BAD_LENGTH;
      const auto s = image().stdp;
      out.u8(s.learn ? 1 : 0).u8(0).u16(s.a_pre).u16(s.a_post).u16(0).u32(s.a_plus).u32(s.a_minus).i32(s.w_min).i32(s.w_max);
      return OK;
    }
    case Opcode::kSetLearn: {
      if (p.size() != 1) return BAD_LENGTH;
      if (p[0] > 1) return BAD_VALUE;
      image_.stdp.learn = p[0] != 0;
      if (machine_) machine_->set_learning(p[0] != 0);
      return OK;
    }
    case Opcode::kSetActive: {
      if (p.size() != 4) return BAD_LENGTH;
      const std::uint32_t n = in.u16(), s = in.u16();
      if (n < 1 || n > N || s > S) return BAD_RANGE;
      active_neurons_ = n;
      active_inputs_ = s;
      return OK;
    }
    case Opcode::kStep: {
      if (p.size() < 2) return BAD_LENGTH;
      const std::uint32_t k = in.u8();
      in.u8();
      if (k < 1 || k > opt_.max_batch) return BAD_RANGE;
      const std::size_t bitmap_n = (N + 7) / 8, bitmap_s = (S + 7) / 8;
      if (6 + k * (2 + bitmap_n) > maxp) return TOO_LONG;
      std::vector<std::vector<std::uint32_t>> sets(k);
      for (auto& set : sets) {
        if (in.p + 2 > p.size()) return BAD_LENGTH;
        const std::uint32_t hdr = in.u16();
        if (hdr == 0x8000) {
          if (in.p + bitmap_s > p.size()) return BAD_LENGTH;
          for (std::uint32_t c = 0; c < bitmap_s * 8; ++c) {
            if ((p[in.p + c / 8] >> (c % 8)) & 1u) {
              if (c >= S) return BAD_VALUE;
              if (c >= active_inputs_) return BAD_RANGE;
              set.push_back(c);
            }
          }
          in.p += bitmap_s;
        } else if (hdr & 0x8000) {
          return BAD_VALUE;
        } else {
          if (in.p + 2 * std::size_t{hdr} > p.size()) return BAD_LENGTH;
          for (std::uint32_t c = 0; c < hdr; ++c) {
            const std::uint32_t ch = in.u16();
            if (ch >= active_inputs_) return BAD_RANGE;
            set.push_back(ch);
          }
        }
      }
      if (in.p != p.size()) return BAD_LENGTH;
      auto& m = machine();
      out.u32(static_cast<std::uint32_t>(counters_.steps)).u8(k).u8(0);
      for (const auto& set : sets) {
        const auto& fired = m.step(set);
        ++counters_.steps;
        ++counters_.cycles;
        if (2 * fired.size() <= bitmap_n) {
          out.u16(static_cast<std::uint32_t>(fired.size()));
          for (auto j : fired) out.u16(j);
        } else {
          out.u16(0x8000);
          std::vector<std::uint8_t> bits(bitmap_n, 0);
          for (auto j : fired) bits[j / 8] = static_cast<std::uint8_t>(bits[j / 8] | (1u << (j % 8)));
          out.bytes(bits);
        }
      }
      return OK;
    }
    case Opcode::kReadState: {
      std::uint32_t first = 0, count = 0;
      if (auto s = range(N, 16, first, count); s != OK) return s;
      auto& m = machine();
      for (std::uint32_t k = 0; k < count; ++k) {
        const auto st = m.neuron(first + k);
        out.i32(st.v).i32(st.i).u32(st.y).u16(st.ref).u16(0);
      }
      return OK;
    }
    case Opcode::kReadTraces: {
      std::uint32_t first = 0, count = 0;
      if (auto s = range(sh.sources(), 4, first, count); s != OK) return s;
      auto& m = machine();
      for (std::uint32_t k = 0; k < count; ++k) out.u32(m.pre_trace(first + k));
      return OK;
    }
    case Opcode::kReadCounters: {
      if (!p.empty()) return BAD_LENGTH;
      const auto& c = counters_;
      out.u64(c.steps).u64(c.cycles).u64(c.stall_cycles).u32(c.crc_errors).u32(c.frame_errors).u32(c.dropped_spikes);
      out.u32(c.replays).u32(c.commands).u32(0);
      return OK;
    }
  }
  return static_cast<std::uint8_t>(Status::kUnknownOpcode);
}

}  // namespace spikeforge::testing
