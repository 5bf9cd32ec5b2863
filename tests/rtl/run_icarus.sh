#!/bin/sh
# One Icarus vector test: record vectors from the model, compile the testbench for the build
# parameters, replay. Exit 0 when the testbench prints PASS (or, with --expect-fail, when it
# reports a MISMATCH and FAIL: a corrupted vector file must be caught).
#   run_icarus.sh RECORDER IVERILOG VVP SRCDIR WORKDIR NAME N S P WB VB NETS STEPS SEED [--corrupt KIND]
# The environment variable NL (default 1) sets the core's neuron lanes (the vectors do not depend on it).
set -eu
rec=$1 iverilog=$2 vvp=$3 src=$4 work=$5 name=$6 n=$7 s=$8 p=$9
shift 9
wb=$1 vb=$2 nets=$3 steps=$4 seed=$5
shift 5
corrupt=""
[ $# -ge 2 ] && [ "$1" = "--corrupt" ] && corrupt=$2
mkdir -p "$work"
hex="$work/$name.hex"
sim="$work/$name.vvp"
log="$work/$name.log"
"$rec" --N "$n" --S "$s" --P "$p" --WB "$wb" --VB "$vb" --nets "$nets" --steps "$steps" --seed "$seed" \
  --out "$hex" ${corrupt:+--corrupt "$corrupt"}
"$iverilog" -g2012 -o "$sim" -s tb_core_vectors \
  -Ptb_core_vectors.N="$n" -Ptb_core_vectors.S="$s" -Ptb_core_vectors.P="$p" \
  -Ptb_core_vectors.WB="$wb" -Ptb_core_vectors.VB="$vb" -Ptb_core_vectors.NL="${NL:-1}" \
  "$src"/rtl/core/*.sv "$src"/tests/rtl/tb_core_vectors.sv
"$vvp" -n "$sim" +vectors="$hex" +seed="$seed" >"$log" 2>&1 || true
cat "$log"
last=$(grep -E '^(PASS|FAIL)' "$log" | tail -1)
if [ -z "$corrupt" ]; then
  case "$last" in PASS*) exit 0 ;; *) exit 1 ;; esac
else
  # The one corrupted expectation must be reported, as exactly one mismatch of its kind (not a
  # crash, a timeout or a cascade).
  case "$corrupt" in spike) what='spikes:' ;; *) what='weight row' ;; esac
  grep -q "^MISMATCH.*$what" "$log" || exit 1
  case "$last" in "FAIL: 1 mismatches"*) exit 0 ;; *) exit 1 ;; esac
fi
