// Internal helpers of the network compiler: located YAML values and error messages that name
// file:line:column and the field.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "spikeforge/network/network.hpp"

namespace spikeforge::network::detail {

struct Ctx {
  std::string file;      // as printed in messages
  std::string base_dir;  // for relative paths in the YAML
  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& field, const std::string& why) const;
};

// A YAML node with the field path that leads to it and a mark to report at (the parent's mark
// when the node itself is missing).
struct Val {
  YAML::Node node;
  std::string field;
  YAML::Mark mark;
  const Ctx* ctx = nullptr;

  bool present() const { return node.IsDefined() && !node.IsNull(); }
  [[noreturn]] void fail(const std::string& why) const { ctx->fail(mark, field, why); }

  // A child of a mapping (call keys() first). Missing children are "not present".
  Val operator[](const std::string& key) const;
  // Element k of a sequence.
  Val at(std::size_t k) const;
  std::size_t size() const;  // sequence length (fails if not a sequence)

  // Fail unless this is a mapping whose keys are all in `allowed` (no duplicates); unknown keys
  // get a "did you mean" when one of the allowed keys is close.
  void keys(const std::vector<std::string>& allowed) const;
  void require() const;  // fail "required" when not present

  std::string str() const;
  // A number; a trailing unit (e.g. "20 ms") is accepted when it equals `unit`.
  double num(const std::string& unit = "", bool allow_inf = false) const;
  double num_or(double fallback, const std::string& unit = "", bool allow_inf = false) const {
    return present() ? num(unit, allow_inf) : fallback;
  }
  std::int64_t integer(std::int64_t lo, std::int64_t hi) const;
  bool boolean() const;
  bool is_seq() const { return node.IsSequence(); }
  bool is_map() const { return node.IsMap(); }
  bool is_scalar() const { return node.IsScalar(); }
};

Val root_val(const YAML::Node& root, const Ctx& ctx);

// The closest of `candidates` to `word`, or "" when none is close.
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

std::string fmt(double x);  // shortest round-trippable-ish text for messages

}  // namespace spikeforge::network::detail
