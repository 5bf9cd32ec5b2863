// YAML network -> model::Image + Plan (docs/yaml.md). Two passes: parse everything into
// floating-point values (mV, ms) while checking it, then choose the voltage scale and quantise,
// noting every rounding, clip and substitution in the Report.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "spikeforge/model/arith.hpp"
#include "spikeforge/network/network.hpp"
#include "yaml_util.hpp"

namespace spikeforge::network {
namespace {

using detail::Ctx;
using detail::fmt;
using detail::Val;

constexpr std::uint64_t kMaxSynapses = std::uint64_t{1} << 24;  // (S+N) x N dense entries
constexpr std::uint32_t kMaxSteps = 10'000'000;
constexpr std::uint64_t kMaxInputEvents = 20'000'000;
constexpr double kMaxPoissonDraws = 1e8;                  // steps x channels of one poisson input
constexpr std::int64_t kMaxSeed = (std::int64_t{1} << 53) - 1;  // exactly representable in a double

struct LifSpec {
  double tau_mem = 20, tau_syn = 5, v_th = -50, v_reset = -65, v_rest = -65, refractory = 2, bias = 0;
  std::string field;
  YAML::Mark mark;
};

struct Synapse {
  std::uint32_t i, j;  // within the from / to populations
  double w;            // mV
};

struct ConnSpec {
  std::string name, field;
  YAML::Mark mark;
  std::size_t from = 0, to = 0;
  bool plastic = false;
  bool sampled = false;  // weights drawn from a distribution (clipping allowed and reported)
  double bound = 0;      // largest |w| the weight spec can give (normal: |mean| + 3 sd)
  std::vector<Synapse> syn;
};

// Uniform double in [0, 1) from a 64-bit generator, identical on every platform.
double unit(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

double normal(std::mt19937_64& g) {  // Box-Muller, platform independent
  double u1 = unit(g);
  const double u2 = unit(g);
  if (u1 <= 0) u1 = 0x1.0p-53;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

std::string read_text(const Ctx& ctx, const Val& where, const std::string& path, std::string* shown) {
  std::filesystem::path p(path);
  if (p.is_relative()) p = std::filesystem::path(ctx.base_dir) / p;
  *shown = path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) where.fail("cannot read '" + p.string() + "'");
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) where.fail("cannot read '" + p.string() + "'");
  return s.str();
}

// CSV: rows of numbers; blank lines and '#' comments skipped. A first row that is not numeric is
// returned as the header.
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
  std::vector<std::size_t> lines;  // 1-based line of each row
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != ' ' && c != '\t' && c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

Csv parse_csv(const std::string& text, const std::string& shown, const std::string& field) {
  Csv csv;
  std::istringstream in(text);
  std::string line;
  std::size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    const auto cells = split(line);
    if (cells.size() == 1 && cells[0].empty()) continue;
    if (!cells[0].empty() && cells[0][0] == '#') continue;
    std::vector<double> row;
    bool numeric = true;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      double x = 0;
      const auto& t = cells[c];
      auto r = std::from_chars(t.data(), t.data() + t.size(), x);
      if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(x)) {
        if (csv.rows.empty() && csv.header.empty()) {
          numeric = false;
          break;
        }
        throw NetworkError(shown + ":" + std::to_string(lineno) + ":" + std::to_string(c + 1) + ": " + field +
                           ": not a number: '" + t + "'");
      }
      row.push_back(x);
    }
    if (!numeric) {
      csv.header = cells;
      continue;
    }
    csv.rows.push_back(std::move(row));
    csv.lines.push_back(lineno);
  }
  return csv;
}

class Compiler {
 public:
  Compiler(const Ctx& ctx, const CompileOptions& opts) : ctx_(ctx), opts_(opts) {}
  Compiled run(const YAML::Node& root, const std::string& default_name);

 private:
  void note(const std::string& sev, const std::string& field, const std::string& msg) {
    out_.report.notes.push_back({sev, field, msg});
  }
  std::size_t find_pop(const Val& v, bool must_be_lif);
  void parse_device(const Val& d);
  void parse_populations(const Val& p);
  void parse_connections(const Val& c);
  void parse_connection(const Val& c, std::size_t k);
  void choose_scale();
  std::int32_t volt(double mv, const std::string& field, const std::string& what, const YAML::Mark& mark);
  std::uint16_t decay_factor(double tau, const std::string& field, const std::string& what);
  void build_neurons();
  void build_weights();
  void parse_stdp(const Val& s);
  void parse_run(const Val& r);
  void parse_inputs(const Val& in);
  void parse_record(const Val& r);

  const Ctx& ctx_;
  CompileOptions opts_;
  Compiled out_;
  model::Shape shape_;
  double dt_ = 1.0;
  std::optional<double> given_scale_;
  std::vector<LifSpec> lif_;  // per population (unused for inputs)
  std::vector<YAML::Mark> pop_marks_;
  std::vector<ConnSpec> conns_;
  bool have_stdp_ = false;
  double stdp_wmin_ = 0, stdp_wmax_ = 0;
  Val stdp_val_;
};

std::size_t Compiler::find_pop(const Val& v, bool must_be_lif) {
  const std::string name = v.str();
  std::vector<std::string> names;
  for (std::size_t k = 0; k < out_.plan.populations.size(); ++k) {
    const auto& p = out_.plan.populations[k];
    if (p.name == name) {
      if (must_be_lif && p.input) v.fail("population '" + name + "' is an input population (it has no neurons)");
      return k;
    }
    names.push_back(p.name);
  }
  std::string msg = "no population named '" + name + "'";
  const std::string near = detail::closest(name, names);
  if (!near.empty()) msg += " (did you mean '" + near + "'?)";
  v.fail(msg);
}

