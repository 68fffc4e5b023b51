/* What a board gives the test firmwares: a console and the end of a run.
 * One file per board in common/board/<board>.c, chosen by BOARD= at build
 * time (mk/guest.mk; the runner passes the config's platform), so the
 * firmwares themselves stay the same on every machine. */
#ifndef FW_BOARD_H
#define FW_BOARD_H

/* One byte to the console, from any hart and any privilege level that may
 * reach the device. */
void board_putc(char c);

/* End the run: code 0 is success, anything else the QEMU exit status.
 * Waits for the end (wfi) if the device is slow to act. */
__attribute__((noreturn)) void board_exit(unsigned code);

#endif /* FW_BOARD_H */
