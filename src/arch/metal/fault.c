/* The monitor itself trapped (trap.S): report and stop. */
#define LOG_MODULE "arch"

#include <miralis/log.h>
#include <miralis/monitor.h>

#include <stdint.h>

struct monitor_frame {
	uint64_t regs[32];
	uint64_t mepc, mcause, mtval, mstatus;
};

void arch_monitor_trap(struct monitor_frame *f) __attribute__((noreturn));

void arch_monitor_trap(struct monitor_frame *f)
{
	log_error("Unexpected trap while executing the monitor");
	log_error("  cause:   0x%lx", f->mcause);
	log_error("  mepc:    0x%lx", f->mepc);
	log_error("  mtval:   0x%lx", f->mtval);
	log_error("  mstatus: 0x%lx", f->mstatus);
	log_error("  ra 0x%lx sp 0x%lx a0 0x%lx", f->regs[1], f->regs[2], f->regs[10]);
	/* then the guest context this hart was serving, and exit with failure */
	monitor_panic("trap 0x%lx at 0x%lx inside the monitor", f->mcause, f->mepc);
}
