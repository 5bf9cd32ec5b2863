// Zynq-7000 / MPSoC AXI4-Lite top, used as a module reference by the block designs
// scripts/vivado/bd_zynq7.tcl (M_AXI_GP0) and bd_zynqmp.tcl (M_AXI_HPM0_FPD). Plain Verilog
// because IP integrator takes module references in Verilog or VHDL only; the s_axi_* names let
// it infer the AXI4-Lite interface. Clock and reset come from the PS (FCLK_CLK0 / pl_clk0 and
// proc_sys_reset's synchronous peripheral_aresetn), so no clocking primitive is needed here.
module sf_board_zynq_axil #(
  parameter N = 512,
  parameter S = 256,
  parameter P = 8,
  parameter WB = 8,
  parameter VB = 16,
  parameter CLK_HZ = 100000000
) (
  (* X_INTERFACE_PARAMETER = "ASSOCIATED_BUSIF s_axi, ASSOCIATED_RESET s_axi_aresetn" *)
  input  wire        s_axi_aclk,
  input  wire        s_axi_aresetn,
  input  wire [7:0]  s_axi_awaddr,
  input  wire [2:0]  s_axi_awprot,
  input  wire        s_axi_awvalid,
  output wire        s_axi_awready,
  input  wire [31:0] s_axi_wdata,
  input  wire [3:0]  s_axi_wstrb,
  input  wire        s_axi_wvalid,
  output wire        s_axi_wready,
  output wire [1:0]  s_axi_bresp,
  output wire        s_axi_bvalid,
  input  wire        s_axi_bready,
  input  wire [7:0]  s_axi_araddr,
  input  wire [2:0]  s_axi_arprot,
  input  wire        s_axi_arvalid,
  output wire        s_axi_arready,
  output wire [31:0] s_axi_rdata,
  output wire [1:0]  s_axi_rresp,
  output wire        s_axi_rvalid,
  input  wire        s_axi_rready,
  output wire [3:0]  led_o
);
  wire busy;

  sf_device_axil #(.N(N), .S(S), .P(P), .WB(WB), .VB(VB)) u_device (
    .clk_i       (s_axi_aclk),
    .rst_ni      (s_axi_aresetn),
    .s_awaddr_i  (s_axi_awaddr),
    .s_awvalid_i (s_axi_awvalid),
    .s_awready_o (s_axi_awready),
    .s_wdata_i   (s_axi_wdata),
    .s_wstrb_i   (s_axi_wstrb),
    .s_wvalid_i  (s_axi_wvalid),
    .s_wready_o  (s_axi_wready),
    .s_bresp_o   (s_axi_bresp),
    .s_bvalid_o  (s_axi_bvalid),
    .s_bready_i  (s_axi_bready),
    .s_araddr_i  (s_axi_araddr),
    .s_arvalid_i (s_axi_arvalid),
    .s_arready_o (s_axi_arready),
    .s_rdata_o   (s_axi_rdata),
    .s_rresp_o   (s_axi_rresp),
    .s_rvalid_o  (s_axi_rvalid),
    .s_rready_i  (s_axi_rready),
    .busy_o      (busy)
  );

  sf_board_leds #(.CLK_HZ(CLK_HZ)) u_leds (
    .clk_i        (s_axi_aclk),
    .rst_ni       (s_axi_aresetn),
    .h2d_active_i (s_axi_wvalid & s_axi_wready),
    .d2h_active_i (busy),
    .led_o        (led_o)
  );

  // AxPROT is accepted and ignored: the mailbox has no privileged registers.
  wire unused_prot = ^{s_axi_awprot, s_axi_arprot};
endmodule
