// Declarations of the g++-compiled kernel entry points (hls/src/sf_hls_kernel.cpp built twice):
// sf_hls_kernel is the default build (WB = 8, VB = 16), sf_hls_kernel_w16 the 16-bit build
// (WB = 16, VB = 24). Both have the signature of the Vitis kernel, argument for argument.
#pragma once

#include "spikeforge/hls/sf_abi.hpp"

extern "C" {
typedef void (*sf_hls_kernel_fn)(sf_hls::word_t command, sf_hls::word_t n, sf_hls::word_t s, sf_hls::word_t steps,
                                 sf_hls::word_t flags, const sf_hls::word_t* params, sf_hls::word_t* synapses,
                                 sf_hls::word_t* state, const sf_hls::word_t* spikes_in, sf_hls::word_t* spikes_out);

void sf_hls_kernel(sf_hls::word_t command, sf_hls::word_t n, sf_hls::word_t s, sf_hls::word_t steps,
                   sf_hls::word_t flags, const sf_hls::word_t* params, sf_hls::word_t* synapses, sf_hls::word_t* state,
                   const sf_hls::word_t* spikes_in, sf_hls::word_t* spikes_out);
void sf_hls_kernel_w16(sf_hls::word_t command, sf_hls::word_t n, sf_hls::word_t s, sf_hls::word_t steps,
                       sf_hls::word_t flags, const sf_hls::word_t* params, sf_hls::word_t* synapses,
                       sf_hls::word_t* state, const sf_hls::word_t* spikes_in, sf_hls::word_t* spikes_out);
}
