// The `xrt://N?xclbin=PATH` target: the HLS kernel on an Alveo card through XRT. Compiled only when
// find_package(XRT) succeeds (host/CMakeLists.txt defines SPIKEFORGE_HAVE_XRT=1 then).
#pragma once

#include <memory>
#include <string>

#include "spikeforge/target.hpp"

namespace spikeforge {

std::unique_ptr<Target> open_xrt_target(const std::string& uri, const OpenOptions& options);

}  // namespace spikeforge
