// Icarus Verilog testbench (not synthesisable): a corrupted frame then a good one into
// sf_link_echo over its UART at 4 clocks per bit; the good frame must come back byte for byte
// (the encoding is canonical COBS, so the echo equals what was sent) and the bad one be counted.
// Frames were made with Python's zlib.crc32: payload 01 00 22 00 00 33 44.
`timescale 1ns / 1ps
module tb_link_echo;
  logic clk = 1'b0, rst_n = 1'b0, rx = 1'b1, tx;
  logic [15:0] frames, crc_errs, frame_errs, uart_errs;
  always #5 clk = ~clk;

  sf_link_echo #(.CLK_HZ(100_000_000), .BAUD(25_000_000), .MAX_LEN(64)) dut (
    .clk_i(clk), .rst_ni(rst_n), .rx_i(rx), .tx_o(tx),
    .frames_o(frames), .crc_errs_o(crc_errs), .frame_errs_o(frame_errs), .uart_errs_o(uart_errs));

  logic [7:0] good [0:12];
  logic [7:0] bad  [0:12];
  logic [7:0] got  [0:31];
  integer ngot = 0;
  integer errors = 0;

  task automatic send_byte(input logic [7:0] b);
    integer i;
    rx = 1'b0;
    repeat (4) @(posedge clk);
    for (i = 0; i < 8; i = i + 1) begin
      rx = b[i];
      repeat (4) @(posedge clk);
    end
    rx = 1'b1;
    repeat (4) @(posedge clk);
  endtask

  // receiver: sample the middle of each bit of the device's tx line
  initial begin : receiver
    integer i;
    logic [7:0] b;
    forever begin
      @(negedge tx);
      repeat (2) @(posedge clk);
      for (i = 0; i < 8; i = i + 1) begin
        repeat (4) @(posedge clk);
        b[i] = tx;
      end
      repeat (4) @(posedge clk);
      if (ngot < 32) got[ngot] = b;
      ngot = ngot + 1;
    end
  end

  initial begin : stimulus
    integer k;
    good[0] = 8'h02; good[1] = 8'h01; good[2] = 8'h02; good[3] = 8'h22; good[4] = 8'h01;
    good[5] = 8'h07; good[6] = 8'h33; good[7] = 8'h44; good[8] = 8'h17; good[9] = 8'h48;
    good[10] = 8'hc0; good[11] = 8'h05; good[12] = 8'h00;
    for (k = 0; k < 13; k = k + 1) bad[k] = good[k];
    bad[3] = 8'h32;
    repeat (5) @(posedge clk);
    rst_n = 1'b1;
    repeat (5) @(posedge clk);
    for (k = 0; k < 13; k = k + 1) send_byte(bad[k]);
    for (k = 0; k < 13; k = k + 1) send_byte(good[k]);
    repeat (2000) @(posedge clk);
    if (ngot != 13) begin
      $display("FAIL: got %0d bytes back, expected 13", ngot);
      errors = errors + 1;
    end else begin
      for (k = 0; k < 13; k = k + 1) begin
        if (got[k] !== good[k]) begin
          $display("FAIL: byte %0d is %h, expected %h", k, got[k], good[k]);
          errors = errors + 1;
        end
      end
    end
    if (frames != 16'd1 || crc_errs != 16'd1 || frame_errs != 16'd0 || uart_errs != 16'd0) begin
      $display("FAIL: counters frames=%0d crc=%0d frame=%0d uart=%0d", frames, crc_errs, frame_errs, uart_errs);
      errors = errors + 1;
    end
    if (errors == 0) $display("PASS");
    $finish;
  end
endmodule
