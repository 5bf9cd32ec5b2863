#include "spikeforge/protocol/client.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "spikeforge/model/arith.hpp"

namespace spikeforge::protocol {

namespace {
std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}
}  // namespace

Client::Client(std::unique_ptr<transport::Transport> link, ClientOptions options)
    : link_(std::move(link)), opt_(std::move(options)) {
  if (opt_.attempts < 1) opt_.attempts = 1;
  seq_ = static_cast<std::uint8_t>(std::random_device{}());
}

std::size_t Client::max_payload() const { return identified_ ? id_.max_payload : kMaxPayload; }

const Identity& Client::identity() const {
  if (!identified_) throw std::logic_error("protocol client: identify() has not been called");
  return id_;
}

std::chrono::milliseconds Client::attempt_timeout(std::size_t bytes_out, std::size_t bytes_in) const {
  const double bps = link_->bits_per_second();
  std::chrono::milliseconds line{0};
  if (bps > 0) line = std::chrono::milliseconds(static_cast<long long>(4.0 * 10.0 * double(bytes_out + bytes_in) / bps * 1000.0) + 1);
  return opt_.timeout + line;
}

void Client::report(const std::string& what, std::size_t done, std::size_t total) {
  if (opt_.progress) opt_.progress(what, done, total);
}

bool Client::await(std::uint8_t seq, std::chrono::milliseconds timeout, Frame& out) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<std::uint8_t> buf(4096);
  for (;;) {
    while (!pending_.empty()) {
      auto d = std::move(pending_.front());
      pending_.erase(pending_.begin());
      Frame f;
      if (parse_frame(d, f) != FrameCheck::kOk) {
        ++stats_.bad_frames;
        continue;
      }
      if (f.seq != seq) {
        ++stats_.stale;
        continue;
      }
      out = std::move(f);
      return true;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + std::chrono::milliseconds(1);
    const std::size_t n = link_->read(buf, left);
    if (n == 0) return false;
    stats_.bytes_received += n;
    const auto before = splitter_.malformed();
    splitter_.feed(std::span(buf.data(), n), pending_);
    stats_.bad_frames += splitter_.malformed() - before;
  }
}

std::vector<std::uint8_t> Client::transact(Opcode op, std::span<const std::uint8_t> payload) {
  if (payload.size() > max_payload()) {
    throw std::logic_error("protocol client: " + opcode_name(static_cast<std::uint8_t>(op)) + " payload of " +
                           std::to_string(payload.size()) + " bytes exceeds the device's maximum " + std::to_string(max_payload()));
  }
  if (stats_.commands == 0) {
    const std::uint8_t flush[1] = {0};  // a lone delimiter: resynchronise the device's receiver
    link_->write(flush);
  }
  const std::uint8_t seq = seq_++;
  ++stats_.commands;
  const auto bytes = encode_frame(seq, static_cast<std::uint8_t>(op), payload);
  const auto timeout = attempt_timeout(bytes.size(), max_payload() + max_payload() / 254 + 8);
  int attempt = 0;
  int busy = 0;
  while (attempt < opt_.attempts) {
    if (attempt > 0) ++stats_.retries;
    ++attempt;
    link_->write(bytes);
    stats_.bytes_sent += bytes.size();
    Frame f;
    if (!await(seq, timeout, f)) {
      ++stats_.timeouts;
      continue;
    }
    if (f.code == static_cast<std::uint8_t>(Status::kBusy)) {
      ++stats_.busy;
      if (++busy < 1000) --attempt;  // BUSY is an answer: it does not use up an attempt (bounded)
      std::this_thread::sleep_for(opt_.busy_pause);
      continue;
    }
    if (f.code != static_cast<std::uint8_t>(Status::kOk)) {
      throw NackError("device at " + link_->describe() + " refused " + opcode_name(static_cast<std::uint8_t>(op)) + ": " +
                          status_name(f.code),
                      f.code);
    }
    return std::move(f.payload);
  }
  throw NoAnswerError("device at " + link_->describe() + " did not answer " + opcode_name(static_cast<std::uint8_t>(op)) +
                      " (seq " + std::to_string(seq) + ") after " + std::to_string(opt_.attempts) +
                      " attempts: check that it is powered, configured with a spikeforge bitstream, and that the "
                      "port and baud rate are right");
}

