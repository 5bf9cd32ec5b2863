#!/usr/bin/env bash
# Build the spikeforge HLS kernel with AMD tools (docs/hls.md). Meant for Vitis / Vitis HLS
# 2022.2 or 2023.1 with XRT and the Alveo platform installed; not run in the spikeforge CI.
#
#   scripts/hls/build.sh STEP [BOARD]
#     STEP   csim     C simulation of the kernel against golden vectors from the reference model
#            csynth   synthesis to RTL (reports in OUT/sf_hls_BOARD/solution/syn/report/)
#            cosim    RTL co-simulation with the same testbench
#            ip       Vivado IP catalog archive  OUT/sf_hls_kernel_ip.zip
#            xo       Vitis kernel object        OUT/sf_hls_kernel.xo
#            xclbin   xo, then v++ --link -t hw  OUT/spikeforge_BOARD.xclbin  (hours)
#            hw_emu   xo, then v++ --link -t hw_emu OUT/spikeforge_BOARD_hw_emu.xclbin
#     BOARD  u50 (default) | u250
#   Environment: SPIKEFORGE_BUILD  CMake build directory with sf_hls_golden (default: build)
#                SPIKEFORGE_HLS_OUT output directory (default: build-hls/BOARD)
# Then: spikeforge run --target "xrt://0?xclbin=OUT/spikeforge_BOARD.xclbin" ...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

usage() { sed -n '5,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
step="$1"
board="${2:-u50}"
case "$step" in csim|csynth|cosim|ip|xo|xclbin|hw_emu) ;; *) usage ;; esac
case "$board" in u50|u250) ;; *) echo "build.sh: unknown board '$board' (u50 or u250)" >&2; exit 2 ;; esac

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "build.sh: '$1' not found. Source the AMD tools first, e.g." >&2
  echo "  source /tools/Xilinx/Vitis_HLS/2023.1/settings64.sh  (vitis_hls)" >&2
  echo "  source /tools/Xilinx/Vitis/2023.1/settings64.sh      (v++)" >&2
  echo "  source /opt/xilinx/xrt/setup.sh                       (XRT, platforms)" >&2
  exit 1
}

build="${SPIKEFORGE_BUILD:-$root/build}"
out="${SPIKEFORGE_HLS_OUT:-$root/build-hls/$board}"
golden_tool="$build/bin/sf_hls_golden"
if [ ! -x "$golden_tool" ]; then
  echo "build.sh: $golden_tool is missing; build it first:" >&2
  echo "  cmake --preset default && cmake --build build --target sf_hls_golden" >&2
  exit 1
fi
need vitis_hls
mkdir -p "$out"
golden="$out/sf_hls_golden.dat"
# Golden vectors for the kernel's build (N_MAX=S_MAX=256, WB=8, VB=16, as in sf_hls.tcl): co-
# simulation runs RTL, so it gets fewer and shorter networks than C simulation.
if [ "$step" = cosim ]; then
  "$golden_tool" "$golden" 256 256 8 16 3 8
else
  "$golden_tool" "$golden" 256 256 8 16 6 40
fi

hls_step="$step"
case "$step" in xclbin|hw_emu) hls_step=xo ;; esac
vitis_hls -f "$here/sf_hls.tcl" -tclargs "$hls_step" "$board" "$golden" "$out"

case "$step" in
  xclbin)
    need v++
    v++ --link -t hw --config "$here/link_$board.cfg" -o "$out/spikeforge_$board.xclbin" "$out/sf_hls_kernel.xo"
    echo "built $out/spikeforge_$board.xclbin" ;;
  hw_emu)
    need v++
    v++ --link -t hw_emu --config "$here/link_$board.cfg" -o "$out/spikeforge_${board}_hw_emu.xclbin" \
        "$out/sf_hls_kernel.xo"
    echo "built $out/spikeforge_${board}_hw_emu.xclbin" ;;
esac
