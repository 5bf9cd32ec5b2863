// Test top for the link layer without a core: UART in -> COBS decode -> CRC check -> frame buffer;
// every intact frame is copied to the response buffer and sent back (CRC regenerated, COBS
// encoded) through the UART transmitter. Counts good frames and both kinds of dropped frames.
module sf_link_echo #(
  parameter int CLK_HZ  = 100_000_000,
  parameter int BAUD    = 25_000_000,
  parameter int MAX_LEN = 64
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        rx_i,
  output logic        tx_o,
  output logic [15:0] frames_o,
  output logic [15:0] crc_errs_o,
  output logic [15:0] frame_errs_o,
  output logic [15:0] uart_errs_o
);
  localparam int AW  = $clog2(MAX_LEN + 1);
  localparam int IW  = $clog2(MAX_LEN);
  localparam int TAW = $clog2(MAX_LEN + 4 + 1);
  localparam int TIW = $clog2(MAX_LEN + 4);

  logic [7:0] rx_byte, tx_byte;
  logic       rx_valid, rx_ferr, tx_valid, tx_ready;

  sf_uart_rx #(.CLK_HZ(CLK_HZ), .BAUD(BAUD)) u_urx (
    .clk_i, .rst_ni, .rx_i, .data_o(rx_byte), .valid_o(rx_valid), .frame_err_o(rx_ferr));
  sf_uart_tx #(.CLK_HZ(CLK_HZ), .BAUD(BAUD)) u_utx (
    .clk_i, .rst_ni, .data_i(tx_byte), .valid_i(tx_valid), .ready_o(tx_ready), .tx_o);

  logic          fvalid, fack, crc_err, frame_err;
  logic [AW-1:0] flen;
  logic [IW-1:0] raddr_q;
  logic [7:0]    rdata;

  sf_frame_rx #(.MAX_LEN(MAX_LEN)) u_frx (
    .clk_i, .rst_ni,
    .byte_i(rx_byte), .byte_valid_i(rx_valid),
    .frame_valid_o(fvalid), .frame_len_o(flen),
    .rd_addr_i(raddr_q), .rd_data_o(rdata), .frame_ack_i(fack),
    .crc_err_o(crc_err), .frame_err_o(frame_err));

  logic           busy, send_q, wen_q;
  logic [TIW-1:0] waddr_q;
  logic [7:0]     wdata_q;

  sf_frame_tx #(.MAX_LEN(MAX_LEN)) u_ftx (
    .clk_i, .rst_ni,
    .wr_addr_i(waddr_q), .wr_data_i(wdata_q), .wr_en_i(wen_q),
    .send_i(send_q), .len_i(TAW'(flen)), .busy_o(busy),
    .byte_o(tx_byte), .byte_valid_o(tx_valid), .byte_ready_i(tx_ready));

  typedef enum logic [1:0] {Wait, Copy, Send, Done} state_e;
  state_e        state_q;
  logic [AW-1:0] i_q;

  assign fack = (state_q == Done);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q      <= Wait;
      i_q          <= '0;
      raddr_q      <= '0;
      waddr_q      <= '0;
      wdata_q      <= 8'd0;
      wen_q        <= 1'b0;
      send_q       <= 1'b0;
      frames_o     <= '0;
      crc_errs_o   <= '0;
      frame_errs_o <= '0;
      uart_errs_o  <= '0;
    end else begin
      wen_q  <= 1'b0;
      send_q <= 1'b0;
      if (crc_err)   crc_errs_o   <= crc_errs_o + 16'd1;
      if (frame_err) frame_errs_o <= frame_errs_o + 16'd1;
      if (rx_ferr)   uart_errs_o  <= uart_errs_o + 16'd1;
      case (state_q)
        Wait: if (fvalid && !busy) begin
          i_q     <= '0;
          raddr_q <= '0;
          state_q <= Copy;
        end
        Copy: begin
          // rdata holds byte i_q - 1 (read issued the cycle before)
          if (i_q != '0) begin
            wen_q   <= 1'b1;
            waddr_q <= TIW'(i_q - 1'b1);
            wdata_q <= rdata;
          end
          if (i_q == flen) begin
            state_q <= Send;
          end else begin
            raddr_q <= IW'(i_q + 1'b1);
            i_q     <= i_q + 1'b1;
          end
        end
        Send: begin
          send_q   <= 1'b1;
          frames_o <= frames_o + 16'd1;
          state_q  <= Done;
        end
        Done: state_q <= Wait;
        default: state_q <= Wait;
      endcase
    end
  end
endmodule