const Identity& Client::identify() {
  const auto data = transact(Opcode::kIdentify, {});
  const std::string who = link_->describe();
  if (data.size() < kIdentifyBytes) {
    throw IdentityError(who + " answered IDENTIFY with " + std::to_string(data.size()) + " bytes, expected " +
                        std::to_string(kIdentifyBytes) + " (not a spikeforge device?)");
  }
  Reader r(data);
  Identity id = get_identity(r);
  if (id.magic != kMagic) {
    throw IdentityError(who + " answered with magic " + hex32(id.magic) + " (expected " + hex32(kMagic) +
                        "): not a spikeforge device");
  }
  if (id.version != kVersion) {
    throw IdentityError(who + " speaks protocol version " + std::to_string(id.version) + ", this host speaks " +
                        std::to_string(kVersion) + ": update the host or the bitstream");
  }
  try {
    model::validate_shape(id.shape);
  } catch (const std::exception& e) {
    throw IdentityError(who + " reports an impossible shape (N=" + std::to_string(id.shape.neurons) + ", S=" +
                        std::to_string(id.shape.inputs) + ", WB=" + std::to_string(id.shape.weight_bits) +
                        ", VB=" + std::to_string(id.shape.state_bits) + "): " + e.what());
  }
  if (id.max_payload < 64 || id.max_payload > kMaxPayload || id.max_batch < 1 || id.window < 1) {
    throw IdentityError(who + " reports impossible link limits (max_payload " + std::to_string(id.max_payload) +
                        ", max_batch " + std::to_string(id.max_batch) + ", window " + std::to_string(id.window) + ")");
  }
  if (6 + 2 + (id.shape.neurons + 7) / 8 > id.max_payload) {
    throw IdentityError(who + ": one step's output bitmap (N=" + std::to_string(id.shape.neurons) +
                        ") does not fit the device's frame size " + std::to_string(id.max_payload));
  }
  id_ = id;
  identified_ = true;
  return id_;
}

void Client::reset_state() { transact(Opcode::kResetState, {}); }

void Client::write_neurons(std::uint32_t first, std::span<const model::NeuronParams> params) {
  const std::size_t per = (max_payload() - 4) / kNeuronRecordBytes;
  for (std::size_t k = 0; k < params.size(); k += per) {
    const std::size_t n = std::min(per, params.size() - k);
    Writer w;
    w.u16(static_cast<std::uint32_t>(first + k)).u16(static_cast<std::uint32_t>(n));
    for (std::size_t i = 0; i < n; ++i) put_neuron(w, params[k + i]);
    transact(Opcode::kWriteNeurons, w.data());
    report("neurons", k + n, params.size());
  }
}

std::vector<model::NeuronParams> Client::read_neurons(std::uint32_t first, std::uint32_t count) {
  const std::uint32_t per = static_cast<std::uint32_t>(max_payload() / kNeuronRecordBytes);
  std::vector<model::NeuronParams> out;
  for (std::uint32_t k = 0; k < count; k += per) {
    const std::uint32_t n = std::min(per, count - k);
    Writer w;
    w.u16(first + k).u16(n);
    const auto data = transact(Opcode::kReadNeurons, w.data());
    if (data.size() != n * kNeuronRecordBytes) throw DeviceError("READ_NEURONS answer has the wrong length");
    Reader r(data);
    for (std::uint32_t i = 0; i < n; ++i) out.push_back(get_neuron(r));
  }
  return out;
}

void Client::write_synapses(std::uint32_t addr, std::span<const std::int16_t> weights, std::span<const std::uint8_t> plastic) {
  if (plastic.size() != weights.size()) throw std::invalid_argument("write_synapses: weights and plastic bits differ in length");
  const std::uint32_t wb = identified_ ? id_.shape.weight_bits : 16;
  const std::size_t per = synapses_per_frame(max_payload(), wb);
  for (std::size_t k = 0; k < weights.size(); ++k) {
    if (weights[k] < model::smin(wb) || weights[k] > model::smax(wb) || plastic[k] > 1) {
      throw std::invalid_argument("synapse " + std::to_string(addr + k) + ": weight " + std::to_string(weights[k]) +
                                  " does not fit " + std::to_string(wb) + " bits (or its plasticity bit is not 0/1)");
    }
  }
  for (std::size_t k = 0; k < weights.size(); k += per) {
    const std::size_t n = std::min(per, weights.size() - k);
    Writer w;
    w.u32(static_cast<std::uint32_t>(addr + k)).u16(static_cast<std::uint32_t>(n)).u16(0);
    put_synapses(w, weights.subspan(k, n), plastic.subspan(k, n), wb);
    transact(Opcode::kWriteSynapses, w.data());
    report("synapses", k + n, weights.size());
  }
}

void Client::read_synapses(std::uint32_t addr, std::uint32_t count, std::vector<std::int16_t>& weights,
                           std::vector<std::uint8_t>& plastic) {
  const std::uint32_t wb = identified_ ? id_.shape.weight_bits : 16;
  const std::uint32_t per = static_cast<std::uint32_t>(synapses_per_frame(max_payload(), wb));
  weights.clear();
  plastic.clear();
  std::vector<std::int16_t> w;
  std::vector<std::uint8_t> p;
  for (std::uint32_t k = 0; k < count; k += per) {
    const std::uint32_t n = std::min(per, count - k);
    Writer cmd;
    cmd.u32(addr + k).u16(n).u16(0);
    const auto data = transact(Opcode::kReadSynapses, cmd.data());
    if (data.size() != synapse_data_bytes(n, wb)) throw DeviceError("READ_SYNAPSES answer has the wrong length");
    Reader r(data);
    get_synapses(r, n, wb, w, p);
    weights.insert(weights.end(), w.begin(), w.end());
    plastic.insert(plastic.end(), p.begin(), p.end());
    report("synapses", k + n, count);
  }
}

