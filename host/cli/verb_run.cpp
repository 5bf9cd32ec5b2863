// spikeforge run NET.yaml [--target T] [--steps K] [--out DIR] [--learn on|off] [--format csv|json]
// [--trace FILE.fst]: compile a network, run it on a target, write spikes / weights / state / report.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "spikeforge/network/network.hpp"
#include "spikeforge/target.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {
namespace {

// A table written as CSV (header + rows) or JSON (an array of objects).
struct Table {
  std::vector<std::string> cols;
  std::vector<bool> text;  // column holds strings (quoted in JSON)
  std::vector<std::vector<std::string>> rows;
};

void write_table(const std::filesystem::path& dir, const std::string& stem, const std::string& format, const Table& t) {
  const auto path = dir / (stem + "." + format);
  std::ofstream f(path);
  if (format == "csv") {
    for (std::size_t c = 0; c < t.cols.size(); ++c) f << (c ? "," : "") << t.cols[c];
    f << "\n";
    for (const auto& r : t.rows) {
      for (std::size_t c = 0; c < r.size(); ++c) f << (c ? "," : "") << r[c];
      f << "\n";
    }
  } else {
    f << "[";
    for (std::size_t k = 0; k < t.rows.size(); ++k) {
      f << (k ? ",\n " : "\n ") << "{";
      for (std::size_t c = 0; c < t.cols.size(); ++c) {
        f << (c ? ", " : "") << '"' << t.cols[c] << "\": " << (t.text[c] ? network::json_quote(t.rows[k][c]) : t.rows[k][c]);
      }
      f << "}";
    }
    f << "\n]\n";
  }
  if (!f) throw CliError(kFailure, "cannot write '" + path.string() + "'");
}

std::string num(double x) {
  std::ostringstream o;
  o.precision(6);
  o << x;
  return o.str();
}

std::string default_target() {
  for (const auto& [uri, desc] : available_targets()) {
    if (uri == "verilator" && desc.find("[unavailable") == std::string::npos) return "verilator";
  }
  return "model";
}

struct Options {
  std::string net, target, out, learn, format = "csv", trace;
  std::uint32_t steps = 0;
};

void run_verb(const Options& o) {
  network::CompileOptions co;
  if (o.steps) co.steps = o.steps;
  if (!o.learn.empty()) co.learn = o.learn == "on";
  const auto c = network::compile_file(o.net, co);
  const auto& plan = c.plan;
  const std::string uri = o.target.empty() ? default_target() : o.target;

  OpenOptions opts;
  opts.shape = c.image.shape;
  opts.trace_path = o.trace;
  std::unique_ptr<Target> t;
  try {
    t = open_target(uri, opts);
  } catch (const std::invalid_argument& e) {
    throw CliError(kUnavailable, e.what());
  }
  const model::Shape dev = t->info().shape;
  model::Image image = c.image;
  if (!(dev == image.shape)) {
    try {
      image = network::fit_image(c.image, dev);
    } catch (const std::invalid_argument& e) {
      throw CliError(kInvalidInput, std::string("the network does not fit target '") + uri + "': " + e.what());
    }
  }
  t->program(image);
  t->set_learning(plan.learn);

  // Neurons whose state is recorded: one read per probe range, each step.
  struct Probe {
    std::size_t pop;
    std::uint32_t first, count;           // device neurons [first, first + count)
    std::vector<std::uint32_t> indices;   // within the population, all inside the range
  };
  std::vector<Probe> probes;
  for (const auto& p : plan.record_state) {
    if (p.indices.empty()) continue;
    const auto& pop = plan.populations[p.population];
    const auto [lo, hi] = std::minmax_element(p.indices.begin(), p.indices.end());
    probes.push_back({p.population, pop.first + *lo, *hi - *lo + 1, p.indices});
  }

  std::vector<bool> record_pop(plan.populations.size(), false);
  for (auto k : plan.record_spikes) record_pop[k] = true;
  Table spikes{{"step", "neuron", "population", "index"}, {false, false, true, false}, {}};
  Table state{{"step", "population", "index", "v_raw", "v_mv", "i_raw", "ref", "y"},
              {false, true, false, false, false, false, false, false},
              {}};
  std::vector<std::uint64_t> counts(plan.populations.size(), 0);
  const double scale = c.report.mv_per_lsb;

  const auto t0 = std::chrono::steady_clock::now();
  const std::uint32_t chunk = probes.empty() ? 4096 : 1;
  for (std::uint32_t s0 = 0; s0 < plan.steps; s0 += chunk) {
    const std::uint32_t n = std::min(chunk, plan.steps - s0);
    const auto out = t->run(std::span<const SpikeList>(plan.inputs.data() + s0, n));
    if (out.size() != n) throw CliError(kDevice, "target returned " + std::to_string(out.size()) + " steps for " + std::to_string(n));
    for (std::uint32_t k = 0; k < n; ++k) {
      for (auto j : out[k]) {
        if (j >= c.image.shape.neurons) {
          throw CliError(kDevice, "target reported a spike of padding neuron " + std::to_string(j));
        }
        const auto [pop, idx] = plan.neuron_owner(j);
        if (pop >= plan.populations.size()) continue;
        ++counts[pop];
        if (record_pop[pop]) {
          spikes.rows.push_back({std::to_string(s0 + k), std::to_string(j), plan.populations[pop].name, std::to_string(idx)});
        }
      }
    }
    for (const auto& p : probes) {
      const auto st = t->read_neurons(p.first, p.count);
      const auto& pop = plan.populations[p.pop];
      for (auto idx : p.indices) {
        const auto& ns = st.at(pop.first + idx - p.first);
        state.rows.push_back({std::to_string(s0), pop.name, std::to_string(idx), std::to_string(ns.v),
                              num(ns.v * scale), std::to_string(ns.i), std::to_string(ns.ref), std::to_string(ns.y)});
      }
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  Table weights{{"source_pop", "source", "target_pop", "target", "weight_raw", "weight_mv"},
                {true, false, true, false, false, false},
                {}};
  if (!plan.record_weights.empty()) {
    const auto w = t->read_weights(0, dev.sources());
    for (auto k : plan.record_weights) {
      const auto& conn = plan.connections[k];
      for (const auto& [row, col] : conn.synapses) {
        const std::uint32_t r = network::fitted_source(c.image.shape, dev, row);
        const std::int16_t raw = w.at(std::size_t{r} * dev.neurons + col);
        const auto [sp, si] = plan.source_owner(row, c.image.shape);
        const auto [tp, ti] = plan.neuron_owner(col);
        weights.rows.push_back({plan.populations[sp].name, std::to_string(si), plan.populations[tp].name,
                                std::to_string(ti), std::to_string(raw), num(raw * scale)});
      }
    }
  }
  const Counters ctr = t->counters();

  const std::filesystem::path dir = o.out.empty() ? std::filesystem::path("out") / plan.name : std::filesystem::path(o.out);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw CliError(kFailure, "cannot create '" + dir.string() + "': " + ec.message());
  write_table(dir, "spikes", o.format, spikes);
  std::string files = "spikes." + o.format;
  if (!plan.record_weights.empty()) {
    write_table(dir, "weights", o.format, weights);
    files += ", weights." + o.format;
  }
  if (!probes.empty()) {
    write_table(dir, "state", o.format, state);
    files += ", state." + o.format;
  }
  {
    std::ofstream f(dir / "report.json");
    f << "{\"network\": " << network::json_quote(plan.name) << ", \"file\": " << network::json_quote(o.net)
      << ", \"target\": " << network::json_quote(uri) << ", \"steps\": " << plan.steps << ", \"dt_ms\": " << plan.dt_ms
      << ", \"learn\": " << (plan.learn ? "true" : "false") << ", \"wall_seconds\": " << secs
      << ",\n \"device_shape\": {\"neurons\": " << dev.neurons << ", \"inputs\": " << dev.inputs
      << ", \"weight_bits\": " << dev.weight_bits << ", \"state_bits\": " << dev.state_bits << "}"
      << ",\n \"counters\": {\"steps\": " << ctr.steps << ", \"crc_errors\": " << ctr.crc_errors
      << ", \"frame_errors\": " << ctr.frame_errors << ", \"stall_cycles\": " << ctr.stall_cycles
      << ", \"dropped_spikes\": " << ctr.dropped_spikes << ", \"retries\": " << ctr.retries << ", \"cycles\": " << ctr.cycles
      << "},\n \"spike_counts\": {";
    bool first = true;
    for (std::size_t k = 0; k < plan.populations.size(); ++k) {
      if (plan.populations[k].input) continue;
      f << (first ? "" : ", ") << network::json_quote(plan.populations[k].name) << ": " << counts[k];
      first = false;
    }
    f << "},\n \"quantisation\": " << c.report.to_json() << "}\n";
    if (!f) throw CliError(kFailure, "cannot write '" + (dir / "report.json").string() + "'");
  }
  files += ", report.json";

  std::cout << "spikeforge run: '" << plan.name << "' on " << uri << " (N=" << dev.neurons << " S=" << dev.inputs << "), "
            << plan.steps << " steps of " << plan.dt_ms << " ms, learning " << (plan.learn ? "on" : "off") << ", "
            << num(secs) << " s\n";
  for (std::size_t k = 0; k < plan.populations.size(); ++k) {
    const auto& p = plan.populations[k];
    if (p.input) continue;
    const double hz = static_cast<double>(counts[k]) / p.size / (plan.steps * plan.dt_ms / 1000.0);
    std::cout << "  " << p.name << ": " << counts[k] << " spikes (" << num(hz) << " Hz per neuron)\n";
  }
  if (c.report.warnings()) std::cout << "  " << c.report.warnings() << " quantisation warning(s): see report.json\n";
  std::cout << "  wrote " << dir.string() << "/{" << files << "}\n";
}

}  // namespace

void register_run(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Compile a YAML network, run it on a target, write spikes, weights, state, report");
  auto o = std::make_shared<Options>();
  cmd->add_option("network", o->net, "The network (YAML, docs/yaml.md)")->required();
  cmd->add_option("-t,--target", o->target, "Target URI (default: verilator when this build has it, else model)");
  cmd->add_option("--steps", o->steps, "Run this many steps instead of run.steps / run.duration")
      ->check(CLI::Range(1u, 10'000'000u));
  cmd->add_option("--out", o->out, "Output directory (default: out/<network name>/)");
  cmd->add_option("--learn", o->learn, "Override run.learn")->check(CLI::IsMember({"on", "off"}));
  cmd->add_option("--format", o->format, "Format of spikes / weights / state")->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("--trace", o->trace, "Waveform file for simulated targets (FST)");
  cmd->callback([o] { run_verb(*o); });
}

}  // namespace spikeforge::cli
