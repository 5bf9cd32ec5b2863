#include "yaml_util.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

namespace spikeforge::network::detail {

void Ctx::fail(const YAML::Mark& mark, const std::string& field, const std::string& why) const {
  std::ostringstream o;
  o << file;
  if (!mark.is_null()) o << ':' << mark.line + 1 << ':' << mark.column + 1;
  o << ": ";
  if (!field.empty()) o << field << ": ";
  o << why;
  throw NetworkError(o.str());
}

Val root_val(const YAML::Node& root, const Ctx& ctx) { return Val{root, "", root.Mark(), &ctx}; }

Val Val::operator[](const std::string& key) const {
  if (!present() || !node.IsMap()) return Val{YAML::Node(), field.empty() ? key : field + "." + key, mark, ctx};
  const YAML::Node& self = node;
  Val c{self[key], field.empty() ? key : field + "." + key, mark, ctx};
  if (c.node.IsDefined()) c.mark = c.node.Mark();
  return c;
}

Val Val::at(std::size_t k) const {
  const YAML::Node& self = node;
  Val c{self[k], field + "[" + std::to_string(k) + "]", mark, ctx};
  if (c.node.IsDefined()) c.mark = c.node.Mark();
  return c;
}

std::size_t Val::size() const {
  if (!node.IsSequence()) fail("must be a list");
  return node.size();
}

void Val::require() const {
  if (!present()) fail("required");
}

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
  auto dist = [](const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      }
      std::swap(prev, cur);
    }
    return prev[b.size()];
  };
  std::string best;
  std::size_t best_d = 3;  // at most two edits away
  for (const auto& c : candidates) {
    const std::size_t d = dist(word, c);
    if (d < best_d && d < std::max<std::size_t>(c.size(), 2)) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

void Val::keys(const std::vector<std::string>& allowed) const {
  if (!present()) return;
  if (!node.IsMap()) fail("must be a mapping (key: value)");
  std::set<std::string> seen;
  for (const auto& kv : node) {
    const YAML::Mark km = kv.first.Mark();
    const std::string where = field.empty() ? "" : field;
    if (!kv.first.IsScalar()) ctx->fail(km, where, "keys must be plain names");
    const std::string k = kv.first.Scalar();
    const std::string f = field.empty() ? k : field + "." + k;
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      std::string msg = "unknown key '" + k + "'";
      const std::string near = closest(k, allowed);
      if (!near.empty()) msg += " (did you mean '" + near + "'?)";
      ctx->fail(km, where, msg);
    }
    if (!seen.insert(k).second) ctx->fail(km, f, "given twice");
  }
}

std::string Val::str() const {
  require();
  if (!node.IsScalar()) fail("must be a plain value");
  return node.Scalar();
}

static std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t k = 0;
  while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
  return s.substr(k);
}

double Val::num(const std::string& unit, bool allow_inf) const {
  require();
  if (!node.IsScalar()) fail("must be a number" + (unit.empty() ? std::string() : " (" + unit + ")"));
  std::string t = trim(node.Scalar());
  const std::string orig = t;
  if (!unit.empty() && t.size() > unit.size() && t.ends_with(unit)) t = trim(t.substr(0, t.size() - unit.size()));
  if (t == ".inf" || t == "+.inf" || t == "inf" || t == ".Inf" || t == "Infinity") {
    if (!allow_inf) fail("must be finite (got " + orig + ")");
    return HUGE_VAL;
  }
  if (!t.empty() && t[0] == '+') t = t.substr(1);
  double x = 0;
  const char* b = t.data();
  const char* e = t.data() + t.size();
  auto r = std::from_chars(b, e, x);
  if (t.empty() || r.ec != std::errc() || r.ptr != e) {
    fail("must be a number" + (unit.empty() ? std::string() : " in " + unit) + " (got '" + orig + "')");
  }
  if (!std::isfinite(x)) fail("must be finite (got " + orig + ")");
  if (std::abs(x) > 1e12) fail("is out of range (got " + orig + "; magnitudes up to 1e12 are accepted)");
  return x;
}

std::int64_t Val::integer(std::int64_t lo, std::int64_t hi) const {
  const double x = num();
  if (x != std::floor(x)) fail("must be a whole number (got " + node.Scalar() + ")");
  if (x < static_cast<double>(lo) || x > static_cast<double>(hi)) {
    fail("must be in " + std::to_string(lo) + " .. " + std::to_string(hi) + " (got " + node.Scalar() + ")");
  }
  return static_cast<std::int64_t>(x);
}

bool Val::boolean() const {
  const std::string s = str();
  if (s == "true" || s == "on" || s == "yes" || s == "True" || s == "ON") return true;
  if (s == "false" || s == "off" || s == "no" || s == "False" || s == "OFF") return false;
  fail("must be true or false (got '" + s + "')");
}

std::string fmt(double x) {
  std::ostringstream o;
  o.precision(6);
  o << x;
  return o.str();
}

}  // namespace spikeforge::network::detail
