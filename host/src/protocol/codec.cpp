#include "spikeforge/protocol/codec.hpp"

#include <algorithm>

#include "spikeforge/model/crc32.hpp"

namespace spikeforge::protocol {

std::string opcode_name(std::uint8_t op) {
  switch (static_cast<Opcode>(op)) {
    case Opcode::kIdentify: return "IDENTIFY";
    case Opcode::kResetState: return "RESET_STATE";
    case Opcode::kWriteNeurons: return "WRITE_NEURONS";
    case Opcode::kReadNeurons: return "READ_NEURONS";
    case Opcode::kWriteSynapses: return "WRITE_SYNAPSES";
    case Opcode::kReadSynapses: return "READ_SYNAPSES";
    case Opcode::kWriteStdp: return "WRITE_STDP";
    case Opcode::kReadStdp: return "READ_STDP";
    case Opcode::kSetLearn: return "SET_LEARN";
    case Opcode::kSetActive: return "SET_ACTIVE";
    case Opcode::kStep: return "STEP";
    case Opcode::kReadState: return "READ_STATE";
    case Opcode::kReadTraces: return "READ_TRACES";
    case Opcode::kReadCounters: return "READ_COUNTERS";
  }
  return "opcode 0x" + std::string(1, "0123456789ABCDEF"[op >> 4]) + "0123456789ABCDEF"[op & 15];
}

std::string status_name(std::uint8_t status) {
  switch (static_cast<Status>(status)) {
    case Status::kOk: return "OK";
    case Status::kUnknownOpcode: return "UNKNOWN_OPCODE (the device does not implement this command)";
    case Status::kBadLength: return "BAD_LENGTH (payload length wrong for the command)";
    case Status::kBadRange: return "BAD_RANGE (index or count outside the device's sizes)";
    case Status::kBadValue: return "BAD_VALUE (a value does not fit its width, or a malformed spike set)";
    case Status::kTooLong: return "TOO_LONG (the answer would exceed the device's frame size)";
    case Status::kBusy: return "BUSY (the device cannot take the command now)";
  }
  return "unknown status " + std::to_string(status);
}

// ---- COBS ---------------------------------------------------------------------------------------

std::vector<std::uint8_t> cobs_encode(std::span<const std::uint8_t> in) {
  std::vector<std::uint8_t> out;
  out.reserve(in.size() + in.size() / 254 + 2);
  std::size_t code_at = 0;
  out.push_back(0);
  std::uint8_t code = 1;
  for (std::uint8_t b : in) {
    if (b != 0) {
      out.push_back(b);
      ++code;
    }
    if (b == 0 || code == 0xFF) {
      out[code_at] = code;
      code_at = out.size();
      out.push_back(0);
      code = 1;
    }
  }
  out[code_at] = code;
  return out;
}

std::optional<std::vector<std::uint8_t>> cobs_decode(std::span<const std::uint8_t> in) {
  std::vector<std::uint8_t> out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const std::uint8_t code = in[i++];
    if (code == 0) return std::nullopt;
    const std::size_t n = code - 1u;
    if (i + n > in.size()) return std::nullopt;
    for (std::size_t k = 0; k < n; ++k) {
      if (in[i + k] == 0) return std::nullopt;
      out.push_back(in[i + k]);
    }
    i += n;
    if (code != 0xFF && i < in.size()) out.push_back(0);
  }
  return out;
}

void FrameSplitter::feed(std::span<const std::uint8_t> bytes, std::vector<std::vector<std::uint8_t>>& out) {
  for (std::uint8_t b : bytes) {
    if (b != 0) {
      if (buf_.size() >= max_encoded_) {
        overflow_ = true;
        buf_.clear();
      }
      if (!overflow_) buf_.push_back(b);
      continue;
    }
    if (overflow_) {
      ++malformed_;
    } else if (!buf_.empty()) {
      auto d = cobs_decode(buf_);
      if (d) out.push_back(std::move(*d));
      else ++malformed_;
    }
    buf_.clear();
    overflow_ = false;
  }
}

// ---- frames -------------------------------------------------------------------------------------

std::vector<std::uint8_t> build_frame(std::uint8_t seq, std::uint8_t code, std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> f;
  f.reserve(payload.size() + 6);
  f.push_back(seq);
  f.push_back(code);
  f.insert(f.end(), payload.begin(), payload.end());
  const std::uint32_t crc = model::crc32(f.data(), f.size());
  for (int k = 0; k < 4; ++k) f.push_back(static_cast<std::uint8_t>(crc >> (8 * k)));
  return f;
}

std::vector<std::uint8_t> encode_frame(std::uint8_t seq, std::uint8_t code, std::span<const std::uint8_t> payload) {
  auto enc = cobs_encode(build_frame(seq, code, payload));
  enc.push_back(0);
  return enc;
}

