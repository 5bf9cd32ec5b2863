# Zynq-7000 block design (sourced by build.tcl with an in-memory project): the PS's M_AXI_GP0
# drives the AXI4-Lite mailbox top sf_board_zynq_axil (module reference) through an AXI
# interconnect; FCLK_CLK0 (100 MHz) clocks it and proc_sys_reset makes its reset from
# FCLK_RESET0_N. The LEDs are made external (led_o, constraints/pynq-z2.xdc). The wrapper is
# sf_bd_wrapper. DDR and FIXED_IO come from the PS defaults; board presets are not needed.
create_bd_design sf_bd
set ps [create_bd_cell -type ip -vlnv xilinx.com:ip:processing_system7 ps7]
apply_bd_automation -rule xilinx.com:bd_rule:processing_system7 \
  -config {make_external "FIXED_IO, DDR" apply_board_preset "0" Master "Disable" Slave "Disable"} $ps
set_property -dict [list CONFIG.PCW_USE_M_AXI_GP0 {1} CONFIG.PCW_FPGA0_PERIPHERAL_FREQMHZ {100} \
  CONFIG.PCW_EN_CLK0_PORT {1} CONFIG.PCW_EN_RST0_PORT {1}] $ps

set dev [create_bd_cell -type module -reference sf_board_zynq_axil sf_dev]
foreach {k v} $::sf_bd_generics { set_property CONFIG.$k $v $dev }

apply_bd_automation -rule xilinx.com:bd_rule:axi4 \
  -config {Master "/ps7/M_AXI_GP0" Clk "/ps7/FCLK_CLK0 (100 MHz)"} [get_bd_intf_pins sf_dev/s_axi]
set_property offset 0x43C00000 [get_bd_addr_segs {ps7/Data/SEG_sf_dev_reg0}]
set_property range 64K [get_bd_addr_segs {ps7/Data/SEG_sf_dev_reg0}]
if {$::sf_bd_leds > 0} {
  make_bd_pins_external [get_bd_pins sf_dev/led_o]
  set_property name led_o [get_bd_ports led_o_0]
}

validate_bd_design
save_bd_design
set bd_file [get_files sf_bd.bd]
generate_target all $bd_file
add_files -norecurse [make_wrapper -files $bd_file -top]
