// The host side of the HLS kernel ABI, without any kernel: what pack_* writes lands at the offsets
// sf_abi.hpp documents, the unpackers invert the packers, and xrt:// URIs parse as documented.
#include <catch2/catch.hpp>

#include "spikeforge/hls/packing.hpp"
#include "spikeforge/hls/sf_abi.hpp"
#include "spikeforge/testing/harness.hpp"

using namespace spikeforge;
using namespace spikeforge::hls;

TEST_CASE("params buffer: header and neuron records at the documented offsets", "[hls][packing]") {
  const model::Shape shape{3, 2, 8, 16};
  auto image = model::Image::zeros(shape);
  image.stdp = {true, 1234, 65535, 300, 4000, -7, 99};
  image.neurons[2] = {-5, -32768, 32767, -1, 65535, 17, 255};
  const auto p = pack_params(image);
  REQUIRE(p.size() == sf_hls::PRM_HEADER + 3 * sf_hls::PRM_PER_NEURON);
  CHECK(p[sf_hls::PRM_MAGIC] == sf_hls::PARAMS_MAGIC);
  CHECK(p[sf_hls::PRM_WB] == 8);
  CHECK(p[sf_hls::PRM_VB] == 16);
  CHECK(p[sf_hls::PRM_A_PRE] == 1234);
  CHECK(p[sf_hls::PRM_A_POST] == 65535);
  CHECK(p[sf_hls::PRM_A_PLUS] == 300);
  CHECK(p[sf_hls::PRM_A_MINUS] == 4000);
  CHECK(static_cast<std::int32_t>(p[sf_hls::PRM_W_MIN]) == -7);
  CHECK(static_cast<std::int32_t>(p[sf_hls::PRM_W_MAX]) == 99);
  const auto* rec = &p[sf_hls::PRM_HEADER + 2 * sf_hls::PRM_PER_NEURON];
  CHECK(static_cast<std::int32_t>(rec[sf_hls::NP_V_TH]) == -5);
  CHECK(static_cast<std::int32_t>(rec[sf_hls::NP_V_RESET]) == -32768);
  CHECK(static_cast<std::int32_t>(rec[sf_hls::NP_V_REST]) == 32767);
  CHECK(static_cast<std::int32_t>(rec[sf_hls::NP_BIAS]) == -1);
  CHECK(rec[sf_hls::NP_A_MEM] == 65535);
  CHECK(rec[sf_hls::NP_A_SYN] == 17);
  CHECK(rec[sf_hls::NP_T_REF] == 255);
}

TEST_CASE("synapses buffer: 16-bit two's complement weight and the plasticity bit, row-major", "[hls][packing]") {
  const model::Shape shape{4, 3, 16, 24};
  auto image = testing::random_image(shape, 7, testing::RandomOptions{testing::Regime::kSaturating, 1, 1.0, 0.5});
  image.w(5, 3) = -32768;
  image.plastic_at(5, 3) = 1;
  image.w(0, 0) = 32767;
  image.plastic_at(0, 0) = 0;
  const auto syn = pack_synapses(image);
  REQUIRE(syn.size() == 7u * 4u);
  CHECK(syn[5 * 4 + 3] == (0x8000u | (1u << sf_hls::SYN_PLASTIC_BIT)));
  CHECK(syn[0] == 0x7FFFu);
  for (std::size_t k = 0; k < syn.size(); ++k) CHECK(((syn[k] >> 16) & 1u) == image.plastic[k]);
  CHECK(unpack_weights(syn, 4, 0, 7) == image.weights);
  const auto rows = unpack_weights(syn, 4, 5, 2);
  CHECK(rows == std::vector<std::int16_t>(image.weights.begin() + 20, image.weights.end()));
  CHECK_THROWS_AS(unpack_weights(syn, 4, 6, 2), std::out_of_range);
}

