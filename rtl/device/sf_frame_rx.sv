// Receive side of the link: COBS decoding, CRC check and a frame buffer.
//
// Decoded bytes are written into a buffer of MAX_LEN bytes while the CRC runs over them. At the
// delimiter the frame is offered to the command engine (frame_valid_o, frame_len_o = decoded
// length without the 4 CRC bytes) only if it is complete and intact: at least MIN_LEN bytes
// including the CRC, no longer than MAX_LEN, a correct COBS structure and CRC. Otherwise it is
// dropped and counted (crc_err_o or frame_err_o pulses once). The engine reads the buffer through
// rd_addr_i / rd_data_o (one clock of latency) and releases it with frame_ack_i; so a frame is
// executed only as a whole, never while it is still arriving. Bytes of a frame that arrives while
// the buffer is held are dropped up to the next delimiter, and that frame counts as a frame error
// (a host that waits for each answer, as the protocol asks, never causes this).
module sf_frame_rx #(
  parameter int MAX_LEN = 1024,   // decoded bytes, CRC included
  parameter int MIN_LEN = 6,      // seq, opcode, CRC
  localparam int AW     = $clog2(MAX_LEN + 1),  // lengths 0 .. MAX_LEN
  localparam int IW     = $clog2(MAX_LEN)       // buffer addresses
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  // encoded byte stream (UART receiver or mailbox)
  input  logic [7:0]    byte_i,
  input  logic          byte_valid_i,
  // the frame for the engine
  output logic          frame_valid_o,
  output logic [AW-1:0] frame_len_o,
  input  logic [IW-1:0] rd_addr_i,
  output logic [7:0]    rd_data_o,
  input  logic          frame_ack_i,
  // error pulses
  output logic          crc_err_o,
  output logic          frame_err_o
);
  logic [7:0] dec_data;
  logic       dec_valid, dec_eof, dec_err;

  sf_cobs_dec u_dec (
    .clk_i, .rst_ni,
    .data_i (byte_i),
    .valid_i(byte_valid_i),
    .data_o (dec_data),
    .valid_o(dec_valid),
    .eof_o  (dec_eof),
    .err_o  (dec_err)
  );

  logic [7:0]    mem [MAX_LEN];
  logic [AW-1:0] wptr_q;
  logic          held_q;      // buffer belongs to the engine
  logic          drop_q;      // the frame now arriving is being dropped
  logic          over_q;      // the frame now arriving is longer than MAX_LEN
  logic [AW-1:0] len_q;
  logic          crc_ok;
  logic          accept;

  assign accept = dec_valid && !held_q && !drop_q;

  sf_crc32 u_crc (
    .clk_i, .rst_ni,
    .clear_i     (dec_eof),
    .valid_i     (accept),
    .data_i      (dec_data),
    // Only the residue check is needed here (the finished CRC is for senders).
    /* verilator lint_off PINCONNECTEMPTY */
    .crc_o       (),
    /* verilator lint_on PINCONNECTEMPTY */
    .residue_ok_o(crc_ok)
  );

  always_ff @(posedge clk_i) begin
    if (accept && !over_q && (wptr_q < AW'(MAX_LEN))) mem[wptr_q[IW-1:0]] <= dec_data;
    rd_data_o <= mem[rd_addr_i];
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wptr_q      <= '0;
      held_q      <= 1'b0;
      drop_q      <= 1'b0;
      over_q      <= 1'b0;
      len_q       <= '0;
      crc_err_o   <= 1'b0;
      frame_err_o <= 1'b0;
    end else begin
      crc_err_o   <= 1'b0;
      frame_err_o <= 1'b0;
      if (frame_ack_i) held_q <= 1'b0;
      if (dec_valid && held_q) drop_q <= 1'b1;
      if (accept) begin
        if (wptr_q == AW'(MAX_LEN)) over_q <= 1'b1;
        else                        wptr_q <= wptr_q + 1'b1;
      end
      if (dec_eof) begin
        wptr_q <= '0;
        drop_q <= 1'b0;
        over_q <= 1'b0;
        if (held_q || drop_q || dec_err || over_q || wptr_q < AW'(MIN_LEN)) begin
          frame_err_o <= 1'b1;
        end else if (!crc_ok) begin
          crc_err_o <= 1'b1;
        end else begin
          held_q <= 1'b1;
          len_q  <= wptr_q - AW'(4);
        end
      end
    end
  end

  assign frame_valid_o = held_q;
  assign frame_len_o   = len_q;
endmodule
