// Reference model throughput: N neurons, all-to-all recurrent (S = 0 input channels, every one of
// the N x N synapses connected and plastic, autapses included so the fan-out is exactly N), STDP on,
// bias-driven LIF neurons tuned to fire at about 8 Hz at dt = 1 ms. The recurrent weights are
// inhibitory (learning bounds [-6, 0]): an all-to-all excitatory net of this size with plastic
// weights runs away to the refractory limit, an inhibitory one settles (the rate drifts slowly
// down as STDP moves the weights, from ~8.5 Hz after 500 steps to ~8 Hz after 20000).
//
// Prints the measured firing rate, synaptic events per second (events = arriving spikes x fan-out N,
// each one also a depression update since every synapse is plastic), potentiation updates per second
// (post spikes x fan-in N) and nanoseconds per step.
//
// Wall-clock figures are the headline; the process CPU time is printed too because on a shared
// machine the wall time includes time the core spent on other processes.
//
// usage: model_bench [steps=5000] [neurons=1024] [warmup=2000]
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "spikeforge/model/machine.hpp"

using namespace spikeforge::model;

namespace {

std::uint16_t factor(double tau) { return static_cast<std::uint16_t>(std::lround(65536.0 * std::exp(-1.0 / tau))); }

Image network(std::uint32_t n) {
  Image im = Image::zeros(Shape{n, 0, 8, 16});
  std::mt19937_64 rng(8);
  // tau_mem = 50 ms, v_th = 4000: the rheobase is a bias of about 79; biases 180..191 alone would
  // fire at ~30 Hz, the recurrent inhibition brings the network down to ~8 Hz and jitters it.
  std::uniform_int_distribution<int> bias(180, 191);
  for (auto& p : im.neurons) {
    p.v_th = 4000;
    p.v_reset = 0;
    p.v_rest = 0;
    p.bias = bias(rng);
    p.a_mem = factor(50.0);
    p.a_syn = factor(5.0);
    p.t_ref = 2;
  }
  std::uniform_int_distribution<int> weight(-4, 0);  // inhibitory, some zero (still plastic)
  for (std::size_t k = 0; k < im.weights.size(); ++k) {
    im.weights[k] = static_cast<std::int16_t>(weight(rng));
    im.plastic[k] = 1;
  }
  // tau_plus = tau_minus = 20 ms; amplitudes 1.5 weight LSBs each; weights kept in [-6, 0].
  im.stdp = StdpParams{true, factor(20.0), factor(20.0), 384, 384, -6, 0};
  return im;
}

std::uint32_t arg(int argc, char** argv, int k, std::uint32_t fallback) {
  return argc > k ? static_cast<std::uint32_t>(std::stoul(argv[k])) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint32_t steps = arg(argc, argv, 1, 5000), n = arg(argc, argv, 2, 1024), warmup = arg(argc, argv, 3, 2000);
  Machine m(network(n));
  const std::vector<std::uint32_t> none;
  for (std::uint32_t t = 0; t < warmup; ++t) m.step(none);

  std::uint64_t arriving = m.last_spikes().size(), fired = 0;
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  for (std::uint32_t t = 0; t < steps; ++t) {
    const auto& f = m.step(none);
    fired += f.size();
    if (t + 1 < steps) arriving += f.size();  // spikes of step t arrive in step t+1
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

  const double events = static_cast<double>(arriving) * n, potentiations = static_cast<double>(fired) * n;
  const double rate_hz = static_cast<double>(fired) / n / steps * 1000.0;
  std::printf("model_bench: N=%u S=0 all-to-all recurrent, all synapses plastic, STDP on, WB=8 VB=16\n", n);
  std::printf("steps               %u (after %u warm-up steps)\n", steps, warmup);
  std::printf("firing rate         %.2f Hz per neuron at dt = 1 ms\n", rate_hz);
  std::printf("time                %.3f s, %.0f ns per step\n", seconds, seconds * 1e9 / steps);
  std::printf("cpu time            %.3f s, %.0f ns per step (differs from the wall time when the core is shared)\n", cpu,
              cpu * 1e9 / steps);
  std::printf("synaptic events     %.0f (arriving spikes x fan-out %u), %.1f M/s wall, %.1f M/s cpu\n", events, n,
              events / seconds / 1e6, events / cpu / 1e6);
  std::printf("potentiation updates %.0f (post spikes x fan-in %u), %.1f M/s wall\n", potentiations, n,
              potentiations / seconds / 1e6);
  return 0;
}
