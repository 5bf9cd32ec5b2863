// AMD ZCU104 UART top (constraints/zcu104.xdc; the default ZCU104 build is the AXI block design):
// 300 MHz differential clock -> IBUFDS -> MMCM -> 150 MHz core clock, CPU_RESET button, UART
// device on UART2 of the CP2108 bridge, four status LEDs. Vendor primitives live here only.
module sf_board_zcu104_uart #(
  parameter int N    = 1024,
  parameter int S    = 1024,
  parameter int P    = 16,
  parameter int WB   = 8,
  parameter int VB   = 16,
  parameter int BAUD = 921_600
) (
  input  logic       clk_p_i,     // 300 MHz, DIFF_SSTL12
  input  logic       clk_n_i,
  input  logic       rst_btn_i,   // CPU_RESET, active high
  input  logic       uart_rx_i,
  output logic       uart_tx_o,
  output logic [3:0] led_o
);
  localparam int CLK_HZ = 150_000_000;

  logic clk_in, clk_fb, clk_mmcm, clk, locked;
  IBUFDS u_ibufds (.I(clk_p_i), .IB(clk_n_i), .O(clk_in));
  // VCO = 300 MHz * 4 = 1200 MHz (800..1600); 1200 / 8 = 150 MHz
  MMCME4_BASE #(
    .CLKIN1_PERIOD   (3.333),
    .CLKFBOUT_MULT_F (4.0),
    .DIVCLK_DIVIDE   (1),
    .CLKOUT0_DIVIDE_F(8.0)
  ) u_mmcm (
    .CLKIN1(clk_in), .CLKFBIN(clk_fb), .CLKFBOUT(clk_fb), .CLKOUT0(clk_mmcm), .LOCKED(locked),
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

  sf_board_leds #(.CLK_HZ(CLK_HZ)) u_leds (
    .clk_i(clk), .rst_ni(rst_n), .h2d_active_i(~uart_rx_i), .d2h_active_i(~uart_tx_o), .led_o(led_o)
  );
endmodule
