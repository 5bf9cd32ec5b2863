// The host side of docs/protocol.md: sequence numbers, window 1, timeouts, retransmission (the
// device replays the answer of a command it already executed), NACKs as exceptions, and typed
// commands that split long transfers into frames.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "spikeforge/protocol/codec.hpp"
#include "spikeforge/transport/transport.hpp"

namespace spikeforge::protocol {

// Everything that goes wrong on the device side of the link: no answer, a NACK, an unexpected
// identity or shape. (The CLI exits with code 5 for these.)
struct DeviceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct NoAnswerError : DeviceError {
  using DeviceError::DeviceError;
};
struct NackError : DeviceError {
  NackError(const std::string& what, std::uint8_t s) : DeviceError(what), status(s) {}
  std::uint8_t status;
};
struct IdentityError : DeviceError {
  using DeviceError::DeviceError;
};

struct ClientOptions {
  std::chrono::milliseconds timeout{200};  // per attempt, on top of the line time
  int attempts = 8;                        // attempts per command before it is reported failed
  std::chrono::milliseconds busy_pause{1};
  // Called during long transfers: what ("weights"), units done, units total.
  std::function<void(const std::string&, std::size_t, std::size_t)> progress;
};

struct LinkStats {
  std::uint64_t commands = 0;     // distinct commands sent
  std::uint64_t retries = 0;      // retransmissions
  std::uint64_t timeouts = 0;     // attempts without an answer
  std::uint64_t bad_frames = 0;   // answers dropped for bad CRC / COBS / length
  std::uint64_t stale = 0;        // answers with another command's seq
  std::uint64_t busy = 0;         // BUSY answers
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
};

class Client {
 public:
  Client(std::unique_ptr<transport::Transport> link, ClientOptions options = {});

  // IDENTIFY; checks magic, version and shape (throws IdentityError naming what came back).
  // Opens the session (docs/protocol.md §3); call it before anything else.
  const Identity& identify();
  const Identity& identity() const;

  // One command: its ACK data, or throws NackError / NoAnswerError.
  std::vector<std::uint8_t> transact(Opcode op, std::span<const std::uint8_t> payload);

  void reset_state();
  void write_neurons(std::uint32_t first, std::span<const model::NeuronParams> params);
  std::vector<model::NeuronParams> read_neurons(std::uint32_t first, std::uint32_t count);
  // Synapse addresses a = s * N + j; `plastic` is 0/1 per synapse, same length as `weights`.
  void write_synapses(std::uint32_t addr, std::span<const std::int16_t> weights, std::span<const std::uint8_t> plastic);
  void read_synapses(std::uint32_t addr, std::uint32_t count, std::vector<std::int16_t>& weights,
                     std::vector<std::uint8_t>& plastic);
  void write_stdp(const model::StdpParams& p);
  model::StdpParams read_stdp();
  void set_learn(bool on);
  void set_active(std::uint32_t neurons, std::uint32_t inputs);
  // Runs inputs.size() steps, as few STEP commands as fit; returns each step's fired neurons.
  std::vector<std::vector<std::uint32_t>> step(std::span<const std::vector<std::uint32_t>> inputs);
  std::vector<model::NeuronState> read_state(std::uint32_t first, std::uint32_t count);
  std::vector<std::uint32_t> read_traces(std::uint32_t first, std::uint32_t count);
  DeviceCounters read_counters();

  // Steps per STEP command: max_batch, and the worst-case answer must fit a frame.
  std::size_t max_steps_per_command() const;
  const LinkStats& stats() const { return stats_; }
  transport::Transport& link() { return *link_; }

 private:
  bool await(std::uint8_t seq, std::chrono::milliseconds timeout, Frame& out);
  std::chrono::milliseconds attempt_timeout(std::size_t bytes_out, std::size_t bytes_in) const;
  void report(const std::string& what, std::size_t done, std::size_t total);
  std::size_t max_payload() const;

  std::unique_ptr<transport::Transport> link_;
  ClientOptions opt_;
  FrameSplitter splitter_;
  std::vector<std::vector<std::uint8_t>> pending_;
  std::uint8_t seq_;
  bool identified_ = false;
  Identity id_;
  LinkStats stats_;
};

}  // namespace spikeforge::protocol