void Client::write_stdp(const model::StdpParams& p) {
  Writer w;
  put_stdp(w, p);
  transact(Opcode::kWriteStdp, w.data());
}

model::StdpParams Client::read_stdp() {
  const auto data = transact(Opcode::kReadStdp, {});
  if (data.size() != kStdpRecordBytes) throw DeviceError("READ_STDP answer has the wrong length");
  Reader r(data);
  return get_stdp(r);
}

void Client::set_learn(bool on) {
  const std::uint8_t b[1] = {static_cast<std::uint8_t>(on ? 1 : 0)};
  transact(Opcode::kSetLearn, b);
}

void Client::set_active(std::uint32_t neurons, std::uint32_t inputs) {
  Writer w;
  w.u16(neurons).u16(inputs);
  transact(Opcode::kSetActive, w.data());
}

std::size_t Client::max_steps_per_command() const {
  const auto& id = identity();
  const std::size_t per_step = 2 + (id.shape.neurons + 7u) / 8u;
  return std::max<std::size_t>(1, std::min<std::size_t>(id.max_batch, (id.max_payload - 6) / per_step));
}

std::vector<std::vector<std::uint32_t>> Client::step(std::span<const std::vector<std::uint32_t>> inputs) {
  const auto& id = identity();
  const std::uint32_t s = id.shape.inputs, n = id.shape.neurons;
  std::vector<std::vector<std::uint32_t>> out;
  out.reserve(inputs.size());
  const std::size_t batch = max_steps_per_command();
  std::vector<std::vector<std::uint32_t>> sets;
  std::size_t k = 0;
  while (k < inputs.size()) {
    Writer w;
    w.u8(0).u8(0);
    std::size_t count = 0;
    while (k + count < inputs.size() && count < batch) {
      auto set = inputs[k + count];
      std::sort(set.begin(), set.end());
      set.erase(std::unique(set.begin(), set.end()), set.end());
      if (!set.empty() && set.back() >= s) {
        throw std::out_of_range("input channel " + std::to_string(set.back()) + " in step " + std::to_string(k + count) +
                                " does not exist (the device has S=" + std::to_string(s) + ")");
      }
      const std::size_t need = spike_set_bytes(set.size(), s);
      if (w.size() + need > id.max_payload) break;
      put_spike_set(w, set, s);
      ++count;
    }
    if (count == 0) throw std::logic_error("protocol client: one step's inputs do not fit a frame");
    w.data()[0] = static_cast<std::uint8_t>(count);
    const auto data = transact(Opcode::kStep, w.data());
    Reader r(data);
    r.u32();  // first_step
    const std::size_t got = r.u8();
    r.u8();
    if (got != count) throw DeviceError("STEP answer reports " + std::to_string(got) + " steps, expected " + std::to_string(count));
    for (std::size_t i = 0; i < count; ++i) out.push_back(get_spike_set(r, n));
    if (!r.done()) throw DeviceError("STEP answer has " + std::to_string(r.left()) + " trailing bytes");
    k += count;
    report("steps", k, inputs.size());
  }
  return out;
}

std::vector<model::NeuronState> Client::read_state(std::uint32_t first, std::uint32_t count) {
  const std::uint32_t per = static_cast<std::uint32_t>(max_payload() / kStateRecordBytes);
  std::vector<model::NeuronState> out;
  for (std::uint32_t k = 0; k < count; k += per) {
    const std::uint32_t c = std::min(per, count - k);
    Writer w;
    w.u16(first + k).u16(c);
    const auto data = transact(Opcode::kReadState, w.data());
    if (data.size() != c * kStateRecordBytes) throw DeviceError("READ_STATE answer has the wrong length");
    Reader r(data);
    for (std::uint32_t i = 0; i < c; ++i) out.push_back(get_state(r));
  }
  return out;
}

std::vector<std::uint32_t> Client::read_traces(std::uint32_t first, std::uint32_t count) {
  const std::uint32_t per = static_cast<std::uint32_t>(max_payload() / 4);
  std::vector<std::uint32_t> out;
  for (std::uint32_t k = 0; k < count; k += per) {
    const std::uint32_t c = std::min(per, count - k);
    Writer w;
    w.u16(first + k).u16(c);
    const auto data = transact(Opcode::kReadTraces, w.data());
    if (data.size() != c * 4u) throw DeviceError("READ_TRACES answer has the wrong length");
    Reader r(data);
    for (std::uint32_t i = 0; i < c; ++i) out.push_back(r.u32());
  }
  return out;
}

DeviceCounters Client::read_counters() {
  const auto data = transact(Opcode::kReadCounters, {});
  if (data.size() != kCountersBytes) throw DeviceError("READ_COUNTERS answer has the wrong length");
  Reader r(data);
  return get_counters(r);
}

}  // namespace spikeforge::protocol
