# Package the AXI4-Lite mailbox as an XRT RTL kernel for Alveo (docs/boards.md). Driven by
# `spikeforge build --board alveo-u50|alveo-u250`, followed by `v++ --link`:
#   vivado -mode batch -nojournal -source scripts/vivado/package_xo.tcl -tclargs \
#     part P top sf_board_xrt_kernel filelist F root R out DIR N n S s P p WB wb VB vb
# The kernel is user-managed (no ap_ctrl block): the host drives the mailbox registers through
# s_axi_control (xrt::ip), so the kernel has one AXI4-Lite slave, ap_clk and ap_rst_n.

proc usage {msg} { puts stderr "package_xo.tcl: $msg"; exit 2 }
if {[llength $argv] % 2 != 0} { usage "arguments come in key value pairs" }
foreach {k v} $argv { set opt($k) $v }
foreach k {part top filelist root out N S P WB VB} {
  if {![info exists opt($k)]} { usage "missing '$k'" }
}
set root $opt(root)
set out  $opt(out)
file mkdir $out

set sources {}
set fh [open $opt(filelist) r]
foreach line [split [read $fh] "\n"] {
  set line [string trim [regsub {#.*$} $line ""]]
  if {$line eq ""} continue
  lappend sources [file join $root $line]
}
close $fh
lappend sources [file join $root rtl boards $opt(top).v]

set ipdir [file join $out ip]
create_project -force sf_kernel [file join $out kernel_prj] -part $opt(part)
add_files -norecurse $sources
set_property top $opt(top) [current_fileset]
update_compile_order -fileset sources_1

ipx::package_project -root_dir $ipdir -vendor spikeforge.org -library kernel -taxonomy /KernelIP \
  -import_files -set_current true
set core [ipx::current_core]
foreach {k v} [list N $opt(N) S $opt(S) P $opt(P) WB $opt(WB) VB $opt(VB)] {
  set_property value $v [ipx::get_user_parameters $k -of_objects $core]
}
ipx::associate_bus_interfaces -busif s_axi_control -clock ap_clk $core
set_property sdx_kernel true $core
set_property sdx_kernel_type rtl $core
set_property ipi_drc {ignore_freq_hz true} $core
ipx::create_xgui_files $core
ipx::update_checksums $core
ipx::check_integrity -kernel $core
ipx::save_core $core
close_project

package_xo -force -xo_path [file join $out spikeforge.xo] -kernel_name spikeforge \
  -ip_directory $ipdir -ctrl_protocol user_managed -output_kernel_xml [file join $out kernel.xml]
puts "package_xo.tcl: wrote [file join $out spikeforge.xo]"
