// Synchronous FIFO with an inferred memory, first-word-fall-through read side:
// rdata_o is the oldest entry whenever rvalid_o is high; rready_i pops it.
module sf_fifo #(
  parameter int WIDTH = 8,
  parameter int DEPTH = 16,   // power of two
  localparam int PW   = $clog2(DEPTH),
  localparam int CW   = $clog2(DEPTH + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [WIDTH-1:0] wdata_i,
  input  logic             wvalid_i,
  output logic             wready_o,
  output logic [WIDTH-1:0] rdata_o,
  output logic             rvalid_o,
  input  logic             rready_i,
  output logic [CW-1:0]    count_o
);
  logic [WIDTH-1:0] mem [DEPTH];
  logic [PW-1:0]    wptr_q, rptr_q;
  logic [CW-1:0]    count_q;
  logic             push, pop;

  assign wready_o = (count_q != CW'(DEPTH));
  assign rvalid_o = (count_q != '0);
  assign push     = wvalid_i && wready_o;
  assign pop      = rready_i && rvalid_o;
  assign rdata_o  = mem[rptr_q];
  assign count_o  = count_q;

  always_ff @(posedge clk_i) begin
    if (push) mem[wptr_q] <= wdata_i;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wptr_q  <= '0;
      rptr_q  <= '0;
      count_q <= '0;
    end else begin
      if (push) wptr_q <= wptr_q + 1'b1;
      if (pop)  rptr_q <= rptr_q + 1'b1;
      if (push && !pop)      count_q <= count_q + 1'b1;
      else if (pop && !push) count_q <= count_q - 1'b1;
    end
  end
endmodule