void Compiler::parse_device(const Val& d) {
  d.keys({"neurons", "inputs", "weight_bits", "state_bits", "dt", "mv_per_lsb"});
  if (d["dt"].present()) {
    dt_ = d["dt"].num("ms");
    if (!(dt_ > 0)) d["dt"].fail("must be > 0 ms (got " + fmt(dt_) + ")");
  }
  if (d["weight_bits"].present()) {
    const auto wb = d["weight_bits"].integer(0, 64);
    if (wb != 8 && wb != 16) d["weight_bits"].fail("must be 8 or 16 (got " + std::to_string(wb) + ")");
    shape_.weight_bits = static_cast<std::uint32_t>(wb);
  } else {
    shape_.weight_bits = 8;
  }
  if (d["state_bits"].present()) {
    shape_.state_bits = static_cast<std::uint32_t>(d["state_bits"].integer(shape_.weight_bits, 28));
  } else {
    shape_.state_bits = shape_.weight_bits == 8 ? 16 : 24;
  }
  if (d["mv_per_lsb"].present()) {
    const double s = d["mv_per_lsb"].num("mV");
    if (!(s > 0)) d["mv_per_lsb"].fail("must be > 0 mV (got " + fmt(s) + ")");
    given_scale_ = s;
  }
}

void Compiler::parse_populations(const Val& p) {
  p.require();
  const std::size_t n = p.size();
  if (n == 0) p.fail("needs at least one population");
  std::uint64_t inputs = 0, neurons = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const Val v = p.at(k);
    if (!v.is_map()) v.fail("must be a mapping with name, kind and size");
    const Val kind = v["kind"];
    const std::string kd = kind.str();
    if (kd == "input") {
      v.keys({"name", "kind", "size"});
    } else if (kd == "lif") {
      v.keys({"name", "kind", "size", "tau_mem", "tau_syn", "v_th", "v_reset", "v_rest", "refractory", "bias"});
    } else {
      kind.fail("must be 'input' or 'lif' (got '" + kd + "')");
    }
    Population pop;
    pop.name = v["name"].str();
    const bool ident = !pop.name.empty() && !std::isdigit(static_cast<unsigned char>(pop.name[0])) &&
                       std::all_of(pop.name.begin(), pop.name.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (!ident) v["name"].fail("must be a name of letters, digits and '_' (got '" + pop.name + "')");
    for (const auto& q : out_.plan.populations) {
      if (q.name == pop.name) v["name"].fail("population '" + pop.name + "' is defined twice");
    }
    pop.input = kd == "input";
    pop.size = static_cast<std::uint32_t>(v["size"].integer(1, 65535));
    pop.first = static_cast<std::uint32_t>(pop.input ? inputs : neurons);
    (pop.input ? inputs : neurons) += pop.size;
    LifSpec l;
    l.field = v.field;
    l.mark = v.mark;
    if (!pop.input) {
      l.tau_mem = v["tau_mem"].num_or(l.tau_mem, "ms", true);
      if (!(l.tau_mem > 0)) v["tau_mem"].fail("must be > 0 ms (got " + fmt(l.tau_mem) + ")");
      l.tau_syn = v["tau_syn"].num_or(l.tau_syn, "ms", true);
      if (!(l.tau_syn > 0)) v["tau_syn"].fail("must be > 0 ms (got " + fmt(l.tau_syn) + ")");
      l.v_rest = v["v_rest"].num_or(l.v_rest, "mV");
      l.v_reset = v["v_reset"].num_or(v["v_rest"].present() ? l.v_rest : l.v_reset, "mV");
      l.v_th = v["v_th"].num_or(l.v_th, "mV");
      if (!(l.v_th > l.v_reset)) {
        (v["v_th"].present() ? v["v_th"] : v).fail("must be above v_reset (" + fmt(l.v_reset) + " mV; got " +
                                                     fmt(l.v_th) + " mV)");
      }
      l.refractory = v["refractory"].num_or(l.refractory, "ms");
      if (l.refractory < 0) v["refractory"].fail("must be >= 0 ms (got " + fmt(l.refractory) + ")");
      if (std::round(l.refractory / dt_) > 255) {
        v["refractory"].fail(fmt(l.refractory) + " ms is " + fmt(std::round(l.refractory / dt_)) +
                             " steps; at most 255 steps are representable");
      }
      l.bias = v["bias"].num_or(0.0, "mV");
    }
    lif_.push_back(l);
    pop_marks_.push_back(v.mark);
    out_.plan.populations.push_back(pop);
  }
  if (neurons == 0) p.fail("needs at least one population of kind 'lif' (neurons)");
  const auto need_n = static_cast<std::uint32_t>(std::min<std::uint64_t>(neurons, 1u << 30));
  const auto need_s = static_cast<std::uint32_t>(std::min<std::uint64_t>(inputs, 1u << 30));
  if (shape_.neurons == 0) shape_.neurons = need_n;
  if (shape_.inputs == ~0u) shape_.inputs = need_s;
  if (need_n > shape_.neurons) {
    p.fail("the network needs " + std::to_string(neurons) + " neurons but device.neurons is " +
           std::to_string(shape_.neurons));
  }
  if (need_s > shape_.inputs) {
    p.fail("the network needs " + std::to_string(inputs) + " input channels but device.inputs is " +
           std::to_string(shape_.inputs));
  }
  if (std::uint64_t{shape_.neurons} + shape_.inputs > 65535) {
    p.fail("neurons + inputs must be at most 65535 (got " + std::to_string(std::uint64_t{shape_.neurons} + shape_.inputs) +
           ")");
  }
  if (std::uint64_t{shape_.sources()} * shape_.neurons > kMaxSynapses) {
    p.fail("(inputs + neurons) x neurons = " + std::to_string(std::uint64_t{shape_.sources()} * shape_.neurons) +
           " synapses is more than this compiler handles (" + std::to_string(kMaxSynapses) + ")");
  }
}

