// The top function of the HLS kernel: Vitis kernel interface (s_axilite control and scalars,
// m_axi buffers) around sf_hls::sf_core. This file is what Vitis HLS synthesizes (top
// sf_hls_kernel, scripts/hls/) and what the in-process `hls` target calls after g++ compiles it.
//
// Build parameters come from macros so one source serves every build:
//   SF_N_MAX, SF_S_MAX  largest neuron / input-channel count (runtime n, s may be smaller)
//   SF_LANES            P, synapse lanes (a power of two <= 32)
//   SF_WB, SF_VB        weight and state widths (docs/model.md §1)
//   SF_KERNEL_NAME      the function's name (sf_hls_kernel; the host build adds a 16-bit variant
//                       under another name from the same source)
#include "spikeforge/hls/sf_core.hpp"

#ifndef SF_N_MAX
#define SF_N_MAX 256
#endif
#ifndef SF_S_MAX
#define SF_S_MAX 256
#endif
#ifndef SF_LANES
#define SF_LANES 8
#endif
#ifndef SF_WB
#define SF_WB 8
#endif
#ifndef SF_VB
#define SF_VB 16
#endif
#ifndef SF_KERNEL_NAME
#define SF_KERNEL_NAME sf_hls_kernel
#endif

typedef sf_hls::Config<SF_N_MAX, SF_S_MAX, SF_LANES, SF_WB, SF_VB> sf_build_config;

extern "C" void SF_KERNEL_NAME(sf_hls::word_t command, sf_hls::word_t n, sf_hls::word_t s, sf_hls::word_t steps,
                               sf_hls::word_t flags, const sf_hls::word_t* params, sf_hls::word_t* synapses,
                               sf_hls::word_t* state, const sf_hls::word_t* spikes_in, sf_hls::word_t* spikes_out) {
  // Five buffers on two AXI bundles: the bulk weight traffic (synapses) has a port of its own.
#pragma HLS INTERFACE m_axi port=params offset=slave bundle=gmem0 depth=4096
#pragma HLS INTERFACE m_axi port=synapses offset=slave bundle=gmem1 depth=131072
#pragma HLS INTERFACE m_axi port=state offset=slave bundle=gmem0 depth=2048
#pragma HLS INTERFACE m_axi port=spikes_in offset=slave bundle=gmem0 depth=1024
#pragma HLS INTERFACE m_axi port=spikes_out offset=slave bundle=gmem0 depth=1024
#pragma HLS INTERFACE s_axilite port=command bundle=control
#pragma HLS INTERFACE s_axilite port=n bundle=control
#pragma HLS INTERFACE s_axilite port=s bundle=control
#pragma HLS INTERFACE s_axilite port=steps bundle=control
#pragma HLS INTERFACE s_axilite port=flags bundle=control
#pragma HLS INTERFACE s_axilite port=params bundle=control
#pragma HLS INTERFACE s_axilite port=synapses bundle=control
#pragma HLS INTERFACE s_axilite port=state bundle=control
#pragma HLS INTERFACE s_axilite port=spikes_in bundle=control
#pragma HLS INTERFACE s_axilite port=spikes_out bundle=control
#pragma HLS INTERFACE s_axilite port=return bundle=control
  sf_hls::sf_core<sf_build_config>(command, n, s, steps, flags, params, synapses, state, spikes_in, spikes_out);
}
