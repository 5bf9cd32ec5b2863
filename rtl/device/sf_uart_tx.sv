// UART transmitter, 8 data bits, no parity, 1 stop bit (8N1), LSB first.
//
// The bit period is CLK_HZ / BAUD clocks. When that is not an integer (12 Mbaud from 100 MHz is
// 8.33 clocks) a Bresenham accumulator makes each bit Q or Q+1 clocks long so that the edges never
// drift by more than one clock from the ideal positions: the only error left is the +-1 clock
// jitter of an edge, not an accumulated rate error (table in docs/device.md).
module sf_uart_tx #(
  parameter int CLK_HZ = 100_000_000,
  parameter int BAUD   = 115_200
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic [7:0] data_i,
  input  logic       valid_i,
  output logic       ready_o,
  output logic       tx_o
);
  localparam int Q  = CLK_HZ / BAUD;   // whole clocks per bit (>= 2)
  localparam int R  = CLK_HZ % BAUD;   // remainder distributed by the accumulator
  localparam int CW = $clog2(Q + 2);
  localparam int AW = $clog2(BAUD + 1) + 1;

  logic [9:0]    shift_q;    // stop, data[7:0], start; shifted out LSB first
  logic [3:0]    bits_q;     // bits still to send (0 = idle)
  logic [CW-1:0] cnt_q;      // clocks left in the current bit
  logic [AW-1:0] acc_q;      // Bresenham remainder accumulator

  // Length of the next bit: Q, or Q + 1 when the accumulated remainder crosses BAUD.
  logic [AW-1:0] acc_sum;
  logic          carry;
  assign acc_sum = acc_q + AW'(R);
  assign carry   = (acc_sum >= AW'(BAUD));

  assign ready_o = (bits_q == 4'd0);
  assign tx_o    = (bits_q == 4'd0) ? 1'b1 : shift_q[0];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      shift_q <= '1;
      bits_q  <= 4'd0;
      cnt_q   <= '0;
      acc_q   <= '0;
    end else if (bits_q == 4'd0) begin
      if (valid_i) begin
        shift_q <= {1'b1, data_i, 1'b0};
        bits_q  <= 4'd10;
        cnt_q   <= CW'(Q - 1) + CW'(carry);
        acc_q   <= carry ? acc_sum - AW'(BAUD) : acc_sum;
      end
    end else if (cnt_q != '0) begin
      cnt_q <= cnt_q - 1'b1;
    end else begin
      shift_q <= {1'b1, shift_q[9:1]};
      bits_q  <= bits_q - 4'd1;
      if (bits_q != 4'd1) begin
        cnt_q <= CW'(Q - 1) + CW'(carry);
        acc_q <= carry ? acc_sum - AW'(BAUD) : acc_sum;
      end
    end
  end

`ifndef SYNTHESIS
  initial begin
    if (Q < 4) $error("sf_uart_tx: CLK_HZ / BAUD must be at least 4");
  end
`endif
endmodule
