// sf_cmp_pkg's comparison chains against the operators, for constants at and around the build
// limits the RTL compares with, powers of two and random values, each against x = 0, c - 1, c,
// c + 1, the maximum and random values. Prints PASS or the first mismatch.
module tb_cmp_pkg;
  function automatic logic [31:0] edge_const(input int k);
    case (k)
      0: edge_const = 32'd0;          1: edge_const = 32'd1;          2: edge_const = 32'd2;
      3: edge_const = 32'd3;          4: edge_const = 32'd7;          5: edge_const = 32'd8;
      6: edge_const = 32'd16;         7: edge_const = 32'd255;        8: edge_const = 32'd256;
      9: edge_const = 32'd1017;       10: edge_const = 32'd1018;      11: edge_const = 32'd65535;
      12: edge_const = 32'd65536;     13: edge_const = 32'h7FFF_FFFF; 14: edge_const = 32'hFFFF_FFFE;
      default: edge_const = 32'hFFFF_FFFF;
    endcase
  endfunction
  initial begin
    int fails, checks;
    logic [31:0] c, x;
    fails = 0;
    checks = 0;
    for (int k = 0; k < 16 + 200; k++) begin
      c = (k < 16) ? edge_const(k) : $urandom;
      for (int j = 0; j < 6 + 50; j++) begin
        case (j)
          0: x = 32'd0;
          1: x = c - 32'd1;
          2: x = c;
          3: x = c + 32'd1;
          4: x = 32'hFFFF_FFFF;
          5: x = c ^ 32'd1;
          default: x = (j % 2 == 0) ? $urandom : ($urandom & 32'h0000_FFFF);
        endcase
        checks += 2;
        if (sf_cmp_pkg::gt_const(x, c) !== (x > c)) begin
          if (fails == 0) $display("FAIL gt_const(%0d, %0d) = %b", x, c, sf_cmp_pkg::gt_const(x, c));
          fails++;
        end
        if (sf_cmp_pkg::ge_const(x, c) !== (x >= c)) begin
          if (fails == 0) $display("FAIL ge_const(%0d, %0d) = %b", x, c, sf_cmp_pkg::ge_const(x, c));
          fails++;
        end
      end
    end
    if (fails == 0) $display("PASS %0d comparisons", checks);
    else $display("FAIL %0d of %0d", fails, checks);
    $finish;
  end
endmodule
