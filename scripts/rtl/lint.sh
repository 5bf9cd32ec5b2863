#!/usr/bin/env bash
# Lint the Verilog with `verilator --lint-only -Wall`; any warning fails (exit 1).
#   scripts/rtl/lint.sh            every top found under rtl/core and rtl/device, plus the core in
#                                  several parameter sets (N not a multiple of P, 16-bit build)
# A "top" is a module that no other module in those folders instantiates. rtl/boards is not linted:
# board tops instantiate vendor primitives (PLLs, I/O buffers) that Verilator does not know.
# Waivers belong in the RTL, next to the line, with a comment saying why (/* verilator lint_off */).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
verilator="${VERILATOR:-verilator}"
dirs=()
for d in rtl/core rtl/device; do
  [ -d "$root/$d" ] && ls "$root/$d"/*.sv >/dev/null 2>&1 && dirs+=("$root/$d")
done
if [ ${#dirs[@]} -eq 0 ]; then
  echo "lint: no RTL found under rtl/core or rtl/device" >&2
  exit 1
fi
incs=()
files=()
pkgs=()   # packages must be read before their users (-y finds modules only)
for d in "${dirs[@]}"; do
  incs+=("-y" "$d"); files+=("$d"/*.sv)
  for f in "$d"/*_pkg.sv; do [ -f "$f" ] && pkgs+=("$f"); done
done

# Modules defined, and modules instantiated by some other module.
defined=$(grep -ho '^\s*module\s\+[A-Za-z_][A-Za-z0-9_]*' "${files[@]}" | awk '{print $2}' | sort -u)
tops=()
for m in $defined; do
  if ! grep -l -E "^\s*${m}\s*(#|[a-zA-Z_])" "${files[@]}" | grep -qv "/${m}.sv$"; then
    tops+=("$m")
  fi
done

fails=0
run() {  # run <label> <top> [verilator args...]
  local label="$1" top="$2"; shift 2
  local file
  file=$(grep -l -E "^\s*module\s+${top}\b" "${files[@]}" | head -1)
  local out
  out=$("$verilator" --lint-only -Wall --top-module "$top" "${incs[@]}" "$@" "${pkgs[@]}" "$file" 2>&1)
  local rc=$?
  if [ $rc -ne 0 ] || [ -n "$out" ]; then
    echo "FAIL $label"
    echo "$out" | head -40
    fails=$((fails + 1))
  else
    echo "ok   $label"
  fi
}

for t in "${tops[@]}"; do
  run "$t (default parameters)" "$t"
done
run_cfg() {  # run_cfg <top> "<K=V ...>": lint <top> with those parameters
  local args=() kv
  for kv in $2; do args+=("-G$kv"); done
  run "$1 $2" "$1" "${args[@]}"
}
# The core in the configurations the project builds and tests.
if [ -f "$root/rtl/core/sf_core.sv" ]; then
  for cfg in "N=37 S=11 P=4 WB=8 VB=16 NL=2" "N=256 S=256 P=8 WB=8 VB=16" "N=100 S=20 P=16 WB=16 VB=24 NL=4" \
             "N=1024 S=1024 P=32 WB=8 VB=16 NL=32" "N=5 S=1 P=1 WB=8 VB=16"; do
    run_cfg sf_core "$cfg"
  done
fi
# The device (core + protocol engine) in the small builds: the iCE40 board's and the smallest.
if [ -f "$root/rtl/device/sf_device.sv" ]; then
  for cfg in "N=16 S=16 P=1" "N=5 S=1 P=1"; do
    run_cfg sf_device "$cfg"
  done
fi
if [ $fails -ne 0 ]; then
  echo "lint: $fails configuration(s) with warnings"
  exit 1
fi
echo "lint: clean"
