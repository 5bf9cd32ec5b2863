// The device's event counters (docs/protocol.md §7), K of them, 64 bits each (four WW = 16-bit
// words), kept in one small RAM instead of flip-flops.
//
// Why: seven 64-bit counters in flip-flops, with their adders and the multiplexers that read them
// out, were ~680 of the iCE40 build's logic cells. Here each counter has a small flip-flop
// counter of pending events; a sequencer visits the counters in turn and adds the pending count
// into the stored value, one word per access (read one clock, write the next), rippling the carry
// through all four words. A visit takes 8 clocks, so every counter is brought up to date every
// 8*K clocks and the pending counters need only clog2(16*K + 1) bits (one round, plus the
// clearing round after reset); nothing is ever lost.
//
// Reading: while counter k is visited, each word's new value is shown on word_o (word_valid_o,
// word_k_o, word_w_o; words 0..3 every other clock, least significant first). Those four words
// are the counter's exact value as of the clock of word 0 (every event of the clocks before it),
// so a reader that takes them in one visit reads a consistent 64-bit value; it waits at most 8*K
// clocks for its counter to come round.
//
// After reset the sequencer first zeroes the RAM (one round, 8*K clocks); events meanwhile stay
// pending.
module sf_counters #(
  parameter int K  = 7,
  parameter int WW = 16,   // word width: the device uses 16 (a 4*WW = 64-bit counter); the test
                           // uses 4, so that its counters carry through every word and wrap
  localparam int KW = (K > 1) ? $clog2(K) : 1,
  localparam int PW = $clog2(16 * K + 1),  // pending events: the clearing round plus one round
  localparam int SW = ((PW > WW) ? PW : WW) + 1   // a word plus what is added to it, no wrap
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic [K-1:0]  inc_i,          // counter k counts an event this clock
  output logic          word_valid_o,
  output logic [KW-1:0] word_k_o,
  output logic [1:0]    word_w_o,
  output logic [WW-1:0] word_o
);
  logic [K*PW-1:0] pend_q;             // counter k's at [k*PW +: PW]
  logic [KW-1:0]   k_q;                 // counter being visited
  logic [1:0]      w_q;                 // its word
  logic            wr_q;                // 0: read word w_q, 1: its data is here, write it back
  logic [SW-WW-1:0] carry_q;           // carry into word w_q (1 bit unless PW > WW)
  logic            clr_q;               // zeroing the RAM after reset

  localparam int AW = $clog2(4 * K);
  logic [AW-1:0]   addr;                // word w_q of counter k_q: read, then written back
  logic [WW-1:0]   rdata;
  logic [SW-1:0]   sum;
  logic [PW-1:0]   addend;

  assign addr = AW'({k_q, w_q});
  sf_ram #(.W(WW), .D(4 * K)) u_mem (
    .clk_i, .we_i(wr_q), .waddr_i(addr), .wdata_i(clr_q ? '0 : sum[WW-1:0]),
    .raddr_i(addr), .rdata_o(rdata));

  assign addend = (w_q == 2'd0) ? pend_q[32'(k_q)*PW +: PW] : PW'(carry_q);
  assign sum    = SW'(rdata) + SW'(addend);

  assign word_valid_o = wr_q && !clr_q;
  assign word_k_o     = k_q;
  assign word_w_o     = w_q;
  assign word_o       = sum[WW-1:0];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      k_q     <= '0;
      w_q     <= '0;
      wr_q    <= 1'b0;
      carry_q <= '0;
      clr_q   <= 1'b1;
      pend_q  <= '0;
    end else begin
      // pending events: the visited counter's are taken by word 0's write (unless clearing)
      for (int k = 0; k < K; k++) begin
        if (wr_q && !clr_q && w_q == 2'd0 && KW'(k) == k_q) pend_q[k*PW +: PW] <= PW'(inc_i[k]);
        else pend_q[k*PW +: PW] <= pend_q[k*PW +: PW] + PW'(inc_i[k]);
      end
      wr_q <= !wr_q;
      if (wr_q) begin
        carry_q <= clr_q ? '0 : sum[SW-1:WW];
        w_q     <= w_q + 2'd1;
        if (w_q == 2'd3) begin
          carry_q <= '0;
          if (k_q == KW'(K - 1)) begin
            k_q   <= '0;
            clr_q <= 1'b0;
          end else begin
            k_q <= k_q + KW'(1);
          end
        end
      end
    end
  end
endmodule
