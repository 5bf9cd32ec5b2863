// AXI4-Lite mailbox: the same COBS byte stream as the UART, through two FIFOs that a processor
// (Zynq PS) or a PCIe host (BAR) reads and writes as 32-bit registers. Register map (byte
// offsets; docs/protocol.md "AXI4-Lite mailbox"):
//   0x00 ID      (r)  0x5346_4D42 ("SFMB")
//   0x04 STATUS  (r)  [15:0] bytes waiting in the device-to-host FIFO, [31:16] free entries in the
//                     host-to-device FIFO
//   0x08 TXDATA  (w)  [7:0] one byte towards the device (a write into a full FIFO is dropped and
//                     counted in DROPPED)
//   0x0C RXDATA  (r)  pops one byte from the device: [7:0] the byte, [8] valid (0: FIFO was empty,
//                     nothing popped)
//   0x10 DROPPED (r)  host writes dropped because the FIFO was full
// The device side never stalls the host bus: the host-to-device FIFO is drained one byte per
// clock, and the device-to-host FIFO back-pressures the response sender (the device stalls rather
// than lose a byte when the host does not read).
module sf_axil_mailbox #(
  parameter int DEPTH = 256     // bytes per FIFO, power of two, < 65536
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // AXI4-Lite slave (addresses are byte offsets; only [4:2] are decoded)
  input  logic [7:0]  s_awaddr_i,
  input  logic        s_awvalid_i,
  output logic        s_awready_o,
  input  logic [31:0] s_wdata_i,
  input  logic [3:0]  s_wstrb_i,
  input  logic        s_wvalid_i,
  output logic        s_wready_o,
  output logic [1:0]  s_bresp_o,
  output logic        s_bvalid_o,
  input  logic        s_bready_i,
  input  logic [7:0]  s_araddr_i,
  input  logic        s_arvalid_i,
  output logic        s_arready_o,
  output logic [31:0] s_rdata_o,
  output logic [1:0]  s_rresp_o,
  output logic        s_rvalid_o,
  input  logic        s_rready_i,
  // byte streams to and from the device
  output logic [7:0]  rx_byte_o,      // host -> device
  output logic        rx_valid_o,
  input  logic [7:0]  tx_byte_i,      // device -> host
  input  logic        tx_valid_i,
  output logic        tx_ready_o
);
  localparam int CW = $clog2(DEPTH + 1);

  // host -> device
  logic          h2d_wvalid, h2d_wready;
  logic [CW-1:0] h2d_count;
  sf_fifo #(.WIDTH(8), .DEPTH(DEPTH)) u_h2d (
    .clk_i, .rst_ni,
    .wdata_i(s_wdata_i[7:0]), .wvalid_i(h2d_wvalid), .wready_o(h2d_wready),
    .rdata_o(rx_byte_o), .rvalid_o(rx_valid_o), .rready_i(1'b1),
    .count_o(h2d_count));

  // device -> host
  logic [7:0]    d2h_data;
  logic          d2h_valid, d2h_pop;
  logic [CW-1:0] d2h_count;
  sf_fifo #(.WIDTH(8), .DEPTH(DEPTH)) u_d2h (
    .clk_i, .rst_ni,
    .wdata_i(tx_byte_i), .wvalid_i(tx_valid_i), .wready_o(tx_ready_o),
    .rdata_o(d2h_data), .rvalid_o(d2h_valid), .rready_i(d2h_pop),
    .count_o(d2h_count));

  // Write channel: take address and data together, answer OKAY.
  logic        do_write;
  logic [31:0] dropped_q;
  assign s_awready_o = s_awvalid_i && s_wvalid_i && !s_bvalid_o;
  assign s_wready_o  = s_awready_o;
  assign do_write    = s_awready_o;
  assign h2d_wvalid  = do_write && (s_awaddr_i[4:2] == 3'd2) && s_wstrb_i[0];
  assign s_bresp_o   = 2'b00;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      s_bvalid_o <= 1'b0;
      dropped_q  <= '0;
    end else begin
      if (s_bvalid_o && s_bready_i) s_bvalid_o <= 1'b0;
      if (do_write) s_bvalid_o <= 1'b1;
      if (h2d_wvalid && !h2d_wready) dropped_q <= dropped_q + 32'd1;
    end
  end

  // Read channel: one outstanding read, data registered.
  logic do_read;
  assign s_arready_o = s_arvalid_i && !s_rvalid_o;
  assign do_read     = s_arready_o;
  assign d2h_pop     = do_read && (s_araddr_i[4:2] == 3'd3);
  assign s_rresp_o   = 2'b00;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      s_rvalid_o <= 1'b0;
      s_rdata_o  <= '0;
    end else begin
      if (s_rvalid_o && s_rready_i) s_rvalid_o <= 1'b0;
      if (do_read) begin
        s_rvalid_o <= 1'b1;
        case (s_araddr_i[4:2])
          3'd0:    s_rdata_o <= 32'h5346_4D42;
          3'd1:    s_rdata_o <= {16'(DEPTH - 32'(h2d_count)), 16'(d2h_count)};
          3'd3:    s_rdata_o <= {23'd0, d2h_valid, d2h_valid ? d2h_data : 8'd0};
          3'd4:    s_rdata_o <= dropped_q;
          default: s_rdata_o <= 32'd0;
        endcase
      end
    end
  end

  // Unused address bits and write strobes (only byte lane 0 carries data).
  logic unused;
  assign unused = ^{s_awaddr_i[7:5], s_awaddr_i[1:0], s_araddr_i[7:5], s_araddr_i[1:0],
                    s_wdata_i[31:8], s_wstrb_i[3:1]};
endmodule
