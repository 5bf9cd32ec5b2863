// Send side of the link: a response buffer, CRC generation and COBS encoding.
//
// The engine writes a response (seq, status, data ...) into the buffer through wr_*_i, then pulses
// send_i with its length. The sender appends the CRC-32 (little-endian) behind it in the buffer,
// COBS-encodes buffer[0 .. len+3] onto the byte stream and ends the frame with 0x00. The buffer is
// kept afterwards, so pulsing send_i again with the same length replays the same frame: this is
// how the engine answers a retransmitted command without executing it twice. The encoder looks
// ahead for the next zero (at most 254 bytes) before it emits a group's code byte; that costs two
// clocks per byte, far below a UART byte time, and happens while earlier bytes are being sent.
module sf_frame_tx #(
  parameter int MAX_LEN = 1024,   // response bytes before the CRC
  localparam int BUF    = MAX_LEN + 4,
  localparam int AW     = $clog2(BUF + 1),
  localparam int IW     = $clog2(BUF)
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  // response buffer write port (engine); ignored while busy_o
  input  logic [IW-1:0] wr_addr_i,
  input  logic [7:0]    wr_data_i,
  input  logic          wr_en_i,
  input  logic          send_i,
  input  logic [AW-1:0] len_i,      // response length without the CRC (<= MAX_LEN)
  output logic          busy_o,
  // encoded byte stream (UART transmitter or mailbox)
  output logic [7:0]    byte_o,
  output logic          byte_valid_o,
  input  logic          byte_ready_i
);
  typedef enum logic [3:0] {
    Idle, CrcRd, CrcUpd, CrcWr, ScanRd, ScanChk, Code, DataRd, DataOut, Delim
  } state_e;

  state_e        state_q;
  logic [7:0]    mem [BUF];
  logic [7:0]    rdata_q;
  logic [IW-1:0] raddr;
  logic [AW-1:0] total_q;   // len + 4
  logic [AW-1:0] p_q;       // start of the current group
  logic [AW-1:0] q_q;       // scan / emit position
  logic [7:0]    n_q;       // non-zero bytes in the current group (0 .. 254)
  logic [1:0]    term_q;    // what ended the group: 0 zero byte, 1 limit (254), 2 end of data
  logic [1:0]    k_q;       // CRC byte being written
  logic [31:0]   crc_q;
  logic [7:0]    out_q;
  logic          out_valid_q;

  // Byte-wise CRC-32 (same as sf_crc32, kept local because the sender also writes the result).
  function automatic logic [31:0] crc_byte(input logic [31:0] c, input logic [7:0] d);
    logic [31:0] x;
    x = c ^ {24'd0, d};
    for (int b = 0; b < 8; b++) x = x[0] ? ((x >> 1) ^ 32'hEDB8_8320) : (x >> 1);
    crc_byte = x;
  endfunction

  logic          we;
  logic [IW-1:0] waddr;
  logic [7:0]    wdata;
  logic [31:0]   crc_fin;
  assign crc_fin = ~crc_q;

  always_comb begin
    we    = wr_en_i && (state_q == Idle);
    waddr = wr_addr_i;
    wdata = wr_data_i;
    if (state_q == CrcWr) begin
      we    = 1'b1;
      waddr = IW'(q_q);
      wdata = crc_fin[8*k_q +: 8];
    end
  end

  assign raddr = IW'(q_q);

  always_ff @(posedge clk_i) begin
    if (we) mem[waddr] <= wdata;
    rdata_q <= mem[raddr];
  end

  assign busy_o       = (state_q != Idle);
  assign byte_o       = out_q;
  assign byte_valid_o = out_valid_q;

  logic out_free;
  assign out_free = !out_valid_q || byte_ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q     <= Idle;
      total_q     <= '0;
      p_q         <= '0;
      q_q         <= '0;
      n_q         <= 8'd0;
      term_q      <= 2'd0;
      k_q         <= 2'd0;
      crc_q       <= 32'hFFFF_FFFF;
      out_q       <= 8'd0;
      out_valid_q <= 1'b0;
    end else begin
      if (out_valid_q && byte_ready_i) out_valid_q <= 1'b0;
      case (state_q)
        Idle: if (send_i) begin
          total_q <= len_i + AW'(4);
          q_q     <= '0;
          crc_q   <= 32'hFFFF_FFFF;
          state_q <= (len_i == '0) ? CrcWr : CrcRd;
          k_q     <= 2'd0;
        end
        CrcRd: state_q <= CrcUpd;
        CrcUpd: begin
          crc_q <= crc_byte(crc_q, rdata_q);
          q_q   <= q_q + 1'b1;
          state_q <= (q_q + 1'b1 == total_q - AW'(4)) ? CrcWr : CrcRd;
        end
        CrcWr: begin
          q_q <= q_q + 1'b1;
          k_q <= k_q + 2'd1;
          if (k_q == 2'd3) begin
            p_q     <= '0;
            q_q     <= '0;
            n_q     <= 8'd0;
            state_q <= ScanRd;
          end
        end
        ScanRd: begin
          if (q_q == total_q) begin
            term_q  <= 2'd2;
            state_q <= Code;
          end else if (n_q == 8'd254) begin
            term_q  <= 2'd1;
            state_q <= Code;
          end else begin
            state_q <= ScanChk;
          end
        end
        ScanChk: begin
          if (rdata_q == 8'd0) begin
            term_q  <= 2'd0;
            state_q <= Code;
          end else begin
            n_q     <= n_q + 8'd1;
            q_q     <= q_q + 1'b1;
            state_q <= ScanRd;
          end
        end
        Code: if (out_free) begin
          out_q       <= n_q + 8'd1;
          out_valid_q <= 1'b1;
          q_q         <= p_q;
          state_q     <= (n_q == 8'd0) ? DataOut : DataRd;
        end
        DataRd: state_q <= DataOut;
        DataOut: begin
          if (q_q == p_q + AW'(n_q)) begin
            // group done: decide what follows
            if (term_q == 2'd0) begin
              p_q     <= q_q + 1'b1;        // skip the zero the code stood for
              q_q     <= q_q + 1'b1;
              n_q     <= 8'd0;
              state_q <= ScanRd;
            end else if (term_q == 2'd1 && q_q != total_q) begin
              p_q     <= q_q;
              n_q     <= 8'd0;
              state_q <= ScanRd;
            end else begin
              state_q <= Delim;
            end
          end else if (out_free) begin
            out_q       <= rdata_q;
            out_valid_q <= 1'b1;
            q_q         <= q_q + 1'b1;
            state_q     <= DataRd;
          end
        end
        Delim: if (out_free) begin
          out_q       <= 8'd0;
          out_valid_q <= 1'b1;
          state_q     <= Idle;
        end
        default: state_q <= Idle;
      endcase
    end
  end
endmodule
