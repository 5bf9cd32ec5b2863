// Fixed-width integer types of the HLS core. Under Vitis HLS (<ap_int.h> available) the stored
// words are ap_int<B>/ap_uint<B> of exactly the widths of docs/model.md, so synthesis builds
// memories of WB/VB/TB bits; under plain g++ (C-simulation here) they are the smallest <cstdint>
// type that holds B bits. All arithmetic is done on `wide_t` (64 bits signed), which is wider than
// every intermediate docs/model.md §6 lists, so nothing wraps in either flavour, and the result
// is the same bit for bit. Define SF_HLS_NO_AP to force the <cstdint> flavour.
#pragma once

#include <cstdint>

#if !defined(SF_HLS_NO_AP) && defined(__has_include)
#if __has_include(<ap_int.h>)
#define SF_HLS_HAVE_AP 1
#endif
#endif

#ifdef SF_HLS_HAVE_AP
#include <ap_int.h>
#else
#include <type_traits>
#endif

namespace sf_hls {

#ifdef SF_HLS_HAVE_AP
template <int B>
using sword = ap_int<B>;
template <int B>
using uword = ap_uint<B>;
typedef ap_int<64> wide_t;
#else
template <int B>
using sword = std::conditional_t<(B <= 8), std::int8_t,
                                std::conditional_t<(B <= 16), std::int16_t,
                                                   std::conditional_t<(B <= 32), std::int32_t, std::int64_t>>>;
template <int B>
using uword = std::conditional_t<(B <= 8), std::uint8_t,
                                std::conditional_t<(B <= 16), std::uint16_t,
                                                   std::conditional_t<(B <= 32), std::uint32_t, std::uint64_t>>>;
typedef std::int64_t wide_t;
#endif

// Signed/unsigned saturation to B bits, clip, and the one rounding rule (docs/model.md §2:
// p = x*a; (p + (p < 0 ? 2^16 - 1 : 0)) >>> 16, i.e. truncation toward zero).
template <int B>
inline wide_t sat_s(wide_t x) {
  const wide_t hi = (wide_t(1) << (B - 1)) - 1;
  const wide_t lo = -(wide_t(1) << (B - 1));
  return x < lo ? lo : (x > hi ? hi : x);
}
template <int B>
inline wide_t sat_u(wide_t x) {
  const wide_t hi = (wide_t(1) << B) - 1;
  return x < wide_t(0) ? wide_t(0) : (x > hi ? hi : x);
}
inline wide_t clip(wide_t x, wide_t lo, wide_t hi) { return x < lo ? lo : (x > hi ? hi : x); }
inline wide_t decay(wide_t x, wide_t a) {
  const wide_t p = x * a;
  return (p + (p < wide_t(0) ? wide_t(65535) : wide_t(0))) >> 16;
}

}  // namespace sf_hls