void Compiler::parse_connection(const Val& v, std::size_t k) {
  if (!v.is_map()) v.fail("must be a mapping with from, to, rule and weight");
  ConnSpec c;
  c.field = v.field;
  c.mark = v.mark;
  const std::string rule = v["rule"].present() ? v["rule"].str() : "all_to_all";
  std::vector<std::string> allowed = {"name", "from", "to", "rule", "plastic", "self_connections"};
  if (rule == "all_to_all" || rule == "one_to_one") {
    allowed.insert(allowed.end(), {"weight", "seed"});
  } else if (rule == "random") {
    allowed.insert(allowed.end(), {"weight", "seed", "p"});
  } else if (rule == "list" || rule == "csv") {
    allowed.push_back(rule == "list" ? "entries" : "file");
    if (v["weight"].present()) {
      v["weight"].fail("does not apply to rule " + rule + " (the weights are in " +
                       (rule == "list" ? std::string("entries") : std::string("the file")) + ")");
    }
  } else {
    v["rule"].fail("must be all_to_all, one_to_one, random, list or csv (got '" + rule + "')");
  }
  v.keys(allowed);
  c.from = find_pop(v["from"], false);
  c.to = find_pop(v["to"], true);
  const auto& from = out_.plan.populations[c.from];
  const auto& to = out_.plan.populations[c.to];
  c.name = v["name"].present() ? v["name"].str() : from.name + "->" + to.name;
  for (const auto& o : conns_) {
    if (o.name == c.name) {
      (v["name"].present() ? v["name"] : v)
          .fail("a connection named '" + c.name + "' exists already (" + o.field + "); give this one a distinct name:");
    }
  }
  c.plastic = v["plastic"].present() && v["plastic"].boolean();
  bool allow_self = true;
  if (v["self_connections"].present()) {
    const std::string s = v["self_connections"].str();
    if (s != "allow" && s != "exclude") v["self_connections"].fail("must be allow or exclude (got '" + s + "')");
    allow_self = s == "allow";
  }
  const bool same = c.from == c.to;
  const std::uint64_t seed = v["seed"].present() ? static_cast<std::uint64_t>(v["seed"].integer(0, kMaxSeed)) : 0;

  // The weight spec for the rules that take one.
  enum { kConst, kUniform, kNormal } wkind = kConst;
  double wa = 0, wb = 0;
  if (rule != "list" && rule != "csv") {
    const Val w = v["weight"];
    w.require();
    if (w.is_map()) {
      w.keys({"uniform", "normal"});
      if (w.node.size() != 1) w.fail("give exactly one of uniform: [low, high] or normal: [mean, sd]");
      const bool uni = w["uniform"].present();
      const Val args = uni ? w["uniform"] : w["normal"];
      if (args.size() != 2) args.fail(uni ? "must be [low, high] in mV" : "must be [mean, sd] in mV");
      wa = args.at(0).num("mV");
      wb = args.at(1).num("mV");
      if (uni && !(wa <= wb)) args.fail("low must be <= high (got [" + fmt(wa) + ", " + fmt(wb) + "])");
      if (!uni && wb < 0) args.at(1).fail("must be >= 0 mV (got " + fmt(wb) + ")");
      wkind = uni ? kUniform : kNormal;
      c.sampled = true;
      c.bound = uni ? std::max(std::abs(wa), std::abs(wb)) : std::abs(wa) + 3 * wb;
    } else {
      wa = w.num("mV");
      c.bound = std::abs(wa);
    }
  }
  std::mt19937_64 rule_rng(seed), w_rng(seed ^ 0x9E3779B97F4A7C15ull);
  auto weight = [&]() -> double {
    switch (wkind) {
      case kUniform: return wa + (wb - wa) * unit(w_rng);
      case kNormal: return wa + wb * normal(w_rng);
      default: return wa;
    }
  };
  auto add = [&](std::uint32_t i, std::uint32_t j, double w) {
    if (same && !allow_self && i == j) return;
    c.syn.push_back({i, j, w});
  };

  if (rule == "all_to_all") {
    for (std::uint32_t i = 0; i < from.size; ++i)
      for (std::uint32_t j = 0; j < to.size; ++j) add(i, j, weight());
  } else if (rule == "one_to_one") {
    if (from.size != to.size) {
      v["rule"].fail("one_to_one needs equal sizes (" + from.name + " has " + std::to_string(from.size) + ", " +
                     to.name + " has " + std::to_string(to.size) + ")");
    }
    for (std::uint32_t i = 0; i < from.size; ++i) add(i, i, weight());
  } else if (rule == "random") {
    const double p = v["p"].num();
    if (!(p >= 0 && p <= 1)) v["p"].fail("must be in 0 .. 1 (got " + fmt(p) + ")");
    for (std::uint32_t i = 0; i < from.size; ++i)
      for (std::uint32_t j = 0; j < to.size; ++j)
        if (unit(rule_rng) < p) add(i, j, weight());
  } else if (rule == "list") {
    const Val e = v["entries"];
    e.require();
    const std::size_t n = e.size();
    for (std::size_t q = 0; q < n; ++q) {
      const Val en = e.at(q);
      if (en.size() != 3) en.fail("must be [source_index, target_index, weight_mV]");
      const auto i = en.at(0).integer(0, static_cast<std::int64_t>(from.size) - 1);
      const auto j = en.at(1).integer(0, static_cast<std::int64_t>(to.size) - 1);
      const double w = en.at(2).num("mV");
      c.bound = std::max(c.bound, std::abs(w));
      add(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), w);
    }
  } else {  // csv
    const Val f = v["file"];
    std::string shown;
    const std::string text = read_text(ctx_, f, f.str(), &shown);
    const Csv csv = parse_csv(text, shown, f.field);
    if (!csv.header.empty()) f.fail(shown + ": a weight matrix has no header row");
    if (csv.rows.size() != from.size) {
      f.fail(shown + " has " + std::to_string(csv.rows.size()) + " rows; " + from.name + " has " +
             std::to_string(from.size) + " neurons/channels (one row each)");
    }
    for (std::uint32_t i = 0; i < from.size; ++i) {
      if (csv.rows[i].size() != to.size) {
        throw NetworkError(shown + ":" + std::to_string(csv.lines[i]) + ": " + f.field + ": expected " +
                           std::to_string(to.size) + " columns (one per " + to.name + " neuron), got " +
                           std::to_string(csv.rows[i].size()));
      }
      for (std::uint32_t j = 0; j < to.size; ++j) {
        const double w = csv.rows[i][j];
        if (w != 0) {
          c.bound = std::max(c.bound, std::abs(w));
          add(i, j, w);
        }
      }
    }
  }
  (void)k;
  conns_.push_back(std::move(c));
}

