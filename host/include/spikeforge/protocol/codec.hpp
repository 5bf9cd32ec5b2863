// The byte-level part of docs/protocol.md: COBS (§1), frames with seq, opcode/status and CRC-32,
// opcodes and status codes (§5, §6), and the fixed-size records every payload is built from.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "spikeforge/model/image.hpp"
#include "spikeforge/model/machine.hpp"

namespace spikeforge::protocol {

inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::uint32_t kMagic = 0x56444653u;  // "SFDV"
inline constexpr std::size_t kMaxFrame = 1024;         // decoded bytes, CRC included
inline constexpr std::size_t kMaxPayload = kMaxFrame - 6;
inline constexpr std::size_t kHeaderBytes = 2;         // seq + opcode/status
inline constexpr std::size_t kCrcBytes = 4;

enum class Opcode : std::uint8_t {
  kIdentify = 0x01,
  kResetState = 0x02,
  kWriteNeurons = 0x03,
  kReadNeurons = 0x04,
  kWriteSynapses = 0x05,
  kReadSynapses = 0x06,
  kWriteStdp = 0x07,
  kReadStdp = 0x08,
  kSetLearn = 0x09,
  kSetActive = 0x0A,
  kStep = 0x0B,
  kReadState = 0x0C,
  kReadTraces = 0x0D,
  kReadCounters = 0x0E,
};

enum class Status : std::uint8_t {
  kOk = 0x00,
  kUnknownOpcode = 0x01,
  kBadLength = 0x02,
  kBadRange = 0x03,
  kBadValue = 0x04,
  kTooLong = 0x05,
  kBusy = 0x06,
};

std::string opcode_name(std::uint8_t op);
std::string status_name(std::uint8_t status);  // "BAD_VALUE (a value does not fit its width)"

// ---- COBS -------------------------------------------------------------------------------------

// Encode `in` (no delimiter appended).
std::vector<std::uint8_t> cobs_encode(std::span<const std::uint8_t> in);
// Decode one encoded frame (without its delimiter); nullopt if malformed.
std::optional<std::vector<std::uint8_t>> cobs_decode(std::span<const std::uint8_t> in);

// Splits a byte stream at 0x00 delimiters and decodes each frame. Frames whose encoding exceeds
// the limit are discarded up to the next delimiter; malformed ones are counted, not returned.
class FrameSplitter {
 public:
  explicit FrameSplitter(std::size_t max_decoded = kMaxFrame) : max_encoded_(max_decoded + max_decoded / 254 + 1) {}
  // Feed bytes; complete decoded frames (CRC not checked) are appended to `out`.
  void feed(std::span<const std::uint8_t> bytes, std::vector<std::vector<std::uint8_t>>& out);
  void clear() { buf_.clear(); overflow_ = false; }
  std::uint64_t malformed() const { return malformed_; }

 private:
  std::size_t max_encoded_;
  std::vector<std::uint8_t> buf_;
  bool overflow_ = false;
  std::uint64_t malformed_ = 0;
};

// ---- frames -----------------------------------------------------------------------------------

struct Frame {
  std::uint8_t seq = 0;
  std::uint8_t code = 0;  // opcode (command) or status (response)
  std::vector<std::uint8_t> payload;
};

// seq, code, payload, CRC, COBS-encoded and delimited: the bytes to send.
std::vector<std::uint8_t> encode_frame(std::uint8_t seq, std::uint8_t code, std::span<const std::uint8_t> payload);
// The decoded frame without COBS: seq, code, payload, CRC (little-endian).
std::vector<std::uint8_t> build_frame(std::uint8_t seq, std::uint8_t code, std::span<const std::uint8_t> payload);
enum class FrameCheck { kOk, kTooShort, kTooLong, kBadCrc };
// Check length and CRC of a decoded frame and split it.
FrameCheck parse_frame(std::span<const std::uint8_t> decoded, Frame& out, std::size_t max_frame = kMaxFrame);

// ---- little-endian payload building -----------------------------------------------------------

class Writer {
 public:
  Writer& u8(std::uint32_t v) { b_.push_back(static_cast<std::uint8_t>(v)); return *this; }
  Writer& u16(std::uint32_t v) { return u8(v & 0xFF).u8((v >> 8) & 0xFF); }
  Writer& u32(std::uint32_t v) { return u16(v & 0xFFFF).u16(v >> 16); }
  Writer& i32(std::int32_t v) { return u32(static_cast<std::uint32_t>(v)); }
  Writer& u64(std::uint64_t v) { return u32(static_cast<std::uint32_t>(v)).u32(static_cast<std::uint32_t>(v >> 32)); }
  Writer& bytes(std::span<const std::uint8_t> s) { b_.insert(b_.end(), s.begin(), s.end()); return *this; }
  std::vector<std::uint8_t>& data() { return b_; }
  std::size_t size() const { return b_.size(); }

