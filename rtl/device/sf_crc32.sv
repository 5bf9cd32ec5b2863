// CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF), one byte
// per clock. crc_o is the finished checksum of the bytes since the last clear (state xor
// 0xFFFFFFFF). Feeding a message followed by its own CRC (little-endian) leaves the state at the
// constant residue 0xDEBB20E3, which residue_ok_o reports: a receiver checks a frame without
// knowing where its payload ends.
module sf_crc32 (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        clear_i,    // restart (takes priority over valid_i)
  input  logic        valid_i,
  input  logic [7:0]  data_i,
  output logic [31:0] crc_o,
  output logic        residue_ok_o
);
  logic [31:0] state_q, next;

  always_comb begin
    next = state_q ^ {24'd0, data_i};
    for (int b = 0; b < 8; b++) begin
      next = next[0] ? ((next >> 1) ^ 32'hEDB8_8320) : (next >> 1);
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni || clear_i) state_q <= 32'hFFFF_FFFF;
    else if (valid_i)       state_q <= next;
  end

  assign crc_o        = ~state_q;
  assign residue_ok_o = (state_q == 32'hDEBB_20E3);
endmodule
