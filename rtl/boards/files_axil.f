# Sources of the AXI4-Lite mailbox device below a Zynq / MPSoC / Alveo top (see files_uart.f).
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
rtl/device/sf_axil_mailbox.sv
rtl/device/sf_device_axil.sv
rtl/boards/sf_board_reset.sv
rtl/boards/sf_board_leds.sv
