#include "spikeforge/transport/transport.hpp"

#include <stdexcept>

namespace spikeforge::transport {

long long Uri::number(const std::string& key, long long fallback) const {
  auto it = query.find(key);
  if (it == query.end()) return fallback;
  std::size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(it->second, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != it->second.size()) {
    throw std::invalid_argument("target '" + text + "': option " + key + "=" + it->second + " is not a number");
  }
  return v;
}

Uri parse_uri(const std::string& text) {
  Uri u;
  u.text = text;
  const auto sep = text.find("://");
  if (sep == std::string::npos) throw std::invalid_argument("target '" + text + "' is not a URI (expected scheme://...)");
  u.scheme = text.substr(0, sep);
  std::string rest = text.substr(sep + 3);
  const auto q = rest.find('?');
  if (q != std::string::npos) {
    std::string query = rest.substr(q + 1);
    rest.resize(q);
    std::size_t pos = 0;
    while (pos <= query.size()) {
      auto amp = query.find('&', pos);
      if (amp == std::string::npos) amp = query.size();
      const std::string kv = query.substr(pos, amp - pos);
      if (!kv.empty()) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos) throw std::invalid_argument("target '" + text + "': option '" + kv + "' has no value");
        u.query[kv.substr(0, eq)] = kv.substr(eq + 1);
      }
      pos = amp + 1;
    }
  }
  u.path = rest;
  if (u.path.empty()) throw std::invalid_argument("target '" + text + "' names no host or device");
  return u;
}

std::unique_ptr<Transport> open_transport(const std::string& text) {
  const Uri u = parse_uri(text);
  if (u.scheme == "tcp") return open_tcp(u);
  if (u.scheme == "serial") return open_serial(u);
  if (u.scheme == "uio") return open_uio(u);
  throw std::invalid_argument("target '" + text + "': unknown transport '" + u.scheme + "' (tcp, serial, uio)");
}

}  // namespace spikeforge::transport
