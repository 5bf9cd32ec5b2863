// Comparisons against constants, as plain logic.
//
// Yosys turns every relational operator into an adder's carry chain, and on an iCE40 each bit of
// a carry chain takes a logic cell even when one side is a constant (`count > 1018` costs 16
// cells and a carry chain to place). Against a constant, x > c is a chain of ANDs (where c has a
// 1) and ORs (where c has a 0) from the least significant bit up, which folds into about one LUT
// per three bits. Used for the range checks of the core's config port and the command engine.
// Simulators run the same chain (Verilator folds it against the constant: the board twin's device
// model executes as many instructions per clock either way). tests/rtl/tb_cmp_pkg.sv checks it
// against the operators.
package sf_cmp_pkg;
  // x > c (both unsigned; meant for constant c)
  function automatic logic gt_const(input logic [31:0] x, input logic [31:0] c);
    logic gt;
    gt = 1'b0;
    for (int i = 0; i < 32; i++) gt = c[i] ? (x[i] & gt) : (x[i] | gt);
    gt_const = gt;
  endfunction

  // x >= c (both unsigned; meant for constant c)
  function automatic logic ge_const(input logic [31:0] x, input logic [31:0] c);
    ge_const = (c == 32'd0) || gt_const(x, c - 32'd1);
  endfunction
endpackage
