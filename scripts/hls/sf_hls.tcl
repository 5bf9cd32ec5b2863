# Vitis HLS script for the spikeforge kernel (docs/hls.md). Meant for Vitis HLS 2022.2 / 2023.1
# (the releases of the Alveo U50/U250 platforms named in link_u50.cfg / link_u250.cfg). It was
# NOT run in the spikeforge repository's CI, which has no AMD tools; the C++ it compiles is
# checked there by g++ (tests/hls/).
#
#   vitis_hls -f scripts/hls/sf_hls.tcl -tclargs STEP BOARD GOLDEN OUTDIR
#     STEP    csim | csynth | cosim | ip | xo | all
#     BOARD   u50 | u250 (selects the FPGA part)
#     GOLDEN  golden vectors for the testbench (sf_hls_golden, hls/tb/sf_hls_golden.cpp)
#     OUTDIR  where the project, reports and exported files go
# scripts/hls/build.sh wraps this (and makes GOLDEN).

if {[llength $argv] != 4} {
  puts "usage: vitis_hls -f sf_hls.tcl -tclargs csim|csynth|cosim|ip|xo|all u50|u250 GOLDEN.dat OUTDIR"
  exit 2
}
set step   [lindex $argv 0]
set board  [lindex $argv 1]
set golden [file normalize [lindex $argv 2]]
set outdir [file normalize [lindex $argv 3]]

set root [file normalize [file join [file dirname [info script]] .. ..]]
array set parts {
  u50  xcu50-fsvh2104-2-e
  u250 xcu250-figd2104-2L-e
}
if {![info exists parts($board)]} {
  puts "unknown board '$board' (u50 or u250)"
  exit 2
}

# Build parameters of the synthesized kernel (the in-process g++ builds use larger N_MAX/S_MAX;
# tests/hls/CMakeLists.txt builds the testbench with exactly these).
set top sf_hls_kernel
set defines "-DSF_N_MAX=256 -DSF_S_MAX=256 -DSF_LANES=8 -DSF_WB=8 -DSF_VB=16"
set cflags "-std=c++14 -I$root/hls/include $defines"

file mkdir $outdir
cd $outdir
open_project -reset sf_hls_$board
set_top $top
add_files $root/hls/src/sf_hls_kernel.cpp -cflags $cflags
add_files -tb $root/hls/tb/sf_hls_tb.cpp -cflags "-std=c++14 -I$root/hls/include"
add_files -tb $golden

# -flow_target vitis: Vitis kernel defaults (m_axi offsets through s_axilite, ap_ctrl_chain).
open_solution -reset -flow_target vitis solution
set_part $parts($board)
create_clock -period 300MHz -name default
config_interface -m_axi_addr64 -m_axi_alignment_byte_size 64 -m_axi_max_widen_bitwidth 512
config_export -version 1.0.0 -vendor spikeforge.org -library spikeforge -display_name "spikeforge SNN core"

if {$step eq "csim" || $step eq "all"} {
  csim_design -argv $golden
}
if {$step ne "csim"} {
  csynth_design
}
if {$step eq "cosim" || $step eq "all"} {
  cosim_design -argv $golden -trace_level none
}
if {$step eq "ip" || $step eq "all"} {
  export_design -format ip_catalog -output $outdir/sf_hls_kernel_ip.zip
}
if {$step eq "xo" || $step eq "all"} {
  export_design -format xo -output $outdir/sf_hls_kernel.xo
}
exit
