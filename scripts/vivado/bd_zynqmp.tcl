# Zynq UltraScale+ MPSoC block design (ZCU104, KV260; sourced by build.tcl with an in-memory
# project): the PS's M_AXI_HPM0_FPD drives the AXI4-Lite mailbox top sf_board_zynq_axil (module
# reference) through an AXI SmartConnect; pl_clk0 (150 MHz) clocks it and proc_sys_reset makes
# its reset from pl_resetn0. The PS is left at its defaults apart from the PL port and clock:
# DDR, MIO and boot are whatever the board's Linux image (PetaLinux / Kria Ubuntu) configured,
# since the PL is loaded at run time through fpga_manager. The wrapper is sf_bd_wrapper.
create_bd_design sf_bd
set ps [create_bd_cell -type ip -vlnv xilinx.com:ip:zynq_ultra_ps_e ps8]
set_property -dict [list CONFIG.PSU__USE__M_AXI_GP0 {1} CONFIG.PSU__USE__M_AXI_GP1 {0} \
  CONFIG.PSU__USE__M_AXI_GP2 {0} CONFIG.PSU__MAXIGP0__DATA_WIDTH {32} \
  CONFIG.PSU__CRL_APB__PL0_REF_CTRL__FREQMHZ {150} CONFIG.PSU__FPGA_PL0_ENABLE {1}] $ps

set dev [create_bd_cell -type module -reference sf_board_zynq_axil sf_dev]
foreach {k v} $::sf_bd_generics { set_property CONFIG.$k $v $dev }

apply_bd_automation -rule xilinx.com:bd_rule:axi4 \
  -config {Master "/ps8/M_AXI_HPM0_FPD" Clk "/ps8/pl_clk0"} [get_bd_intf_pins sf_dev/s_axi]
connect_bd_net [get_bd_pins ps8/pl_clk0] [get_bd_pins ps8/maxihpm0_fpd_aclk]
set_property offset 0xA0000000 [get_bd_addr_segs {ps8/Data/SEG_sf_dev_reg0}]
set_property range 64K [get_bd_addr_segs {ps8/Data/SEG_sf_dev_reg0}]
if {$::sf_bd_leds > 0} {
  make_bd_pins_external [get_bd_pins sf_dev/led_o]
  set_property name led_o [get_bd_ports led_o_0]
}

validate_bd_design
save_bd_design
set bd_file [get_files sf_bd.bd]
generate_target all $bd_file
add_files -norecurse [make_wrapper -files $bd_file -top]
