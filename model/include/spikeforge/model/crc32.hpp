// CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320, init and final xor 0xFFFFFFFF): the image file's
// checksum. Shared with the host protocol, which needs the same check on its frames.
#pragma once

#include <cstddef>
#include <cstdint>

namespace spikeforge::model {

class Crc32 {
 public:
  void update(const std::uint8_t* data, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
      state_ ^= data[k];
      for (int b = 0; b < 8; ++b) state_ = (state_ >> 1) ^ (0xEDB88320u & (0u - (state_ & 1u)));
    }
  }
  std::uint32_t value() const { return ~state_; }

 private:
  std::uint32_t state_ = 0xFFFFFFFFu;
};

inline std::uint32_t crc32(const std::uint8_t* data, std::size_t n) {
  Crc32 c;
  c.update(data, n);
  return c.value();
}

}  // namespace spikeforge::model
