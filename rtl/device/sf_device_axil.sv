// The device behind an AXI4-Lite mailbox (Zynq PS, PCIe BAR): docs/protocol.md §9.
module sf_device_axil #(
  parameter int N     = 256,
  parameter int S     = 256,
  parameter int P     = 8,
  parameter int WB    = 8,
  parameter int VB    = 16,
  parameter int DEPTH = 256,
  parameter logic [127:0] BUILD_ID = "spikeforge-rtl-1"
) (
  input  logic        clk_i,
  input  logic        rst_ni,
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
  output logic        busy_o
);
  logic [7:0] rx_byte, tx_byte;
  logic       rx_valid, tx_valid, tx_ready;

  sf_axil_mailbox #(.DEPTH(DEPTH)) u_mbox (
    .clk_i, .rst_ni,
    .s_awaddr_i, .s_awvalid_i, .s_awready_o, .s_wdata_i, .s_wstrb_i, .s_wvalid_i, .s_wready_o,
    .s_bresp_o, .s_bvalid_o, .s_bready_i, .s_araddr_i, .s_arvalid_i, .s_arready_o, .s_rdata_o,
    .s_rresp_o, .s_rvalid_o, .s_rready_i,
    .rx_byte_o(rx_byte), .rx_valid_o(rx_valid),
    .tx_byte_i(tx_byte), .tx_valid_i(tx_valid), .tx_ready_o(tx_ready));

  sf_device #(.N(N), .S(S), .P(P), .WB(WB), .VB(VB), .BUILD_ID(BUILD_ID)) u_dev (
    .clk_i, .rst_ni,
    .rx_byte_i(rx_byte), .rx_valid_i(rx_valid),
    .tx_byte_o(tx_byte), .tx_valid_o(tx_valid), .tx_ready_i(tx_ready),
    .host_blocked_i(!tx_ready),
    .busy_o);
endmodule
