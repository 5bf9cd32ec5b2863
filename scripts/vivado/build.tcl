# spikeforge Vivado non-project batch flow (docs/boards.md). Driven by `spikeforge build`:
#   vivado -mode batch -nojournal -source scripts/vivado/build.tcl -tclargs \
#     part P top T filelist F root R out DIR N n S s P p WB wb VB vb clock_mhz f leds L
#     [xdc X] [bd BD.tcl]
# Reads the sources listed in F (paths relative to R) and rtl/boards/<top>.sv|.v, the board's XDC,
# optionally builds the Zynq / MPSoC block design, then synth_design, opt_design, place_design,
# phys_opt_design, route_design, writes timing / utilisation reports and the bitstream.
# Fails (exit 1) when timing is not met, so a bitstream that is written is one that meets timing.

proc usage {msg} { puts stderr "build.tcl: $msg"; exit 2 }
if {[llength $argv] % 2 != 0} { usage "arguments come in key value pairs" }
array set opt {xdc "" bd "" clock_mhz 100 leds 0}
foreach {k v} $argv { set opt($k) $v }
foreach k {part top filelist root out N S P WB VB} {
  if {![info exists opt($k)]} { usage "missing '$k'" }
}
set root $opt(root)
set out  $opt(out)
file mkdir $out

# Source files: the file list (one repository-relative path a line, '#' comments) plus the top.
proc read_filelist {path root} {
  set files {}
  set fh [open $path r]
  foreach line [split [read $fh] "\n"] {
    set line [string trim [regsub {#.*$} $line ""]]
    if {$line eq ""} continue
    set f [file join $root $line]
    if {![file exists $f]} { puts stderr "build.tcl: $path lists $line, which does not exist"; exit 1 }
    lappend files $f
  }
  close $fh
  return $files
}
set sources [read_filelist $opt(filelist) $root]
# The board top: rtl/boards/<top>.sv, or <top>.v for block-design module references.
set top_file [file join $root rtl boards $opt(top).sv]
if {![file exists $top_file]} { set top_file [file join $root rtl boards $opt(top).v] }
if {![file exists $top_file]} { puts stderr "build.tcl: no rtl/boards/$opt(top).sv or .v"; exit 1 }
lappend sources $top_file

create_project -in_memory -part $opt(part)
set_property target_language Verilog [current_project]

set generics [list N=$opt(N) S=$opt(S) P=$opt(P) WB=$opt(WB) VB=$opt(VB)]
if {$opt(bd) ne ""} {
  # Zynq-7000 / MPSoC: the block design wraps the AXI4-Lite top and connects it to the PS; its
  # wrapper becomes the synthesis top. Module references need the sources in the project.
  add_files -norecurse $sources
  set_property file_type SystemVerilog [get_files -filter {FILE_TYPE == Verilog && NAME =~ *.sv}]
  set ::sf_bd_leds $opt(leds)
  set ::sf_bd_generics [dict create N $opt(N) S $opt(S) P $opt(P) WB $opt(WB) VB $opt(VB)]
  source $opt(bd)
  set synth_top sf_bd_wrapper
  set generics {}
} else {
  read_verilog -sv $sources
  set synth_top $opt(top)
}
if {$opt(xdc) ne ""} { read_xdc $opt(xdc) }

if {[llength $generics]} {
  synth_design -top $synth_top -part $opt(part) -generic $generics -flatten_hierarchy rebuilt
} else {
  synth_design -top $synth_top -part $opt(part) -flatten_hierarchy rebuilt
}
report_utilization -file [file join $out utilization_synth.rpt]
opt_design
place_design
phys_opt_design
route_design
report_timing_summary -max_paths 10 -file [file join $out timing.rpt]
report_utilization -file [file join $out utilization.rpt]
report_utilization -hierarchical -file [file join $out utilization_hier.rpt]
report_clock_utilization -file [file join $out clocks.rpt]
write_checkpoint -force [file join $out $opt(top).dcp]

set wns [get_property SLACK [get_timing_paths -max_paths 1 -nworst 1 -setup]]
if {$wns ne "" && $wns < 0} {
  puts stderr "build.tcl: timing not met (WNS $wns ns); see $out/timing.rpt"
  exit 1
}
write_bitstream -force [file join $out $opt(top).bit]
if {$opt(bd) ne ""} {
  # Zynq Linux fpga_manager wants the bitstream as a .bin (fpgautil -b)
  write_cfgmem -force -format bin -interface SMAPx32 -disablebitswap \
    -loadbit "up 0 [file join $out $opt(top).bit]" [file join $out $opt(top).bin]
}
puts "build.tcl: wrote [file join $out $opt(top).bit] (WNS $wns ns)"