FrameCheck parse_frame(std::span<const std::uint8_t> d, Frame& out, std::size_t max_frame) {
  if (d.size() < kHeaderBytes + kCrcBytes) return FrameCheck::kTooShort;
  if (d.size() > max_frame) return FrameCheck::kTooLong;
  const std::size_t body = d.size() - kCrcBytes;
  std::uint32_t crc = 0;
  for (int k = 3; k >= 0; --k) crc = (crc << 8) | d[body + static_cast<std::size_t>(k)];
  if (model::crc32(d.data(), body) != crc) return FrameCheck::kBadCrc;
  out.seq = d[0];
  out.code = d[1];
  out.payload.assign(d.begin() + 2, d.begin() + static_cast<std::ptrdiff_t>(body));
  return FrameCheck::kOk;
}

// ---- reader -------------------------------------------------------------------------------------

std::span<const std::uint8_t> Reader::bytes(std::size_t n) {
  if (left() < n) throw std::runtime_error("short data: needed " + std::to_string(n) + " more bytes, have " + std::to_string(left()));
  auto s = s_.subspan(pos_, n);
  pos_ += n;
  return s;
}
std::uint8_t Reader::u8() { return bytes(1)[0]; }
std::uint16_t Reader::u16() {
  auto b = bytes(2);
  return static_cast<std::uint16_t>(b[0] | (b[1] << 8));
}
std::uint32_t Reader::u32() {
  auto b = bytes(4);
  return std::uint32_t{b[0]} | (std::uint32_t{b[1]} << 8) | (std::uint32_t{b[2]} << 16) | (std::uint32_t{b[3]} << 24);
}
std::uint64_t Reader::u64() {
  const std::uint64_t lo = u32();
  return lo | (std::uint64_t{u32()} << 32);
}

// ---- records ------------------------------------------------------------------------------------

void put_neuron(Writer& w, const model::NeuronParams& p) {
  w.i32(p.v_th).i32(p.v_reset).i32(p.v_rest).i32(p.bias).u16(p.a_mem).u16(p.a_syn).u8(p.t_ref).u8(0);
}
model::NeuronParams get_neuron(Reader& r) {
  model::NeuronParams p;
  p.v_th = r.i32();
  p.v_reset = r.i32();
  p.v_rest = r.i32();
  p.bias = r.i32();
  p.a_mem = r.u16();
  p.a_syn = r.u16();
  p.t_ref = r.u8();
  r.u8();
  return p;
}
void put_stdp(Writer& w, const model::StdpParams& p) {
  w.u8(p.learn ? 1 : 0).u8(0).u16(p.a_pre).u16(p.a_post).u16(0).u32(p.a_plus).u32(p.a_minus).i32(p.w_min).i32(p.w_max);
}
model::StdpParams get_stdp(Reader& r) {
  model::StdpParams p;
  p.learn = r.u8() != 0;
  r.u8();
  p.a_pre = r.u16();
  p.a_post = r.u16();
  r.u16();
  p.a_plus = r.u32();
  p.a_minus = r.u32();
  p.w_min = r.i32();
  p.w_max = r.i32();
  return p;
}
void put_state(Writer& w, const model::NeuronState& s) {
  w.i32(s.v).i32(s.i).u32(s.y).u16(s.ref).u16(0);
}
model::NeuronState get_state(Reader& r) {
  model::NeuronState s;
  s.v = r.i32();
  s.i = r.i32();
  s.y = r.u32();
  s.ref = r.u16();
  r.u16();
  return s;
}

void put_identity(Writer& w, const Identity& id) {
  w.u32(id.magic).u8(id.version).u8(0).u16(id.shape.neurons).u16(id.shape.inputs).u16(id.lanes);
  w.u8(id.shape.weight_bits).u8(id.shape.state_bits).u16(id.max_payload).u8(id.max_batch).u8(id.window).u16(id.features);
  for (std::size_t k = 0; k < 16; ++k) w.u8(k < id.build_id.size() ? static_cast<std::uint8_t>(id.build_id[k]) : 0);
}
Identity get_identity(Reader& r) {
  Identity id;
  id.magic = r.u32();
  id.version = r.u8();
  r.u8();
  id.shape.neurons = r.u16();
  id.shape.inputs = r.u16();
  id.lanes = r.u16();
  id.shape.weight_bits = r.u8();
  id.shape.state_bits = r.u8();
  id.max_payload = r.u16();
  id.max_batch = r.u8();
  id.window = r.u8();
  id.features = r.u16();
  auto b = r.bytes(16);
  id.build_id.clear();
  for (auto c : b) {
    if (c == 0) break;
    id.build_id.push_back(static_cast<char>(c));
  }
  return id;
}

