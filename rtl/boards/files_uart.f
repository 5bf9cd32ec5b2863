# Sources of the UART device below a board top (repository-relative; read by
# scripts/vivado/build.tcl and scripts/ice40/build.sh; tests/boards checks that every module a
# top instantiates is defined by a file listed here or by the top itself).
rtl/core/sf_cmp_pkg.sv
rtl/core/sf_decay.sv
rtl/core/sf_ram.sv
rtl/core/sf_core.sv
rtl/device/sf_crc32.sv
rtl/device/sf_cobs_dec.sv
rtl/device/sf_fifo.sv
rtl/device/sf_frame_rx.sv
rtl/device/sf_frame_tx.sv
rtl/device/sf_counters.sv
rtl/device/sf_cmd_engine.sv
rtl/device/sf_device.sv
rtl/device/sf_uart_rx.sv
rtl/device/sf_uart_tx.sv
rtl/device/sf_device_uart.sv
rtl/boards/sf_board_reset.sv
rtl/boards/sf_board_leds.sv
