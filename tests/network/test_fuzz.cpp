// Seeded random mutations of the examples (and of the bad files): whatever the text, compiling
// must either succeed or throw NetworkError with a located message; never crash, hang or throw
// anything else. Runs under ASan/UBSan in scripts/test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "spikeforge/network/network.hpp"

namespace fs = std::filesystem;
using spikeforge::network::compile_string;
using spikeforge::network::NetworkError;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

std::string join(const std::vector<std::string>& ls) {
  std::string s;
  for (const auto& l : ls) s += l + "\n";
  return s;
}

// One random edit of the text, line-oriented so that most results stay valid YAML and reach the
// compiler's own checks.
void mutate(std::vector<std::string>& ls, std::mt19937_64& g) {
  static const std::vector<std::string> values = {"0", "-1", "1", "2.5", "-5", "1e9", "65535", "65536", "255", "0.0001",
                                                  "nan", "inf", ".inf", "abc", "\"\"", "[]", "{}", "[1, 2]", "~", "300",
                                                  "1e-9", "-1e300", "true", "all", "in", "out", "list", "random", "16"};
  static const std::vector<std::string> junk = {"[", "]", "{", "}", ":", "- ", "\"", "'", ",", "#", "&a", "*a", "!!", "\t", "  "};
  if (ls.empty()) {
    ls.push_back("a: 1");
    return;
  }
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(g() % n); };
  const std::size_t k = pick(ls.size());
  std::string& l = ls[k];
  switch (g() % 9) {
    case 0: ls.erase(ls.begin() + static_cast<std::ptrdiff_t>(k)); break;
    case 1: ls.insert(ls.begin() + static_cast<std::ptrdiff_t>(k), ls[pick(ls.size())]); break;
    case 2: std::swap(l, ls[pick(ls.size())]); break;
    case 3: l.insert(pick(l.size() + 1), junk[pick(junk.size())]); break;
    case 4: if (!l.empty()) l.erase(pick(l.size()), 1 + pick(4)); break;
    case 5: l = (g() % 2 ? "  " : "") + l; break;
    default: {  // replace a number-ish or word token after ':' or inside a flow sequence
      std::vector<std::size_t> starts;
      for (std::size_t q = 0; q < l.size(); ++q) {
        if ((l[q] == ':' || l[q] == '[' || l[q] == ',') && q + 1 < l.size()) starts.push_back(q + 1);
      }
      if (starts.empty()) {
        l += ": " + values[pick(values.size())];
        break;
      }
      std::size_t b = starts[pick(starts.size())];
      while (b < l.size() && l[b] == ' ') ++b;
      std::size_t e = b;
      while (e < l.size() && l[e] != ',' && l[e] != ']' && l[e] != '}' && l[e] != ' ' && l[e] != '#') ++e;
      l.replace(b, e - b, values[pick(values.size())]);
    }
  }
}

}  // namespace

