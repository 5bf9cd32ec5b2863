// Test top: four UART transmitter -> receiver pairs at different bit periods, 100 MHz clock:
// 25 Mbaud (4 clocks per bit, the simulation setting), 12 Mbaud (8.33: fractional divisor),
// 3 Mbaud (33.3) and 115200 baud (868.06). flip_i[k] inverts line k to inject bit errors.
module sf_uart_loop_tb (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [31:0] data_i,
  input  logic [3:0]  valid_i,
  input  logic [3:0]  flip_i,
  output logic [3:0]  ready_o,
  output logic [31:0] rx_data_o,
  output logic [3:0]  rx_valid_o,
  output logic [3:0]  rx_ferr_o
);
  for (genvar k = 0; k < 4; k++) begin : g_pair
    // (a case on k rather than a parameter array: Icarus 11 has no array parameters)
    localparam int Baud = (k == 0) ? 25_000_000 : (k == 1) ? 12_000_000 : (k == 2) ? 3_000_000 : 115_200;
    logic line;
    sf_uart_tx #(.CLK_HZ(100_000_000), .BAUD(Baud)) u_tx (
      .clk_i, .rst_ni,
      .data_i (data_i[8*k +: 8]),
      .valid_i(valid_i[k]),
      .ready_o(ready_o[k]),
      .tx_o   (line)
    );
    sf_uart_rx #(.CLK_HZ(100_000_000), .BAUD(Baud)) u_rx (
      .clk_i, .rst_ni,
      .rx_i       (line ^ flip_i[k]),
      .data_o     (rx_data_o[8*k +: 8]),
      .valid_o    (rx_valid_o[k]),
      .frame_err_o(rx_ferr_o[k])
    );
  end
endmodule
