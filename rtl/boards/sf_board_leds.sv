// Status LEDs of a board top: [0] heartbeat (about 1 Hz while the clock runs), [1] out of reset,
// [2] host->device activity, [3] device->host activity. Activity comes from watching the serial
// lines (a UART line idles high) or from strobes (mailbox tops); each event lights its LED for
// about 50 ms so that single frames are visible.
module sf_board_leds #(
  parameter int CLK_HZ = 100_000_000
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       h2d_active_i,  // asynchronous, active high (a UART top passes ~rx pin)
  input  logic       d2h_active_i,
  output logic [3:0] led_o
);
  localparam int HALF_S   = CLK_HZ / 2;
  localparam int STRETCH  = CLK_HZ / 20;
  localparam int BW       = $clog2(HALF_S + 1);
  localparam int SW       = $clog2(STRETCH + 1);

  logic [BW-1:0] beat_q;
  logic          beat_led_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      beat_q     <= '0;
      beat_led_q <= 1'b0;
    end else if (beat_q == BW'(HALF_S - 1)) begin
      beat_q     <= '0;
      beat_led_q <= ~beat_led_q;
    end else begin
      beat_q <= beat_q + 1'b1;
    end
  end

  // two-flop synchronisers, then pulse stretchers
  logic [1:0] h2d_q, d2h_q;
  logic [SW-1:0] h2d_cnt_q, d2h_cnt_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      h2d_q     <= '0;
      d2h_q     <= '0;
      h2d_cnt_q <= '0;
      d2h_cnt_q <= '0;
    end else begin
      h2d_q <= {h2d_q[0], h2d_active_i};
      d2h_q <= {d2h_q[0], d2h_active_i};
      if (h2d_q[1])                h2d_cnt_q <= SW'(STRETCH);
      else if (h2d_cnt_q != '0)    h2d_cnt_q <= h2d_cnt_q - 1'b1;
      if (d2h_q[1])                d2h_cnt_q <= SW'(STRETCH);
      else if (d2h_cnt_q != '0)    d2h_cnt_q <= d2h_cnt_q - 1'b1;
    end
  end

  assign led_o = {d2h_cnt_q != '0, h2d_cnt_q != '0, rst_ni, beat_led_q};
endmodule