void Compiler::parse_connections(const Val& cs) {
  if (!cs.present()) return;
  const std::size_t n = cs.size();
  for (std::size_t k = 0; k < n; ++k) parse_connection(cs.at(k), k);
}

void Compiler::parse_stdp(const Val& s) {
  if (!s.present()) return;
  s.keys({"tau_plus", "tau_minus", "a_plus", "a_minus", "w_min", "w_max"});
  have_stdp_ = true;
  stdp_val_ = s;
  for (const char* k : {"tau_plus", "tau_minus", "a_plus", "a_minus", "w_min", "w_max"}) s[k].require();
  stdp_wmin_ = s["w_min"].num("mV");
  stdp_wmax_ = s["w_max"].num("mV");
  if (!(stdp_wmin_ <= stdp_wmax_)) s["w_max"].fail("must be >= w_min (" + fmt(stdp_wmin_) + " mV)");
  for (const char* k : {"tau_plus", "tau_minus"}) {
    if (!(s[k].num("ms", true) > 0)) s[k].fail("must be > 0 ms (got " + fmt(s[k].num("ms", true)) + ")");
  }
  for (const char* k : {"a_plus", "a_minus"}) {
    if (s[k].num("mV") < 0) s[k].fail("must be >= 0 mV (the magnitude of the change; got " + fmt(s[k].num("mV")) + ")");
  }
}

void Compiler::choose_scale() {
  const double wmax = static_cast<double>(model::smax(shape_.weight_bits));
  const double vmax = static_cast<double>(model::smax(shape_.state_bits)) / 2;  // one bit of headroom
  double wbig = 0, vbig = 0;
  for (const auto& c : conns_) wbig = std::max(wbig, c.bound);
  if (have_stdp_) wbig = std::max({wbig, std::abs(stdp_wmin_), std::abs(stdp_wmax_)});
  for (std::size_t k = 0; k < lif_.size(); ++k) {
    if (out_.plan.populations[k].input) continue;
    const auto& l = lif_[k];
    vbig = std::max({vbig, std::abs(l.v_th), std::abs(l.v_reset), std::abs(l.v_rest), std::abs(l.bias),
                     std::abs(l.v_th - l.v_rest), std::abs(l.v_th - l.v_reset)});
  }
  auto& r = out_.report;
  if (given_scale_) {
    r.mv_per_lsb = *given_scale_;
    r.scale_given = true;
    note("info", "device.mv_per_lsb", "voltage scale " + fmt(r.mv_per_lsb) + " mV per LSB (given)");
    return;
  }
  const double sw = wbig / wmax, sv = vbig / vmax;
  r.mv_per_lsb = std::max(sw, sv);
  if (!(r.mv_per_lsb > 0)) r.mv_per_lsb = 1.0;
  std::string why = sw >= sv ? "the largest weight, " + fmt(wbig) + " mV, is " + fmt(wmax) + " LSB"
                             : "the largest voltage, " + fmt(vbig) + " mV, is " + fmt(vmax) + " LSB (half the state range)";
  note("info", "device.mv_per_lsb", "voltage scale " + fmt(r.mv_per_lsb) + " mV per LSB, chosen so " + why);
}

std::int32_t Compiler::volt(double mv, const std::string& field, const std::string& what, const YAML::Mark& mark) {
  const double raw = mv / out_.report.mv_per_lsb;
  const double lim = static_cast<double>(model::smax(shape_.state_bits));
  if (std::abs(raw) > lim) {
    // Only reachable with a given scale; the chosen one fits by construction.
    ctx_.fail(mark, field,
              what + " = " + fmt(mv) + " mV is " + fmt(raw) + " LSB, outside the " + std::to_string(shape_.state_bits) +
                  "-bit state range at " + fmt(out_.report.mv_per_lsb) + " mV per LSB");
  }
  const auto q = static_cast<std::int32_t>(std::llround(raw));
  if (mv != 0 && q == 0) note("warning", field, what + " = " + fmt(mv) + " mV rounds to 0 LSB");
  return q;
}

