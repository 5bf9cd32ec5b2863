// The machine's arithmetic primitives (docs/model.md §1-2). Every implementation of the model
// uses exactly these definitions; they are header-only so the hot loops can inline them.
#pragma once

#include <cstdint>

namespace spikeforge::model {

// Largest and smallest value of a signed `bits`-wide word.
constexpr std::int64_t smax(unsigned bits) { return (std::int64_t{1} << (bits - 1)) - 1; }
constexpr std::int64_t smin(unsigned bits) { return -(std::int64_t{1} << (bits - 1)); }
// Largest value of an unsigned `bits`-wide word.
constexpr std::int64_t umax(unsigned bits) { return (std::int64_t{1} << bits) - 1; }

constexpr std::int64_t clip(std::int64_t x, std::int64_t lo, std::int64_t hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}
// sat_B: clamp to the signed range of `bits`.
constexpr std::int64_t sat(std::int64_t x, unsigned bits) { return clip(x, smin(bits), smax(bits)); }
// usat_B: clamp to the unsigned range of `bits`.
constexpr std::int64_t usat(std::int64_t x, unsigned bits) { return clip(x, 0, umax(bits)); }

// decay(x, a) = trunc(x * a / 2^16), rounding toward zero (the machine's single rounding rule).
// C++ integer division truncates toward zero, which is exactly the rule.
constexpr std::int64_t decay(std::int64_t x, std::uint32_t a) {
  return (x * static_cast<std::int64_t>(a)) / 65536;
}

// Trace-to-weight conversion: traces carry 8 fraction bits (Q(WB).8).
constexpr unsigned kTraceFractionBits = 8;
constexpr unsigned kDecayBits = 16;  // decay factors are Q0.16
constexpr unsigned kRefBits = 8;     // refractory counter width

}  // namespace spikeforge::model
