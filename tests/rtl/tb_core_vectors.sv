// Icarus testbench: replays a vector file written by tests/rtl/vectors/record_vectors.cpp (the
// reference model's spikes, state and weights for seeded random networks) on sf_core through its
// ports (docs/rtl.md) and checks every step's spikes and every expected config read.
//   iverilog -g2012 -s tb_core_vectors -P tb_core_vectors.N=37 ... rtl/core/*.sv tb_core_vectors.sv
//   vvp -n a.out +vectors=file.hex [+seed=K]
// Prints "PASS ..." or "FAIL ..." as its last line. The spike port is back-pressured at random so
// the engine's stall path is exercised too.
`timescale 1ns / 1ps
module tb_core_vectors;
  parameter int N = 37;
  parameter int S = 11;
  parameter int P = 4;
  parameter int WB = 8;
  parameter int VB = 16;
  parameter int NL = 1;               // neuron lanes of the core (results must not depend on it)
  parameter int DEPTH = 1 << 21;      // vector words (unwritten ones stay X: a bad word)
  parameter int TIMEOUT = 2000000;    // cycles any single operation may take
  parameter int MAX_ERRORS = 8;

  logic        clk = 1'b0;
  logic        rst_n = 1'b0;
  logic        cfg_valid = 1'b0, cfg_we = 1'b0;
  logic [31:0] cfg_addr = '0, cfg_wdata = '0;
  logic        cfg_ready, cfg_rvalid;
  logic [31:0] cfg_rdata;
  logic        in_valid = 1'b0;
  logic        in_ready;
  logic [15:0] in_chan = '0;
  logic        step = 1'b0, clear = 1'b0;
  logic        idle, done;
  logic        spk_valid, spk_ready = 1'b0;
  logic [15:0] spk_neuron;
  logic [63:0] cycles, steps;

  sf_core #(.N(N), .S(S), .P(P), .WB(WB), .VB(VB), .NL(NL)) dut (
    .clk_i(clk), .rst_ni(rst_n),
    .cfg_valid_i(cfg_valid), .cfg_ready_o(cfg_ready), .cfg_we_i(cfg_we), .cfg_addr_i(cfg_addr),
    .cfg_wdata_i(cfg_wdata), .cfg_rvalid_o(cfg_rvalid), .cfg_rdata_o(cfg_rdata),
    .in_valid_i(in_valid), .in_ready_o(in_ready), .in_chan_i(in_chan),
    .step_i(step), .clear_i(clear), .idle_o(idle), .done_o(done),
    .spk_valid_o(spk_valid), .spk_ready_i(spk_ready), .spk_neuron_o(spk_neuron),
    .cycles_o(cycles), .steps_o(steps));

  always #5 clk = ~clk;

  logic [31:0] vec [0:DEPTH-1];
  integer pc = 0;
  integer errors = 0;
  integer checks = 0;
  integer net = -1, net_seed = 0, cur_step = -1;
  integer rnd = 1;
  integer got [0:N];  // spikes of the running step
  integer ngot = 0;
  string path;

  // A small LCG for the back-pressure pattern (deterministic, seedable with +seed=K).
  function automatic integer next_rand(input integer x);
    next_rand = x * 1103515245 + 12345;
  endfunction

  task automatic fail(input string msg);
    errors = errors + 1;
    $display("MISMATCH net %0d (seed %0d) step %0d: %s", net, net_seed, cur_step, msg);
    if (errors >= MAX_ERRORS) begin
      $display("FAIL: %0d mismatches (stopped at the first %0d), %0d checks", errors, MAX_ERRORS, checks);
      $finish;
    end
  endtask

  task automatic timeout(input string what);
    $display("FAIL: timeout after %0d cycles waiting for %s (net %0d step %0d)", TIMEOUT, what, net, cur_step);
    $finish;
  endtask

  // Wait (at negedges, where everything the core drives is stable) until `ready` is high, then let
  // one rising edge transfer the request.
  task automatic cfg_xfer(input logic we, input logic [31:0] addr, input logic [31:0] data);
    integer n;
    cfg_valid = 1'b1; cfg_we = we; cfg_addr = addr; cfg_wdata = data;
    n = 0;
    while (!cfg_ready) begin
      @(negedge clk);
      n = n + 1;
      if (n > TIMEOUT) timeout("cfg_ready");
    end
    @(negedge clk);
    cfg_valid = 1'b0; cfg_we = 1'b0;
  endtask

  function automatic string where(input logic [31:0] addr);
    if (addr[31]) where = $sformatf("weight row %0d col %0d", addr[30:16], addr[15:0]);
    else case (addr[30:28])
      3'd0: where = $sformatf("register %0d", addr[27:0]);
      3'd1: where = $sformatf("neuron %0d param %0d", addr[27:0] / 8, addr[27:0] % 8);
      3'd2: where = $sformatf("neuron %0d %s", addr[27:0] / 4,
                              addr[1:0] == 0 ? "v" : addr[1:0] == 1 ? "I" : addr[1:0] == 2 ? "ref" : "y");
      3'd3: where = $sformatf("pre trace x[%0d]", addr[27:0]);
      default: where = $sformatf("address %h", addr);
    endcase
  endfunction

  task automatic cfg_read_expect(input logic [31:0] addr, input logic [31:0] expect_data);
    integer n;
    cfg_xfer(1'b0, addr, 32'd0);
    n = 0;
    while (!cfg_rvalid) begin
      @(negedge clk);
      n = n + 1;
      if (n > TIMEOUT) timeout("cfg_rvalid");
    end
    checks = checks + 1;
    if (cfg_rdata !== expect_data && addr[31])
      fail($sformatf("%s: model w=%0d L=%0d, core w=%0d L=%0d (%h)", where(addr), $signed(expect_data[15:0]),
                     expect_data[16], $signed(cfg_rdata[15:0]), cfg_rdata[16], cfg_rdata));
    else if (cfg_rdata !== expect_data)
      fail($sformatf("%s: model %0d (%h), core %0d (%h)", where(addr), $signed(expect_data), expect_data,
                     $signed(cfg_rdata), cfg_rdata));
  endtask

  task automatic push_input(input logic [15:0] c);
    integer n;
    in_valid = 1'b1; in_chan = c;
    n = 0;
    while (!in_ready) begin
      @(negedge clk);
      n = n + 1;
      if (n > TIMEOUT) timeout("in_ready");
    end
    @(negedge clk);
    in_valid = 1'b0;
  endtask

  // Pulse step_i or clear_i while idle, then collect spikes (randomly back-pressured) until done_o.
  task automatic run_engine(input logic is_clear);
    integer n;
    logic finished;
    n = 0;
    while (!(idle && cfg_ready)) begin
      @(negedge clk);
      n = n + 1;
      if (n > TIMEOUT) timeout("idle");
    end
    if (is_clear) clear = 1'b1; else step = 1'b1;
    @(negedge clk);
    clear = 1'b0; step = 1'b0;
    ngot = 0;
    n = 0;
    finished = 1'b0;
    while (!finished) begin
      rnd = next_rand(rnd);
      spk_ready = rnd[20:18] != 3'd0;  // ready 7 cycles in 8
      if (spk_valid && spk_ready) begin
        if (is_clear) fail($sformatf("spike of neuron %0d during a clear", spk_neuron));
        else if (ngot > N) fail("more spikes than neurons");
        else begin
          got[ngot] = spk_neuron;
          ngot = ngot + 1;
        end
      end
      if (done) finished = 1'b1;
      else begin
        @(negedge clk);
        n = n + 1;
        if (n > TIMEOUT) timeout(is_clear ? "done of clear" : "done of step");
      end
    end
    @(negedge clk);
    spk_ready = 1'b0;
  endtask

  task automatic check_spikes(input integer nexp, input integer base);
    integer k;
    string exp_s, got_s;
    logic same;
    same = (nexp == ngot);
    for (k = 0; k < nexp && same; k = k + 1) same = (vec[base + k] == got[k]);
    checks = checks + 1;
    if (!same) begin
      exp_s = "";
      got_s = "";
      for (k = 0; k < nexp && k < 16; k = k + 1) exp_s = $sformatf("%s %0d", exp_s, vec[base + k]);
      for (k = 0; k < ngot && k < 16; k = k + 1) got_s = $sformatf("%s %0d", got_s, got[k]);
      fail($sformatf("spikes: model [%s ] (%0d), core [%s ] (%0d)", exp_s, nexp, got_s, ngot));
    end
  endtask

  integer op, nexp, k, steps_run;
  initial begin
    if (!$value$plusargs("vectors=%s", path)) begin
      $display("FAIL: no +vectors=FILE");
      $finish;
    end
    if ($value$plusargs("seed=%d", rnd)) rnd = rnd * 2 + 1;
    $readmemh(path, vec);
    repeat (4) @(negedge clk);
    rst_n = 1'b1;
    @(negedge clk);
    steps_run = 0;
    forever begin
      if (pc >= DEPTH - 8) begin
        $display("FAIL: vector file %s has no end marker", path);
        $finish;
      end
      op = vec[pc];
      case (op)
        0: begin
          if (errors == 0) begin
            $display("PASS: %0d checks, %0d networks, %0d steps, %0d core cycles", checks, net + 1, steps_run, cycles);
          end else begin
            $display("FAIL: %0d mismatches, %0d checks", errors, checks);
          end
          $finish;
        end
        1: begin cfg_xfer(1'b1, vec[pc + 1], vec[pc + 2]); pc = pc + 3; end
        2: begin cfg_read_expect(vec[pc + 1], vec[pc + 2]); pc = pc + 3; end
        3: begin push_input(vec[pc + 1][15:0]); pc = pc + 2; end
        4: begin
          cur_step = vec[pc + 1];
          nexp = vec[pc + 2];
          run_engine(1'b0);
          check_spikes(nexp, pc + 3);
          steps_run = steps_run + 1;
          pc = pc + 3 + nexp;
        end
        5: begin run_engine(1'b1); pc = pc + 1; end
        6: begin
          net = vec[pc + 1];
          net_seed = vec[pc + 2];
          cur_step = -1;
          $display("net %0d: seed %0d, n_act %0d, s_act %0d", net, net_seed, vec[pc + 3], vec[pc + 4]);
          pc = pc + 5;
        end
        default: begin
          $display("FAIL: bad vector word %h at %0d in %s", op, pc, path);
          $finish;
        end
      endcase
    end
  end
endmodule
