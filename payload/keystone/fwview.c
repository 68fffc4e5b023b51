/*
 * keystone-fwview (with firmware/keystone-fw): an enclave's legacy
 * console_putchar reaches the firmware with the host's S-level CSRs (its
 * sscratch marker), the host's ecall as mepc, and zero in every GPR but a0
 * and a7, although the enclave's own registers (s0, s1, sp, ...) are not.
 */
#include "ks.h"

#define HOST_SSCRATCH 0x5ca7c4UL

void ks_test_fwview(unsigned long hartid)
{
	struct ks_op *ops;
	struct sbiret r;
	unsigned n = 0;

	(void)hartid;
	__asm__ volatile("csrw sscratch, %0" : : "r"(HOST_SSCRATCH));
	r = ks_create_slot(0);
	ks_expect("keystone-fwview: create", (unsigned long)r.error, 0);
	ops = ks_ops(0);
	n = ks_op_puts(ops, n, "!");
	n = ks_op_puts(ops, n, "enclave says hi\n");
	n = ks_op_ecall(ops, n, SBI_LEGACY_SET_TIMER, 0, ~0UL, 0, 0);
	ks_op_end(ops, n, 0x77);
	r = ks_call(KS_RUN, (uint64_t)r.value);
	ks_expect("keystone-fwview: enclave exit value", (unsigned long)r.value, 0x77);
	ks_expect("keystone-fwview: putchar returned", ops[0].w[2], 0);
	ks_expect("keystone-fwview: destroy", (unsigned long)ks_call(KS_DESTROY, 0).error, 0);
	ks_finish("keystone-fwview");
}
