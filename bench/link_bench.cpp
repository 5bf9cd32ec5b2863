// link_bench: efficiency of the host <-> device protocol on a UART (docs/protocol.md), computed
// from the exact frames the host library sends and the ACKs the device answers with.
//
//   link_bench [--neurons N] [--inputs S] [--weight-bits WB] [--baud B] [--turnaround-us T]
//
// Model of the line: 10 bits per byte (8N1), stop-and-wait (window 1): a command's time is its
// encoded bytes, then the ACK's encoded bytes, then T microseconds of turnaround (device decode +
// host scheduling). Payload = the synapse data (weights + plasticity bits) of a full upload.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "spikeforge/protocol/codec.hpp"

using namespace spikeforge;
using namespace spikeforge::protocol;

int main(int argc, char** argv) {
  std::uint32_t n = 256, s = 256, wb = 8;
  double baud = 3e6;
  std::vector<double> turnarounds = {0, 20, 100, 1000};
  for (int k = 1; k + 1 < argc; k += 2) {
    const std::string a = argv[k];
    const double v = std::atof(argv[k + 1]);
    if (a == "--neurons") n = static_cast<std::uint32_t>(v);
    else if (a == "--inputs") s = static_cast<std::uint32_t>(v);
    else if (a == "--weight-bits") wb = static_cast<std::uint32_t>(v);
    else if (a == "--baud") baud = v;
    else if (a == "--turnaround-us") turnarounds = {v};
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  const std::size_t synapses = std::size_t{s + n} * n;
  const std::size_t per = synapses_per_frame(kMaxPayload, wb);
  std::vector<std::int16_t> w(per);
  std::vector<std::uint8_t> p(per);
  for (std::size_t k = 0; k < per; ++k) {
    w[k] = static_cast<std::int16_t>((k * 37) % 200 - 100);  // typical data, zeros included
    p[k] = k % 3 == 0;
  }
  std::size_t cmd_bytes = 0, ack_bytes = 0, payload = 0, commands = 0;
  std::uint8_t seq = 0;
  for (std::size_t a = 0; a < synapses; a += per, ++seq) {
    const std::size_t c = std::min(per, synapses - a);
    Writer body;
    body.u32(static_cast<std::uint32_t>(a)).u16(static_cast<std::uint32_t>(c)).u16(0);
    put_synapses(body, std::span(w.data(), c), std::span(p.data(), c), wb);
    cmd_bytes += encode_frame(seq, static_cast<std::uint8_t>(Opcode::kWriteSynapses), body.data()).size();
    ack_bytes += encode_frame(seq, 0, {}).size();
    payload += synapse_data_bytes(c, wb);
    ++commands;
  }
  std::printf("bulk weight upload: N=%u S=%u WB=%u, %zu synapses, %zu per frame, %zu WRITE_SYNAPSES commands\n", n, s,
              wb, synapses, per, commands);
  std::printf("payload %zu B, host->device %zu B, device->host (ACKs) %zu B, line %.0f baud (10 bits/byte)\n", payload,
              cmd_bytes, ack_bytes, baud);
  std::printf("turnaround_us,upload_ms,payload_kB_per_s,efficiency_percent\n");
  for (double t : turnarounds) {
    const double seconds = double(cmd_bytes + ack_bytes) * 10.0 / baud + double(commands) * t * 1e-6;
    const double eff = double(payload) * 10.0 / baud / seconds;
    std::printf("%.0f,%.2f,%.1f,%.2f\n", t, seconds * 1e3, double(payload) / seconds / 1e3, eff * 100.0);
  }
  return 0;
}
