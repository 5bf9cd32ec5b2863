#!/usr/bin/env bash
# Synthesise the core (rtl/core, top sf_core) with Yosys `synth_xilinx` and report resources.
#   scripts/rtl/synth_yosys.sh [NAME..]        every (or the named) configuration; rewrites docs/resources.md
#   scripts/rtl/synth_yosys.sh --check NAME..  only the named configurations, docs untouched (CTest)
# Fails (exit 1) when a configuration infers a latch, does not fit the device it is meant for, or
# exceeds its resource goal (xc7-n256-p8: the core issue's 10,000 LUTs and 40 BRAM36).
# Logs and netlist statistics go to $SYNTH_OUT (default: a temporary directory); $SYNTH_RTL replaces
# rtl/core as the source folder (to size a variant of the core; $SYNTH_NOTE then explains it in the doc);
# $SYNTH_REV=<git revision> synthesises rtl/core as committed at that revision (git archive), so the
# doc's figures name the commit they come from even while rtl/core is being edited.
# docs/resources.md: the script rewrites everything above the line "<!-- hand-written below -->" and
# keeps that line and everything after it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
yosys="${YOSYS:-yosys}"

# name | family | N | S | P | WB | VB | device | LUT capacity | BRAM36 capacity [| LUT goal | BRAM36 goal]
configs=(
  "xc7-n64-p4|xc7|64|64|4|8|16|xc7a35t|20800|50"
  "xc7-n256-p8|xc7|256|256|8|8|16|xc7a35t|20800|50|10000|40"
  "xc7-n256-p16|xc7|256|256|16|8|16|xc7a35t|20800|50"
  "xcup-n1024-p32|xcup|1024|1024|32|8|16|xczu7ev|230400|312"
)

check_only=0
want=()
if [ "${1:-}" = "--check" ]; then check_only=1; shift; fi
want=("$@")

out="${SYNTH_OUT:-$(mktemp -d)}"
mkdir -p "$out"
rtl="${SYNTH_RTL:-$root/rtl/core}"   # another folder holding a variant of the core, for experiments
src_label="${SYNTH_RTL:-rtl/core}"
if [ -n "${SYNTH_REV:-}" ]; then
  rev=$(git -C "$root" rev-parse --short "$SYNTH_REV")
  mkdir -p "$out/src-$rev"
  git -C "$root" archive "$rev" rtl/core | tar -x -C "$out/src-$rev"
  rtl="$out/src-$rev/rtl/core"
  src_label="rtl/core at commit $rev"
