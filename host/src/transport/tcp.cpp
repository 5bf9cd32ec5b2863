// tcp://HOST:PORT through Boost.Asio (the board twin, or any TCP-to-UART bridge).
#include <poll.h>

#include <utility>  // Boost 1.74 asio/awaitable.hpp uses std::exchange without including it

#include <boost/asio.hpp>

#include "spikeforge/transport/transport.hpp"

namespace spikeforge::transport {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

class TcpTransport final : public Transport {
 public:
  TcpTransport(const Uri& uri) : text_(uri.text), socket_(io_) {
    const auto colon = uri.path.rfind(':');
    if (colon == std::string::npos || colon + 1 == uri.path.size()) {
      throw std::invalid_argument("target '" + uri.text + "': expected tcp://HOST:PORT");
    }
    const std::string host = uri.path.substr(0, colon);
    const std::string port = uri.path.substr(colon + 1);
    const auto connect_ms = uri.number("connect_timeout_ms", 2000);
    boost::system::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(host, port, ec);
    if (ec) throw TransportError("cannot resolve '" + host + "' for " + uri.text + ": " + ec.message());
    boost::system::error_code result = asio::error::timed_out;
    asio::async_connect(socket_, endpoints, [&](const boost::system::error_code& e, const tcp::endpoint&) { result = e; });
    io_.run_for(std::chrono::milliseconds(connect_ms));
    if (!io_.stopped()) {
      socket_.close(ec);
      io_.run();
      result = asio::error::timed_out;
    }
    if (result) {
      throw TransportError("cannot connect to " + uri.text + ": " + result.message() +
                           " (is `spikeforge sim-server` or the board bridge running?)");
    }
    socket_.set_option(tcp::no_delay(true), ec);
  }

  void write(std::span<const std::uint8_t> bytes) override {
    boost::system::error_code ec;
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec) throw TransportError("write to " + text_ + " failed: " + ec.message());
  }

  std::size_t read(std::span<std::uint8_t> buf, std::chrono::milliseconds timeout) override {
    if (buf.empty()) return 0;
    pollfd p{socket_.native_handle(), POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (r < 0) throw TransportError("poll on " + text_ + " failed");
    if (r == 0) return 0;
    boost::system::error_code ec;
    const std::size_t n = socket_.read_some(asio::buffer(buf.data(), buf.size()), ec);
    if (ec == asio::error::eof) throw TransportError(text_ + " closed the connection");
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
      throw TransportError("read from " + text_ + " failed: " + ec.message());
    }
    return n;
  }

  std::string describe() const override { return text_; }

 private:
  std::string text_;
  asio::io_context io_;
  tcp::socket socket_;
};

}  // namespace

std::unique_ptr<Transport> open_tcp(const Uri& uri) { return std::make_unique<TcpTransport>(uri); }

}  // namespace spikeforge::transport