std::uint16_t Compiler::decay_factor(double tau, const std::string& field, const std::string& what) {
  const double e = std::isfinite(tau) ? std::exp(-dt_ / tau) : 1.0;
  double a = std::round(e * 65536.0);
  if (a > 65535) {
    a = 65535;
    note("warning", field,
         what + " = " + (std::isfinite(tau) ? fmt(tau) + " ms" : std::string("inf")) +
             " is longer than the slowest representable decay; using factor 65535/65536 (tau ~ " +
             fmt(dt_ * 65536) + " ms)");
    return 65535;
  }
  const auto q = static_cast<std::uint16_t>(a);
  if (q == 0) {
    note("warning", field, what + " = " + fmt(tau) + " ms is so short that the quantity is forgotten every step (factor 0)");
  } else {
    const double rel = std::abs(a / 65536.0 - e) / e;
    note("info", field,
         what + " = " + fmt(tau) + " ms -> factor " + std::to_string(q) + "/65536 (exp(-dt/tau) = " + fmt(e) +
             ", relative error " + fmt(rel) + ")");
  }
  return q;
}

void Compiler::build_neurons() {
  auto& img = out_.image;
  const model::NeuronParams silent{static_cast<std::int32_t>(model::smax(shape_.state_bits)), 0, 0, 0, 0, 0, 0};
  std::fill(img.neurons.begin(), img.neurons.end(), silent);
  for (std::size_t k = 0; k < lif_.size(); ++k) {
    const auto& pop = out_.plan.populations[k];
    if (pop.input) continue;
    const auto& l = lif_[k];
    const std::string f = l.field;
    model::NeuronParams p;
    p.v_th = volt(l.v_th, f + ".v_th", "v_th", l.mark);
    p.v_reset = volt(l.v_reset, f + ".v_reset", "v_reset", l.mark);
    p.v_rest = volt(l.v_rest, f + ".v_rest", "v_rest", l.mark);
    p.bias = volt(l.bias, f + ".bias", "bias", l.mark);
    if (p.v_th <= p.v_reset) {
      ctx_.fail(l.mark, f + ".v_th",
                "v_th and v_reset are equal after quantisation (" + fmt(out_.report.mv_per_lsb) + " mV per LSB)");
    }
    p.a_mem = decay_factor(l.tau_mem, f + ".tau_mem", "tau_mem");
    p.a_syn = decay_factor(l.tau_syn, f + ".tau_syn", "tau_syn");
    const double steps = l.refractory / dt_;
    const double r = std::round(steps);
    if (r > 255) {
      ctx_.fail(l.mark, f + ".refractory",
                fmt(l.refractory) + " ms is " + fmt(r) + " steps; at most 255 steps are representable");
    }
    p.t_ref = static_cast<std::uint8_t>(r);
    if (std::abs(steps - r) > 1e-9) {
      note("warning", f + ".refractory", fmt(l.refractory) + " ms is " + fmt(steps) + " steps; rounded to " + fmt(r));
    }
    for (std::uint32_t j = 0; j < pop.size; ++j) img.neurons[pop.first + j] = p;
  }
}

void Compiler::build_weights() {
  auto& img = out_.image;
  const double scale = out_.report.mv_per_lsb;
  const std::int64_t lim = model::smax(shape_.weight_bits);
  std::vector<std::int16_t> owner(img.weights.size(), -1);
  for (std::size_t k = 0; k < conns_.size(); ++k) {
    const auto& c = conns_[k];
    const auto& from = out_.plan.populations[c.from];
    const auto& to = out_.plan.populations[c.to];
    std::size_t zero = 0, clipped = 0;
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    Connection pc{c.name, c.from, c.to, c.plastic, {}};
    pc.synapses.reserve(c.syn.size());
    for (const auto& s : c.syn) {
      const std::uint32_t row = from.input ? from.first + s.i : shape_.inputs + from.first + s.i;
      const std::uint32_t col = to.first + s.j;
      const std::size_t at = std::size_t{row} * shape_.neurons + col;
      if (owner[at] >= 0) {
        const auto& o = conns_[static_cast<std::size_t>(owner[at])];
        ctx_.fail(c.mark, c.field,
                  "synapse " + from.name + "[" + std::to_string(s.i) + "] -> " + to.name + "[" + std::to_string(s.j) +
                      "] is also made by " + (&o == &c ? std::string("this connection") : o.field) +
                      " (the device has one synapse per pair)");
      }
      owner[at] = static_cast<std::int16_t>(std::min<std::size_t>(k, 32767));
      double raw = std::round(s.w / scale);
      if (std::abs(raw) > static_cast<double>(lim)) {
        if (!c.sampled) {
          ctx_.fail(c.mark, c.field + ".weight",
                    "weight " + fmt(s.w) + " mV is " + fmt(raw) + " LSB, outside the " +
                        std::to_string(shape_.weight_bits) + "-bit range +-" + std::to_string(lim) + " at " +
                        fmt(scale) + " mV per LSB");
        }
        raw = raw > 0 ? static_cast<double>(lim) : static_cast<double>(-lim);
        ++clipped;
      }
      const auto q = static_cast<std::int64_t>(raw);
      if (q == 0 && s.w != 0) ++zero;
      lo = std::min(lo, q);
      hi = std::max(hi, q);
      img.weights[at] = static_cast<std::int16_t>(q);
      img.plastic[at] = c.plastic ? 1 : 0;
      pc.synapses.emplace_back(row, col);
    }
    out_.plan.connections.push_back(std::move(pc));
    const std::string f = c.field + ".weight";
    if (zero) {
      note("warning", f,
           std::to_string(zero) + " of " + std::to_string(c.syn.size()) + " weights of '" + c.name + "' round to 0 LSB (|w| < " +
               fmt(scale / 2) + " mV)" + (c.plastic ? "; they start at 0 and can grow" : "; those synapses are absent"));
    }
    if (clipped) {
      note("warning", f,
           std::to_string(clipped) + " of " + std::to_string(c.syn.size()) + " sampled weights of '" + c.name +
               "' were clipped to +-" + std::to_string(lim) + " LSB");
    }
    if (c.syn.empty()) {
      note("warning", c.field, "connection '" + c.name + "' makes no synapses");
    } else {
      note("info", f,
           "'" + c.name + "': " + std::to_string(c.syn.size()) + " synapses, weights " + std::to_string(lo) + " .. " +
               std::to_string(hi) + " LSB");
    }
    if (c.plastic && !have_stdp_) ctx_.fail(c.mark, c.field + ".plastic", "plastic connections need an `stdp:` section");
  }
}

