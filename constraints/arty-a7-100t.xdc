# Digilent Arty A7-100T (xc7a100tcsg324-1): top sf_board_arty_a7. Pins as in Digilent's
# Arty-A7-100 master XDC; only the pins spikeforge uses.
set_property CFGBVS VCCO [current_design]
set_property CONFIG_VOLTAGE 3.3 [current_design]

# 100 MHz oscillator
set_property -dict {PACKAGE_PIN E3 IOSTANDARD LVCMOS33} [get_ports clk_i]
create_clock -name sysclk -period 10.000 [get_ports clk_i]

# RESET button (ck_rst), active low
set_property -dict {PACKAGE_PIN C2 IOSTANDARD LVCMOS33} [get_ports rst_btn_ni]

# USB-UART (FT2232HQ channel B): uart_rx_i = FPGA input (Sch=uart_txd_in), uart_tx_o = FPGA output
set_property -dict {PACKAGE_PIN A9 IOSTANDARD LVCMOS33} [get_ports uart_rx_i]
set_property -dict {PACKAGE_PIN D10 IOSTANDARD LVCMOS33} [get_ports uart_tx_o]

# LD4..LD7: heartbeat, locked-and-running, host->device activity, device->host activity
set_property -dict {PACKAGE_PIN H5 IOSTANDARD LVCMOS33} [get_ports {led_o[0]}]
set_property -dict {PACKAGE_PIN J5 IOSTANDARD LVCMOS33} [get_ports {led_o[1]}]
set_property -dict {PACKAGE_PIN T9 IOSTANDARD LVCMOS33} [get_ports {led_o[2]}]
set_property -dict {PACKAGE_PIN T10 IOSTANDARD LVCMOS33} [get_ports {led_o[3]}]

set_false_path -from [get_ports {rst_btn_ni uart_rx_i}]
set_false_path -to [get_ports {uart_tx_o led_o[*]}]
