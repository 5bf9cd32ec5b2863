// iCEBreaker synthesis probe: the core alone (no protocol engine, no UART device), so the open
// iCE40 flow can place, route and time sf_core on the UP5K, which the full UART device
// (sf_board_icebreaker) does not fit (docs/boards.md, "Open flow"). NOT a usable device: the core's
// inputs come from a shift register fed by the UART RX pin and its outputs are XOR-folded into
// one register driving the TX pin, only so that nothing is optimised away. Same pins as
// sf_board_icebreaker (constraints/icebreaker.pcf). Built by scripts/ice40/build.sh --top
// sf_board_icebreaker_core (CTest label synth).
module sf_board_icebreaker_core #(
  parameter int N  = 4,
  parameter int S  = 4,
  parameter int P  = 1,
  parameter int WB = 8,
  parameter int VB = 16
) (
  input  logic       clk_i,       // 12 MHz
  input  logic       rst_btn_ni,  // BTN_N, active low
  input  logic       uart_rx_i,
  output logic       uart_tx_o,
  output logic [1:0] led_no       // LEDR_N, LEDG_N
);
  logic rst_n;
  sf_board_reset u_rst (.clk_i(clk_i), .arst_ni(rst_btn_ni), .rst_no(rst_n));

  // 86 input bits of the core, shifted in from the RX pin.
  logic [85:0] in_q;
  always_ff @(posedge clk_i) begin
    if (!rst_n) in_q <= '0;
    else        in_q <= {in_q[84:0], uart_rx_i};
  end

  logic        cfg_ready, cfg_rvalid, in_ready, idle, done, spk_valid;
  logic [31:0] cfg_rdata;
  logic [15:0] spk_neuron;
  logic [63:0] cycles, steps;
  sf_core #(.N(N), .S(S), .P(P), .WB(WB), .VB(VB)) u_core (
    .clk_i        (clk_i),
    .rst_ni       (rst_n),
    .cfg_valid_i  (in_q[0]),
    .cfg_ready_o  (cfg_ready),
    .cfg_we_i     (in_q[1]),
    .cfg_addr_i   (in_q[33:2]),
    .cfg_wdata_i  (in_q[65:34]),
    .cfg_rvalid_o (cfg_rvalid),
    .cfg_rdata_o  (cfg_rdata),
    .in_valid_i   (in_q[66]),
    .in_ready_o   (in_ready),
    .in_chan_i    (in_q[82:67]),
    .step_i       (in_q[83]),
    .clear_i      (in_q[84]),
    .idle_o       (idle),
    .done_o       (done),
    .spk_valid_o  (spk_valid),
    .spk_ready_i  (in_q[85]),
    .spk_neuron_o (spk_neuron),
    .cycles_o     (cycles),
    .steps_o      (steps)
  );

  logic fold_q;
  always_ff @(posedge clk_i) begin
    if (!rst_n) fold_q <= 1'b0;
    else fold_q <= ^{cfg_ready, cfg_rvalid, cfg_rdata, in_ready, spk_valid, spk_neuron, cycles, steps};
  end
  assign uart_tx_o = fold_q;
  assign led_no    = ~{done, idle};
endmodule
