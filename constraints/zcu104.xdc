# AMD ZCU104 (xczu7ev-ffvc1156-2-e). Pins from the ZCU104 board files (part0_pins.xml) and UG1267.
# The AXI build (block design scripts/vivado/bd_zynqmp.tcl) is clocked from the PS (pl_clk0) and
# uses only the LEDs; the UART build (top sf_board_zcu104_uart) uses all of the pins below. Vivado
# warns about (and ignores) the constraints of ports the chosen top does not have.

# GPIO_LED_0..3: heartbeat, running, host->device activity, device->host activity
set_property -dict {PACKAGE_PIN D5 IOSTANDARD LVCMOS33} [get_ports {led_o[0]}]
set_property -dict {PACKAGE_PIN D6 IOSTANDARD LVCMOS33} [get_ports {led_o[1]}]
set_property -dict {PACKAGE_PIN A5 IOSTANDARD LVCMOS33} [get_ports {led_o[2]}]
set_property -dict {PACKAGE_PIN B5 IOSTANDARD LVCMOS33} [get_ports {led_o[3]}]
set_false_path -to [get_ports {led_o[*]}]

# --- UART top only ---
# 300 MHz differential clock (CLK_300_P/N; MMCM in the top makes the 150 MHz core clock)
set_property -dict {PACKAGE_PIN AH18 IOSTANDARD DIFF_SSTL12} [get_ports clk_p_i]
set_property -dict {PACKAGE_PIN AH17 IOSTANDARD DIFF_SSTL12} [get_ports clk_n_i]
create_clock -name clk300 -period 3.333 [get_ports clk_p_i]
# CPU_RESET push button, active high
set_property -dict {PACKAGE_PIN M11 IOSTANDARD LVCMOS33} [get_ports rst_btn_i]
# UART2 of the CP2108 bridge (uart2_PL): RX = FPGA input, TX = FPGA output (bank 28, 1.8 V)
set_property -dict {PACKAGE_PIN A20 IOSTANDARD LVCMOS18} [get_ports uart_rx_i]
set_property -dict {PACKAGE_PIN C19 IOSTANDARD LVCMOS18} [get_ports uart_tx_o]
set_false_path -from [get_ports {rst_btn_i uart_rx_i}]
set_false_path -to [get_ports uart_tx_o]
