/* board-exit: ends the run on the board's own exit device from S-mode
 * (firmware/common/board.h: the sifive_test finisher on QEMU virt, HTIF on
 * spike), for firmwares whose SBI shutdown cannot end the machine: Debian's
 * OpenSBI 1.1 on QEMU's spike machine (docs/platforms.md). */
#include "board.h"
#include "payload.h"

void payload_main(unsigned long hartid, unsigned long dtb)
{
	(void)dtb;
	printf("Payload: hart %lu in S-mode, ending the run on the board's exit device\n", hartid);
	board_exit(0);
}
