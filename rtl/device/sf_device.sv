// The device behind any byte stream: frame receiver, command engine, response sender, event
// counters and the core. sf_device_uart and sf_device_axil put a UART or an AXI4-Lite mailbox in
// front of it.
module sf_device #(
  parameter int N  = 256,
  parameter int S  = 256,
  parameter int P  = 8,
  parameter int WB = 8,
  parameter int VB = 16,
  parameter logic [127:0] BUILD_ID = "spikeforge-rtl-1"
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  // encoded bytes from the host (no back-pressure: the receiver takes one per clock)
  input  logic [7:0] rx_byte_i,
  input  logic       rx_valid_i,
  // encoded bytes to the host
  output logic [7:0] tx_byte_o,
  output logic       tx_valid_o,
  input  logic       tx_ready_i,
  input  logic       host_blocked_i,   // the link is not taking bytes because of the host
  output logic       busy_o            // a command is being executed or answered
);
  localparam int MaxFrame = 1024;

  logic        fvalid, fack, crc_err, frame_err;
  logic [10:0] flen;
  logic [9:0]  raddr;
  logic [7:0]  rdata;

  sf_frame_rx #(.MAX_LEN(MaxFrame)) u_rx (
    .clk_i, .rst_ni,
    .byte_i(rx_byte_i), .byte_valid_i(rx_valid_i),
    .frame_valid_o(fvalid), .frame_len_o(flen),
    .rd_addr_i(raddr), .rd_data_o(rdata), .frame_ack_i(fack),
    .crc_err_o(crc_err), .frame_err_o(frame_err));

  logic [9:0]  taddr;
  logic [10:0] tlen;
  logic [7:0]  tdata;
  logic        twe, tsend, tbusy;

  sf_frame_tx #(.MAX_LEN(MaxFrame - 4)) u_tx (
    .clk_i, .rst_ni,
    .wr_addr_i(taddr), .wr_data_i(tdata), .wr_en_i(twe),
    .send_i(tsend), .len_i(tlen), .busy_o(tbusy),
    .byte_o(tx_byte_o), .byte_valid_o(tx_valid_o), .byte_ready_i(tx_ready_i));

  logic        cfg_valid, cfg_ready, cfg_we, cfg_rvalid;
  logic [31:0] cfg_addr, cfg_wdata, cfg_rdata;
  logic        in_valid, in_ready, step, clear, idle, done, spk_valid, spk_ready;
  logic [15:0] in_chan, spk_neuron;
  logic        cycle, stepped, engine_busy;
  logic [63:0] core_cycles, core_steps;
  logic [6:0]  ctr_inc;
  logic        ctr_valid;
  logic [2:0]  ctr_k;
  logic [1:0]  ctr_w;
  logic [15:0] ctr_word;

  sf_cmd_engine #(.N(N), .S(S), .P(P), .WB(WB), .VB(VB), .BUILD_ID(BUILD_ID)) u_engine (
    .clk_i, .rst_ni,
    .frame_valid_i(fvalid), .frame_len_i(flen), .rd_addr_o(raddr), .rd_data_i(rdata),
    .frame_ack_o(fack),
    .tx_addr_o(taddr), .tx_data_o(tdata), .tx_we_o(twe), .tx_send_o(tsend), .tx_len_o(tlen),
    .tx_busy_i(tbusy),
    .crc_err_i(crc_err), .frame_err_i(frame_err),
    .stall_i(tx_valid_o && host_blocked_i),
    .ctr_inc_o(ctr_inc), .ctr_valid_i(ctr_valid), .ctr_k_i(ctr_k), .ctr_w_i(ctr_w),
    .ctr_word_i(ctr_word),
    .cfg_valid_o(cfg_valid), .cfg_ready_i(cfg_ready), .cfg_we_o(cfg_we), .cfg_addr_o(cfg_addr),
    .cfg_wdata_o(cfg_wdata), .cfg_rvalid_i(cfg_rvalid), .cfg_rdata_i(cfg_rdata),
    .in_valid_o(in_valid), .in_ready_i(in_ready), .in_chan_o(in_chan),
    .step_o(step), .clear_o(clear), .idle_i(idle), .done_i(done),
    .spk_valid_i(spk_valid), .spk_ready_o(spk_ready), .spk_neuron_i(spk_neuron),
    .cycle_i(cycle), .stepped_i(stepped),
    .busy_o(engine_busy));

  sf_counters #(.K(7)) u_counters (
    .clk_i, .rst_ni, .inc_i(ctr_inc),
    .word_valid_o(ctr_valid), .word_k_o(ctr_k), .word_w_o(ctr_w), .word_o(ctr_word));

  // the core's own 64-bit counters are left out: u_counters counts its cycle / step strobes
  sf_core #(.N(N), .S(S), .P(P), .WB(WB), .VB(VB), .COUNTERS(1'b0)) u_core (
    .clk_i, .rst_ni,
    .cfg_valid_i(cfg_valid), .cfg_ready_o(cfg_ready), .cfg_we_i(cfg_we), .cfg_addr_i(cfg_addr),
    .cfg_wdata_i(cfg_wdata), .cfg_rvalid_o(cfg_rvalid), .cfg_rdata_o(cfg_rdata),
    .in_valid_i(in_valid), .in_ready_o(in_ready), .in_chan_i(in_chan),
    .step_i(step), .clear_i(clear), .idle_o(idle), .done_o(done),
    .spk_valid_o(spk_valid), .spk_ready_i(spk_ready), .spk_neuron_o(spk_neuron),
    .cycle_o(cycle), .stepped_o(stepped), .cycles_o(core_cycles), .steps_o(core_steps));
  logic unused_core_counters;  // zero in this build (COUNTERS = 0)
  assign unused_core_counters = ^{core_cycles, core_steps};

  assign busy_o = engine_busy || tbusy || tx_valid_o || fvalid;
endmodule