fi
srcs=("$rtl"/*.sv)
[ -e "${srcs[0]}" ] || { echo "synth: no $rtl/*.sv" >&2; exit 1; }

count() {  # count <statfile> <regex of cell types> -> sum of those cells
  awk -v re="^($2)\$" '$1 ~ re && $2 ~ /^[0-9]+$/ {s += $2} END {print s + 0}' "$1"
}

rows=()
fails=0
for c in "${configs[@]}"; do
  IFS='|' read -r name fam n s p wb vb dev lutcap bramcap lutgoal bramgoal <<<"$c"
  if [ ${#want[@]} -gt 0 ] && ! printf '%s\n' "${want[@]}" | grep -qx "$name"; then continue; fi
  log="$out/$name.log"
  stat="$out/$name.stat"
  script="read_verilog -sv ${srcs[*]}; chparam -set N $n -set S $s -set P $p -set WB $wb -set VB $vb sf_core; \
synth_xilinx -family $fam -top sf_core; tee -q -o $stat stat"
  start=$(date +%s)
  if ! "$yosys" -q -l "$log" -p "$script" >/dev/null 2>&1; then
    echo "FAIL $name: yosys failed, see $log"; tail -20 "$log"; fails=$((fails + 1)); continue
  fi
  secs=$(( $(date +%s) - start ))
  # Cells as Yosys prints them: "     LUT6     123"; strip indentation for awk. Without -flatten the
  # per-module tables count a module once however often it is instantiated: use only the totals
  # under "design hierarchy" when there is one.
  sed -i 's/^ *//' "$stat"
  if grep -q '=== design hierarchy ===' "$stat"; then
    sed -n '/=== design hierarchy ===/,$p' "$stat" >"$stat.total" && mv "$stat.total" "$stat"
  fi
  lut=$(count "$stat" 'LUT[1-6]|INV')  # INV cells become LUT1s
  lutram=$(awk '$2 ~ /^[0-9]+$/ {
      w = 0
      if ($1 ~ /^RAM(32|64)M$/) w = 4; else if ($1 ~ /^RAM(32|64)X1D$/) w = 2;
      else if ($1 ~ /^RAM128X1D$/) w = 4; else if ($1 ~ /^RAM256X1S$/) w = 4;
      else if ($1 ~ /^RAM128X1S$/) w = 2; else if ($1 ~ /^RAM(32|64)X1S$/) w = 1;
      else if ($1 ~ /^RAM(32|64)M16$/) w = 8; else if ($1 ~ /^SRL(16E|C32E)$/) w = 1;
      s += w * $2 } END {print s + 0}' "$stat")
  ff=$(count "$stat" 'FD(RE|SE|CE|PE|RE_1|SE_1|CE_1|PE_1)')
  b36=$(count "$stat" 'RAMB36E[12]')
  b18=$(count "$stat" 'RAMB18E[12]')
  uram=$(count "$stat" 'URAM288(_BASE)?')
  dsp=$(count "$stat" 'DSP48E[12]')
  carry=$(count "$stat" 'CARRY(4|8)')
  latches=$(count "$stat" 'LD(CE|PE|CPE)|\$_DLATCH.*|\$dlatch')
  latchlog=$(grep -c 'Latch inferred for' "$log" || true)  # not "No latch inferred"
  bram=$(awk -v a="$b36" -v b="$b18" 'BEGIN {printf "%.1f", a + b / 2}')
  luts=$((lut + lutram))
  status=ok
  if [ "$latches" -ne 0 ] || [ "$latchlog" -ne 0 ]; then
    status="LATCH"; fails=$((fails + 1))
  elif [ "$luts" -gt "$lutcap" ] || awk -v a="$bram" -v c="$bramcap" 'BEGIN {exit !(a > c)}'; then
    status="does not fit $dev"; fails=$((fails + 1))
  elif [ -n "${lutgoal:-}" ] && { [ "$luts" -gt "$lutgoal" ] ||
         awk -v a="$bram" -v c="$bramgoal" 'BEGIN {exit !(a > c)}'; }; then
    status="over the goal ($lutgoal LUT, $bramgoal BRAM36)"; fails=$((fails + 1))
  fi
  echo "$status $name: LUT $luts (logic $lut, memory $lutram) FF $ff RAMB36 $b36 RAMB18 $b18 (BRAM36 $bram) URAM $uram DSP $dsp CARRY $carry latches $latches (${secs} s)"
  rows+=("| \`$name\` | $dev | $n | $s | $p | $wb/$vb | $luts | $lut | $lutram | $ff | $b36 | $b18 | $bram | $uram | $dsp | ${secs} s |")
done

if [ $check_only -eq 0 ] && [ $fails -eq 0 ]; then
  doc="$root/docs/resources.md"
  marker="<!-- hand-written below -->"
  tail_text=""
  if [ -f "$doc" ] && grep -qxF "$marker" "$doc"; then
    tail_text=$(sed -n "/^$marker\$/,\$p" "$doc")
  fi
  {
    echo "# Resources of the core (Yosys)"
    echo
    echo "Generated by \`scripts/rtl/synth_yosys.sh\` ($("$yosys" -V | awk '{print $1, $2}'), $(date -u +%Y-%m-%d)); do not edit by hand."
    echo "Each row is \`sf_core\` alone (no host link, no board I/O), from $src_label, synthesised with"
    [ -n "${SYNTH_NOTE:-}" ] && { echo; echo "$SYNTH_NOTE"; echo; }
    echo
    echo '```'
    echo "yosys -p 'read_verilog -sv rtl/core/*.sv; chparam -set N <N> -set S <S> -set P <P> -set WB <WB> -set VB <VB> sf_core;"
    echo "          synth_xilinx -family <xc7|xcup> -top sf_core; stat'"
    echo '```'
    echo
    echo "| config | device | N | S | P | WB/VB | LUT total | LUT logic | LUT as memory | FF | RAMB36 | RAMB18 | BRAM36 equiv. | URAM | DSP | Yosys time |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "*LUT as memory* counts distributed RAM and shift-register cells in LUTs (RAM64M = 4, RAM32X1D = 2, ...)."
    echo "*BRAM36 equiv.* = RAMB36 + RAMB18 / 2. Yosys' figures are an estimate: Vivado usually packs"
    echo "logic into fewer LUTs, and maps memories by its own rules. No configuration infers a latch"
    echo "(the script fails if one does)."
    echo
    echo "CTest (label \`synth\`) runs the goal row \`xc7-n256-p8\` (\`synth_yosys.sh --check xc7-n256-p8\`:"
    echo "parses, synthesises, no latch, fits, within the goal of 10,000 LUTs and 40 BRAM36, about"
    echo "100 s); the other rows come from this script, not from CI."
    [ -n "$tail_text" ] && { echo; echo "$tail_text"; }
  } >"$doc.new"
  mv "$doc.new" "$doc"
  echo "wrote $doc"
fi
[ $fails -eq 0 ]