void Compiler::parse_run(const Val& r) {
  r.keys({"steps", "duration", "learn"});
  auto& plan = out_.plan;
  if (r["steps"].present() && r["duration"].present()) r["duration"].fail("give steps or duration, not both");
  double steps = 0;
  if (opts_.steps) {
    steps = *opts_.steps;
  } else if (r["steps"].present()) {
    steps = static_cast<double>(r["steps"].integer(1, kMaxSteps));
  } else if (r["duration"].present()) {
    const double d = r["duration"].num("ms");
    if (!(d > 0)) r["duration"].fail("must be > 0 ms (got " + fmt(d) + ")");
    steps = std::round(d / dt_);
    if (steps < 1 || steps > kMaxSteps) {
      r["duration"].fail("is " + fmt(steps) + " steps; must be 1 .. " + std::to_string(kMaxSteps));
    }
  } else {
    r.fail("give run.steps or run.duration (ms)");
  }
  if (steps > kMaxSteps || steps < 1) r.fail("steps must be 1 .. " + std::to_string(kMaxSteps));
  plan.steps = static_cast<std::uint32_t>(steps);
  bool any_plastic = false;
  for (const auto& c : conns_) any_plastic = any_plastic || c.plastic;
  plan.learn = any_plastic;
  if (r["learn"].present()) plan.learn = r["learn"].boolean();
  if (opts_.learn) plan.learn = *opts_.learn;
}

void Compiler::parse_inputs(const Val& in) {
  auto& plan = out_.plan;
  plan.inputs.assign(plan.steps, {});
  if (!in.present()) return;
  const std::size_t n = in.size();
  std::uint64_t events = 0;
  auto put = [&](const Val& where, std::uint32_t step, std::uint32_t ch) {
    if (step >= plan.steps) return;
    if (++events > kMaxInputEvents) where.fail("more than " + std::to_string(kMaxInputEvents) + " input spikes in total");
    plan.inputs[step].push_back(ch);
  };
  for (std::size_t k = 0; k < n; ++k) {
    const Val v = in.at(k);
    if (!v.is_map()) v.fail("must be a mapping with population and kind");
    const std::string kind = v["kind"].str();
    if (kind == "poisson") {
      v.keys({"population", "kind", "channels", "rate", "seed"});
    } else if (kind == "regular") {
      v.keys({"population", "kind", "channels", "rate", "period", "phase"});
    } else if (kind == "file") {
      v.keys({"population", "kind", "file"});
    } else {
      v["kind"].fail("must be poisson, regular or file (got '" + kind + "')");
    }
    const std::size_t pi = find_pop(v["population"], false);
    const Population& pop = plan.populations[pi];
    if (!pop.input) v["population"].fail("'" + pop.name + "' is not an input population (kind: input)");
    std::vector<std::uint32_t> chans;
    if (v["channels"].present()) {
      const Val cs = v["channels"];
      for (std::size_t q = 0; q < cs.size(); ++q) {
        chans.push_back(static_cast<std::uint32_t>(cs.at(q).integer(0, static_cast<std::int64_t>(pop.size) - 1)));
      }
    } else {
      for (std::uint32_t c = 0; c < pop.size; ++c) chans.push_back(c);
    }
    if (kind == "poisson") {
      const double rate = v["rate"].num("Hz");
      if (rate < 0) v["rate"].fail("must be >= 0 Hz (got " + fmt(rate) + ")");
      const double p = rate * dt_ / 1000.0;
      if (p > 1) v["rate"].fail(fmt(rate) + " Hz is more than one spike per step (dt = " + fmt(dt_) + " ms)");
      const std::uint64_t seed = v["seed"].present() ? static_cast<std::uint64_t>(v["seed"].integer(0, kMaxSeed)) : 0;
      if (static_cast<double>(plan.steps) * static_cast<double>(chans.size()) > kMaxPoissonDraws) {
        v.fail("steps x channels = " + fmt(static_cast<double>(plan.steps) * static_cast<double>(chans.size())) +
               " is more than this compiler draws for one poisson input (" + fmt(kMaxPoissonDraws) + ")");
      }
      if (static_cast<double>(plan.steps) * static_cast<double>(chans.size()) * p > static_cast<double>(kMaxInputEvents)) {
        v["rate"].fail("would make more than " + std::to_string(kMaxInputEvents) + " input spikes");
      }
      std::mt19937_64 g(seed);
      for (std::uint32_t t = 0; t < plan.steps; ++t)
        for (auto c : chans)
          if (unit(g) < p) put(v, t, pop.first + c);
    } else if (kind == "regular") {
      if (v["rate"].present() == v["period"].present()) v.fail("give exactly one of rate (Hz) or period (ms)");
      double period = 0;
      if (v["period"].present()) {
        period = v["period"].num("ms");
        if (!(period > 0)) v["period"].fail("must be > 0 ms (got " + fmt(period) + ")");
      } else {
        const double rate = v["rate"].num("Hz");
        if (!(rate > 0)) v["rate"].fail("must be > 0 Hz (got " + fmt(rate) + ")");
        period = 1000.0 / rate;
      }
      if (period < dt_ * 0.999) (v["period"].present() ? v["period"] : v["rate"]).fail("is more than one spike per step");
      std::vector<double> phase(chans.size(), 0.0);
      const Val ph = v["phase"];
      if (ph.present()) {
        if (ph.is_seq()) {
          if (ph.size() != chans.size()) {
            ph.fail("has " + std::to_string(ph.size()) + " entries; needs one per channel (" + std::to_string(chans.size()) + ")");
          }
          for (std::size_t q = 0; q < chans.size(); ++q) phase[q] = ph.at(q).num("ms");
        } else {
          std::fill(phase.begin(), phase.end(), ph.num("ms"));
        }
        for (std::size_t q = 0; q < phase.size(); ++q) {
          if (phase[q] < 0) (ph.is_seq() ? ph.at(q) : ph).fail("must be >= 0 ms (got " + fmt(phase[q]) + ")");
        }
      }
      const double end = static_cast<double>(plan.steps) * dt_;
      if (end / period * static_cast<double>(chans.size()) > static_cast<double>(kMaxInputEvents)) {
        v.fail("would make more than " + std::to_string(kMaxInputEvents) + " input spikes");
      }
      for (std::size_t q = 0; q < chans.size(); ++q) {
        for (double t = phase[q]; t < end; t += period) {
          const double s = std::round(t / dt_);
          if (s < static_cast<double>(plan.steps)) put(v, static_cast<std::uint32_t>(s), pop.first + chans[q]);
        }
      }
    } else {  // file
      const Val f = v["file"];
      std::string shown;
      const std::string text = read_text(ctx_, f, f.str(), &shown);
      const Csv csv = parse_csv(text, shown, f.field);
      bool by_time = false;
      if (csv.header.size() == 2 && csv.header[1] == "channel" && (csv.header[0] == "step" || csv.header[0] == "time_ms")) {
        by_time = csv.header[0] == "time_ms";
      } else {
        f.fail(shown + ": the first line must be the header 'step,channel' or 'time_ms,channel'");
      }
      for (std::size_t q = 0; q < csv.rows.size(); ++q) {
        const auto& row = csv.rows[q];
        auto bad = [&](const std::string& why) {
          throw NetworkError(shown + ":" + std::to_string(csv.lines[q]) + ": " + f.field + ": " + why);
        };
        if (row.size() != 2) bad("expected 2 columns");
        const double s = by_time ? std::round(row[0] / dt_) : row[0];
        if (s < 0 || s != std::floor(s)) bad("step must be a whole number >= 0 (got " + fmt(row[0]) + ")");
        if (row[1] < 0 || row[1] >= pop.size || row[1] != std::floor(row[1])) {
          bad("channel must be 0 .. " + std::to_string(pop.size - 1) + " (got " + fmt(row[1]) + ")");
        }
        if (s < static_cast<double>(plan.steps)) {
          put(f, static_cast<std::uint32_t>(s), pop.first + static_cast<std::uint32_t>(row[1]));
        }
      }
    }
  }
  for (auto& s : plan.inputs) {
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
  }
}

