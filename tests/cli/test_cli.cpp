// The spikeforge CLI end to end: validate, compile and run every example on the model target,
// and check the files run writes (exact spikes of hand_check, learned weights of stdp_pattern).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "spikeforge/model/image.hpp"
#include "spikeforge/network/network.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kBin = std::string(SPIKEFORGE_BINARY_DIR) + "/bin/spikeforge";
const fs::path kSrc(SPIKEFORGE_SOURCE_DIR);

struct Result {
  int code;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("spikeforge_test_cli_" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

Result sf(const std::string& args) {
  const fs::path d = scratch("io");
  const std::string cmd = kBin + " " + args + " >" + (d / "out").string() + " 2>" + (d / "err").string();
  const int st = std::system(cmd.c_str());
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, slurp(d / "out"), slurp(d / "err")};
}

std::vector<std::vector<std::string>> csv_rows(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(p));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string c;
    while (std::getline(ls, c, ',')) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}

std::vector<fs::path> examples() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kSrc / "examples"))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  return out;
}

}  // namespace

TEST_CASE("validate, compile and run every example on the model target", "[cli]") {
  const auto ex = examples();
  REQUIRE(ex.size() >= 2);
  for (const auto& p : ex) {
    INFO(p.string());
    const auto v = sf("validate " + p.string());
    CHECK(v.code == 0);
    CHECK(v.out.find(": OK:") != std::string::npos);

    const fs::path d = scratch(p.stem().string());
    const auto c = sf("compile " + p.string() + " -o " + (d / "net.sfimg").string() + " --report-json " +
                      (d / "q.json").string());
    CHECK(c.code == 0);
    CHECK(spikeforge::model::load_image((d / "net.sfimg").string()) ==
          spikeforge::network::compile_file(p.string()).image);
    CHECK(slurp(d / "q.json").find("\"mv_per_lsb\"") != std::string::npos);

    const auto r = sf("run " + p.string() + " --target model --out " + (d / "run").string());
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find("wrote") != std::string::npos);
    CHECK(fs::exists(d / "run/spikes.csv"));
    const std::string rep = slurp(d / "run/report.json");
    CHECK(rep.find("\"target\": \"model\"") != std::string::npos);
    CHECK(rep.find("\"spike_counts\"") != std::string::npos);
    CHECK(csv_rows(d / "run/spikes.csv").at(0) == std::vector<std::string>{"step", "neuron", "population", "index"});
  }
}

TEST_CASE("run hand_check: spikes.csv and state.csv are exactly the hand calculation", "[cli]") {
  const fs::path d = scratch("hand");
  const auto r = sf("run " + (kSrc / "examples/hand_check.yaml").string() + " --target model --out " + d.string());
  REQUIRE(r.code == 0);
  const auto rows = csv_rows(d / "spikes.csv");
  const std::vector<std::vector<std::string>> expect = {{"step", "neuron", "population", "index"},
                                                        {"2", "0", "out", "0"},
                                                        {"6", "0", "out", "0"},
                                                        {"7", "1", "out", "1"},
                                                        {"10", "0", "out", "0"}};
  CHECK(rows == expect);
  // rows alternate out[0], out[1] per step; out[0]'s v after steps 0, 1, 2: 6, 9, reset 0
  const auto st = csv_rows(d / "state.csv");
  REQUIRE(st.size() == 1 + 12 * 2);
  CHECK(st[0] == std::vector<std::string>{"step", "population", "index", "v_raw", "v_mv", "i_raw", "ref", "y"});
  CHECK(st[1][3] == "6");
  CHECK(st[3][3] == "9");
  CHECK(st[5][3] == "0");
  CHECK(st[5][6] == "1");  // refractory after the spike at step 2
  CHECK(st[2][3] == "0");  // out[1] at step 0
  CHECK(st[6][3] == "6");  // out[1] at step 2: in[1] arrives
  CHECK(st[8][3] == "8");  // out[1] at step 3: 3 + 5
  const auto w = csv_rows(d / "weights.csv");
  CHECK(w.size() == 4);  // header + 3 synapses
}

TEST_CASE("run stdp_pattern: learned weights from pattern channels exceed noise channels", "[cli]") {
  const fs::path d = scratch("stdp");
  const auto r = sf("run " + (kSrc / "examples/stdp_pattern.yaml").string() + " --target model --out " + d.string());
  REQUIRE(r.code == 0);
  const auto rows = csv_rows(d / "weights.csv");
  REQUIRE(rows.size() == 21);
  double pattern = 0, noise = 0;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const int src = std::stoi(rows[k][1]);
    (src < 10 ? pattern : noise) += std::stod(rows[k][4]) / 10;
  }
  INFO("pattern " << pattern << " noise " << noise);
  CHECK(pattern > noise + 30);

  // --learn off keeps the initial weights; --steps and --format json are honoured
  const fs::path d2 = scratch("stdp_off");
  const auto r2 = sf("run " + (kSrc / "examples/stdp_pattern.yaml").string() +
                     " --target model --learn off --steps 500 --format json --out " + d2.string());
  REQUIRE(r2.code == 0);
  CHECK(slurp(d2 / "report.json").find("\"steps\": 500") != std::string::npos);
  const std::string wj = slurp(d2 / "weights.json");
  const auto img = spikeforge::network::compile_file((kSrc / "examples/stdp_pattern.yaml").string()).image;
  CHECK(wj.find("\"source\": 0, \"target_pop\": \"out\", \"target\": 0, \"weight_raw\": " + std::to_string(img.w(0, 0))) !=
        std::string::npos);
}

TEST_CASE("CLI errors: exit codes and located messages", "[cli]") {
  const auto bad = sf("validate " + (kSrc / "tests/network/bad/tau_negative.yaml").string());
  CHECK(bad.code == 3);
  CHECK(bad.err.find("tau_negative.yaml:7:14: populations[1].tau_mem: must be > 0 ms (got -5)") != std::string::npos);
  CHECK(sf("run " + (kSrc / "examples/hand_check.yaml").string() + " --target nosuch").code == 4);
  CHECK(sf("run").code == 2);
  CHECK(sf("run x.yaml --learn maybe").code == 2);
  for (const char* verb : {"validate", "compile", "run"}) CHECK(sf(std::string(verb) + " --help").code == 0);
}
