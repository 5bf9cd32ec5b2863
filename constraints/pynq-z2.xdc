# TUL PYNQ-Z2 (xc7z020clg400-1): block design scripts/vivado/bd_zynq7.tcl. The core is clocked
# and reset from the PS (FCLK_CLK0, FCLK_RESET0_N through proc_sys_reset) and reached over
# M_AXI_GP0, so the only PL pins are the status LEDs. Pins as in the board's master XDC.
set_property -dict {PACKAGE_PIN R14 IOSTANDARD LVCMOS33} [get_ports {led_o[0]}]
set_property -dict {PACKAGE_PIN P14 IOSTANDARD LVCMOS33} [get_ports {led_o[1]}]
set_property -dict {PACKAGE_PIN N16 IOSTANDARD LVCMOS33} [get_ports {led_o[2]}]
set_property -dict {PACKAGE_PIN M14 IOSTANDARD LVCMOS33} [get_ports {led_o[3]}]
set_false_path -to [get_ports {led_o[*]}]
