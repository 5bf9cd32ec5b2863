#!/bin/sh
# Open iCE40 flow (docs/boards.md): yosys synth_ice40 -> nextpnr-ice40 -> icepack.
#   scripts/ice40/build.sh --top sf_board_icebreaker --pcf constraints/icebreaker.pcf --out DIR \
#     [--neurons N] [--inputs S] [--lanes P] [--freq MHZ] [--device up5k] [--package sg48] [--seed K]
#     [--rev GITREV] [--timing-allow-fail]
# Reads rtl/boards/files_uart.f (paths relative to the repository) plus rtl/boards/<top>.sv; with
# --rev, those files as committed at GITREV (git archive into DIR/src-<rev>), so measured figures
# name the commit they come from. Multipliers go to the SB_MAC16 DSPs on the UltraPlus parts;
# synth_ice40 runs with -abc9 -dff (ABC9 with the flip-flops in view: ~2.5 % fewer logic cells
# than the default mapping on the UART device, which is what lets it fit a UP5K).
# Tops: sf_board_icebreaker (the UART device, fits a UP5K at N = 16: docs/boards.md) and
# sf_board_icebreaker_core (the core alone, a synthesis probe).
# Writes DIR/<top>.json (netlist), .asc (placed and routed), .bin (bitstream), yosys.log,
# nextpnr.log, and DIR/report.txt with the resource use and nextpnr's Fmax.
# Exit status: 0 built, 1 a tool failed, 2 bad arguments, 4 a tool is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
top=sf_board_icebreaker; pcf=$root/constraints/icebreaker.pcf; out=build/ice40
n=16; s=16; p=1; freq=12; device=up5k; package=sg48; seed=1; rev=""; allow=""
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
    --rev) rev=$2; shift 2 ;;
    --timing-allow-fail) allow=--timing-allow-fail; shift ;;  # write the bitstream below --freq too
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in yosys nextpnr-ice40 icepack; do
  command -v "$tool" > /dev/null 2>&1 || { echo "build.sh: $tool not found on PATH (Debian: yosys nextpnr-ice40 fpga-icestorm)" >&2; exit 4; }
done
mkdir -p "$out"
src=$root; srcdesc="work tree"
if [ -n "$rev" ]; then
  short=$(git -C "$root" rev-parse --short "$rev") || { echo "build.sh: unknown revision $rev" >&2; exit 2; }
  src=$out/src-$short; srcdesc="commit $short"
  rm -rf "$src"; mkdir -p "$src"
  git -C "$root" archive "$short" rtl | tar -x -C "$src"
fi
dsp=""
case "$device" in up5k|up3k|u4k|u2k|u1k) dsp="-dsp" ;; esac
files=""
while IFS= read -r line; do
  line=${line%%#*}
  line=$(echo "$line" | tr -d '[:space:]')
  [ -z "$line" ] && continue
  [ -f "$src/$line" ] || { echo "build.sh: files_uart.f lists $line, which does not exist" >&2; exit 1; }
  files="$files $src/$line"
done < "$src/rtl/boards/files_uart.f"
files="$files $src/rtl/boards/$top.sv"

yosys -q -l "$out/yosys.log" -p "read_verilog -sv $files; \
  chparam -set N $n -set S $s -set P $p $top; \
  synth_ice40 $dsp -abc9 -dff -top $top -json $out/$top.json" || { echo "build.sh: yosys failed (see $out/yosys.log)" >&2; exit 1; }
nextpnr-ice40 --"$device" --package "$package" --pcf "$pcf" --json "$out/$top.json" --asc "$out/$top.asc" \
  --freq "$freq" --seed "$seed" $allow --log "$out/nextpnr.log" --quiet || { echo "build.sh: nextpnr-ice40 failed (see $out/nextpnr.log)" >&2; exit 1; }
rm -f "$out/$top.bin"
icepack "$out/$top.asc" "$out/$top.bin" || { echo "build.sh: icepack failed" >&2; exit 1; }
[ -s "$out/$top.bin" ] || { echo "build.sh: no bitstream $out/$top.bin" >&2; exit 1; }

{
  echo "top $top  N=$n S=$s P=$p  device $device-$package  target $freq MHz  source $srcdesc"
  grep -E "ICESTORM_LC:|ICESTORM_RAM:|ICESTORM_DSP:|SB_IO:|ICESTORM_SPRAM:" "$out/nextpnr.log" | sed 's/^Info: *//' | sort -u
  # the last (post-route) figure of every clock; DSPs used as plain multipliers show up as a
  # "$PACKER_GND_NET" clock (their CLK pin tied low)
  grep -E "Max frequency for clock" "$out/nextpnr.log" | sed 's/^[A-Za-z]*: *//' |
    awk -F"'" '{last[$2] = $0; if (!($2 in seen)) {seen[$2] = 1; order[++k] = $2}} END {for (i = 1; i <= k; i++) print last[order[i]]}'
} > "$out/report.txt"
echo "bitstream $out/$top.bin ($(wc -c < "$out/$top.bin") bytes)" >> "$out/report.txt"
cat "$out/report.txt"
grep -q "Max frequency for clock" "$out/report.txt" || { echo "build.sh: nextpnr reported no Fmax" >&2; exit 1; }
