// spikeforge core: the machine of docs/model.md in hardware, bit-exact to the reference model.
// Ports, address map and handshakes: docs/rtl.md.
module sf_core #(
  parameter int N  = 256,  // build maximum of neurons (runtime n_act <= N)
  parameter int S  = 256,  // build maximum of input channels (runtime s_act <= S), >= 1
  parameter int P  = 8,    // synapse lanes, a power of two (1 .. 64)
  parameter int WB = 8,    // weight bits (signed)
  parameter int VB = 16    // state bits of v, I, thresholds, bias (signed)
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
  output logic [63:0] cycles_o,      // clock cycles spent in steps and clears
  output logic [63:0] steps_o        // steps completed since reset
);
