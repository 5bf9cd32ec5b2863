// Alveo (XRT) RTL kernel: the AXI4-Lite mailbox as the kernel's s_axi_control, clocked by the
// platform's ap_clk. Packaged by scripts/vivado/package_xo.tcl as a user-managed kernel (no
// ap_ctrl block; the host drives the mailbox registers directly) and linked with v++.
// The reset is made synchronous here (the platform's ap_rst_n is not guaranteed to be).
module sf_board_xrt_kernel #(
  parameter N = 4096,
  parameter S = 2048,
  parameter P = 32,
  parameter WB = 8,
  parameter VB = 16
) (
  (* X_INTERFACE_PARAMETER = "ASSOCIATED_BUSIF s_axi_control, ASSOCIATED_RESET ap_rst_n" *)
  input  wire        ap_clk,
  input  wire        ap_rst_n,
  input  wire [7:0]  s_axi_control_awaddr,
  input  wire        s_axi_control_awvalid,
  output wire        s_axi_control_awready,
  input  wire [31:0] s_axi_control_wdata,
  input  wire [3:0]  s_axi_control_wstrb,
  input  wire        s_axi_control_wvalid,
  output wire        s_axi_control_wready,
  output wire [1:0]  s_axi_control_bresp,
  output wire        s_axi_control_bvalid,
  input  wire        s_axi_control_bready,
  input  wire [7:0]  s_axi_control_araddr,
  input  wire        s_axi_control_arvalid,
  output wire        s_axi_control_arready,
  output wire [31:0] s_axi_control_rdata,
  output wire [1:0]  s_axi_control_rresp,
  output wire        s_axi_control_rvalid,
  input  wire        s_axi_control_rready
);
  wire rst_n;
  sf_board_reset u_rst (.clk_i(ap_clk), .arst_ni(ap_rst_n), .rst_no(rst_n));

  sf_device_axil #(.N(N), .S(S), .P(P), .WB(WB), .VB(VB)) u_device (
    .clk_i       (ap_clk),
    .rst_ni      (rst_n),
    .s_awaddr_i  (s_axi_control_awaddr),
    .s_awvalid_i (s_axi_control_awvalid),
    .s_awready_o (s_axi_control_awready),
    .s_wdata_i   (s_axi_control_wdata),
    .s_wstrb_i   (s_axi_control_wstrb),
    .s_wvalid_i  (s_axi_control_wvalid),
    .s_wready_o  (s_axi_control_wready),
    .s_bresp_o   (s_axi_control_bresp),
    .s_bvalid_o  (s_axi_control_bvalid),
    .s_bready_i  (s_axi_control_bready),
    .s_araddr_i  (s_axi_control_araddr),
    .s_arvalid_i (s_axi_control_arvalid),
    .s_arready_o (s_axi_control_arready),
    .s_rdata_o   (s_axi_control_rdata),
    .s_rresp_o   (s_axi_control_rresp),
    .s_rvalid_o  (s_axi_control_rvalid),
    .s_rready_i  (s_axi_control_rready),
    .busy_o      ()
  );
endmodule