void put_counters(Writer& w, const DeviceCounters& c) {
  w.u64(c.steps).u64(c.cycles).u64(c.stall_cycles).u32(c.crc_errors).u32(c.frame_errors).u32(c.dropped_spikes);
  w.u32(c.replays).u32(c.commands).u32(0);
}
DeviceCounters get_counters(Reader& r) {
  DeviceCounters c;
  c.steps = r.u64();
  c.cycles = r.u64();
  c.stall_cycles = r.u64();
  c.crc_errors = r.u32();
  c.frame_errors = r.u32();
  c.dropped_spikes = r.u32();
  c.replays = r.u32();
  c.commands = r.u32();
  r.u32();
  return c;
}

// ---- spike sets ---------------------------------------------------------------------------------

std::size_t spike_set_bytes(std::size_t count, std::uint32_t m) {
  const std::size_t bitmap = (m + 7u) / 8u;
  return 2 + std::min(2 * count, bitmap);
}

void put_spike_set(Writer& w, std::span<const std::uint32_t> set, std::uint32_t m) {
  const std::size_t bitmap = (m + 7u) / 8u;
  if (2 * set.size() <= bitmap) {
    w.u16(static_cast<std::uint32_t>(set.size()));
    for (auto s : set) w.u16(s);
    return;
  }
  w.u16(kBitmapHeader);
  std::vector<std::uint8_t> bits(bitmap, 0);
  for (auto s : set) {
    if (s >= m) throw std::out_of_range("spike index " + std::to_string(s) + " >= " + std::to_string(m));
    bits[s / 8] = static_cast<std::uint8_t>(bits[s / 8] | (1u << (s % 8)));
  }
  w.bytes(bits);
}

std::vector<std::uint32_t> get_spike_set(Reader& r, std::uint32_t m) {
  const std::uint16_t hdr = r.u16();
  std::vector<std::uint32_t> out;
  if (hdr == kBitmapHeader) {
    auto bits = r.bytes((m + 7u) / 8u);
    for (std::uint32_t c = 0; c < bits.size() * 8; ++c) {
      if ((bits[c / 8] >> (c % 8)) & 1u) {
        if (c >= m) throw std::runtime_error("spike bitmap has bit " + std::to_string(c) + " set (>= " + std::to_string(m) + ")");
        out.push_back(c);
      }
    }
    return out;
  }
  if (hdr & 0x8000u) throw std::runtime_error("malformed spike set header 0x" + std::to_string(hdr));
  out.reserve(hdr);
  for (std::uint32_t k = 0; k < hdr; ++k) {
    const std::uint32_t c = r.u16();
    if (c >= m) throw std::runtime_error("spike index " + std::to_string(c) + " >= " + std::to_string(m));
    out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// ---- synapses -----------------------------------------------------------------------------------

std::size_t weight_bytes(std::uint32_t weight_bits) { return weight_bits <= 8 ? 1 : 2; }
std::size_t synapse_data_bytes(std::size_t count, std::uint32_t weight_bits) {
  return count * weight_bytes(weight_bits) + (count + 7) / 8;
}
std::size_t synapses_per_frame(std::size_t max_payload, std::uint32_t weight_bits) {
  if (max_payload <= 8) return 0;
  const std::size_t room = max_payload - 8;
  std::size_t c = room * 8 / (8 * weight_bytes(weight_bits) + 1);
  while (c > 0 && synapse_data_bytes(c, weight_bits) > room) --c;
  while (synapse_data_bytes(c + 1, weight_bits) <= room) ++c;
  return std::min<std::size_t>(c, 0xFFFF);
}

void put_synapses(Writer& w, std::span<const std::int16_t> weights, std::span<const std::uint8_t> plastic,
                  std::uint32_t weight_bits) {
  const bool wide = weight_bytes(weight_bits) == 2;
  for (auto v : weights) {
    if (wide) w.u16(static_cast<std::uint16_t>(v));
    else w.u8(static_cast<std::uint8_t>(v));
  }
  std::vector<std::uint8_t> bits((weights.size() + 7) / 8, 0);
  for (std::size_t k = 0; k < weights.size(); ++k) {
    if (k < plastic.size() && plastic[k]) bits[k / 8] = static_cast<std::uint8_t>(bits[k / 8] | (1u << (k % 8)));
  }
  w.bytes(bits);
}

void get_synapses(Reader& r, std::size_t count, std::uint32_t weight_bits, std::vector<std::int16_t>& weights,
                  std::vector<std::uint8_t>& plastic) {
  const bool wide = weight_bytes(weight_bits) == 2;
  weights.resize(count);
  plastic.resize(count);
  for (std::size_t k = 0; k < count; ++k) {
    weights[k] = wide ? static_cast<std::int16_t>(r.u16()) : static_cast<std::int16_t>(static_cast<std::int8_t>(r.u8()));
  }
  auto bits = r.bytes((count + 7) / 8);
  for (std::size_t k = 0; k < count; ++k) plastic[k] = (bits[k / 8] >> (k % 8)) & 1u;
}

}  // namespace spikeforge::protocol