TEST_CASE("spike bitmaps: inputs in, neuron lists out, across word boundaries", "[hls][packing]") {
  const std::vector<SpikeList> steps = {{}, {0, 31, 32, 69}, {5, 5, 64}, {69}};
  const auto words = pack_inputs(steps, 70);
  REQUIRE(words.size() == 4u * 3u);
  CHECK(words[3] == (1u | (1u << 31)));
  CHECK(words[4] == 1u);
  CHECK(words[5] == (1u << 5));
  CHECK(words[6] == (1u << 5));  // a channel listed twice counts once
  CHECK(words[8] == 1u);
  const auto back = unpack_spikes(words, 70, 4);
  CHECK(back == std::vector<SpikeList>{{}, {0, 31, 32, 69}, {5, 64}, {69}});
  CHECK_THROWS_AS(pack_inputs(std::vector<SpikeList>{{70}}, 70), std::out_of_range);
  CHECK(pack_inputs(std::vector<SpikeList>(3), 0).empty());  // S = 0: nothing to send
}

TEST_CASE("state buffer: neuron records, traces, steps and build info", "[hls][packing]") {
  const std::uint32_t n = 33, s = 2;
  std::vector<std::uint32_t> st(sf_hls::state_words(n, s), 0u);
  CHECK(st.size() == 8u + 4u * 33u + 2u + 35u);
  st[sf_hls::state_neuron(32) + sf_hls::NS_V] = static_cast<std::uint32_t>(-300);
  st[sf_hls::state_neuron(32) + sf_hls::NS_I] = 7;
  st[sf_hls::state_neuron(32) + sf_hls::NS_REF] = 3;
  st[sf_hls::state_neuron(32) + sf_hls::NS_Y] = 65535;
  st[sf_hls::state_trace(n, 34)] = 4242;
  st[sf_hls::S_STEPS_LO] = 5;
  st[sf_hls::S_STEPS_HI] = 1;
  st[sf_hls::S_N_MAX] = 256;
  st[sf_hls::S_S_MAX] = 128;
  st[sf_hls::S_LANES] = 8;
  st[sf_hls::S_WIDTHS] = 16u | (24u << 8);
  st[sf_hls::S_ABI] = sf_hls::ABI_VERSION;
  CHECK(unpack_neuron(st, 32) == model::NeuronState{-300, 7, 3, 65535});
  CHECK(unpack_trace(st, n, 34) == 4242);
  CHECK(unpack_steps(st) == (std::uint64_t{1} << 32) + 5);
  const auto b = unpack_build(st);
  CHECK(b.describe() == "N<=256 S<=128 P=8 WB=16 VB=24 ABI 1");
  CHECK_NOTHROW(check_fits(b, {256, 128, 16, 24}));
  CHECK_THROWS_WITH(check_fits(b, {257, 128, 16, 24}), Catch::Contains("N<=256"));
  CHECK_THROWS_WITH(check_fits(b, {16, 129, 16, 24}), Catch::Contains("S=129"));
  CHECK_THROWS_WITH(check_fits(b, {16, 16, 8, 16}), Catch::Contains("WB=8"));
  auto old = b;
  old.abi = 0;
  CHECK_THROWS_WITH(check_fits(old, {16, 16, 16, 24}), Catch::Contains("ABI"));
}

TEST_CASE("xrt:// URIs", "[hls][packing]") {
  const auto u = parse_xrt_uri("xrt://1?xclbin=/opt/sf/spikeforge_u50.xclbin");
  CHECK(u.device == 1);
  CHECK(u.xclbin == "/opt/sf/spikeforge_u50.xclbin");
  CHECK(u.kernel == "sf_hls_kernel");
  const auto k = parse_xrt_uri("xrt://0?xclbin=a.xclbin&kernel=sf_hls_kernel:{sf_1}");
  CHECK(k.device == 0);
  CHECK(k.kernel == "sf_hls_kernel:{sf_1}");
  CHECK_THROWS_WITH(parse_xrt_uri("xrt://0"), Catch::Contains("names no bitstream"));
  CHECK_THROWS_WITH(parse_xrt_uri("xrt://x?xclbin=a"), Catch::Contains("bad device index"));
  CHECK_THROWS_WITH(parse_xrt_uri("xrt://?xclbin=a"), Catch::Contains("bad device index"));
  CHECK_THROWS_WITH(parse_xrt_uri("xrt://0?xclbin="), Catch::Contains("has no value"));
  CHECK_THROWS_WITH(parse_xrt_uri("xrt://0?xclbin=a&baud=3"), Catch::Contains("unknown option 'baud'"));
  CHECK_THROWS_WITH(parse_xrt_uri("tcp://0"), Catch::Contains("not an xrt:// URI"));
}