void Compiler::parse_record(const Val& r) {
  r.keys({"spikes", "state", "weights"});
  auto& plan = out_.plan;
  auto all_lif = [&] {
    for (std::size_t k = 0; k < plan.populations.size(); ++k)
      if (!plan.populations[k].input) plan.record_spikes.push_back(k);
  };
  const Val sp = r["spikes"];
  if (!sp.present() || (sp.is_scalar() && sp.str() == "all")) {
    all_lif();
  } else if (sp.is_seq()) {
    for (std::size_t k = 0; k < sp.size(); ++k) {
      const auto p = find_pop(sp.at(k), true);
      if (std::find(plan.record_spikes.begin(), plan.record_spikes.end(), p) == plan.record_spikes.end())
        plan.record_spikes.push_back(p);
    }
  } else if (!(sp.is_scalar() && (sp.str() == "none"))) {
    sp.fail("must be all, none or a list of population names");
  }
  const Val st = r["state"];
  if (st.present()) {
    for (std::size_t k = 0; k < st.size(); ++k) {
      const Val e = st.at(k);
      if (!e.is_map()) e.fail("must be a mapping with population and indices");
      e.keys({"population", "indices"});
      StateProbe probe;
      probe.population = find_pop(e["population"], true);
      const auto& pop = plan.populations[probe.population];
      if (e["indices"].present()) {
        const Val ix = e["indices"];
        for (std::size_t q = 0; q < ix.size(); ++q) {
          probe.indices.push_back(static_cast<std::uint32_t>(ix.at(q).integer(0, static_cast<std::int64_t>(pop.size) - 1)));
        }
      } else {
        if (pop.size > 64) e.fail("give indices: recording the state of more than 64 neurons needs an explicit list");
        for (std::uint32_t q = 0; q < pop.size; ++q) probe.indices.push_back(q);
      }
      plan.record_state.push_back(std::move(probe));
    }
  }
  const Val w = r["weights"];
  if (!w.present()) {
    for (std::size_t k = 0; k < conns_.size(); ++k)
      if (conns_[k].plastic) plan.record_weights.push_back(k);
  } else if (w.is_scalar() && w.str() == "all") {
    for (std::size_t k = 0; k < conns_.size(); ++k) plan.record_weights.push_back(k);
  } else if (w.is_seq()) {
    for (std::size_t k = 0; k < w.size(); ++k) {
      const std::string name = w.at(k).str();
      std::vector<std::string> names;
      std::size_t found = conns_.size();
      for (std::size_t q = 0; q < conns_.size(); ++q) {
        if (conns_[q].name == name) found = q;
        names.push_back(conns_[q].name);
      }
      if (found == conns_.size()) {
        std::string msg = "no connection named '" + name + "'";
        const auto near = detail::closest(name, names);
        if (!near.empty()) msg += " (did you mean '" + near + "'?)";
        w.at(k).fail(msg);
      }
      plan.record_weights.push_back(found);
    }
  } else if (!(w.is_scalar() && w.str() == "none")) {
    w.fail("must be all, none or a list of connection names");
  }
}

