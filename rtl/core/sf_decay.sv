// decay(x, a) = trunc(x * a / 2^16), rounding toward zero (docs/model.md §2), computed on the
// magnitude: sign(x) * floor(|x| * a / 2^16). The caller bounds |x| < 2^MW (MW <= XW), so the
// multiplier is MW x 16 unsigned: one 16 x 16 DSP for the 8/16-bit build, where the signed form
// (XW + 1 by 17 bits) needed several plus a 33-bit rounding adder. |result| <= |x|, so the
// result fits the operand width.
module sf_decay #(
  parameter int XW = 16,   // operand width, signed
  parameter int MW = XW    // |x| < 2^MW
) (
  input  logic signed [XW-1:0] x_i,
  input  logic [15:0]          a_i,
  output logic signed [XW-1:0] y_o
);
  logic          neg;
  localparam int PRW = MW + 16;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [XW-1:0]  mag_x;  // |x| < 2^MW: bits MW and above are zero
  logic [PRW-1:0] prod;   // the low 16 bits are the truncated fraction
  /* verilator lint_on UNUSEDSIGNAL */
  logic [MW-1:0] mag_y;

  assign neg   = x_i[XW-1];
  assign mag_x = neg ? XW'(-x_i) : XW'(x_i);
  assign prod  = PRW'(mag_x[MW-1:0]) * PRW'(a_i);
  assign mag_y = prod[PRW-1:16];
  assign y_o   = neg ? -(XW'(mag_y)) : XW'(mag_y);
endmodule
