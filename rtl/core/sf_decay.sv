// decay(x, a) = trunc(x * a / 2^16), rounding toward zero (docs/model.md §2). |result| <= |x|, so
// the result fits the operand width.
module sf_decay #(
  parameter int XW = 16
) (
  input  logic signed [XW-1:0] x_i,
  input  logic [15:0]          a_i,
  output logic signed [XW-1:0] y_o
);
  logic signed [XW+16:0] prod, biased;
  // Only the low XW bits of the shifted product are significant (|decay(x, a)| <= |x|).
  /* verilator lint_off UNUSEDSIGNAL */
  logic signed [XW+16:0] shifted;
  /* verilator lint_on UNUSEDSIGNAL */

  assign prod    = x_i * $signed({1'b0, a_i});
  assign biased  = prod + ((prod < 0) ? (XW+17)'(65535) : '0);
  assign shifted = biased >>> 16;
  assign y_o     = shifted[XW-1:0];
endmodule
