// Command engine: executes docs/protocol.md (version 1) against the core.
//
// It takes an intact frame from sf_frame_rx (seq, opcode, payload; the CRC was checked), checks
// the whole command (length, ranges, values, and for STEP every SpikeSet) in a first pass without
// touching anything, and only then executes it in a second pass, writing the response into
// sf_frame_tx's buffer: so a NACKed command had no effect. The last executed command's seq and
// opcode are remembered together with its response (which stays in sf_frame_tx's buffer): a
// retransmission is answered by replaying that buffer, never executed twice.
//
// Micro-architecture: a small sequencer. `Exec` dispatches on (opcode, phase); the helper states
// Ld (read 1..4 payload bytes, little-endian, into fld_q), St (append 1..4 bytes to the
// response), CfgW / CfgR (one access on the core's config port) and the core handshakes all
// return to Exec with the next phase. The frame buffer is read one byte per clock, the response
// written one byte per clock; a UART byte takes far longer.
//
// SET_ACTIVE is accepted and checked; the core keeps its built sizes (the protocol guarantees
// identical results for padded images, which is what hosts send) and STEP rejects input channels
// at or above the active count. Spikes are taken from the core at one per two clocks (each is
// written as two bytes); the core waits, never drops.
module sf_cmd_engine #(
  parameter int N  = 256,
  parameter int S  = 256,
  parameter int P  = 8,
  parameter int WB = 8,
  parameter int VB = 16,
  parameter logic [127:0] BUILD_ID = "spikeforge-rtl-1",  // 16 ASCII characters
  localparam int RAW = 11,   // frame byte addresses / lengths (frames <= 1024 bytes)
  localparam int RIW = 10,
  localparam int TAW = 11,   // response lengths (<= 1018 + 2)
  localparam int TIW = 10    // response buffer addresses (1024 bytes incl. CRC)
) (
  input  logic           clk_i,
  input  logic           rst_ni,
  // the received frame (sf_frame_rx)
  input  logic           frame_valid_i,
  input  logic [RAW-1:0] frame_len_i,     // seq + opcode + payload (CRC stripped)
  output logic [RIW-1:0] rd_addr_o,
  input  logic [7:0]     rd_data_i,
  output logic           frame_ack_o,
  // the response (sf_frame_tx)
  output logic [TIW-1:0] tx_addr_o,
  output logic [7:0]     tx_data_o,
  output logic           tx_we_o,
  output logic           tx_send_o,
  output logic [TAW-1:0] tx_len_o,
  input  logic           tx_busy_i,
  // link events to count
  input  logic           crc_err_i,
  input  logic           frame_err_i,
  input  logic           stall_i,         // the response sender is waiting for the host
  // the counters (sf_counters): events to count, and the words of the counter being visited
  output logic [6:0]     ctr_inc_o,
  input  logic           ctr_valid_i,
  input  logic [2:0]     ctr_k_i,
  input  logic [1:0]     ctr_w_i,
  input  logic [15:0]    ctr_word_i,
  // the core (docs/rtl.md)
  output logic           cfg_valid_o,
  input  logic           cfg_ready_i,
  output logic           cfg_we_o,
  output logic [31:0]    cfg_addr_o,
  output logic [31:0]    cfg_wdata_o,
  input  logic           cfg_rvalid_i,
  input  logic [31:0]    cfg_rdata_i,
  output logic           in_valid_o,
  input  logic           in_ready_i,
  output logic [15:0]    in_chan_o,
  output logic           step_o,
  output logic           clear_o,
  input  logic           idle_i,
  input  logic           done_i,
  input  logic           spk_valid_i,
  output logic           spk_ready_o,
  input  logic [15:0]    spk_neuron_i,
  input  logic           cycle_i,         // the core spends this clock in a step or clear
  input  logic           stepped_i,       // the core completed a step
  // engine holds a command
  output logic           busy_o
);
  // ---- constants -------------------------------------------------------------------------------
  localparam int MaxPayload = 1018;
  localparam int NB         = (N + 7) / 8;          // bytes of an N-bit bitmap
  localparam int SB         = (S + 7) / 8;          // bytes of an S-bit bitmap
  localparam int WBY        = (WB > 8) ? 2 : 1;     // bytes per weight on the wire
  localparam int TB         = WB + 8;
  localparam int BatchFit   = (MaxPayload - 6) / (2 + NB);
  localparam int MaxBatch   = (BatchFit > 255) ? 255 : BatchFit;
  localparam int SynTotal   = (S + N) * N;
  // With WB = 8 or 16 every weight on the wire (1 or 2 bytes, sign-extended) fits WB bits, so the
  // check pass of WRITE_SYNAPSES cannot reject anything and is skipped (~4 clocks per synapse).
  localparam bit WireFits   = (WB == 8 * WBY);
  // Widths sized to the build (so a small build stays small): a synapse index that passed the
  // range check (< SynTotal) has SYW bits; the remainder of its division by N is below N.
  localparam int SYW        = (SynTotal > 1) ? $clog2(SynTotal) : 1;
  localparam int RMW        = ((N > 1) ? $clog2(N) : 1) + 1;
  localparam int SCW        = ((SYW > 16) ? SYW : 16) + 1;   // index + count, no wrap
  localparam int ROWW       = $clog2(S + N + 1);             // source row, up to S + N
  localparam int COLW       = (N > 1) ? $clog2(N) : 1;       // neuron column, below N
  localparam int AIW        = $clog2(S + 1);                 // active inputs, up to S
  localparam int JW         = $clog2(S + N + 1);             // a neuron / source index, up to S + N
  localparam int IXW        = 11;                            // record counts (<= MaxPayload)
  // SpikeSet list entries that passed the length check (2n <= 1018), or spikes of a step (<= N)
  localparam int NW         = ($clog2(N + 1) > 10) ? $clog2(N + 1) : 10;
  localparam int BIW        = $clog2(((NB > SB) ? NB : SB) + 1);   // bitmap bytes, up to NB or SB
  // Record counts above these make a response too long (k * record > MaxPayload ⇔ k > these).
  localparam int MaxNeuronRecs = MaxPayload / 22;
  localparam int MaxStateRecs  = MaxPayload / 16;
  localparam int MaxTraceRecs  = MaxPayload / 4;
  localparam bit SynPow2       = (SynTotal == (1 << SYW));  // every SYW-bit index is in range
  // A step's fired neurons go out as a list of n 16-bit entries when 2 + 2n <= NB (n < NB / 2),
  // otherwise as the NB-byte bitmap.
  localparam int ListMax       = NB / 2;

  localparam logic [7:0] OpIdentify = 8'h01, OpResetState = 8'h02, OpWriteNeurons = 8'h03,
                         OpReadNeurons = 8'h04, OpWriteSynapses = 8'h05, OpReadSynapses = 8'h06,
                         OpWriteStdp = 8'h07, OpReadStdp = 8'h08, OpSetLearn = 8'h09,
                         OpSetActive = 8'h0A, OpStep = 8'h0B, OpReadState = 8'h0C,
                         OpReadTraces = 8'h0D, OpReadCounters = 8'h0E;
  localparam logic [7:0] StOk = 8'h00, StUnknown = 8'h01, StBadLength = 8'h02, StBadRange = 8'h03,
                         StBadValue = 8'h04, StTooLong = 8'h05;

  typedef enum logic [4:0] {
    Idle, Exec, Ld, LdData, St, CfgW, CfgR, CfgRWait, ClearGo, ClearWait, Push, StepGo,
    Collect, CollectHi, Div, CtrRd, CtrHi, Fin0, Fin1, Send, Release
  } state_e;

  // Counters (docs/protocol.md §7), numbered as sf_counters sees them.
  localparam logic [2:0] CtrSteps = 3'd0, CtrCycles = 3'd1, CtrStall = 3'd2, CtrCrc = 3'd3,
                         CtrFrameErr = 3'd4, CtrReplays = 3'd5, CtrCommands = 3'd6;

  // ---- helpers ---------------------------------------------------------------------------------
  function automatic logic fits_signed(input logic [31:0] v, input int w);
    logic [31:0] hi;
    hi = v >> (w - 1);                                 // bits [31:w-1]
    fits_signed = (hi == '0) || (hi == ({32{1'b1}} >> (w - 1)));
  endfunction

  function automatic logic [31:0] core_addr(input logic [2:0] region, input logic [27:0] index);
    core_addr = {1'b0, region, index};
  endfunction

  // IDENTIFY answer, word by word (docs/protocol.md §4).
  function automatic logic [31:0] id_word(input logic [3:0] i);
    case (i)
      4'd0:    id_word = 32'h5644_4653;
      4'd1:    id_word = {16'(N), 8'h00, 8'h01};
      4'd2:    id_word = {16'(P), 16'(S)};
      4'd3:    id_word = {16'(MaxPayload), 8'(VB), 8'(WB)};
      4'd4:    id_word = {16'h0007, 8'h01, 8'(MaxBatch)};
      4'd5:    id_word = {BUILD_ID[103:96], BUILD_ID[111:104], BUILD_ID[119:112], BUILD_ID[127:120]};
      4'd6:    id_word = {BUILD_ID[71:64], BUILD_ID[79:72], BUILD_ID[87:80], BUILD_ID[95:88]};
      4'd7:    id_word = {BUILD_ID[39:32], BUILD_ID[47:40], BUILD_ID[55:48], BUILD_ID[63:56]};
      default: id_word = {BUILD_ID[7:0], BUILD_ID[15:8], BUILD_ID[23:16], BUILD_ID[31:24]};
    endcase
  endfunction

  // NeuronRecord field f: bytes on the wire (v_th, v_reset, v_rest, bias, a_mem, a_syn, t_ref).
  function automatic logic [2:0] neuron_size(input logic [3:0] f);
    neuron_size = (f < 4'd4) ? 3'd4 : (f < 4'd6) ? 3'd2 : 3'd1;
  endfunction

  // StateRecord order is v, I, y, ref; the core's state fields are 0 v, 1 I, 2 ref, 3 y.
  function automatic logic [1:0] state_field(input logic [3:0] f);
    state_field = (f == 4'd2) ? 2'd3 : (f == 4'd3) ? 2'd2 : f[1:0];
  endfunction

  // StdpRecord field f: size and core register (0 = reserved field).
  function automatic logic [2:0] stdp_size(input logic [3:0] f);
    case (f)
      4'd0, 4'd1:       stdp_size = 3'd1;
      4'd2, 4'd3, 4'd4: stdp_size = 3'd2;
      default:          stdp_size = 3'd4;
    endcase
  endfunction
  function automatic logic [4:0] stdp_reg(input logic [3:0] f);
    case (f)
      4'd0:    stdp_reg = 5'd10;
      4'd2:    stdp_reg = 5'd11;
      4'd3:    stdp_reg = 5'd12;
      4'd5:    stdp_reg = 5'd13;
      4'd6:    stdp_reg = 5'd14;
      4'd7:    stdp_reg = 5'd15;
      4'd8:    stdp_reg = 5'd16;
      default: stdp_reg = 5'd0;
    endcase
  endfunction

  // ---- state -----------------------------------------------------------------------------------
  state_e         state_q;
  logic [5:0]     ph_q;          // phase inside the current opcode
  logic           pass_q;        // 0: checking, 1: executing
  logic [7:0]     seq_q, op_q;
  logic [RAW-1:0] end_q;         // frame length (payload ends here)
  logic [RAW-1:0] plen_q;        // payload length
  logic [RAW-1:0] ptr_q;         // next frame byte to read
  logic [RAW-1:0] body_q;        // where the checked part of the payload starts
  logic [2:0]     ld_n_q, ld_cnt_q;
  logic [31:0]    fld_q;
  logic [TAW-1:0] tptr_q;        // next response byte to write
  logic [31:0]    st_val_q;
  logic [2:0]     st_n_q, st_cnt_q;
  logic [31:0]    cfg_addr_q;
  logic           plbit_q;       // plasticity bit of the synapse being written
  logic [7:0]     status_q;
  logic [TAW-1:0] rlen_q;        // response length (seq + status + data)
  // operands
  logic [JW-1:0]  first_q, j_q;  // first record / record being read or written (<= S + N)
  logic           first_big_q;   // the first record field did not fit JW bits
  logic [15:0]    count_q;
  logic [IXW-1:0] i_q;           // records / synapses / words done (count_q is <= 1018 by then)
  logic [3:0]     f_q;
  logic [SYW-1:0] addr_q;        // first synapse (valid when !addr_big_q)
  logic           addr_big_q;    // first synapse >= SynTotal
  logic signed [WB-1:0] wmin_q;
  logic [ROWW-1:0] row_q;
  logic [COLW-1:0] col_q;
  logic [SYW-1:0] quo_q;
  logic [RMW-1:0] rem_q;
  logic [5:0]     div_q;
  // weights and plasticity bytes: frame pointers (WRITE_SYNAPSES), response pointers (READ_SYNAPSES)
  logic [RAW-1:0] wp_q, pp_q;
  logic [7:0]     pl_q;
  logic [AIW-1:0] act_in_q;      // SET_ACTIVE inputs (<= S)
  // STEP
  logic [7:0]     k_q, si_q;     // steps in the command, current step
  logic [NW-1:0]  n_q;           // SpikeSet entries left / spikes counted
  logic [BIW-1:0] bi_q;          // bitmap byte index
  logic [3:0]     bit_q;
  logic [7:0]     byte_q;
  logic [TAW-1:0] tpos_q;        // response position of the current step's SpikeSet
  logic [NB*8-1:0] spk_bits_q;
  logic [15:0]    spk_q;
  logic           done_seen_q;
  // replay memory
  logic           have_last_q;
  logic [7:0]     last_seq_q, last_op_q;
  logic [TAW-1:0] last_len_q;
  // counter readout (CtrRd / CtrHi): counter, next word, last word, the word's high byte
  logic [2:0]     ck_q;
  logic [1:0]     cw_q, cn_q;
  logic [7:0]     ctr_hi_q;
  logic           replay_q;      // this command was answered by a replay
  // response write port (registered)
  logic [TIW-1:0] tx_addr_q;
  logic [7:0]     tx_data_q;
  logic           tx_we_q, tx_send_q;

  assign rd_addr_o   = ptr_q[RIW-1:0];
  assign tx_addr_o   = tx_addr_q;
  assign tx_data_o   = tx_data_q;
  assign tx_we_o     = tx_we_q;
  assign tx_send_o   = tx_send_q;
  assign tx_len_o    = rlen_q;
  assign frame_ack_o = (state_q == Release);
  assign busy_o      = (state_q != Idle);

  // The low byte of a spike is written from the port directly.
  logic unused_engine;
  assign unused_engine = ^spk_q[7:0];

  // Restoring division of the first synapse index by N: the next trial remainder (the top bit of
  // rem_q is always 0, since rem_q < N).
  logic [RMW-1:0] rem_trial;
  assign rem_trial = RMW'({rem_q, quo_q[SYW-1]});

  assign cfg_valid_o = (state_q == CfgW) || (state_q == CfgR);
  assign cfg_we_o    = (state_q == CfgW);
  assign cfg_addr_o  = cfg_addr_q;
  // Config writes carry the loaded field as it is (the core takes the bits it needs; the learn
  // flag is bit 0), except synapses: {L, weight sign-extended to 16 bits}.
  assign cfg_wdata_o = (op_q == OpWriteSynapses) ? {15'd0, plbit_q, wire_weight} : fld_q;
  assign in_valid_o  = (state_q == Push);
  assign in_chan_o   = fld_q[15:0];
  assign step_o      = (state_q == StepGo) && idle_i;
  assign clear_o     = (state_q == ClearGo) && idle_i;
  assign spk_ready_o = (state_q == Collect);

  // READ_COUNTERS' wire order: steps, cycles, stall clocks (8 bytes each), CRC errors, frame
  // errors, dropped spikes (always 0: the device stalls instead), replays, commands, reserved.
  function automatic logic [2:0] counter_of_slot(input logic [3:0] slot);
    case (slot)
      4'd0:    counter_of_slot = CtrSteps;
      4'd1:    counter_of_slot = CtrCycles;
      4'd2:    counter_of_slot = CtrStall;
      4'd3:    counter_of_slot = CtrCrc;
      4'd4:    counter_of_slot = CtrFrameErr;
      4'd6:    counter_of_slot = CtrReplays;
      default: counter_of_slot = CtrCommands;
    endcase
  endfunction

  assign ctr_inc_o = {state_q == Send, replay_q, frame_err_i, crc_err_i, stall_i, cycle_i, stepped_i};

  // Sign-extend a weight read from the frame to 16 bits; does it fit WB?
  logic [15:0] wire_weight;
  assign wire_weight = (WBY == 1) ? {{8{fld_q[7]}}, fld_q[7:0]} : fld_q[15:0];

  // Byte of the step's output bitmap.
  logic [7:0] spk_byte;
  logic [NB*8+7:0] spk_shifted;
  assign spk_shifted = {8'd0, spk_bits_q} >> {bi_q, 3'b000};
  assign spk_byte    = spk_shifted[7:0];
  logic unused_shifted;
  assign unused_shifted = ^spk_shifted[NB*8+7:8];

  // Bytes of count_q synapses on the wire (weights, then the plasticity bitmap); exact unless
  // syn_many (more synapses than any frame holds).
  logic        syn_many;
  logic [12:0] syn_cnt, syn_wbytes, syn_bytes;
  assign syn_many   = sf_cmp_pkg::gt_const(32'(count_q), MaxPayload);
  assign syn_cnt    = {2'b0, count_q[10:0]};
  assign syn_wbytes = syn_cnt * 13'(WBY);
  assign syn_bytes  = syn_wbytes + ((syn_cnt + 13'd7) >> 3);

  // Bytes of the frame not read yet. STEP's checks keep ptr_q <= end_q (every read was checked to
  // fit first), so this does not wrap where it is used.
  logic [RAW-1:0] left;
  assign left = end_q - ptr_q;

  // One past the last synapse addressed (no wrap: SCW bits).
  logic [SCW-1:0] syn_end;
  assign syn_end = SCW'(addr_q) + SCW'(count_q);

  // Checks used by several opcodes.
  logic [31:0] first_plus_count;
  assign first_plus_count = 32'(first_q) + 32'(count_q);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q     <= Idle;
      ph_q        <= '0;
      pass_q      <= 1'b0;
      seq_q       <= '0;
      op_q        <= '0;
      end_q       <= '0;
      plen_q      <= '0;
      ptr_q       <= '0;
      body_q      <= '0;
      ld_n_q      <= '0;
      ld_cnt_q    <= '0;
      fld_q       <= '0;
      tptr_q      <= '0;
      st_val_q    <= '0;
      st_n_q      <= '0;
      st_cnt_q    <= '0;
      cfg_addr_q  <= '0;
      plbit_q     <= 1'b0;
      status_q    <= '0;
      rlen_q      <= '0;
      first_q     <= '0;
      count_q     <= '0;
      i_q         <= '0;
      j_q         <= '0;
      f_q         <= '0;
      addr_q      <= '0;
      addr_big_q  <= 1'b0;
      wmin_q      <= '0;
      row_q       <= '0;
      col_q       <= '0;
      quo_q       <= '0;
      rem_q       <= '0;
      div_q       <= '0;
      wp_q        <= '0;
      pp_q        <= '0;
      first_big_q <= 1'b0;
      pl_q        <= '0;
      act_in_q    <= AIW'(S);
      k_q         <= '0;
      si_q        <= '0;
      n_q         <= '0;
      bi_q        <= '0;
      bit_q       <= '0;
      byte_q      <= '0;
      tpos_q      <= '0;
      spk_bits_q  <= '0;
      spk_q       <= '0;
      done_seen_q <= 1'b0;
      have_last_q <= 1'b0;
      last_seq_q  <= '0;
      last_op_q   <= '0;
      last_len_q  <= '0;
      ck_q        <= '0;
      cw_q        <= '0;
      cn_q        <= '0;
      ctr_hi_q    <= '0;
      replay_q    <= 1'b0;
      tx_addr_q   <= '0;
      tx_data_q   <= '0;
      tx_we_q     <= 1'b0;
      tx_send_q   <= 1'b0;
    end else begin
      tx_we_q   <= 1'b0;
      tx_send_q <= 1'b0;
      replay_q  <= 1'b0;
      if (done_i)      done_seen_q <= 1'b1;

      case (state_q)
        // ---- frame intake ----------------------------------------------------------------------
        Idle: if (frame_valid_i && !tx_busy_i) begin
          end_q    <= frame_len_i;
          plen_q   <= frame_len_i - RAW'(2);
          ptr_q    <= '0;
          ld_n_q   <= 3'd2;
          ld_cnt_q <= '0;
          fld_q    <= '0;
          ph_q     <= '0;
          state_q  <= Ld;
        end

        // ---- helpers ---------------------------------------------------------------------------
        Ld: begin
          ptr_q   <= ptr_q + 1'b1;
          state_q <= LdData;
        end
        LdData: begin
          fld_q[8*ld_cnt_q +: 8] <= rd_data_i;
          if (ld_cnt_q + 3'd1 == ld_n_q) begin
            state_q <= Exec;
          end else begin
            ptr_q    <= ptr_q + 1'b1;
            ld_cnt_q <= ld_cnt_q + 3'd1;
          end
        end
        St: begin
          tx_we_q   <= 1'b1;
          tx_addr_q <= TIW'(tptr_q);
          tx_data_q <= st_val_q[8*st_cnt_q +: 8];
          tptr_q    <= tptr_q + 1'b1;
          st_cnt_q  <= st_cnt_q + 3'd1;
          if (st_cnt_q + 3'd1 == st_n_q) state_q <= Exec;
        end
        CfgW: if (cfg_ready_i) state_q <= Exec;
        CfgR: if (cfg_ready_i) state_q <= CfgRWait;
        CfgRWait: if (cfg_rvalid_i) begin
          st_val_q <= cfg_rdata_i;   // every read is sent back (St) or inspected next
          state_q <= Exec;
        end
        ClearGo: if (idle_i) begin
          done_seen_q <= 1'b0;
          state_q     <= ClearWait;
        end
        ClearWait: if (done_seen_q || done_i) state_q <= Exec;
        Push: if (in_ready_i) state_q <= Exec;
        StepGo: if (idle_i) begin
          done_seen_q <= 1'b0;
          n_q         <= '0;
          spk_bits_q  <= '0;
          state_q     <= Collect;
        end
        Collect: begin
          if (spk_valid_i) begin
            spk_bits_q[spk_neuron_i[$clog2(NB*8)-1:0]] <= 1'b1;
            n_q <= n_q + NW'(1);
            // (constant false when N <= 8: then the bitmap, one byte, is always as short)
            if (!sf_cmp_pkg::ge_const(32'(n_q), ListMax)) begin
              // list entry n: low byte now, high byte next clock
              tx_we_q   <= 1'b1;
              tx_addr_q <= TIW'(tpos_q + TAW'(2) + TAW'({n_q, 1'b0}));
              tx_data_q <= spk_neuron_i[7:0];
              spk_q     <= spk_neuron_i;
              state_q   <= CollectHi;
            end
          end else if (done_seen_q) begin
            state_q <= Exec;
          end
        end
        CollectHi: begin
          tx_we_q   <= 1'b1;
          tx_addr_q <= TIW'(tpos_q + TAW'(1) + TAW'({n_q, 1'b0}));  // n_q already counts it
          tx_data_q <= spk_q[15:8];
          state_q   <= Collect;
        end
        // a counter's low 4 or 8 bytes, appended as sf_counters shows its words in one visit
        CtrRd: if (ctr_valid_i && ctr_k_i == ck_q && ctr_w_i == cw_q) begin
          tx_we_q   <= 1'b1;
          tx_addr_q <= TIW'(tptr_q);
          tx_data_q <= ctr_word_i[7:0];
          ctr_hi_q  <= ctr_word_i[15:8];
          state_q   <= CtrHi;
        end
        CtrHi: begin
          tx_we_q   <= 1'b1;
          tx_addr_q <= TIW'(tptr_q + TAW'(1));
          tx_data_q <= ctr_hi_q;
          tptr_q    <= tptr_q + TAW'(2);
          cw_q      <= cw_q + 2'd1;
          state_q   <= (cw_q == cn_q) ? Exec : CtrRd;
        end
        Div: begin
          // restoring division addr_q / N: quotient -> row, remainder -> column
          if (div_q == 6'(SYW)) begin
            row_q   <= ROWW'(quo_q);
            col_q   <= COLW'(rem_q);
            state_q <= Exec;
          end else begin
            if (sf_cmp_pkg::ge_const(32'(rem_trial), N)) begin
              rem_q <= rem_trial - RMW'(N);
              quo_q <= SYW'({quo_q, 1'b1});
            end else begin
              rem_q <= rem_trial;
              quo_q <= SYW'({quo_q, 1'b0});
            end
            div_q <= div_q + 6'd1;
          end
        end

        // ---- finishing -------------------------------------------------------------------------
        Fin0: begin
          tx_we_q   <= 1'b1;
          tx_addr_q <= '0;
          tx_data_q <= seq_q;
          state_q   <= Fin1;
        end
        Fin1: begin
          tx_we_q   <= 1'b1;
          tx_addr_q <= TIW'(1);
          tx_data_q <= status_q;
          if (status_q != StOk) rlen_q <= TAW'(2);
          state_q   <= Send;
        end
        Send: begin
          tx_send_q   <= 1'b1;
          have_last_q <= 1'b1;
          last_seq_q  <= seq_q;
          last_op_q   <= op_q;
          last_len_q  <= rlen_q;
          state_q     <= Release;
        end
        Release: state_q <= Idle;

        // ---- the opcodes -----------------------------------------------------------------------
        Exec: begin
          // ph 0 follows the header load (from Idle): seq and opcode, replay check
          if (ph_q == 6'd0) begin
            seq_q  <= fld_q[7:0];
            op_q   <= fld_q[15:8];
            pass_q <= 1'b0;
            tptr_q <= TAW'(2);
            rlen_q <= TAW'(2);
            if (fld_q[15:8] != OpIdentify && have_last_q &&
                fld_q[7:0] == last_seq_q && fld_q[15:8] == last_op_q) begin
              // retransmission: replay the remembered response
              rlen_q    <= last_len_q;
              tx_send_q <= 1'b1;
              replay_q  <= 1'b1;
              state_q   <= Release;
            end else begin
              ph_q <= 6'd1;
            end
          end else begin
            case (op_q)
              // -------------------------------------------------------------------------------
              OpIdentify: begin
                if (ph_q == 6'd1) begin
                  if (plen_q != '0) begin
                    status_q <= StBadLength; state_q <= Fin0;
                  end else begin
                    i_q <= '0; ph_q <= 6'd2;
                  end
                end else begin
                  if (i_q == IXW'(9)) begin
                    status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                  end else begin
                    st_val_q <= id_word(i_q[3:0]); st_n_q <= 3'd4; st_cnt_q <= '0; state_q <= St;
                    i_q <= i_q + IXW'(1);
                  end
                end
              end
              // -------------------------------------------------------------------------------
              OpResetState: begin
                if (ph_q == 6'd1) begin
                  if (plen_q != '0) begin
                    status_q <= StBadLength; state_q <= Fin0;
                  end else begin
                    state_q <= ClearGo; ph_q <= 6'd2;
                  end
                end else begin
                  status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                end
              end
              // -------------------------------------------------------------------------------
              OpWriteNeurons, OpReadNeurons, OpReadState, OpReadTraces: begin
                case (ph_q)
                  6'd1: begin
                    if (plen_q != RAW'(4) &&
                        !(op_q == OpWriteNeurons && sf_cmp_pkg::gt_const(32'(plen_q), 4))) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else begin
                      ld_n_q <= 3'd4; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd2;
                    end
                  end
                  6'd2: begin
                    first_q     <= JW'(fld_q[15:0]);
                    first_big_q <= (32'(fld_q[15:0]) >> JW) != '0;
                    count_q <= fld_q[31:16];
                    ph_q    <= 6'd3;
                  end
                  6'd3: begin
                    body_q <= ptr_q;
                    i_q    <= '0;
                    j_q    <= first_q;
                    f_q    <= '0;
                    if (op_q == OpWriteNeurons && (sf_cmp_pkg::gt_const(32'(count_q), MaxNeuronRecs) ||
                                                   plen_q != RAW'(4) + RAW'(22) * RAW'(count_q))) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else if (count_q == '0 || first_big_q ||
                                 ((op_q == OpReadTraces) ? sf_cmp_pkg::gt_const(first_plus_count, S + N)
                                                         : sf_cmp_pkg::gt_const(first_plus_count, N))) begin
                      status_q <= StBadRange; state_q <= Fin0;
                    end else if ((op_q == OpReadNeurons &&
                                  sf_cmp_pkg::gt_const(32'(count_q), MaxNeuronRecs)) ||
                                 (op_q == OpReadState &&
                                  sf_cmp_pkg::gt_const(32'(count_q), MaxStateRecs)) ||
                                 (op_q == OpReadTraces &&
                                  sf_cmp_pkg::gt_const(32'(count_q), MaxTraceRecs))) begin
                      status_q <= StTooLong; state_q <= Fin0;
                    end else begin
                      ph_q <= (op_q == OpWriteNeurons) ? 6'd4 : (op_q == OpReadNeurons) ? 6'd8 :
                              (op_q == OpReadState) ? 6'd12 : 6'd16;
                    end
                  end
                  // WRITE_NEURONS: per record, fields f = 0..6, then one reserved byte.
                  6'd4: begin
                    if (i_q == count_q[IXW-1:0]) begin
                      if (pass_q) begin
                        status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                      end else begin
                        pass_q <= 1'b1; ptr_q <= body_q; i_q <= '0; j_q <= first_q; f_q <= '0;
                      end
                    end else if (f_q == 4'd7) begin
                      ptr_q <= ptr_q + 1'b1;   // reserved byte
                      f_q   <= '0;
                      i_q   <= i_q + IXW'(1);
                      j_q   <= j_q + JW'(1);
                    end else begin
                      ld_n_q <= neuron_size(f_q); ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld;
                      ph_q <= 6'd5;
                    end
                  end
                  6'd5: begin
                    if (!pass_q) begin
                      if (f_q < 4'd4 && !fits_signed(fld_q, VB)) begin
                        status_q <= StBadValue; state_q <= Fin0;
                      end else begin
                        f_q <= f_q + 4'd1; ph_q <= 6'd4;
                      end
                    end else begin
                      cfg_addr_q  <= core_addr(3'd1, 28'({j_q, 3'b000}) | 28'(f_q));
                      state_q     <= CfgW;
                      f_q         <= f_q + 4'd1;
                      ph_q        <= 6'd4;
                    end
                  end
                  // READ_NEURONS: read fields f = 0..6, append them, then a zero byte.
                  6'd8: begin
                    if (i_q == count_q[IXW-1:0]) begin
                      status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                    end else if (f_q == 4'd7) begin
                      st_val_q <= '0; st_n_q <= 3'd1; st_cnt_q <= '0; state_q <= St;
                      f_q <= '0; i_q <= i_q + IXW'(1); j_q <= j_q + JW'(1);
                    end else begin
                      cfg_addr_q <= core_addr(3'd1, 28'({j_q, 3'b000}) | 28'(f_q));
                      state_q    <= CfgR;
                      ph_q       <= 6'd9;
                    end
                  end
                  6'd9: begin
                    st_n_q <= neuron_size(f_q); st_cnt_q <= '0; state_q <= St;
                    f_q <= f_q + 4'd1; ph_q <= 6'd8;
                  end
                  // READ_STATE: v, I, y (4 bytes each), ref (2), reserved (2); core f: 0, 1, 3, 2.
                  6'd12: begin
                    if (i_q == count_q[IXW-1:0]) begin
                      status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                    end else if (f_q == 4'd4) begin
                      st_val_q <= '0; st_n_q <= 3'd2; st_cnt_q <= '0; state_q <= St;
                      f_q <= '0; i_q <= i_q + IXW'(1); j_q <= j_q + JW'(1);
                    end else begin
                      cfg_addr_q <= core_addr(3'd2, 28'({j_q, 2'b00}) | 28'(state_field(f_q)));
                      state_q    <= CfgR;
                      ph_q       <= 6'd13;
                    end
                  end
                  6'd13: begin
                    st_n_q <= (f_q == 4'd3) ? 3'd2 : 3'd4; st_cnt_q <= '0;
                    state_q <= St; f_q <= f_q + 4'd1; ph_q <= 6'd12;
                  end
                  // READ_TRACES: x of sources first .. first+count-1.
                  6'd16: begin
                    if (i_q == count_q[IXW-1:0]) begin
                      status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                    end else begin
                      cfg_addr_q <= core_addr(3'd3, 28'(j_q));
                      state_q    <= CfgR;
                      ph_q       <= 6'd17;
                    end
                  end
                  6'd17: begin
                    st_n_q <= 3'd4; st_cnt_q <= '0; state_q <= St;
                    i_q <= i_q + IXW'(1); j_q <= j_q + JW'(1); ph_q <= 6'd16;
                  end
                  default: begin
                    status_q <= StBadLength; state_q <= Fin0;
                  end
                endcase
              end
              // -------------------------------------------------------------------------------
              OpWriteSynapses, OpReadSynapses: begin
                case (ph_q)
                  6'd1: begin
                    if (!sf_cmp_pkg::ge_const(32'(plen_q), 8) ||
                        (op_q == OpReadSynapses && plen_q != RAW'(8))) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else begin
                      ld_n_q <= 3'd4; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd2;
                    end
                  end
                  6'd2: begin
                    addr_q     <= SYW'(fld_q);
                    addr_big_q <= (fld_q[31:SYW] != '0) || (!SynPow2 && SYW'(fld_q) >= SYW'(SynTotal));
                    ld_n_q <= 3'd4; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd3;
                  end
                  6'd3: begin
                    count_q <= fld_q[15:0];
                    ph_q    <= 6'd4;
                  end
                  6'd4: begin
                    wp_q   <= (op_q == OpWriteSynapses) ? ptr_q : RAW'(2);
                    pp_q   <= RAW'(2) + RAW'(syn_wbytes);   // (READ_SYNAPSES; the write sets it below)
                    body_q <= ptr_q;
                    i_q   <= '0;
                    if (op_q == OpWriteSynapses &&
                        (syn_many || 13'(plen_q) != syn_bytes + 13'd8)) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else if (count_q == '0 || addr_big_q ||
                                 sf_cmp_pkg::gt_const(32'(syn_end), SynTotal)) begin
                      status_q <= StBadRange; state_q <= Fin0;
                    end else if (op_q == OpReadSynapses &&
                                 (syn_many || sf_cmp_pkg::gt_const(32'(syn_bytes), MaxPayload))) begin
                      status_q <= StTooLong; state_q <= Fin0;
                    end else begin
                      quo_q   <= addr_q;
                      rem_q   <= '0;
                      div_q   <= '0;
                      state_q <= Div;
                      ph_q    <= (op_q == OpWriteSynapses) ? 6'd5 : 6'd10;
                    end
                  end
                  // WRITE_SYNAPSES: check pass (weights fit WB; skipped when WireFits), then write pass.
                  6'd5: begin
                    if (i_q == count_q[IXW-1:0] || (WireFits && !pass_q)) begin
                      if (pass_q) begin
                        status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                      end else begin
                        pass_q <= 1'b1; i_q <= '0; wp_q <= body_q;
                        pp_q   <= body_q + RAW'(syn_wbytes);
                      end
                    end else if (pass_q && i_q[2:0] == 3'd0) begin
                      // the next plasticity byte, then the weight (ph 6)
                      ptr_q <= pp_q; pp_q <= pp_q + 1'b1;
                      ld_n_q <= 3'd1; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd6;
                    end else begin
                      ptr_q <= wp_q; wp_q <= wp_q + RAW'(WBY);
                      ld_n_q <= 3'(WBY); ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd7;
                    end
                  end
                  6'd6: begin
                    pl_q <= fld_q[7:0];
                    ptr_q <= wp_q; wp_q <= wp_q + RAW'(WBY);
                    ld_n_q <= 3'(WBY); ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd7;
                  end
                  6'd7: begin
                    if (!pass_q) begin
                      if (!fits_signed({{16{wire_weight[15]}}, wire_weight}, WB)) begin
                        status_q <= StBadValue; state_q <= Fin0;
                      end else begin
                        i_q <= i_q + IXW'(1); ph_q <= 6'd5;
                      end
                    end else begin
                      cfg_addr_q  <= {1'b1, 15'(row_q), 16'(col_q)};
                      plbit_q     <= pl_q[i_q[2:0]];
                      state_q     <= CfgW;
                      i_q         <= i_q + IXW'(1);
                      if (col_q == COLW'(N - 1)) begin
                        col_q <= '0; row_q <= row_q + ROWW'(1);
                      end else begin
                        col_q <= col_q + COLW'(1);
                      end
                      ph_q <= 6'd5;
                    end
                  end
                  // READ_SYNAPSES: read each, append the weight, collect plasticity bits.
                  6'd10: begin
                    if (i_q == count_q[IXW-1:0]) begin
                      status_q <= StOk;
                      rlen_q   <= TAW'(2) + TAW'(syn_bytes);
                      state_q  <= Fin0;
                    end else begin
                      cfg_addr_q <= {1'b1, 15'(row_q), 16'(col_q)};
                      state_q    <= CfgR;
                      ph_q       <= 6'd11;
                    end
                  end
                  6'd11: begin
                    tptr_q   <= wp_q;
                    wp_q     <= wp_q + RAW'(WBY);
                    st_val_q <= {16'd0, st_val_q[15:0]}; st_n_q <= 3'(WBY); st_cnt_q <= '0;
                    state_q  <= St;
                    pl_q[i_q[2:0]] <= st_val_q[16];
                    if (i_q[2:0] == 3'd0) pl_q[7:1] <= '0;
                    ph_q <= 6'd12;
                  end
                  6'd12: begin
                    if (i_q[2:0] == 3'd7 || i_q + IXW'(1) == count_q[IXW-1:0]) begin
                      tptr_q   <= pp_q;
                      pp_q     <= pp_q + 1'b1;
                      st_val_q <= {24'd0, pl_q}; st_n_q <= 3'd1; st_cnt_q <= '0; state_q <= St;
                    end
                    i_q <= i_q + IXW'(1);
                    if (col_q == COLW'(N - 1)) begin
                      col_q <= '0; row_q <= row_q + ROWW'(1);
                    end else begin
                      col_q <= col_q + COLW'(1);
                    end
                    ph_q <= 6'd10;
                  end
                  default: begin
                    status_q <= StBadLength; state_q <= Fin0;
                  end
                endcase
              end
              // -------------------------------------------------------------------------------
              OpWriteStdp, OpReadStdp: begin
                case (ph_q)
                  6'd1: begin
                    if (plen_q != ((op_q == OpWriteStdp) ? RAW'(24) : RAW'(0))) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else begin
                      body_q <= ptr_q; f_q <= '0;
                      ph_q <= (op_q == OpWriteStdp) ? 6'd2 : 6'd6;
                    end
                  end
                  6'd2: begin
                    if (f_q == 4'd9) begin
                      if (pass_q) begin
                        status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                      end else begin
                        pass_q <= 1'b1; ptr_q <= body_q; f_q <= '0;
                      end
                    end else begin
                      ld_n_q <= stdp_size(f_q); ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd3;
                    end
                  end
                  6'd3: begin
                    ph_q <= 6'd2;
                    f_q  <= f_q + 4'd1;
                    if (!pass_q) begin
                      if ((f_q == 4'd5 || f_q == 4'd6) && (fld_q >> TB) != '0) begin
                        status_q <= StBadValue; state_q <= Fin0;
                      end else if ((f_q == 4'd7 || f_q == 4'd8) && !fits_signed(fld_q, WB)) begin
                        status_q <= StBadValue; state_q <= Fin0;
                      end else if (f_q == 4'd8 && wmin_q > $signed(fld_q[WB-1:0])) begin
                        status_q <= StBadValue; state_q <= Fin0;
                      end
                      if (f_q == 4'd7) wmin_q <= fld_q[WB-1:0];
                    end else if (stdp_reg(f_q) != 5'd0) begin
                      cfg_addr_q  <= core_addr(3'd0, 28'(stdp_reg(f_q)));
                      state_q     <= CfgW;
                    end
                  end
                  6'd6: begin
                    if (f_q == 4'd9) begin
                      status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                    end else if (stdp_reg(f_q) == 5'd0) begin
                      st_val_q <= '0; st_n_q <= stdp_size(f_q); st_cnt_q <= '0; state_q <= St;
                      f_q <= f_q + 4'd1;
                    end else begin
                      cfg_addr_q <= core_addr(3'd0, 28'(stdp_reg(f_q)));
                      state_q    <= CfgR;
                      ph_q       <= 6'd7;
                    end
                  end
                  6'd7: begin
                    st_n_q <= stdp_size(f_q); st_cnt_q <= '0; state_q <= St;
                    f_q <= f_q + 4'd1; ph_q <= 6'd6;
                  end
                  default: begin
                    status_q <= StBadLength; state_q <= Fin0;
                  end
                endcase
              end
              // -------------------------------------------------------------------------------
              OpSetLearn: begin
                case (ph_q)
                  6'd1: begin
                    if (plen_q != RAW'(1)) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else begin
                      ld_n_q <= 3'd1; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd2;
                    end
                  end
                  6'd2: begin
                    if (fld_q[31:1] != '0) begin
                      status_q <= StBadValue; state_q <= Fin0;
                    end else begin
                      cfg_addr_q <= core_addr(3'd0, 28'd10); state_q <= CfgW;
                      ph_q <= 6'd3;
                    end
                  end
                  default: begin
                    status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                  end
                endcase
              end
              // -------------------------------------------------------------------------------
              OpSetActive: begin
                case (ph_q)
                  6'd1: begin
                    if (plen_q != RAW'(4)) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else begin
                      ld_n_q <= 3'd4; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd2;
                    end
                  end
                  default: begin
                    if (fld_q[15:0] == '0 || sf_cmp_pkg::gt_const(32'(fld_q[15:0]), N) ||
                        sf_cmp_pkg::gt_const(32'(fld_q[31:16]), S)) begin
                      status_q <= StBadRange; state_q <= Fin0;
                    end else begin
                      act_in_q <= AIW'(fld_q[31:16]);
                      status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                    end
                  end
                endcase
              end
              // -------------------------------------------------------------------------------
              OpStep: begin
                case (ph_q)
                  6'd1: begin
                    if (!sf_cmp_pkg::ge_const(32'(plen_q), 2)) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else begin
                      ld_n_q <= 3'd2; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd2;
                    end
                  end
                  6'd2: begin
                    k_q    <= fld_q[7:0];
                    si_q   <= '0;
                    body_q <= ptr_q;
                    // (constant when MaxBatch = 255, i.e. for N <= 32: then only k = 0 is refused)
                    /* verilator lint_off CMPCONST */
                    if (fld_q[7:0] == 8'd0 || sf_cmp_pkg::gt_const(32'(fld_q[7:0]), MaxBatch)) begin
                    /* verilator lint_on CMPCONST */
                      status_q <= StBadRange; state_q <= Fin0;
                    end else begin
                      ph_q <= 6'd3;
                    end
                  end
                  // per step: the SpikeSet header
                  6'd3: begin
                    if (si_q == k_q) begin
                      if (!pass_q) begin
                        if (ptr_q != end_q) begin
                          status_q <= StBadLength; state_q <= Fin0;
                        end else begin
                          pass_q <= 1'b1; ptr_q <= body_q; si_q <= '0;
                          // response header: first_step, k, reserved
                          ck_q <= CtrSteps; cw_q <= '0; cn_q <= 2'd1; state_q <= CtrRd;
                          ph_q <= 6'd4;
                        end
                      end else begin
                        status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                      end
                    end else if (!sf_cmp_pkg::ge_const(32'(left), 2)) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else begin
                      ld_n_q <= 3'd2; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd5;
                    end
                  end
                  6'd4: begin
                    st_val_q <= {16'd0, 8'd0, k_q}; st_n_q <= 3'd2; st_cnt_q <= '0; state_q <= St;
                    ph_q <= 6'd3;
                  end
                  6'd5: begin
                    n_q   <= NW'(fld_q[15:0]);   // (checked just below; unused if it fails)
                    bi_q  <= '0;
                    if (fld_q[15] && fld_q[15:0] != 16'h8000) begin
                      status_q <= StBadValue; state_q <= Fin0;
                    // n list entries need 2n bytes: 2n > left exactly when n > floor(left / 2)
                    end else if (!fld_q[15] &&
                                 (fld_q[14:RAW-1] != '0 || fld_q[RAW-2:0] > left[RAW-1:1])) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else if (fld_q[15] && !sf_cmp_pkg::ge_const(32'(left), SB)) begin
                      status_q <= StBadLength; state_q <= Fin0;
                    end else begin
                      ph_q <= fld_q[15] ? 6'd8 : 6'd6;
                    end
                  end
                  // list entries
                  6'd6: begin
                    if (n_q == '0) begin
                      ph_q <= 6'd12;                 // inputs done: run the step (or next set)
                    end else begin
                      n_q <= n_q - NW'(1);
                      ld_n_q <= 3'd2; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd7;
                    end
                  end
                  6'd7: begin
                    ph_q <= 6'd6;
                    if (sf_cmp_pkg::ge_const(32'(fld_q[15:0]), S)) begin
                      status_q <= StBadValue; state_q <= Fin0;
                    end else if (AIW'(fld_q[15:0]) >= act_in_q) begin   // fld_q < S here
                      status_q <= StBadRange; state_q <= Fin0;
                    end else if (pass_q) begin
                      state_q <= Push;
                    end
                  end
                  // bitmap bytes
                  6'd8: begin
                    if (32'(bi_q) == 32'(SB)) begin
                      ph_q <= 6'd12;
                    end else begin
                      ld_n_q <= 3'd1; ld_cnt_q <= '0; fld_q <= '0; state_q <= Ld; ph_q <= 6'd9;
                      bit_q <= '0;
                    end
                  end
                  6'd9: begin
                    byte_q <= fld_q[7:0];
                    ph_q   <= 6'd10;
                  end
                  6'd10: begin
                    if (bit_q == 4'd8) begin
                      bi_q <= bi_q + BIW'(1);
                      ph_q <= 6'd8;
                    end else begin
                      bit_q <= bit_q + 4'd1;
                      if (byte_q[bit_q[2:0]]) begin
                        if (sf_cmp_pkg::ge_const(32'({bi_q, bit_q[2:0]}), S)) begin
                          status_q <= StBadValue; state_q <= Fin0;
                        end else if (AIW'({bi_q, bit_q[2:0]}) >= act_in_q) begin   // < S here
                          status_q <= StBadRange; state_q <= Fin0;
                        end else if (pass_q) begin
                          fld_q   <= 32'({bi_q, bit_q[2:0]});
                          state_q <= Push;
                        end
                      end
                    end
                  end
                  // end of a SpikeSet: in the check pass go on; in the run pass step the core
                  6'd12: begin
                    if (!pass_q) begin
                      si_q <= si_q + 8'd1; ph_q <= 6'd3;
                    end else begin
                      tpos_q  <= tptr_q;
                      state_q <= StepGo;
                      ph_q    <= 6'd13;
                    end
                  end
                  // the step is done: its fired neurons as a list or a bitmap
                  6'd13: begin
                    if (!sf_cmp_pkg::gt_const(32'(n_q), ListMax)) begin
                      tptr_q   <= tpos_q;
                      st_val_q <= 32'(n_q); st_n_q <= 3'd2; st_cnt_q <= '0; state_q <= St;
                      ph_q     <= 6'd14;
                    end else begin
                      tptr_q   <= tpos_q;
                      st_val_q <= 32'h0000_8000; st_n_q <= 3'd2; st_cnt_q <= '0; state_q <= St;
                      bi_q     <= '0;
                      ph_q     <= 6'd15;
                    end
                  end
                  6'd14: begin
                    tptr_q <= tpos_q + TAW'(2) + TAW'({n_q, 1'b0});
                    si_q   <= si_q + 8'd1;
                    ph_q   <= 6'd3;
                  end
                  6'd15: begin
                    if (32'(bi_q) == 32'(NB)) begin
                      si_q <= si_q + 8'd1;
                      ph_q <= 6'd3;
                    end else begin
                      st_val_q <= {24'd0, spk_byte}; st_n_q <= 3'd1; st_cnt_q <= '0; state_q <= St;
                      bi_q     <= bi_q + BIW'(1);
                    end
                  end
                  default: begin
                    status_q <= StBadLength; state_q <= Fin0;
                  end
                endcase
              end
              // -------------------------------------------------------------------------------
              OpReadCounters: begin
                if (ph_q == 6'd1) begin
                  if (plen_q != '0) begin
                    status_q <= StBadLength; state_q <= Fin0;
                  end else begin
                    i_q <= '0; ph_q <= 6'd2;
                  end
                end else begin
                  if (i_q == IXW'(9)) begin
                    status_q <= StOk; rlen_q <= tptr_q; state_q <= Fin0;
                  end else if (i_q == IXW'(5) || i_q == IXW'(8)) begin
                    st_val_q <= '0; st_n_q <= 3'd4; st_cnt_q <= '0; state_q <= St;
                  end else begin
                    ck_q <= counter_of_slot(i_q[3:0]); cw_q <= '0;
                    cn_q <= (i_q[3:0] < 4'd3) ? 2'd3 : 2'd1;
                    state_q <= CtrRd;
                  end
                  i_q <= i_q + IXW'(1);
                end
              end
              default: begin
                status_q <= StUnknown; state_q <= Fin0;
              end
            endcase
          end
        end
        default: state_q <= Idle;
      endcase
    end
  end
endmodule
