// 1BitSquared iCEBreaker top (constraints/icebreaker.pcf): the 12 MHz oscillator clocks the
// device directly (no PLL needed at this size), BTN_N reset, UART device on the FT2232H, two
// active-low status LEDs. Built by the open flow scripts/ice40/build.sh.
module sf_board_icebreaker #(
  parameter int N    = 16,
  parameter int S    = 16,
  parameter int P    = 1,
  parameter int WB   = 8,
  parameter int VB   = 16,
  parameter int BAUD = 115_200
) (
  input  logic       clk_i,       // 12 MHz
  input  logic       rst_btn_ni,  // BTN_N, active low
  input  logic       uart_rx_i,
  output logic       uart_tx_o,
  output logic [1:0] led_no       // LEDR_N, LEDG_N
);
  localparam int CLK_HZ = 12_000_000;

  logic rst_n, busy, uart_err;
  sf_board_reset u_rst (.clk_i(clk_i), .arst_ni(rst_btn_ni), .rst_no(rst_n));

  sf_device_uart #(
    .N(N), .S(S), .P(P), .WB(WB), .VB(VB), .CLK_HZ(CLK_HZ), .BAUD(BAUD)
  ) u_device (
    .clk_i     (clk_i),
    .rst_ni    (rst_n),
    .uart_rx_i (uart_rx_i),
    .uart_tx_o (uart_tx_o),
    .cts_ni    (1'b0),        // no CTS line on this board
    .busy_o    (busy),
    .uart_err_o(uart_err)
  );

  logic [3:0] leds;
  sf_board_leds #(.CLK_HZ(CLK_HZ)) u_leds (
    .clk_i(clk_i), .rst_ni(rst_n), .h2d_active_i(~uart_rx_i), .d2h_active_i(~uart_tx_o), .led_o(leds)
  );
  assign led_no = ~leds[1:0];   // heartbeat, out of reset: the board has two LEDs
  logic unused_status;          // (the activity LEDs and status need a PMOD)
  assign unused_status = ^{leds[3:2], busy, uart_err};
endmodule
