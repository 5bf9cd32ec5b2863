// Test-side COBS and framing, written independently of the host library so that the RTL and
// the host's protocol code are each checked against a third implementation.
#pragma once

#include <cstdint>
#include <vector>

#include "spikeforge/model/crc32.hpp"

namespace spikeforge::testing {

inline std::vector<std::uint8_t> cobs_encode(const std::vector<std::uint8_t>& in) {
  std::vector<std::uint8_t> out;
  std::size_t code_at = out.size();
  out.push_back(0);
  std::uint8_t code = 1;
  for (std::uint8_t b : in) {
    if (b == 0) {
      out[code_at] = code;
      code_at = out.size();
      out.push_back(0);
      code = 1;
    } else {
      out.push_back(b);
      if (++code == 0xFF) {
        out[code_at] = code;
        code_at = out.size();
        out.push_back(0);
        code = 1;
      }
    }
  }
  out[code_at] = code;
  return out;
}

// Decode one frame (without its delimiter); returns false on a malformed frame.
inline bool cobs_decode(const std::vector<std::uint8_t>& in, std::vector<std::uint8_t>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < in.size()) {
    const std::uint8_t code = in[i++];
    if (code == 0) return false;
    for (int k = 1; k < code; ++k) {
      if (i >= in.size()) return false;
      out.push_back(in[i++]);
    }
    if (code != 0xFF && i < in.size()) out.push_back(0);
  }
  return true;
}

// payload + CRC-32 (LE), COBS-encoded, with the 0x00 delimiter.
inline std::vector<std::uint8_t> make_frame(const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> raw = payload;
  const std::uint32_t c = model::crc32(payload.data(), payload.size());
  for (int k = 0; k < 4; ++k) raw.push_back(static_cast<std::uint8_t>(c >> (8 * k)));
  std::vector<std::uint8_t> out = cobs_encode(raw);
  out.push_back(0);
  return out;
}

}  // namespace spikeforge::testing