TEST_CASE("fuzz: mutated networks compile or fail cleanly", "[network][fuzz]") {
  const fs::path root(SPIKEFORGE_SOURCE_DIR);
  std::vector<std::pair<fs::path, std::string>> good, bad;
  for (const auto* dir : {"examples", "tests/network/data", "tests/network/bad"}) {
    for (const auto& e : fs::directory_iterator(root / dir)) {
      if (e.path().extension() != ".yaml") continue;
      std::ifstream in(e.path());
      std::ostringstream s;
      s << in.rdbuf();
      (std::string(dir).ends_with("bad") ? bad : good).emplace_back(e.path(), s.str());
    }
  }
  REQUIRE(good.size() >= 3);
  REQUIRE(bad.size() >= 25);
  std::mt19937_64 g(20261123);
  std::size_t ok = 0, errors = 0;
  const std::size_t rounds = 6000;
  for (std::size_t r = 0; r < rounds; ++r) {
    // Mostly the valid networks, a quarter of the time the invalid ones.
    const auto& [path, text] = r % 4 == 3 ? bad[(r / 4) % bad.size()] : good[r % good.size()];
    auto ls = lines_of(text);
    const std::size_t edits = 1 + g() % 3;
    for (std::size_t q = 0; q < edits; ++q) mutate(ls, g);
    const std::string mutated = join(ls);
    try {
      (void)compile_string(mutated, path.filename().string(), path.parent_path().string());
      ++ok;
    } catch (const NetworkError& e) {
      const std::string what = e.what();
      // Every error names the file it is about.
      if (what.find(".yaml") == std::string::npos && what.find(".csv") == std::string::npos) {
        FAIL("error without a file name: " << what << "\n--- input ---\n" << mutated);
      }
      ++errors;
    } catch (const std::exception& e) {
      FAIL("unexpected exception " << e.what() << "\n--- input ---\n" << mutated);
    }
  }
  INFO("ok " << ok << " errors " << errors);
  CHECK(ok + errors == rounds);
  CHECK(ok > rounds / 20);      // the mutator still produces valid networks
  CHECK(errors > rounds / 4);   // and plenty of invalid ones
}

TEST_CASE("adversarial inputs fail cleanly", "[network][fuzz]") {
  const std::string ok_tail = "run: {steps: 10}\n";
  const std::vector<std::string> inputs = {
      std::string(5000, '[') + std::string(5000, ']'),
      std::string(5000, '{'),
      "populations: &a [*a]\n",
      "populations: *nothing\n",
      std::string("\x00\xff\xfe populations", 15),
      "populations:\n  - &p {name: in, kind: input, size: 2}\n  - *p\n" + ok_tail,
      "populations:\n  - {<<: {name: x}, kind: lif, size: 1}\n" + ok_tail,
      "populations:\n  - {name: in, kind: input, size: 65000}\n  - {name: out, kind: lif, size: 535}\n" + ok_tail,
      "populations:\n  - {name: in, kind: input, size: 60000}\n  - {name: out, kind: lif, size: 1}\n"
      "inputs: [{population: in, kind: poisson, rate: 999}]\nrun: {steps: 999999}\n",
      "populations:\n  - {name: out, kind: lif, size: 1, tau_mem: 1e-300, tau_syn: 1e12, v_th: 1e12, v_reset: -1e12}\n" + ok_tail,
      "device: {mv_per_lsb: 1e-300}\npopulations:\n  - {name: out, kind: lif, size: 1}\n" + ok_tail,
      "device: {dt: 1e-12}\npopulations:\n  - {name: out, kind: lif, size: 1}\n" + ok_tail,
      "populations:\n  - {name: in, kind: input, size: 3}\n  - {name: out, kind: lif, size: 2}\n"
      "connections: [{from: in, to: out, weight: {normal: [1e12, 1e12]}, seed: 9007199254740991}]\n" + ok_tail,
      "populations:\n  - {name: in, kind: input, size: 1}\n  - {name: out, kind: lif, size: 1}\n"
      "inputs: [{population: in, kind: regular, rate: 1e-12, phase: 1e12}]\n" + ok_tail,
      "populations:\n  - {name: out, kind: lif, size: 1}\nrun: {duration: 1e12}\n",
      "populations:\n  - {name: out, kind: lif, size: 1}\nrun: {steps: 18446744073709551616}\n",
      "populations:\n  - {name: out, kind: lif, size: 1}\nrecord: {state: [{population: out, indices: [0, 0, 0]}]}\n" + ok_tail,
  };
  for (const auto& text : inputs) {
    INFO(text.substr(0, 200));
    try {
      (void)compile_string(text, "adv.yaml", ".");
    } catch (const NetworkError& e) {
      CHECK(std::string(e.what()).rfind("adv.yaml", 0) == 0);
    } catch (const std::exception& e) {
      FAIL("unexpected exception " << e.what());
    }
  }
}
