# spikeforge_warnings(target): the project's warning set, promoted to errors when SPIKEFORGE_WERROR
# is on. Applied to our own targets only (Verilator's generated code has its own rules).
function(spikeforge_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion
                                           -Wno-sign-conversion)
  # GCC 12 reports std::string concatenation at -O3 as overlapping memcpy (GCC PR105651, a false
  # positive fixed in GCC 13); keep it a warning so it cannot fail a -Werror build.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-error=restrict)
    # With -fsanitize GCC 12 also reports libstdc++'s own std::function inside <regex> as
    # maybe-uninitialized (the sanitizer instrumentation defeats its flow analysis); the release
    # build still treats the warning as an error.
    if(SPIKEFORGE_SANITIZE)
      target_compile_options(${target} PRIVATE -Wno-error=maybe-uninitialized)
    endif()
  endif()
  if(SPIKEFORGE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
