// Reset synchroniser for board tops: asserts asynchronously (button pressed, clock not locked),
// releases synchronously after STAGES clean clock edges, so the core sees the active-low
// synchronous reset rst_no that it expects (docs/rtl.md).
module sf_board_reset #(
  parameter int STAGES = 4
) (
  input  logic clk_i,
  input  logic arst_ni,  // asynchronous, active low: button released AND clock locked
  output logic rst_no
);
  logic [STAGES-1:0] sync_q;
  always_ff @(posedge clk_i or negedge arst_ni) begin
    if (!arst_ni) sync_q <= '0;
    else          sync_q <= {sync_q[STAGES-2:0], 1'b1};
  end
  assign rst_no = sync_q[STAGES-1];
endmodule
