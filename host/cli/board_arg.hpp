// The board named by a verb's --board, with the board database's errors mapped to exit codes:
// a bad board file is invalid input (3), a missing database is unavailable (4), an unknown id is
// a usage error (2). Shared by build, flash and fit.
#pragma once

#include <string>

#include "spikeforge/boards.hpp"
#include "verbs.hpp"

namespace spikeforge::cli {

inline boards::Board board_from_cli(const std::string& id) {
  std::vector<boards::Board> all;
  try {
    all = boards::load_boards();
  } catch (const boards::BoardFileError& e) {
    throw CliError(kInvalidInput, e.what());
  } catch (const std::runtime_error& e) {
    throw CliError(kUnavailable, e.what());
  }
  try {
    return boards::find_board(all, id);
  } catch (const boards::UnknownBoard& e) {
    throw CliError(kUsage, e.what());
  }
}

}  // namespace spikeforge::cli
