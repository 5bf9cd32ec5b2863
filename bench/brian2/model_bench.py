#!/usr/bin/python3
"""Brian2 (C++ standalone) version of bench/model_bench.cpp, for comparison.

The same network shape: N = 1024 LIF neurons, no inputs, all-to-all recurrent (N x N synapses,
autapses included), every synapse plastic with the additive all-to-all trace STDP rule of the
Brian2 STDP example (tau_pre = tau_post = 20 ms, amplitudes 1.5 weight units, weights in [-6, 0]),
bias-driven (tau_mem = 50 ms, tau_syn = 5 ms, threshold 4000, reset 0, refractory 2 ms) with
inhibitory recurrent weights, at dt = 1 ms. The dynamics are the continuous-time equivalent of
the spikeforge machine's, not bit-identical to it; the work per step (events, trace updates) is
the same shape. Prints the firing rate, synaptic events per second (arriving spikes x N) and the
time per step of the timed run (after a warm-up run).

usage: python3 bench/brian2/model_bench.py [steps=5000] [warmup=2000]
"""
import sys
import tempfile

import numpy as np
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, defaultclock, device, ms, run, seed,
                    set_device, prefs)

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
N = 1024

build_dir = tempfile.mkdtemp(prefix="sf_brian2_")
set_device("cpp_standalone", directory=build_dir, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0  # one core, like the model
defaultclock.dt = 1 * ms
seed(8)
rng = np.random.default_rng(8)

eqs = """
dv/dt = -v / tau_mem + (I + bias) / ms : 1 (unless refractory)
dI/dt = -I / tau_syn : 1
bias : 1 (constant)
"""
tau_mem, tau_syn = 50 * ms, 5 * ms
G = NeuronGroup(N, eqs, threshold="v >= 4000", reset="v = 0", refractory=2 * ms, method="euler",
                namespace={"tau_mem": tau_mem, "tau_syn": tau_syn})
G.bias = rng.integers(180, 192, N)

taupre = taupost = 20 * ms
S = Synapses(G, G,
             """w : 1
                dapre/dt = -apre / taupre : 1 (event-driven)
                dapost/dt = -apost / taupost : 1 (event-driven)""",
             on_pre="""I_post += w
                       apre += 1.5
                       w = clip(w + apost, -6, 0)""",
             on_post="""apost -= 1.5
                        w = clip(w + apre, -6, 0)""",
             namespace={"taupre": taupre, "taupost": taupost})
S.connect()  # all-to-all, autapses included
S.w = rng.integers(-4, 1, N * N)

run(warmup * ms)
mon = SpikeMonitor(G)
run(steps * ms)
device.build(directory=build_dir, compile=True, run=True)

seconds = device._last_run_time  # wall time of the last run() call: the timed run only
spikes = int(mon.num_spikes)
rate = spikes / N / (steps / 1000.0)
events = spikes * N  # arriving spikes x fan-out (the last step's spikes arrive after the run)
print(f"brian2 {__import__('brian2').__version__} C++ standalone, N={N} all-to-all, all synapses plastic, STDP on")
print(f"steps            {steps} (after {warmup} warm-up steps)")
print(f"firing rate      {rate:.2f} Hz per neuron at dt = 1 ms")
print(f"time             {seconds:.3f} s, {seconds * 1e9 / steps:.0f} ns per step")
print(f"synaptic events  {events} (spikes x fan-out {N}), {events / seconds / 1e6:.1f} M/s")
