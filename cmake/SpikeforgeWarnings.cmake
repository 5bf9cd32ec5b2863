# spikeforge_warnings(target): the project's warning set, promoted to errors when SPIKEFORGE_WERROR
# is on. Applied to our own targets only (Verilator's generated code has its own rules).
function(spikeforge_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion
                                           -Wno-sign-conversion)
  if(SPIKEFORGE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
