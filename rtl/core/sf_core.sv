// spikeforge core: the machine of docs/model.md in hardware, bit-exact to the reference model.
// Ports, address map and handshakes: docs/rtl.md.
module sf_core #(
  parameter int N  = 256,  // build maximum of neurons (runtime n_act <= N)
  parameter int S  = 256,  // build maximum of input channels (runtime s_act <= S), >= 1
  parameter int P  = 8,    // synapse lanes, a power of two (1 .. 64)
  parameter int WB = 8,    // weight bits (signed)
  parameter int VB = 16,   // state bits of v, I, thresholds, bias (signed)
  parameter int NL = 1,    // neuron lanes: neurons updated per cycle in phase N, a power of two <= P
  // 1: keep the 64-bit cycle and step counters here (cycles_o, steps_o, registers 20..23);
  // 0: they read as zero, and whoever wants totals counts cycle_o / stepped_o (the device does, in
  // its counter bank: 128 flip-flops and their adders less, which a small FPGA feels)
  parameter bit COUNTERS = 1'b1
) (
  input  logic        clk_i,
  input  logic        rst_ni,        // active-low synchronous reset (registers only, not memories)
  // Configuration / readback port (accepted when cfg_ready_o; one read outstanding)
  input  logic        cfg_valid_i,
  output logic        cfg_ready_o,
  input  logic        cfg_we_i,
  input  logic [31:0] cfg_addr_i,
  input  logic [31:0] cfg_wdata_i,
  output logic        cfg_rvalid_o,
  output logic [31:0] cfg_rdata_o,
  // Input channels tagged for the next step (accepted when in_ready_o)
  input  logic        in_valid_i,
  output logic        in_ready_o,
  input  logic [15:0] in_chan_i,
  // Control
  input  logic        step_i,        // run one step (taken when idle_o and no cfg read is accepted)
  input  logic        clear_i,       // reset the dynamic state (same acceptance rule; wins over step_i)
  output logic        idle_o,
  output logic        done_o,        // one-cycle pulse: a step or clear has finished
  // Spikes of the running step, ascending neuron index (stalls while !spk_ready_i)
  output logic        spk_valid_o,
  input  logic        spk_ready_i,
  output logic [15:0] spk_neuron_o,
  // Counters
  output logic        cycle_o,       // this clock is spent in a step or clear
  output logic        stepped_o,     // a step completed this clock
  output logic [63:0] cycles_o,      // clock cycles spent in steps and clears (COUNTERS)
  output logic [63:0] steps_o        // steps completed since reset (COUNTERS)
);

  // ---------------------------------------------------------------------------------------------
  // Sizes
  localparam int TB   = WB + 8;                 // trace bits
  localparam int NW   = (N + P - 1) / P;        // words of a weight row per bank; acc/y words
  localparam int XWD  = (S + N + P - 1) / P;    // pre-trace words (P traces each)
  localparam int RP   = XWD * P;                // source rows, padded to a multiple of P
  localparam int WD   = RP * NW;                // depth of one weight bank
  localparam int WAW  = (WD > 1) ? $clog2(WD) : 1;
  localparam int NAW  = (N > 1) ? $clog2(N) : 1;
  localparam int SAW  = (S > 1) ? $clog2(S) : 1;
  localparam int NWAW = (NW > 1) ? $clog2(NW) : 1;
  localparam int XAW  = (XWD > 1) ? $clog2(XWD) : 1;
  localparam int NNW  = (N + NL - 1) / NL;      // neuron words: word g holds neurons g*NL .. g*NL+NL-1
  localparam int NNAW = (NNW > 1) ? $clog2(NNW) : 1;
  localparam int CLR_LEN = (NNW > XWD) ? NNW : XWD;
  localparam int PW   = (P > 1) ? $clog2(P) : 1;
  // Widths sized to the build (docs/model.md §6), so a small build stays small (iCE40):
  // CW holds every index, count and chunk number (all <= S + N + 2P) with a spare bit, so sums
  // and comparisons below cannot wrap; AB holds |acc| <= (S+N) * 2^(WB-1); IW the neuron sums.
  localparam int CW   = $clog2(S + N + 2 * P + 2) + 1;
  localparam int AB0  = $clog2(S + N + 1) + WB;
  localparam int AB   = (AB0 > 32) ? 32 : AB0;
  localparam int IW0  = (VB + 3 > AB + 1) ? VB + 3 : AB + 1;
  localparam int IW   = IW0 + 1;
  localparam int EW   = WB + 1;                 // weight bank word: {L, w}

  localparam logic signed [IW-1:0] VMAX = (IW'(1) <<< (VB - 1)) - IW'(1);
  localparam logic signed [IW-1:0] VMIN = -(IW'(1) <<< (VB - 1));
  localparam logic [TB:0]          TMAX = (TB+1)'((64'(1) << TB) - 64'(1));

  // ---------------------------------------------------------------------------------------------
  // Engine state
  typedef enum logic [4:0] {
    St_Idle, St_CfgRd, St_ClrRd, St_ClrWr, St_AFetch, St_ASrc, St_ARd, St_AWr,
    St_NRd, St_NWr, St_NSpk, St_PFetch, St_PJ, St_PRd, St_PWr, St_XRd, St_XWr, St_Done
  } state_e;

  typedef logic [CW-1:0] cnt_t;

  state_e      state_q;
  cnt_t        idx_q, fidx_q, chunk_q, src_q, nj_q;
  cnt_t        in_count_q, fire_count_q;
  logic        from_fire_q, was_step_q;
  logic [31:0] cfg_addr_q;
  logic [63:0] cycles_q, steps_q;
  logic [S-1:0] seen_q;

  // Global configuration registers
  cnt_t                 n_act_q, s_act_q;
  logic                 learn_q;
  logic [15:0]          a_pre_q, a_post_q;
  logic [TB-1:0]        a_plus_q, a_minus_q;
  logic signed [WB-1:0] w_min_q, w_max_q;

  cnt_t nch_n, nch_src, src_total;
  assign src_total = s_act_q + n_act_q;
  assign nch_n     = (n_act_q + CW'(P - 1)) / CW'(P);
  assign nch_src   = (src_total + CW'(P - 1)) / CW'(P);

  // ---------------------------------------------------------------------------------------------
  // Config port decode (in St_Idle from cfg_addr_i; the read mux uses cfg_addr_q)
  logic        cfg_fire, cfg_wr, cfg_rd;
  logic        cfg_is_w;
  logic [2:0]  cfg_region;
  logic [27:0] cfg_index;
  logic [15:0]    cfg_row, cfg_col;
  logic [WAW-1:0] cfg_waddr;
  assign cfg_fire   = cfg_valid_i && cfg_ready_o;
  assign cfg_wr     = cfg_fire && cfg_we_i;
  assign cfg_rd     = cfg_fire && !cfg_we_i;
  assign cfg_is_w   = cfg_addr_i[31];
  assign cfg_region = cfg_addr_i[30:28];
  assign cfg_index  = cfg_addr_i[27:0];
  // Registers live at indices 0..31: decode the upper index bits once, not in every comparison.
  logic cfg_reg_hit, rd_reg_hit;
  assign cfg_reg_hit = (cfg_index[27:5] == '0);
  assign rd_reg_hit  = (cfg_addr_q[27:5] == '0);
  assign cfg_row    = {1'b0, cfg_addr_i[30:16]};
  assign cfg_col    = cfg_addr_i[15:0];
  // a weight address inside the (padded) matrix: checked once for all banks
  logic cfg_w_in;
  assign cfg_w_in   = !sf_cmp_pkg::ge_const(32'(cfg_row), RP) && !sf_cmp_pkg::ge_const(32'(cfg_col), N);
  // weight addresses are computed modulo 2^WAW: every address is below WD <= 2^WAW
  assign cfg_waddr  = WAW'(cfg_row) * WAW'(NW) + WAW'(cfg_col / 16'(P));

  logic in_fire;
  assign in_fire = in_valid_i && in_ready_o;

  // A written active count, clamped to the build: values of CW bits or more exceed N and S.
  logic wdata_big;
  cnt_t wdata_cw;
  assign wdata_big = (cfg_wdata_i[31:CW] != '0);
  assign wdata_cw  = cfg_wdata_i[CW-1:0];

  assign cfg_ready_o = (state_q == St_Idle);
  assign in_ready_o  = (state_q == St_Idle);
  assign idle_o      = (state_q == St_Idle);

  // ---------------------------------------------------------------------------------------------
  // Memories
  // Weight banks: element (s, j) in bank (s + j) mod P at address s*NW + j/P.
  logic [P*EW-1:0]      bank_rd, bank_wd, lane_rd, lane_wd;  // P words, lane/bank k at [k*EW +: EW]
  logic [P-1:0]         bank_we, lane_we;
  logic [P*WAW-1:0]     bank_addr, bank_raddr;
  logic [PW-1:0]        rot;

  // acc and y: word c holds neurons c*P .. c*P+P-1; x: word r holds sources r*P .. r*P+P-1.
  logic [P*AB-1:0]      acc_rd, acc_wd, acc_wd_mux;
  logic [P*TB-1:0]      y_rd, y_wd, x_rd, x_wd;
  logic                 acc_we, y_we, x_we;
  // Word addresses are computed in CW bits; only the low bits that select a word are used.
  /* verilator lint_off UNUSEDSIGNAL */
  cnt_t                 acc_addr, y_addr, x_addr, acc_raddr, y_raddr, x_raddr;
  /* verilator lint_on UNUSEDSIGNAL */

  // Per-neuron parameters and state: NL lanes, lane l holds the neurons j with j mod NL = l at
  // word j / NL, so that phase N reads and writes NL neurons per cycle. Lane l at [l*W +: W].
  logic [NL*VB-1:0] p_vth_rd, p_vreset_rd, p_vrest_rd, p_bias_rd, s_v_rd, s_i_rd, s_v_wd, s_i_wd;
  logic [NL*16-1:0] p_amem_rd, p_asyn_rd;
  logic [NL*8-1:0]  p_tref_rd, s_ref_rd, s_ref_wd;
  /* verilator lint_off UNUSEDSIGNAL */
  cnt_t          p_addr, s_addr, p_raddr, s_raddr;  // neuron words: only the low NNAW bits are used
  logic [27:0]   cfg_pj, cfg_sj;                      // neuron of a config parameter / state access
  /* verilator lint_on UNUSEDSIGNAL */
  logic [6:0]    p_we;
  logic          s_we;
  logic [NL-1:0] s_lane_we;                           // phase N: the lanes of active neurons
  assign cfg_pj = cfg_index / 8;
  logic cfg_pj_in;  // the parameter's neuron exists
  assign cfg_pj_in = !sf_cmp_pkg::ge_const(32'(cfg_pj), N);
  assign cfg_sj = cfg_index / 4;

  // Lists (entries are below S and N: the top bits of a channel / neuron number can go unused)
  /* verilator lint_off UNUSEDSIGNAL */
  logic [15:0]   in_rd, fire_rd;
  /* verilator lint_on UNUSEDSIGNAL */
  logic          fire_we;

  genvar b;
  for (b = 0; b < P; b++) begin : g_bank
    sf_ram #(.W(EW), .D(WD)) u_w (
      .clk_i, .we_i(bank_we[b]), .waddr_i(bank_addr[(b)*WAW +: WAW]), .wdata_i(bank_wd[(b)*EW +: EW]),
      .raddr_i(bank_raddr[(b)*WAW +: WAW]), .rdata_o(bank_rd[(b)*EW +: EW])
    );
  end

  // Only the low bits of the list address registers select an entry.
  /* verilator lint_off UNUSEDSIGNAL */
  cnt_t fidx_addr, in_raddr, in_waddr, fire_waddr;
  /* verilator lint_on UNUSEDSIGNAL */
  // While a row or column is walked the lists are read at the next arrival (the next input, or the
  // first / next fired neuron) or the next post, so that its walk can follow without a fetch.
  logic a_row, p_col;
  assign a_row      = (state_q == St_ARd || state_q == St_AWr);
  assign p_col      = (state_q == St_PRd || state_q == St_PWr);
  assign in_raddr   = (a_row && !from_fire_q) ? idx_q + CW'(1) : idx_q;
  assign fidx_addr  = ((a_row && from_fire_q) || p_col) ? fidx_q + CW'(1) : fidx_q;
  assign in_waddr   = in_count_q;
  assign fire_waddr = fire_count_q;

  sf_ram #(.W(P*AB), .D(NW))  u_acc (.clk_i, .we_i(acc_we), .waddr_i(acc_addr[NWAW-1:0]), .wdata_i(acc_wd_mux),
                                     .raddr_i(acc_raddr[NWAW-1:0]), .rdata_o(acc_rd));
  sf_ram #(.W(P*TB), .D(NW))  u_y   (.clk_i, .we_i(y_we), .waddr_i(y_addr[NWAW-1:0]), .wdata_i(y_wd),
                                     .raddr_i(y_raddr[NWAW-1:0]), .rdata_o(y_rd));
  sf_ram #(.W(P*TB), .D(XWD)) u_x   (.clk_i, .we_i(x_we), .waddr_i(x_addr[XAW-1:0]), .wdata_i(x_wd),
                                     .raddr_i(x_raddr[XAW-1:0]), .rdata_o(x_rd));

  genvar l;
  for (l = 0; l < NL; l++) begin : g_nmem
    logic [6:0] pwe;  // config write of a parameter of a neuron in this lane
    logic       swe;
    assign pwe = p_we & {7{(cfg_pj % 28'(NL)) == 28'(l)}};
    assign swe = s_we && ((state_q != St_NWr) || s_lane_we[l]);
    sf_ram #(.W(VB), .D(NNW)) u_vth    (.clk_i, .we_i(pwe[0]), .waddr_i(p_addr[NNAW-1:0]), .wdata_i(cfg_wdata_i[VB-1:0]),
                                        .raddr_i(p_raddr[NNAW-1:0]), .rdata_o(p_vth_rd[l*VB +: VB]));
    sf_ram #(.W(VB), .D(NNW)) u_vreset (.clk_i, .we_i(pwe[1]), .waddr_i(p_addr[NNAW-1:0]), .wdata_i(cfg_wdata_i[VB-1:0]),
                                        .raddr_i(p_raddr[NNAW-1:0]), .rdata_o(p_vreset_rd[l*VB +: VB]));
    sf_ram #(.W(VB), .D(NNW)) u_vrest  (.clk_i, .we_i(pwe[2]), .waddr_i(p_addr[NNAW-1:0]), .wdata_i(cfg_wdata_i[VB-1:0]),
                                        .raddr_i(p_raddr[NNAW-1:0]), .rdata_o(p_vrest_rd[l*VB +: VB]));
    sf_ram #(.W(VB), .D(NNW)) u_bias   (.clk_i, .we_i(pwe[3]), .waddr_i(p_addr[NNAW-1:0]), .wdata_i(cfg_wdata_i[VB-1:0]),
                                        .raddr_i(p_raddr[NNAW-1:0]), .rdata_o(p_bias_rd[l*VB +: VB]));
    sf_ram #(.W(16), .D(NNW)) u_amem   (.clk_i, .we_i(pwe[4]), .waddr_i(p_addr[NNAW-1:0]), .wdata_i(cfg_wdata_i[15:0]),
                                        .raddr_i(p_raddr[NNAW-1:0]), .rdata_o(p_amem_rd[l*16 +: 16]));
    sf_ram #(.W(16), .D(NNW)) u_asyn   (.clk_i, .we_i(pwe[5]), .waddr_i(p_addr[NNAW-1:0]), .wdata_i(cfg_wdata_i[15:0]),
                                        .raddr_i(p_raddr[NNAW-1:0]), .rdata_o(p_asyn_rd[l*16 +: 16]));
    sf_ram #(.W(8), .D(NNW))  u_tref   (.clk_i, .we_i(pwe[6]), .waddr_i(p_addr[NNAW-1:0]), .wdata_i(cfg_wdata_i[7:0]),
                                        .raddr_i(p_raddr[NNAW-1:0]), .rdata_o(p_tref_rd[l*8 +: 8]));
    sf_ram #(.W(VB), .D(NNW)) u_v      (.clk_i, .we_i(swe), .waddr_i(s_addr[NNAW-1:0]), .wdata_i(s_v_wd[l*VB +: VB]),
                                        .raddr_i(s_raddr[NNAW-1:0]), .rdata_o(s_v_rd[l*VB +: VB]));
    sf_ram #(.W(VB), .D(NNW)) u_i      (.clk_i, .we_i(swe), .waddr_i(s_addr[NNAW-1:0]), .wdata_i(s_i_wd[l*VB +: VB]),
                                        .raddr_i(s_raddr[NNAW-1:0]), .rdata_o(s_i_rd[l*VB +: VB]));
    sf_ram #(.W(8), .D(NNW))  u_ref    (.clk_i, .we_i(swe), .waddr_i(s_addr[NNAW-1:0]), .wdata_i(s_ref_wd[l*8 +: 8]),
                                        .raddr_i(s_raddr[NNAW-1:0]), .rdata_o(s_ref_rd[l*8 +: 8]));
  end
  logic in_new;  // a new input channel below s_act: listed once per step
  localparam int ICW = (CW > 16) ? CW : 16;  // a channel number and s_act, compared
  assign in_new = in_fire && (ICW'(in_chan_i) < ICW'(s_act_q)) && !seen_q[in_chan_i[SAW-1:0]];
  sf_ram #(.W(16), .D(S)) u_inlist (.clk_i, .we_i(in_new),
                                    .waddr_i(in_waddr[SAW-1:0]), .wdata_i(in_chan_i),
                                    .raddr_i(in_raddr[SAW-1:0]), .rdata_o(in_rd));
  sf_ram #(.W(16), .D(N)) u_fire   (.clk_i, .we_i(fire_we), .waddr_i(fire_waddr[NAW-1:0]), .wdata_i(spk_neuron_o),
                                    .raddr_i(fidx_addr[NAW-1:0]), .rdata_o(fire_rd));

  // The last chunk of a row: the next arrival, if any, starts at once. With two or more chunks per
  // row its chunk 0 is read in this cycle (a_chain: no cycle between rows); with one chunk it is
  // read in St_ARd (the acc word would be read while it is written).
  logic a_last, a_next_in, a_next_fire, a_chain;
  cnt_t a_next_src;
  assign a_last      = (state_q == St_AWr) && (chunk_q + CW'(1) >= nch_n);
  assign a_next_in   = !from_fire_q && (idx_q + CW'(1) < in_count_q);
  assign a_next_fire = !a_next_in && (from_fire_q ? (fidx_q + CW'(1) < fire_count_q) : (fidx_q < fire_count_q));
  assign a_next_src  = a_next_in ? CW'(in_rd) : s_act_q + CW'(fire_rd);
  assign a_chain     = a_last && (a_next_in || a_next_fire) && (nch_n >= CW'(2));

  // The same for the columns of phase P (no hazard there: the next column holds other synapses and
  // x is only read; with one chunk per column the list read of the next post is not back yet, so
  // St_PRd runs). The last post's walk also decays the x words it reads (phase X folded in).
  logic        p_last, p_next, p_chain, p_final;
  assign p_last  = (state_q == St_PWr) && (chunk_q + CW'(1) >= nch_src);
  assign p_next  = (fidx_q + CW'(1) < fire_count_q);
  assign p_chain = p_last && p_next && (nch_src >= CW'(2));
  assign p_final = (state_q == St_PWr) && !p_next;

  // ---------------------------------------------------------------------------------------------
  // Weight banks: addressing and the rotator between banks and lanes
  // Lane / bank numbers are taken modulo P (a power of two): their low PW bits.
  cnt_t        nj_word, chunk_next;  // word of post nj_q in a weight row; the chunk after chunk_q
  /* verilator lint_off UNUSEDSIGNAL */
  logic [15:0] fire_word;            // word of the next post (fire_rd) in a weight row (low WAW bits)
  /* verilator lint_on UNUSEDSIGNAL */
  assign nj_word    = nj_q / CW'(P);
  assign chunk_next = chunk_q + CW'(1);
  assign fire_word  = fire_rd / 16'(P);
  always_comb begin
    rot = (state_q == St_PRd || state_q == St_PWr) ? PW'(nj_q % CW'(P)) : PW'(src_q % CW'(P));
  end
  for (b = 0; b < P; b++) begin : g_rot
    logic [PW-1:0] lane_of_bank;  // the lane whose element bank b holds
    assign lane_of_bank = PW'((32'(b) + 32'(P) - 32'(rot)) % 32'(P));
    logic [PW-1:0] lane_next;  // the lane bank b holds in chunk 0 of the next post's column
    assign lane_next = PW'((32'(b) + 32'(P) - 32'(fire_rd) % 32'(P)) % 32'(P));
    assign lane_rd[(b)*EW +: EW]   = bank_rd[((32'(b) + 32'(rot)) % 32'(P))*EW +: EW];
    assign bank_wd[(b)*EW +: EW] = (state_q == St_Idle) ? {cfg_wdata_i[16], cfg_wdata_i[WB-1:0]}
                                             : lane_wd[(lane_of_bank)*EW +: EW];
    // addresses modulo 2^WAW (every weight address is below WD <= 2^WAW)
    assign bank_addr[(b)*WAW +: WAW] = (state_q == St_ARd || state_q == St_AWr)
                            ? WAW'(src_q) * WAW'(NW) + WAW'(chunk_q)
                        : (state_q == St_PRd || state_q == St_PWr)
                            ? (WAW'(chunk_q) * WAW'(P) + WAW'(lane_of_bank)) * WAW'(NW) + WAW'(nj_word)
                            : cfg_waddr;
    // St_AWr / St_PWr write chunk k and read chunk k+1 of the same row / column
    assign bank_raddr[(b)*WAW +: WAW] = a_chain ? WAW'(a_next_src) * WAW'(NW)
                        : p_chain ? WAW'(lane_next) * WAW'(NW) + WAW'(fire_word)
                        : (state_q == St_AWr) ? WAW'(src_q) * WAW'(NW) + WAW'(chunk_q) + WAW'(1)
                        : (state_q == St_PWr)
                            ? (WAW'(chunk_next) * WAW'(P) + WAW'(lane_of_bank)) * WAW'(NW) + WAW'(nj_word)
                            : bank_addr[(b)*WAW +: WAW];
    assign bank_we[b] = (state_q == St_Idle)
                          ? (cfg_wr && cfg_is_w && ((32'(cfg_row) + 32'(cfg_col)) % 32'(P) == 32'(b))
                             && cfg_w_in)
                          : ((state_q == St_AWr || state_q == St_PWr) && lane_we[lane_of_bank]);
  end

  // ---------------------------------------------------------------------------------------------
  // Lane arithmetic: arrival (acc += w, depression) and potentiation
  localparam int UW = WB + 2;  // weight update W +- (trace >> 8): docs/model.md §6
  function automatic logic signed [UW-1:0] clip_w(input logic signed [UW-1:0] x,
                                                  input logic signed [WB-1:0] lo,
                                                  input logic signed [WB-1:0] hi);
    logic signed [UW-1:0] lo_x, hi_x;
    lo_x = UW'(lo);
    hi_x = UW'(hi);
    if (x < lo_x)      clip_w = lo_x;
    else if (x > hi_x) clip_w = hi_x;
    else               clip_w = x;
  endfunction

  logic [P*TB-1:0] x_dec;
  for (b = 0; b < P; b++) begin : g_xdec
    /* verilator lint_off UNUSEDSIGNAL */
    logic signed [TB:0] xd;  // non-negative and < 2^TB: the sign bit is always 0
    /* verilator lint_on UNUSEDSIGNAL */
    logic signed [TB:0] xin;
    assign xin = {1'b0, x_rd[(b)*TB +: TB]};
    sf_decay #(.XW(TB + 1), .MW(TB)) u_dec (.x_i(xin), .a_i(a_pre_q), .y_o(xd));
    assign x_dec[(b)*TB +: TB] = xd[TB-1:0];
  end

  logic [PW-1:0] xlane;   // lane of the arriving source's pre trace
  logic [TB:0]   xsum;
  assign xlane = PW'(src_q % CW'(P));
  assign xsum  = {1'b0, x_rd[(xlane)*TB +: TB]} + {1'b0, a_plus_q};

  logic [TB-1:0] xhat;  // usat_TB(x + A_plus) of the arriving source
  assign xhat = xsum[TB] ? TMAX[TB-1:0] : xsum[TB-1:0];  // xsum > TMAX = 2^TB - 1

  for (b = 0; b < P; b++) begin : g_lane
    logic [EW-1:0]      lr;
    /* verilator lint_off UNUSEDSIGNAL */
    logic [TB-1:0]      yl, xl;  // traces: only the integer part (>> 8) changes weights
    /* verilator lint_on UNUSEDSIGNAL */
    logic signed [UW-1:0] wx, dep, pot;
    /* verilator lint_off UNUSEDSIGNAL */
    logic signed [UW-1:0] upd;  // clipped to [w_min, w_max]: fits WB bits
    /* verilator lint_on UNUSEDSIGNAL */
    assign lr  = lane_rd[(b)*EW +: EW];
    assign yl  = y_rd[(b)*TB +: TB];
    assign xl  = x_rd[(b)*TB +: TB];
    assign wx  = UW'($signed(lr[WB-1:0]));
    assign dep = clip_w(wx - UW'({1'b0, yl[TB-1:8]}), w_min_q, w_max_q);
    assign pot = clip_w(wx + UW'({1'b0, xl[TB-1:8]}), w_min_q, w_max_q);
    assign upd = (state_q == St_AWr) ? dep : pot;
    assign lane_wd[(b)*EW +: EW] = (learn_q && lr[WB]) ? {lr[WB], upd[WB-1:0]} : lr;
    assign lane_we[b] = (state_q == St_AWr) ? ((chunk_q * CW'(P) + CW'(b)) < n_act_q)
                                            : ((chunk_q * CW'(P) + CW'(b)) < src_total);
    assign acc_wd[(b)*AB +: AB]  = acc_rd[(b)*AB +: AB] + AB'($signed(lr[WB-1:0]));
    assign x_wd[(b)*TB +: TB]    = (state_q == St_ClrWr) ? '0  // clear: x = 0 (model.md §3 reset state)
                      : (state_q == St_XWr || p_final) ? x_dec[(b)*TB +: TB]
                      : (state_q == St_AWr && xlane == PW'(b)) ? xhat : xl;
  end

  // ---------------------------------------------------------------------------------------------
  // Neuron update: the NL neurons idx_q .. idx_q+NL-1 per St_NWr (one neuron word)
  // x fits VB bits when its bits VB-1 and up are all equal (a sign test, no comparator chain).
  function automatic logic [VB-1:0] sat_v(input logic signed [IW-1:0] x);
    logic [IW-VB:0] hi;
    hi = x[IW-1:VB-1];
    if (hi == '0 || hi == '1) sat_v = x[VB-1:0];
    else if (x[IW-1])         sat_v = VMIN[VB-1:0];
    else                      sat_v = VMAX[VB-1:0];
  endfunction

  logic [PW-1:0]    nbase;      // lane of neuron idx_q in its acc/y word (a multiple of NL)
  logic [NL-1:0]    nact;       // lane holds an active neuron (idx_q + l < n_act)
  logic [NL-1:0]    nfired;     // lane's neuron fires (phase N)
  logic [NL*TB-1:0] ndec_y;     // lane's new post trace
  assign nbase = PW'(idx_q % CW'(P));

  for (l = 0; l < NL; l++) begin : g_nrn
    logic signed [AB-1:0] acc_j;
    logic [TB-1:0]        y_j;
    logic signed [VB-1:0] dec_i, i_old;
    logic signed [VB:0]   dv, dec_v;
    logic signed [TB+1:0] yhat;
    /* verilator lint_off UNUSEDSIGNAL */
    logic signed [TB+1:0] dec_y;  // 0 <= dec_y <= yhat < 2^TB
    /* verilator lint_on UNUSEDSIGNAL */
    logic signed [IW-1:0] isum, vsum;
    logic [VB-1:0]        i_new, v_sat, vth, vreset, vrest, bias, v_old;
    logic [7:0]           ref_old, tref;
    logic                 fired;
    logic [TB:0]          ysum;

    assign nact[l] = (idx_q + CW'(l)) < n_act_q;
    assign acc_j   = $signed(acc_rd[(32'(nbase) + 32'(l))*AB +: AB]);
    assign y_j     = y_rd[(32'(nbase) + 32'(l))*TB +: TB];
    assign vth     = p_vth_rd[l*VB +: VB];
    assign vreset  = p_vreset_rd[l*VB +: VB];
    assign vrest   = p_vrest_rd[l*VB +: VB];
    assign bias    = p_bias_rd[l*VB +: VB];
    assign tref    = p_tref_rd[l*8 +: 8];
    assign v_old   = s_v_rd[l*VB +: VB];
    assign i_old   = s_i_rd[l*VB +: VB];
    assign ref_old = s_ref_rd[l*8 +: 8];
    assign dv      = (VB+1)'($signed(v_old)) - (VB+1)'($signed(vrest));

    sf_decay #(.XW(VB), .MW(VB))         u_dec_i (.x_i(i_old), .a_i(p_asyn_rd[l*16 +: 16]), .y_o(dec_i));
    sf_decay #(.XW(VB + 1), .MW(VB))     u_dec_v (.x_i(dv), .a_i(p_amem_rd[l*16 +: 16]), .y_o(dec_v));
    sf_decay #(.XW(TB + 2), .MW(TB))     u_dec_y (.x_i(yhat), .a_i(a_post_q), .y_o(dec_y));

    // Continuous assignments only: per-lane always_comb blocks that read what they write send
    // Icarus 11 into an endless evaluation loop once there are several lanes.
    logic [VB-1:0] v_wd, i_wd;
    logic [7:0]    ref_wd;
    logic          in_ref;
    assign isum   = IW'(dec_i) + IW'(acc_j);
    assign i_new  = sat_v(isum);
    assign vsum   = IW'($signed(vrest)) + IW'(dec_v) + IW'($signed(i_new)) + IW'($signed(bias));
    assign v_sat  = sat_v(vsum);
    assign in_ref = (ref_old != 8'd0);
    assign fired  = !in_ref && ($signed(v_sat) >= $signed(vth));
    assign ysum   = {1'b0, y_j} + {1'b0, a_minus_q};
    assign yhat   = fired ? $signed({1'b0, (ysum[TB] ? TMAX : ysum)}) : $signed({2'b0, y_j});  // ysum > TMAX
    // clear (model.md §3 reset state): v = v_rest, I = 0, ref = 0
    assign v_wd   = (state_q == St_ClrWr) ? vrest : (in_ref || fired) ? vreset : v_sat;
    assign i_wd   = (state_q == St_ClrWr) ? '0 : i_new;
    assign ref_wd = (state_q == St_ClrWr) ? '0 : in_ref ? ref_old - 8'd1 : fired ? tref : 8'd0;
    assign s_v_wd[l*VB +: VB] = v_wd;
    assign s_i_wd[l*VB +: VB] = i_wd;
    assign s_ref_wd[l*8 +: 8] = ref_wd;
    assign nfired[l]            = fired && nact[l];
    assign ndec_y[l*TB +: TB]   = dec_y[TB-1:0];
    assign s_lane_we[l]         = nact[l];
  end

  // y: the neuron phase rewrites the lanes of its active neurons; clear zeroes. acc: arrival adds
  // (acc_wd), the neuron phase clears the lanes it consumed, clear zeroes.
  // Phase N writes neuron word k while it reads word k+1: when k+1 shares k's acc/y word (NL < P),
  // the word read missed the write of k's lanes, so the word written for k+1 starts from the
  // forwarded copy (nfwd_q: the previous cycle was a St_NWr that went straight on to the next word).
  logic            nfwd_q;
  logic [P*AB-1:0] nacc_fwd_q, nacc_base;
  logic [P*TB-1:0] ny_fwd_q, ny_base;
  assign nacc_base = (nfwd_q && nbase != '0) ? nacc_fwd_q : acc_rd;
  assign ny_base   = (nfwd_q && nbase != '0) ? ny_fwd_q : y_rd;
  for (b = 0; b < P; b++) begin : g_ny
    logic nupd;  // word lane b holds an active neuron of the current neuron word
    assign nupd = (32'(b / NL) == 32'(nbase) / 32'(NL)) && nact[b % NL];
    assign y_wd[(b)*TB +: TB] = (state_q == St_ClrWr) ? '0
                                : nupd ? ndec_y[(b % NL)*TB +: TB] : ny_base[(b)*TB +: TB];
    assign acc_wd_mux[(b)*AB +: AB] = (state_q == St_ClrWr) ? '0
                         : (state_q == St_NWr) ? (nupd ? '0 : nacc_base[(b)*AB +: AB])
                         : acc_wd[(b)*AB +: AB];
  end

  // Spikes of a neuron word leave one per cycle, lowest lane first: St_NWr offers the first and,
  // when more fired (or the consumer is not ready), St_NSpk offers the rest (npend_q).
  logic [NL-1:0] npend_q, ncand, nrest;
  logic [31:0]   nfirst;
  logic          nemit;
  function automatic logic [31:0] lowest_set(input logic [NL-1:0] m);
    lowest_set = 32'd0;
    for (int k = NL - 1; k >= 0; k--) if (m[k]) lowest_set = 32'(k);
  endfunction
  assign ncand  = (state_q == St_NWr) ? nfired : (state_q == St_NSpk) ? npend_q : '0;
  assign nfirst = lowest_set(ncand);
  assign nemit = (ncand != '0) && spk_ready_i;
  assign nrest = ncand & ~(nemit ? (NL'(1) << nfirst) : '0);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      nfwd_q  <= 1'b0;
      npend_q <= '0;
    end else begin
      nfwd_q  <= (state_q == St_NWr) && (nrest == '0);
      npend_q <= nrest;
    end
    nacc_fwd_q <= acc_wd_mux;
    ny_fwd_q   <= y_wd;
  end

  // ---------------------------------------------------------------------------------------------
  // Memory port control
  always_comb begin
    // addresses
    acc_addr = '0;
    y_addr   = CW'(cfg_index / 28'(4 * P));
    x_addr   = CW'(cfg_index / 28'(P));
    p_addr   = CW'(cfg_pj / 28'(NL));
    s_addr   = CW'(cfg_sj / 28'(NL));
    case (state_q)
      St_ClrRd, St_ClrWr: begin
        acc_addr = idx_q; y_addr = idx_q; x_addr = idx_q; p_addr = idx_q; s_addr = idx_q;
      end
      St_ARd, St_AWr: begin
        acc_addr = chunk_q; y_addr = chunk_q; x_addr = src_q / CW'(P);
      end
      St_NRd, St_NWr, St_NSpk: begin
        acc_addr = idx_q / CW'(P); y_addr = idx_q / CW'(P);
        p_addr   = idx_q / CW'(NL); s_addr = idx_q / CW'(NL);
      end
      St_PRd, St_PWr, St_XRd, St_XWr: begin
        x_addr = chunk_q;
      end
      default: ;
    endcase
    // read addresses: the address being written, except where the next item is read while this
    // one is written (phase N: neuron idx+1; phase X: word chunk+1)
    acc_raddr = acc_addr; y_raddr = y_addr; x_raddr = x_addr; p_raddr = p_addr; s_raddr = s_addr;
    case (state_q)
      St_NWr, St_NSpk: begin
        acc_raddr = (idx_q + CW'(NL)) / CW'(P); y_raddr = (idx_q + CW'(NL)) / CW'(P);
        p_raddr   = (idx_q + CW'(NL)) / CW'(NL); s_raddr = (idx_q + CW'(NL)) / CW'(NL);
      end
      St_XWr: x_raddr = chunk_q + CW'(1);
      St_PWr: x_raddr = p_chain ? '0 : chunk_q + CW'(1);
      St_AWr: begin
        acc_raddr = a_chain ? '0 : chunk_q + CW'(1);
        y_raddr   = a_chain ? '0 : chunk_q + CW'(1);
        if (a_chain) x_raddr = a_next_src / CW'(P);
      end
      default: ;
    endcase
    // write enables
    acc_we = 1'b0; y_we = 1'b0; x_we = 1'b0; s_we = 1'b0; fire_we = 1'b0;
    case (state_q)
      St_ClrWr: begin
        acc_we = !sf_cmp_pkg::ge_const(32'(idx_q), NW);
        y_we   = !sf_cmp_pkg::ge_const(32'(idx_q), NW);
        x_we   = !sf_cmp_pkg::ge_const(32'(idx_q), XWD);
        s_we   = !sf_cmp_pkg::ge_const(32'(idx_q), NNW);
      end
      St_AWr: begin
        acc_we = 1'b1;
        x_we   = (chunk_q == '0);
      end
      St_NWr: begin
        acc_we  = 1'b1;
        y_we    = 1'b1;
        s_we    = 1'b1;  // lanes of active neurons only (s_lane_we)
      end
      St_XWr: x_we = 1'b1;
      St_PWr: x_we = p_final;
      default: ;
    endcase
    fire_we = nemit;
    for (int f = 0; f < 7; f++) begin
      p_we[f] = cfg_wr && !cfg_is_w && cfg_region == 3'd1 && cfg_index[2:0] == 3'(f)
                && cfg_pj_in;
    end
  end


  // ---------------------------------------------------------------------------------------------
  // Config read data (valid in St_CfgRd, from cfg_addr_q)
  // With P = 1 the lane/bank selects are constant and rd_row/col/j/s go unused.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [31:0] rd_row, rd_col, rd_j, rd_s, rd_bank, rd_pl, rd_sl;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [31:0] rd_reg;
  logic [EW-1:0] rd_w;
  always_comb begin
    rd_row = {17'b0, cfg_addr_q[30:16]};
    rd_col = {16'b0, cfg_addr_q[15:0]};
    rd_j   = {4'b0, cfg_addr_q[27:0]} / 4;
    rd_pl  = ({4'b0, cfg_addr_q[27:0]} / 8) % 32'(NL);  // neuron lane of a parameter read
    rd_sl  = rd_j % 32'(NL);                              // neuron lane of a state read
    rd_s   = {4'b0, cfg_addr_q[27:0]};
    rd_bank = (rd_row + rd_col) % 32'(P);
    rd_w   = bank_rd[rd_bank*EW +: EW];
    case (cfg_addr_q[4:0])
      5'd0:  rd_reg = 32'h5346_0001;
      5'd1:  rd_reg = 32'(N);
      5'd2:  rd_reg = 32'(S);
      5'd3:  rd_reg = 32'(P);
      5'd4:  rd_reg = 32'(WB);
      5'd5:  rd_reg = 32'(VB);
      5'd6:  rd_reg = 32'(NL);
      5'd8:  rd_reg = 32'(n_act_q);
      5'd9:  rd_reg = 32'(s_act_q);
      5'd10: rd_reg = {31'b0, learn_q};
      5'd11: rd_reg = {16'b0, a_pre_q};
      5'd12: rd_reg = {16'b0, a_post_q};
      5'd13: rd_reg = 32'(a_plus_q);
      5'd14: rd_reg = 32'(a_minus_q);
      5'd15: rd_reg = 32'(w_min_q);
      5'd16: rd_reg = 32'(w_max_q);
      5'd20: rd_reg = cycles_q[31:0];
      5'd21: rd_reg = cycles_q[63:32];
      5'd22: rd_reg = steps_q[31:0];
      5'd23: rd_reg = steps_q[63:32];
      default: rd_reg = 32'd0;
    endcase
    if (!rd_reg_hit) rd_reg = 32'd0;
    if (cfg_addr_q[31]) begin
      cfg_rdata_o = {15'b0, rd_w[WB], 16'($signed(rd_w[WB-1:0]))};
    end else begin
      case (cfg_addr_q[30:28])
        3'd0: cfg_rdata_o = rd_reg;
        3'd1: begin
          case (cfg_addr_q[2:0])
            3'd0: cfg_rdata_o = 32'($signed(p_vth_rd[rd_pl*VB +: VB]));
            3'd1: cfg_rdata_o = 32'($signed(p_vreset_rd[rd_pl*VB +: VB]));
            3'd2: cfg_rdata_o = 32'($signed(p_vrest_rd[rd_pl*VB +: VB]));
            3'd3: cfg_rdata_o = 32'($signed(p_bias_rd[rd_pl*VB +: VB]));
            3'd4: cfg_rdata_o = {16'b0, p_amem_rd[rd_pl*16 +: 16]};
            3'd5: cfg_rdata_o = {16'b0, p_asyn_rd[rd_pl*16 +: 16]};
            3'd6: cfg_rdata_o = {24'b0, p_tref_rd[rd_pl*8 +: 8]};
            default: cfg_rdata_o = 32'd0;
          endcase
        end
        3'd2: begin
          case (cfg_addr_q[1:0])
            2'd0: cfg_rdata_o = 32'($signed(s_v_rd[rd_sl*VB +: VB]));
            2'd1: cfg_rdata_o = 32'($signed(s_i_rd[rd_sl*VB +: VB]));
            2'd2: cfg_rdata_o = {24'b0, s_ref_rd[rd_sl*8 +: 8]};
            default: cfg_rdata_o = 32'(y_rd[(rd_j % 32'(P))*TB +: TB]);
          endcase
        end
        3'd3: cfg_rdata_o = 32'(x_rd[(rd_s % 32'(P))*TB +: TB]);
        default: cfg_rdata_o = 32'd0;
      endcase
    end
  end
  assign cfg_rvalid_o = (state_q == St_CfgRd);

  // ---------------------------------------------------------------------------------------------
  // Outputs
  assign spk_valid_o  = (ncand != '0);
  assign spk_neuron_o = 16'(idx_q) + nfirst[15:0];
  assign done_o       = (state_q == St_Done);
  assign cycles_o     = cycles_q;
  assign steps_o      = steps_q;
  assign cycle_o      = (state_q != St_Idle && state_q != St_CfgRd);
  assign stepped_o    = (state_q == St_Done) && was_step_q;

  // ---------------------------------------------------------------------------------------------
  // Sequencer
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q      <= St_Idle;
      idx_q        <= '0;
      fidx_q       <= '0;
      chunk_q      <= '0;
      src_q        <= '0;
      nj_q         <= '0;
      in_count_q   <= '0;
      fire_count_q <= '0;
      from_fire_q  <= 1'b0;
      was_step_q   <= 1'b0;
      cfg_addr_q   <= '0;
      cycles_q     <= '0;
      steps_q      <= '0;
      seen_q       <= '0;
      n_act_q      <= CW'(N);
      s_act_q      <= CW'(S);
      learn_q      <= 1'b0;
      a_pre_q      <= '0;
      a_post_q     <= '0;
      a_plus_q     <= '0;
      a_minus_q    <= '0;
      w_min_q      <= '0;
      w_max_q      <= '0;
    end else begin
      if (COUNTERS && cycle_o) cycles_q <= cycles_q + 64'd1;
      case (state_q)
        St_Idle: begin
          if (cfg_wr && !cfg_is_w && cfg_region == 3'd0 && cfg_reg_hit) begin
            case (cfg_index[4:0])
              5'd8:  n_act_q   <= (wdata_big || sf_cmp_pkg::gt_const(32'(wdata_cw), N)) ? CW'(N) : wdata_cw;
              5'd9:  s_act_q   <= (wdata_big || sf_cmp_pkg::gt_const(32'(wdata_cw), S)) ? CW'(S) : wdata_cw;
              5'd10: learn_q   <= cfg_wdata_i[0];
              5'd11: a_pre_q   <= cfg_wdata_i[15:0];
              5'd12: a_post_q  <= cfg_wdata_i[15:0];
              5'd13: a_plus_q  <= cfg_wdata_i[TB-1:0];
              5'd14: a_minus_q <= cfg_wdata_i[TB-1:0];
              5'd15: w_min_q   <= cfg_wdata_i[WB-1:0];
              5'd16: w_max_q   <= cfg_wdata_i[WB-1:0];
              default: ;
            endcase
          end
          if (in_new) begin
            seen_q[in_chan_i[SAW-1:0]] <= 1'b1;
            in_count_q <= in_count_q + CW'(1);
          end
          if (cfg_rd) begin
            cfg_addr_q <= cfg_addr_i;
            state_q    <= St_CfgRd;
          end else if (clear_i) begin
            idx_q   <= '0;
            state_q <= St_ClrRd;
          end else if (step_i) begin
            idx_q   <= '0;
            fidx_q  <= '0;
            state_q <= St_AFetch;
          end
        end
        St_CfgRd: state_q <= St_Idle;
        // --- clear -------------------------------------------------------------------------------
        St_ClrRd: state_q <= St_ClrWr;
        St_ClrWr: begin
          if (sf_cmp_pkg::ge_const(32'(idx_q), CLR_LEN - 1)) begin
            fire_count_q <= '0;
            was_step_q   <= 1'b0;
            state_q      <= St_Done;
          end else begin
            idx_q   <= idx_q + CW'(1);
            state_q <= St_ClrRd;
          end
        end
        // --- phase A: arrivals -------------------------------------------------------------------
        St_AFetch: begin
          if (idx_q < in_count_q) begin
            from_fire_q <= 1'b0;
            state_q     <= St_ASrc;
          end else if (fidx_q < fire_count_q) begin
            from_fire_q <= 1'b1;
            state_q     <= St_ASrc;
          end else begin
            idx_q        <= '0;
            fire_count_q <= '0;
            state_q      <= St_NRd;
          end
        end
        St_ASrc: begin
          if (from_fire_q) begin
            src_q <= s_act_q + CW'(fire_rd);
          end else begin
            src_q <= CW'(in_rd);
            seen_q[in_rd[SAW-1:0]] <= 1'b0;
          end
          chunk_q <= '0;
          state_q <= St_ARd;
        end
        // St_ARd reads chunk 0; every St_AWr writes chunk k and reads k+1 (1 chunk/cycle)
        St_ARd: state_q <= St_AWr;
        St_AWr: begin
          if (a_last) begin
            if (from_fire_q) fidx_q <= fidx_q + CW'(1);
            else             idx_q  <= idx_q + CW'(1);
            if (a_next_in || a_next_fire) begin
              src_q       <= a_next_src;
              from_fire_q <= a_next_fire;
              if (a_next_in) seen_q[in_rd[SAW-1:0]] <= 1'b0;
              chunk_q     <= '0;
              state_q     <= a_chain ? St_AWr : St_ARd;
            end else begin
              state_q <= St_AFetch;
            end
          end else begin
            chunk_q <= chunk_q + CW'(1);
          end
        end
        // --- phase N: neurons --------------------------------------------------------------------
        St_NRd: begin
          if (idx_q >= n_act_q) begin
            fidx_q  <= '0;
            chunk_q <= '0;
            state_q <= (learn_q && fire_count_q != '0) ? St_PFetch : St_XRd;
          end else begin
            state_q <= St_NWr;
          end
        end
        // St_NRd reads neuron word 0; every St_NWr writes word idx/NL and reads the next (NL neurons
        // per cycle); St_NSpk holds the word while its further spikes leave (one per cycle)
        St_NWr, St_NSpk: begin
          if (nemit) fire_count_q <= fire_count_q + CW'(1);
          if (nrest != '0) begin
            state_q <= St_NSpk;
          end else begin
            idx_q <= idx_q + CW'(NL);
            if (idx_q + CW'(NL) >= n_act_q) begin
              fidx_q  <= '0;
              chunk_q <= '0;
              state_q <= (learn_q && (fire_count_q != '0 || nemit)) ? St_PFetch : St_XRd;
            end else begin
              state_q <= St_NWr;
            end
          end
        end
        // --- phase P: potentiation ---------------------------------------------------------------
        // Entered only with fire_count_q > 0 (phase N chooses); one cycle for the fired list's read
        // of the first post. Later posts chain in St_PWr, the last one ends the step.
        St_PFetch: state_q <= St_PJ;
        St_PJ: begin
          nj_q    <= CW'(fire_rd);
          chunk_q <= '0;
          state_q <= St_PRd;
        end
        // St_PRd reads chunk 0; every St_PWr writes chunk k and reads k+1 (1 chunk/cycle)
        St_PRd: state_q <= St_PWr;
        St_PWr: begin
          if (p_last) begin
            fidx_q <= fidx_q + CW'(1);
            if (p_next) begin
              nj_q    <= CW'(fire_rd);
              chunk_q <= '0;
              state_q <= p_chain ? St_PWr : St_PRd;
            end else begin
              was_step_q <= 1'b1;  // phase X was folded into this column walk
              state_q    <= St_Done;
            end
          end else begin
            chunk_q <= chunk_q + CW'(1);
          end
        end
        // --- phase X: pre-trace decay ------------------------------------------------------------
        // St_XRd reads word 0; every St_XWr writes word chunk and reads chunk+1 (1 word/cycle)
        St_XRd: state_q <= St_XWr;
        St_XWr: begin
          if (chunk_q + CW'(1) >= nch_src) begin
            was_step_q <= 1'b1;
            state_q    <= St_Done;
          end else begin
            chunk_q <= chunk_q + CW'(1);
          end
        end
        St_Done: begin
          if (was_step_q) begin
            if (COUNTERS) steps_q <= steps_q + 64'd1;
            in_count_q <= '0;
          end
          state_q <= St_Idle;
        end
        default: state_q <= St_Idle;
      endcase
    end
  end
endmodule
