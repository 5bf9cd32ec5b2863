// The device on a UART: 8N1 at BAUD from CLK_HZ (docs/device.md has the divisor table). cts_ni
// is optional hardware flow control from the host (low = host can take bytes; tie it low when
// the board has no CTS line): while it is high the device holds its next byte, and the time a
// response waits this way is counted as stall cycles (docs/protocol.md §8).
module sf_device_uart #(
  parameter int N      = 256,
  parameter int S      = 256,
  parameter int P      = 8,
  parameter int WB     = 8,
  parameter int VB     = 16,
  parameter int CLK_HZ = 100_000_000,
  parameter int BAUD   = 3_000_000,
  parameter logic [127:0] BUILD_ID = "spikeforge-rtl-1"
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic uart_rx_i,
  output logic uart_tx_o,
  input  logic cts_ni,
  output logic busy_o,
  output logic uart_err_o      // pulses on a UART framing error (for an LED; not a counter)
);
  logic [7:0] rx_byte, tx_byte;
  logic       rx_valid, tx_valid, tx_ready, utx_ready, dev_busy;

  sf_uart_rx #(.CLK_HZ(CLK_HZ), .BAUD(BAUD)) u_urx (
    .clk_i, .rst_ni, .rx_i(uart_rx_i),
    .data_o(rx_byte), .valid_o(rx_valid), .frame_err_o(uart_err_o));

  // Two-flop synchroniser on CTS.
  logic [1:0] cts_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) cts_q <= 2'b00;
    else         cts_q <= {cts_q[0], cts_ni};
  end

  assign tx_ready = utx_ready && !cts_q[1];

  sf_uart_tx #(.CLK_HZ(CLK_HZ), .BAUD(BAUD)) u_utx (
    .clk_i, .rst_ni,
    .data_i(tx_byte), .valid_i(tx_valid && !cts_q[1]), .ready_o(utx_ready), .tx_o(uart_tx_o));

  sf_device #(.N(N), .S(S), .P(P), .WB(WB), .VB(VB), .BUILD_ID(BUILD_ID)) u_dev (
    .clk_i, .rst_ni,
    .rx_byte_i(rx_byte), .rx_valid_i(rx_valid),
    .tx_byte_o(tx_byte), .tx_valid_o(tx_valid), .tx_ready_i(tx_ready),
    .host_blocked_i(cts_q[1]),
    .busy_o(dev_busy));

  assign busy_o = dev_busy || !utx_ready;
endmodule
