#!/bin/sh
# Open iCE40 flow (docs/boards.md): yosys synth_ice40 -> nextpnr-ice40 -> icepack.
#   scripts/ice40/build.sh --top sf_board_icebreaker --pcf constraints/icebreaker.pcf --out DIR \
#     [--neurons N] [--inputs S] [--lanes P] [--freq MHZ] [--device up5k] [--package sg48] [--seed K]
# Reads rtl/boards/files_uart.f (paths relative to the repository) plus rtl/boards/<top>.sv.
# Writes DIR/<top>.json (netlist), .asc (placed and routed), .bin (bitstream), yosys.log,
# nextpnr.log, and DIR/report.txt with the resource use and nextpnr's Fmax.
# Exit status: 0 built, 1 a tool failed, 2 bad arguments, 4 a tool is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
top=sf_board_icebreaker; pcf=$root/constraints/icebreaker.pcf; out=build/ice40
n=16; s=16; p=1; freq=12; device=up5k; package=sg48; seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --top) top=$2; shift 2 ;;
    --pcf) pcf=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --neurons) n=$2; shift 2 ;;
    --inputs) s=$2; shift 2 ;;
    --lanes) p=$2; shift 2 ;;
    --freq) freq=$2; shift 2 ;;
    --device) device=$2; shift 2 ;;
    --package) package=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in yosys nextpnr-ice40 icepack; do
  command -v "$tool" > /dev/null 2>&1 || { echo "build.sh: $tool not found on PATH (Debian: yosys nextpnr-ice40 fpga-icestorm)" >&2; exit 4; }
done
mkdir -p "$out"
files=""
while IFS= read -r line; do
  line=${line%%#*}
  line=$(echo "$line" | tr -d '[:space:]')
  [ -z "$line" ] && continue
  [ -f "$root/$line" ] || { echo "build.sh: files_uart.f lists $line, which does not exist" >&2; exit 1; }
  files="$files $root/$line"
done < "$root/rtl/boards/files_uart.f"
files="$files $root/rtl/boards/$top.sv"

yosys -q -l "$out/yosys.log" -p "read_verilog -sv $files; \
  chparam -set N $n -set S $s -set P $p $top; \
  synth_ice40 -top $top -json $out/$top.json" || { echo "build.sh: yosys failed (see $out/yosys.log)" >&2; exit 1; }
nextpnr-ice40 --"$device" --package "$package" --pcf "$pcf" --json "$out/$top.json" --asc "$out/$top.asc" \
  --freq "$freq" --seed "$seed" --log "$out/nextpnr.log" --quiet || { echo "build.sh: nextpnr-ice40 failed (see $out/nextpnr.log)" >&2; exit 1; }
icepack "$out/$top.asc" "$out/$top.bin"

{
  echo "top $top  N=$n S=$s P=$p  device $device-$package  target $freq MHz"
  grep -E "ICESTORM_LC:|ICESTORM_RAM:|ICESTORM_DSP:|SB_IO:|ICESTORM_SPRAM:" "$out/nextpnr.log" | sed 's/^Info: *//' | sort -u
  grep -E "Max frequency for clock" "$out/nextpnr.log" | tail -n 1 | sed 's/^Info: *//'
} > "$out/report.txt"
cat "$out/report.txt"
