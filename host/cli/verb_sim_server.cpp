// spikeforge sim-server [--port P | --pty] [--bind ADDR] [--once]: the board twin. The verilated
// device (sim/device) runs in this process; the bytes of a TCP client (Boost.Asio acceptor) or of
// a pseudo-terminal are shifted into its simulated UART rx pin, and what it shifts out of its tx
// pin goes back. Hosts talk to it exactly as to a board: tcp://HOST:P, or serial:///dev/pts/N.
// Simulated time advances only while the device has work (bytes to receive, a command to execute
// or an answer to send); when the client does not read, the server's writes block and the device
// waits, as a real one does on a full link.
#include <iostream>
#include <memory>
#include <string>

#include "verbs.hpp"

#ifdef SPIKEFORGE_HAVE_DEVICE_SIM
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <cerrno>
#include <cstring>
#include <vector>

#include "spikeforge/sim/device_model.hpp"
#endif

namespace spikeforge::cli {

#ifdef SPIKEFORGE_HAVE_DEVICE_SIM
namespace {

// Write everything (blocking). False when the other end has gone.
bool write_all(int fd, const std::vector<std::uint8_t>& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 100);
      continue;
    }
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Shuttle bytes between `fd` and the device until the other end closes (returns) or fails.
// `pty`: a read error EIO means "no client has the terminal open" and is waited out.
void serve(int fd, sim::DeviceModel& dev, bool pty, bool verbose) {
  std::vector<std::uint8_t> buf(4096);
  std::uint64_t in = 0, out = 0;
  // busy() (line sending or busy_o) can be false for a few clocks while the last byte of a host
  // frame is still in the device's rx synchroniser, COBS decoder and CRC check: stopping the clock
  // right then left the frame stuck until the host, having timed out, retransmitted (and the
  // retransmission was then dropped as a frame error). So keep clocking until busy() has been
  // false for three whole chunks.
  constexpr std::uint64_t kChunk = 400;  // 10 byte times
  constexpr std::uint64_t kLinger = 3 * kChunk;
  std::uint64_t quiet = kLinger;
  for (;;) {
    if (dev.busy()) quiet = 0;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, quiet < kLinger ? 0 : 20);
    if (ready < 0 && errno != EINTR) return;
    if (ready > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR))) {
      const ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n > 0) {
        dev.send({buf.data(), static_cast<std::size_t>(n)});
        in += static_cast<std::uint64_t>(n);
        quiet = 0;
      } else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN && !(pty && errno == EIO))) {
        if (verbose)
          std::cerr << "sim-server: client closed after " << in << " bytes in, " << out << " out, "
                    << dev.cycles() << " device clocks so far\n";
        return;
      } else if (pty && n < 0 && errno == EIO) {
        ::usleep(20000);
      }
    }
    if (dev.busy() || quiet < kLinger) {
      dev.tick(kChunk);
      quiet = dev.busy() ? 0 : quiet + kChunk;
    }
    auto got = dev.take_received();
    if (!got.empty()) {
      out += got.size();
      if (!write_all(fd, got)) return;
    }
  }
}

void run_tcp(const std::string& bind, unsigned short port, bool once, bool verbose) {
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io);
  const asio::ip::tcp::endpoint ep(asio::ip::make_address(bind), port);
  acceptor.open(ep.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  boost::system::error_code ec;
  acceptor.bind(ep, ec);
  if (ec) throw CliError(kFailure, "cannot listen on " + bind + ":" + std::to_string(port) + ": " + ec.message());
  acceptor.listen();
  sim::DeviceModel dev;  // one device for the server's lifetime, like a board
  const auto b = sim::DeviceModel::build();
  std::cout << "spikeforge sim-server: tcp://" << bind << ":" << acceptor.local_endpoint().port() << " (device N=" << b.neurons
            << " S=" << b.inputs << " P=" << b.lanes << " WB=" << b.weight_bits << " VB=" << b.state_bits << ")"
            << std::endl;
  for (;;) {
    asio::ip::tcp::socket sock(io);
    acceptor.accept(sock);
    sock.set_option(asio::ip::tcp::no_delay(true));
    if (verbose) std::cerr << "sim-server: client " << sock.remote_endpoint() << "\n";
    serve(sock.native_handle(), dev, false, verbose);
    if (once) return;
  }
}

void run_pty(bool verbose) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    throw CliError(kFailure, std::string("cannot create a pseudo-terminal: ") + std::strerror(errno));
  }
  const char* name = ::ptsname(master);
  if (name == nullptr) throw CliError(kFailure, "cannot name the pseudo-terminal");
  const std::string path = name;
  // Hold the terminal open ourselves (raw mode, no echo) so that it exists between clients.
  const int slave = ::open(path.c_str(), O_RDWR | O_NOCTTY);
  if (slave < 0) throw CliError(kFailure, "cannot open " + path + ": " + std::strerror(errno));
  termios t{};
  ::tcgetattr(slave, &t);
  ::cfmakeraw(&t);
  ::tcsetattr(slave, TCSANOW, &t);
  sim::DeviceModel dev;
  const auto b = sim::DeviceModel::build();
  std::cout << "spikeforge sim-server: serial://" << path << " (device N=" << b.neurons << " S=" << b.inputs
            << " P=" << b.lanes << " WB=" << b.weight_bits << " VB=" << b.state_bits << ")" << std::endl;
  serve(master, dev, true, verbose);
  ::close(slave);
  ::close(master);
}

}  // namespace
#endif

void register_sim_server(CLI::App& app) {
  auto* cmd = app.add_subcommand("sim-server", "Board twin: the verilated device behind a TCP port or a pseudo-terminal");
  auto port = std::make_shared<int>(7000);
  auto bind = std::make_shared<std::string>("127.0.0.1");
  auto pty = std::make_shared<bool>(false);
  auto once = std::make_shared<bool>(false);
  auto verbose = std::make_shared<bool>(false);
  auto* port_opt = cmd->add_option("-p,--port", *port, "TCP port to listen on (0: any free port; default 7000)");
  cmd->add_option("--bind", *bind, "Address to listen on (default 127.0.0.1)");
  cmd->add_flag("--pty", *pty, "Serve a pseudo-terminal instead (its path is printed: serial:///dev/pts/N)")
      ->excludes(port_opt);
  cmd->add_flag("--once", *once, "Exit when the first TCP client disconnects");
  cmd->add_flag("-v,--verbose", *verbose, "Log clients and byte counts on stderr");
  cmd->callback([=] {
#ifdef SPIKEFORGE_HAVE_DEVICE_SIM
    if (*port < 0 || *port > 65535) throw CliError(kUsage, "--port must be 0 .. 65535");
    if (*pty) {
      run_pty(*verbose);
    } else {
      run_tcp(*bind, static_cast<unsigned short>(*port), *once, *verbose);
    }
#else
    throw CliError(kUnavailable, "this build has no Verilator device model (needs SPIKEFORGE_RTL=ON and verilator)");
#endif
  });
}

}  // namespace spikeforge::cli
