// open_target(): the one place that maps a target URI to an implementation. Targets that need an
// optional dependency are compiled in only when it was found (see host/CMakeLists.txt).
#include <stdexcept>
#include <string>

#include "spikeforge/model_target.hpp"
#include "spikeforge/target.hpp"

namespace spikeforge {

std::unique_ptr<Target> open_target(const std::string& uri, const OpenOptions& options) {
  if (uri == "model") return std::make_unique<ModelTarget>(options.shape);
  throw std::invalid_argument("unknown target '" + uri + "' (this build knows: model)");
}

std::vector<std::pair<std::string, std::string>> available_targets() {
  return {{"model", "the bit-exact reference model, in-process"}};
}

}  // namespace spikeforge
