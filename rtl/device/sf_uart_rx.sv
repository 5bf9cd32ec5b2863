// UART receiver, 8N1, LSB first, with a two-flop synchroniser on rx_i.
//
// A falling edge starts a byte; every bit is sampled in its middle. Bit lengths follow the same
// Bresenham schedule as sf_uart_tx (Q or Q+1 clocks, CLK_HZ / BAUD on average), so a fractional
// divisor does not accumulate error over the frame. The stop bit is sampled in its middle and the
// receiver is ready for the next start bit right after, which tolerates a sender that is slightly
// faster. A low stop bit is a framing error: the byte is dropped (frame_err_o pulses) and the
// receiver waits for the line to return high before it looks for the next start bit.
module sf_uart_rx #(
  parameter int CLK_HZ = 100_000_000,
  parameter int BAUD   = 115_200
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       rx_i,
  output logic [7:0] data_o,
  output logic       valid_o,
  output logic       frame_err_o
);
  localparam int Q  = CLK_HZ / BAUD;
  localparam int R  = CLK_HZ % BAUD;
  localparam int CW = $clog2(Q + 2);
  localparam int AW = $clog2(BAUD + 1) + 1;

  typedef enum logic [1:0] {Idle, Bits, WaitHigh} state_e;

  logic [1:0]    sync_q;
  logic          rx_s;
  state_e        state_q;
  logic [3:0]    bit_q;      // 0 = start bit, 1..8 data, 9 stop
  logic [CW-1:0] cnt_q;
  logic [AW-1:0] acc_q;
  logic [7:0]    data_q;
  logic          valid_q, ferr_q;

  logic [AW-1:0] acc_sum;
  logic          carry;
  assign acc_sum = acc_q + AW'(R);
  assign carry   = (acc_sum >= AW'(BAUD));

  assign rx_s        = sync_q[1];
  assign data_o      = data_q;
  assign valid_o     = valid_q;
  assign frame_err_o = ferr_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sync_q  <= 2'b11;
      state_q <= Idle;
      bit_q   <= 4'd0;
      cnt_q   <= '0;
      acc_q   <= '0;
      data_q  <= 8'd0;
      valid_q <= 1'b0;
      ferr_q  <= 1'b0;
    end else begin
      sync_q  <= {sync_q[0], rx_i};
      valid_q <= 1'b0;
      ferr_q  <= 1'b0;
      case (state_q)
        Idle: begin
          if (!rx_s) begin
            // Middle of the start bit: half a bit after the edge (the edge was seen one clock late).
            state_q <= Bits;
            bit_q   <= 4'd0;
            cnt_q   <= CW'(Q / 2 - 1);
            acc_q   <= '0;
          end
        end
        Bits: begin
          if (cnt_q != '0) begin
            cnt_q <= cnt_q - 1'b1;
          end else begin
            cnt_q <= CW'(Q - 1) + CW'(carry);
            acc_q <= carry ? acc_sum - AW'(BAUD) : acc_sum;
            bit_q <= bit_q + 4'd1;
            if (bit_q == 4'd0) begin
              if (rx_s) state_q <= Idle;             // a glitch, not a start bit
            end else if (bit_q == 4'd9) begin
              if (rx_s) begin
                valid_q <= 1'b1;
                state_q <= Idle;
              end else begin
                ferr_q  <= 1'b1;
                state_q <= WaitHigh;
              end
            end else begin
              data_q <= {rx_s, data_q[7:1]};
            end
          end
        end
        WaitHigh: if (rx_s) state_q <= Idle;
        default: state_q <= Idle;
      endcase
    end
  end

`ifndef SYNTHESIS
  initial begin
    if (Q < 4) $error("sf_uart_rx: CLK_HZ / BAUD must be at least 4");
  end
`endif
endmodule
