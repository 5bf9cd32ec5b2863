// Digilent Arty A7-100T top (constraints/arty-a7-100t.xdc): 100 MHz oscillator -> MMCM ->
// 100 MHz core clock (deskewed, with a lock signal for the reset), RESET button, UART device on
// the FT2232HQ, four status LEDs. Vendor primitives live here and only here.
module sf_board_arty_a7 #(
  parameter int N    = 512,
  parameter int S    = 256,
  parameter int P    = 8,
  parameter int WB   = 8,
  parameter int VB   = 16,
  parameter int BAUD = 3_000_000
) (
  input  logic       clk_i,       // 100 MHz
  input  logic       rst_btn_ni,  // ck_rst, active low
  input  logic       uart_rx_i,
  output logic       uart_tx_o,
  output logic [3:0] led_o
);
  localparam int CLK_HZ = 100_000_000;

  logic clk_fb, clk_mmcm, clk, locked;
  // VCO = 100 MHz * 10 = 1000 MHz; 1000 / 10 = 100 MHz
  MMCME2_BASE #(
    .CLKIN1_PERIOD   (10.0),
    .CLKFBOUT_MULT_F (10.0),
    .DIVCLK_DIVIDE   (1),
    .CLKOUT0_DIVIDE_F(10.0)
  ) u_mmcm (
    .CLKIN1(clk_i), .CLKFBIN(clk_fb), .CLKFBOUT(clk_fb), .CLKOUT0(clk_mmcm), .LOCKED(locked),
    .PWRDWN(1'b0), .RST(1'b0),
    .CLKFBOUTB(), .CLKOUT0B(), .CLKOUT1(), .CLKOUT1B(), .CLKOUT2(), .CLKOUT2B(), .CLKOUT3(),
    .CLKOUT3B(), .CLKOUT4(), .CLKOUT5(), .CLKOUT6()
  );
  BUFG u_bufg (.I(clk_mmcm), .O(clk));

  logic rst_n;
  sf_board_reset u_rst (.clk_i(clk), .arst_ni(locked & rst_btn_ni), .rst_no(rst_n));

  sf_device_uart #(
    .N(N), .S(S), .P(P), .WB(WB), .VB(VB), .CLK_HZ(CLK_HZ), .BAUD(BAUD)
  ) u_device (
    .clk_i     (clk),
    .rst_ni    (rst_n),
    .uart_rx_i (uart_rx_i),
    .uart_tx_o (uart_tx_o),
    .cts_ni    (1'b0),        // no CTS line on this board
    .busy_o    (),
    .uart_err_o()
  );

  sf_board_leds #(.CLK_HZ(CLK_HZ)) u_leds (
    .clk_i(clk), .rst_ni(rst_n), .h2d_active_i(~uart_rx_i), .d2h_active_i(~uart_tx_o), .led_o(led_o)
  );
endmodule
