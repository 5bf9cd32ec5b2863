// Digilent Cmod A7-35T top (constraints/cmod-a7-35t.xdc): 12 MHz oscillator -> MMCM -> 100 MHz
// core clock, BTN0 reset, UART device on the FT2232HQ, two status LEDs. Vendor primitives
// (MMCME2_BASE, BUFG) live here and only here; the device and core below are portable RTL.
module sf_board_cmod_a7 #(
  parameter int N    = 256,
  parameter int S    = 256,
  parameter int P    = 4,
  parameter int WB   = 8,
  parameter int VB   = 16,
  parameter int BAUD = 3_000_000
) (
  input  logic       clk_i,       // 12 MHz
  input  logic       rst_btn_i,   // BTN0, active high
  input  logic       uart_rx_i,
  output logic       uart_tx_o,
  output logic [1:0] led_o
);
  localparam int CLK_HZ = 100_000_000;

  logic clk_fb, clk_mmcm, clk, locked;
  // VCO = 12 MHz * 62.5 = 750 MHz (600..1200 for -1 parts); 750 / 7.5 = 100 MHz
  MMCME2_BASE #(
    .CLKIN1_PERIOD   (83.333),
    .CLKFBOUT_MULT_F (62.5),
    .DIVCLK_DIVIDE   (1),
    .CLKOUT0_DIVIDE_F(7.5)
  ) u_mmcm (
    .CLKIN1(clk_i), .CLKFBIN(clk_fb), .CLKFBOUT(clk_fb), .CLKOUT0(clk_mmcm), .LOCKED(locked),
    .PWRDWN(1'b0), .RST(1'b0),
    .CLKFBOUTB(), .CLKOUT0B(), .CLKOUT1(), .CLKOUT1B(), .CLKOUT2(), .CLKOUT2B(), .CLKOUT3(),
    .CLKOUT3B(), .CLKOUT4(), .CLKOUT5(), .CLKOUT6()
  );
  BUFG u_bufg (.I(clk_mmcm), .O(clk));

  logic rst_n;
  sf_board_reset u_rst (.clk_i(clk), .arst_ni(locked & ~rst_btn_i), .rst_no(rst_n));

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

  logic [3:0] leds;
  sf_board_leds #(.CLK_HZ(CLK_HZ)) u_leds (
    .clk_i(clk), .rst_ni(rst_n), .h2d_active_i(~uart_rx_i), .d2h_active_i(~uart_tx_o), .led_o(leds)
  );
  assign led_o = leds[1:0];
endmodule
