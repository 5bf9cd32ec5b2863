# AMD Kria KV260 (xck26-sfvc784-2LV-c): block design scripts/vivado/bd_zynqmp.tcl. The K26 SOM
# gives the PL no free user clock, button, LED or UART: the core is clocked and reset from the PS
# (pl_clk0, pl_resetn0 via proc_sys_reset) and reached over M_AXI_HPM0_FPD, so there are no pin
# constraints. The LED outputs of the block design are left unconnected (tied off in the BD).
set_property BITSTREAM.GENERAL.COMPRESS TRUE [current_design]