 private:
  std::vector<std::uint8_t> b_;
};

// Reads fields; throws std::runtime_error("short ...") when the data ends early.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> s) : s_(s) {}
  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  std::uint64_t u64();
  std::span<const std::uint8_t> bytes(std::size_t n);
  std::size_t left() const { return s_.size() - pos_; }
  bool done() const { return pos_ == s_.size(); }

 private:
  std::span<const std::uint8_t> s_;
  std::size_t pos_ = 0;
};

// ---- records (docs/protocol.md §5) ------------------------------------------------------------

inline constexpr std::size_t kNeuronRecordBytes = 22;
inline constexpr std::size_t kStdpRecordBytes = 24;
inline constexpr std::size_t kStateRecordBytes = 16;
inline constexpr std::size_t kIdentifyBytes = 36;
inline constexpr std::size_t kCountersBytes = 48;
inline constexpr std::uint16_t kBitmapHeader = 0x8000;

void put_neuron(Writer& w, const model::NeuronParams& p);
model::NeuronParams get_neuron(Reader& r);
void put_stdp(Writer& w, const model::StdpParams& p);
model::StdpParams get_stdp(Reader& r);
void put_state(Writer& w, const model::NeuronState& s);
model::NeuronState get_state(Reader& r);

// IDENTIFY's answer.
struct Identity {
  std::uint32_t magic = kMagic;
  std::uint8_t version = kVersion;
  model::Shape shape;
  std::uint16_t lanes = 1;
  std::uint16_t max_payload = kMaxPayload;
  std::uint8_t max_batch = 1;
  std::uint8_t window = 1;
  std::uint16_t features = 0;
  std::string build_id;  // at most 16 characters
};
enum Feature : std::uint16_t { kFeatureStdp = 1, kFeatureBitmaps = 2, kFeatureSetActive = 4, kFeatureFreeRunning = 8 };
void put_identity(Writer& w, const Identity& id);
Identity get_identity(Reader& r);

// READ_COUNTERS' answer.
struct DeviceCounters {
  std::uint64_t steps = 0, cycles = 0, stall_cycles = 0;
  std::uint32_t crc_errors = 0, frame_errors = 0, dropped_spikes = 0, replays = 0, commands = 0;
};
void put_counters(Writer& w, const DeviceCounters& c);
DeviceCounters get_counters(Reader& r);

// SpikeSet (§8): the shorter of list and bitmap over indices < m (a tie is a list). `set` must be
// sorted without duplicates for the size rule to be exact; any order is encoded faithfully.
void put_spike_set(Writer& w, std::span<const std::uint32_t> set, std::uint32_t m);
std::size_t spike_set_bytes(std::size_t count, std::uint32_t m);  // encoded size of `count` indices
// Decodes one set; indices are returned sorted and de-duplicated. Throws std::runtime_error for
// an index >= m or a malformed header.
std::vector<std::uint32_t> get_spike_set(Reader& r, std::uint32_t m);

// Synapse data: weights (1 or 2 bytes each by WB) then packed plasticity bits.
std::size_t weight_bytes(std::uint32_t weight_bits);
std::size_t synapse_data_bytes(std::size_t count, std::uint32_t weight_bits);
// Most synapses one WRITE_SYNAPSES frame carries with `max_payload`.
std::size_t synapses_per_frame(std::size_t max_payload, std::uint32_t weight_bits);
void put_synapses(Writer& w, std::span<const std::int16_t> weights, std::span<const std::uint8_t> plastic,
                  std::uint32_t weight_bits);
void get_synapses(Reader& r, std::size_t count, std::uint32_t weight_bits, std::vector<std::int16_t>& weights,
                  std::vector<std::uint8_t>& plastic);

}  // namespace spikeforge::protocol
