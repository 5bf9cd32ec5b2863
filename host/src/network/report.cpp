// Report formatting and Plan look-ups.
#include <cstdio>
#include <sstream>

#include "spikeforge/network/network.hpp"
#include "yaml_util.hpp"

namespace spikeforge::network {

std::string json_quote(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      case '\r': o += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          o += buf;
        } else {
          o += c;
        }
    }
  }
  return o + "\"";
}

std::size_t Report::warnings() const {
  std::size_t n = 0;
  for (const auto& q : notes) n += q.severity == "warning" ? 1 : 0;
  return n;
}

std::string Report::to_text() const {
  std::ostringstream o;
  o << "device shape: N=" << shape.neurons << " S=" << shape.inputs << " WB=" << shape.weight_bits
    << " VB=" << shape.state_bits << "\n";
  o << "voltage scale: " << detail::fmt(mv_per_lsb) << " mV per LSB" << (scale_given ? " (given)" : " (chosen)") << "\n";
  for (const auto& q : notes) o << q.severity << ": " << q.field << ": " << q.message << "\n";
  o << warnings() << " quantisation warning(s)\n";
  return o.str();
}

std::string Report::to_json() const {
  std::ostringstream o;
  o.precision(17);
  o << "{\"shape\": {\"neurons\": " << shape.neurons << ", \"inputs\": " << shape.inputs
    << ", \"weight_bits\": " << shape.weight_bits << ", \"state_bits\": " << shape.state_bits
    << "}, \"mv_per_lsb\": " << mv_per_lsb << ", \"scale_given\": " << (scale_given ? "true" : "false")
    << ", \"warnings\": " << warnings() << ", \"notes\": [";
  for (std::size_t k = 0; k < notes.size(); ++k) {
    o << (k ? ", " : "") << "{\"severity\": " << json_quote(notes[k].severity) << ", \"field\": "
      << json_quote(notes[k].field) << ", \"message\": " << json_quote(notes[k].message) << "}";
  }
  o << "]}";
  return o.str();
}

std::pair<std::size_t, std::uint32_t> Plan::neuron_owner(std::uint32_t j) const {
  for (std::size_t k = 0; k < populations.size(); ++k) {
    const auto& p = populations[k];
    if (!p.input && j >= p.first && j < p.first + p.size) return {k, j - p.first};
  }
  return {populations.size(), 0};
}

std::pair<std::size_t, std::uint32_t> Plan::source_owner(std::uint32_t s, const model::Shape& shape) const {
  if (s >= shape.inputs) return neuron_owner(s - shape.inputs);
  for (std::size_t k = 0; k < populations.size(); ++k) {
    const auto& p = populations[k];
    if (p.input && s >= p.first && s < p.first + p.size) return {k, s - p.first};
  }
  return {populations.size(), 0};
}

}  // namespace spikeforge::network
