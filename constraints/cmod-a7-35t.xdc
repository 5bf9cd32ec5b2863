# Digilent Cmod A7-35T (xc7a35tcpg236-1): top sf_board_cmod_a7. Pins as in Digilent's
# Cmod-A7 master XDC; only the pins spikeforge uses.
set_property CFGBVS VCCO [current_design]
set_property CONFIG_VOLTAGE 3.3 [current_design]

# 12 MHz oscillator (MMCM in the top makes the 100 MHz core clock)
set_property -dict {PACKAGE_PIN L17 IOSTANDARD LVCMOS33} [get_ports clk_i]
create_clock -name sysclk -period 83.333 [get_ports clk_i]

# BTN0: reset, active high
set_property -dict {PACKAGE_PIN A18 IOSTANDARD LVCMOS33} [get_ports rst_btn_i]

# USB-UART (FT2232HQ channel B): uart_rx_i = FPGA input (Sch=uart_txd_in), uart_tx_o = FPGA output
set_property -dict {PACKAGE_PIN J17 IOSTANDARD LVCMOS33} [get_ports uart_rx_i]
set_property -dict {PACKAGE_PIN J18 IOSTANDARD LVCMOS33} [get_ports uart_tx_o]

# LD1, LD2: heartbeat, locked-and-running
set_property -dict {PACKAGE_PIN A17 IOSTANDARD LVCMOS33} [get_ports {led_o[0]}]
set_property -dict {PACKAGE_PIN C16 IOSTANDARD LVCMOS33} [get_ports {led_o[1]}]

# Asynchronous I/O: synchronised inside the design
set_false_path -from [get_ports {rst_btn_i uart_rx_i}]
set_false_path -to [get_ports {uart_tx_o led_o[*]}]
