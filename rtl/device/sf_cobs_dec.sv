// Streaming COBS decoder (frames delimited by 0x00). Each input byte yields at most one output
// byte, so the decoder never back-pressures. A code byte c opens a group of c-1 data bytes; the
// zero that a group shorter than 254 stands for is emitted lazily, when the next code byte
// arrives, so the frame's final (implicit) zero is never emitted. eof_o pulses with the delimiter
// that ends a non-empty frame; err_o with it when the last group was cut short (truncated frame).
// Consecutive delimiters (empty frames) are ignored: a host may send extra 0x00 to resynchronise.
module sf_cobs_dec (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic [7:0] data_i,
  input  logic       valid_i,
  output logic [7:0] data_o,
  output logic       valid_o,
  output logic       eof_o,
  output logic       err_o
);
  logic [7:0] left_q;      // data bytes left in the current group
  logic       in_frame_q;  // a code byte was seen since the last delimiter
  logic       ff_q;        // the current group's code was 0xFF (no implicit zero after it)

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      left_q     <= 8'd0;
      in_frame_q <= 1'b0;
      ff_q       <= 1'b0;
      data_o     <= 8'd0;
      valid_o    <= 1'b0;
      eof_o      <= 1'b0;
      err_o      <= 1'b0;
    end else begin
      valid_o <= 1'b0;
      eof_o   <= 1'b0;
      err_o   <= 1'b0;
      if (valid_i) begin
        if (data_i == 8'd0) begin
          if (in_frame_q) begin
            eof_o <= 1'b1;
            err_o <= (left_q != 8'd0);
          end
          left_q     <= 8'd0;
          in_frame_q <= 1'b0;
          ff_q       <= 1'b0;
        end else if (left_q == 8'd0) begin
          // code byte
          if (in_frame_q && !ff_q) begin
            data_o  <= 8'd0;
            valid_o <= 1'b1;
          end
          left_q     <= data_i - 8'd1;
          ff_q       <= (data_i == 8'hFF);
          in_frame_q <= 1'b1;
        end else begin
          data_o  <= data_i;
          valid_o <= 1'b1;
          left_q  <= left_q - 8'd1;
        end
      end
    end
  end
endmodule