Compiled Compiler::run(const YAML::Node& root, const std::string& default_name) {
  const Val top = detail::root_val(root, ctx_);
  if (!root.IsDefined() || root.IsNull()) ctx_.fail(YAML::Mark(), "", "the network file is empty");
  if (!root.IsMap()) top.fail("the network must be a mapping with populations, connections, ...");
  top.keys({"name", "device", "populations", "connections", "stdp", "inputs", "run", "record"});
  out_.plan.name = top["name"].present() ? top["name"].str() : default_name;
  shape_.neurons = 0;
  shape_.inputs = ~0u;
  const Val dev = top["device"];
  parse_device(dev);
  if (dev.present()) {
    if (dev["neurons"].present()) shape_.neurons = static_cast<std::uint32_t>(dev["neurons"].integer(1, 65535));
    if (dev["inputs"].present()) shape_.inputs = static_cast<std::uint32_t>(dev["inputs"].integer(0, 65535));
  }
  out_.plan.dt_ms = dt_;
  parse_populations(top["populations"]);
  try {
    model::validate_shape(shape_);
  } catch (const std::exception& e) {
    top["device"].fail(e.what());
  }
  parse_connections(top["connections"]);
  parse_stdp(top["stdp"]);
  parse_run(top["run"]);
  parse_inputs(top["inputs"]);
  parse_record(top["record"]);

  out_.report.shape = shape_;
  out_.image = model::Image::zeros(shape_);
  choose_scale();
  build_neurons();
  build_weights();

  auto& st = out_.image.stdp;
  st.learn = out_.plan.learn;
  if (have_stdp_) {
    const Val& s = stdp_val_;
    st.a_pre = decay_factor(s["tau_plus"].num("ms", true), "stdp.tau_plus", "tau_plus");
    st.a_post = decay_factor(s["tau_minus"].num("ms", true), "stdp.tau_minus", "tau_minus");
    const double scale = out_.report.mv_per_lsb;
    const double lim = static_cast<double>(model::umax(shape_.trace_bits()));
    for (const char* k : {"a_plus", "a_minus"}) {
      const double mv = s[k].num("mV");
      const double raw = std::round(mv / scale * 256.0);
      if (raw > lim) {
        s[k].fail(fmt(mv) + " mV is " + fmt(mv / scale) + " weight LSB; at most " + fmt(lim / 256.0) + " at " +
                  fmt(scale) + " mV per LSB");
      }
      if (mv > 0 && raw == 0) note("warning", std::string("stdp.") + k, fmt(mv) + " mV rounds to 0 (no learning)");
      note("info", std::string("stdp.") + k,
           fmt(mv) + " mV -> " + fmt(raw) + "/256 weight LSB (relative error " +
               fmt(mv > 0 ? std::abs(raw / 256.0 * scale - mv) / mv : 0.0) + ")");
      (std::string(k) == "a_plus" ? st.a_plus : st.a_minus) = static_cast<std::uint32_t>(raw);
    }
    const double wl = static_cast<double>(model::smax(shape_.weight_bits));
    auto bound = [&](double mv, const char* k) {
      double raw = std::round(mv / scale);
      if (std::abs(raw) > wl) {
        if (out_.report.scale_given) {
          s[k].fail(fmt(mv) + " mV is " + fmt(raw) + " LSB, outside the " + std::to_string(shape_.weight_bits) +
                    "-bit weight range at " + fmt(scale) + " mV per LSB");
        }
        raw = raw > 0 ? wl : -wl;
      }
      return static_cast<std::int32_t>(raw);
    };
    st.w_min = bound(stdp_wmin_, "w_min");
    st.w_max = bound(stdp_wmax_, "w_max");
    bool any = false;
    for (const auto& c : conns_) any = any || c.plastic;
    if (!any) note("warning", "stdp", "there is an stdp section but no connection is plastic: true");
  }
  try {
    model::validate(out_.image);
  } catch (const std::exception& e) {
    throw NetworkError(ctx_.file + ": the compiled image is invalid: " + e.what());
  }
  return std::move(out_);
}

std::string stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

}  // namespace

Compiled compile_string(const std::string& yaml, const std::string& display_name, const std::string& base_dir,
                        const CompileOptions& options) {
  Ctx ctx{display_name, base_dir};
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    ctx.fail(e.mark, "", "YAML syntax: " + e.msg);
  }
  try {
    Compiler c(ctx, options);
    return c.run(root, stem(display_name));
  } catch (const YAML::Exception& e) {  // a conversion yaml-cpp refused: still name the place
    ctx.fail(e.mark, "", e.msg);
  }
}

Compiled compile_file(const std::string& path, const CompileOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw NetworkError(path + ": cannot read the file");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) throw NetworkError(path + ": cannot read the file");
  std::string base = std::filesystem::path(path).parent_path().string();
  if (base.empty()) base = ".";
  return compile_string(s.str(), path, base, options);
}

}  // namespace spikeforge::network
