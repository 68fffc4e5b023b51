/*
 * keystone-misuse: every misuse gets its Keystone error code and the
 * monitor keeps serving: bad ids, bad and overlapping regions, regions over
 * the monitor, the firmware or another enclave, double destroy, running a
 * destroyed or exited enclave, enclave-only calls from the host and host
 * calls from an enclave, bad attestation and sealing-key pointers.
 */
#include "ks.h"

#define BAD_PTR 0xdeadbeefdeadbeefUL
#define MONITOR_ADDR 0x80000000UL
#define FIRMWARE_ADDR 0x80100000UL
#define BEYOND_RAM 0x100000000UL	/* QEMU virt with 256 MiB: no memory there */

static unsigned long create_err(struct ks_create_args a)
{
	return (unsigned long)ks_create_args_at(&a).error;
}

static void host_side(void)
{
	struct ks_create_args a = ks_default_args(0), b;
	static const unsigned long enclave_only[] = { KS_RANDOM, KS_ATTEST, KS_SEALING_KEY,
						       KS_STOP, KS_EXIT };

	for (unsigned i = 0; i < sizeof(enclave_only) / sizeof(enclave_only[0]); i++)
		ks_expect("misuse: enclave-only call from the host",
			  (unsigned long)ks_call(enclave_only[i], 0).error, KS_SBI_PROHIBITED);
	ks_expect("misuse: deprecated function", (unsigned long)ks_call(1000, 0).error,
		  KS_DEPRECATED);
	ks_expect("misuse: unknown function", (unsigned long)ks_call(2004, 0).error,
		  KS_NOT_IMPLEMENTED);
	ks_expect("misuse: create from a bad pointer",
		  (unsigned long)ks_call(KS_CREATE, BAD_PTR).error, KS_REGION_OVERLAPS);
	ks_expect("misuse: create from the monitor's memory",
		  (unsigned long)ks_call(KS_CREATE, MONITOR_ADDR).error, KS_REGION_OVERLAPS);

	ks_load_slot(0);
	b = a, b.epm_size = 0;
	ks_expect("misuse: empty EPM", create_err(b), KS_ILLEGAL_ARGUMENT);
	b = a, b.epm_base = 0xfffffffffffff000UL, b.epm_size = 0x2000;
	ks_expect("misuse: wrapping EPM", create_err(b), KS_ILLEGAL_ARGUMENT);
	b = a, b.utm_size = 0;
	ks_expect("misuse: empty UTM", create_err(b), KS_ILLEGAL_ARGUMENT);
	b = a, b.utm_base = ~0UL - 0x800;
	ks_expect("misuse: wrapping UTM", create_err(b), KS_ILLEGAL_ARGUMENT);
	b = a, b.runtime = a.epm_base + EPM_SIZE;
	ks_expect("misuse: runtime outside the EPM", create_err(b), KS_ILLEGAL_ARGUMENT);
	b = a, b.user = a.runtime - 8;
	ks_expect("misuse: user before runtime", create_err(b), KS_ILLEGAL_ARGUMENT);
	b = a, b.free = a.epm_base + EPM_SIZE + PAGE;
	ks_expect("misuse: free beyond the EPM", create_err(b), KS_ILLEGAL_ARGUMENT);
	b = a, b.epm_base += 0x800, b.runtime += 0x800, b.user += 0x800, b.free += 0x800;
	ks_expect("misuse: unaligned EPM", create_err(b), KS_PMP_FAILURE);
	b = a, b.epm_size = 0x2800;
	ks_expect("misuse: EPM not whole pages", create_err(b), KS_PMP_FAILURE);
	b = a, b.utm_size = 0x3000;
	ks_expect("misuse: UTM size not a power of two", create_err(b), KS_PMP_FAILURE);
	b = a, b.utm_base += 0x100;
	ks_expect("misuse: unaligned UTM", create_err(b), KS_PMP_FAILURE);
	b = a, b.epm_base = MONITOR_ADDR, b.runtime = b.user = MONITOR_ADDR, b.free = MONITOR_ADDR;
	ks_expect("misuse: EPM over the monitor", create_err(b), KS_PMP_FAILURE);
	b = a, b.epm_base = FIRMWARE_ADDR, b.runtime = b.user = FIRMWARE_ADDR,
	b.free = FIRMWARE_ADDR;
	ks_expect("misuse: EPM over the firmware", create_err(b), KS_PMP_FAILURE);
	b = a, b.utm_base = FIRMWARE_ADDR;
	ks_expect("misuse: UTM over the firmware", create_err(b), KS_PMP_FAILURE);
	b = a, b.utm_base = 0x10000000UL;
	ks_expect("misuse: UTM over the UART", create_err(b), KS_PMP_FAILURE);
	b = a, b.epm_base = BEYOND_RAM, b.runtime = b.user = b.free = BEYOND_RAM;
	ks_expect("misuse: EPM beyond RAM", create_err(b), KS_PMP_FAILURE);
	b = a, b.utm_base = a.epm_base + PAGE * 4;
	ks_expect("misuse: UTM inside the EPM", create_err(b), KS_PMP_FAILURE);
}

static void table_side(void)
{
	struct ks_create_args a0 = ks_default_args(0), b;
	uint64_t eid[4];
	struct sbiret r;

	ks_expect("misuse: destroy of a bad id", (unsigned long)ks_call(KS_DESTROY, 99).error,
		  KS_NOT_DESTROYABLE);
	ks_expect("misuse: destroy of a free slot", (unsigned long)ks_call(KS_DESTROY, 0).error,
		  KS_NOT_DESTROYABLE);
	ks_expect("misuse: run of a bad id", (unsigned long)ks_call(KS_RUN, ~0UL).error,
		  KS_NOT_FRESH);
	ks_expect("misuse: resume of a bad id", (unsigned long)ks_call(KS_RESUME, 7).error,
		  KS_NOT_RESUMABLE);
	for (unsigned i = 0; i < 4; i++) {
		r = ks_create_slot(i);
		eid[i] = (uint64_t)r.value;
		ks_expect("misuse: create", (unsigned long)r.error, 0);
	}
	ks_expect("misuse: a fifth enclave", create_err(ks_default_args(0)), KS_PMP_FAILURE);
	b = ks_default_args(2), b.epm_base = EPM_AT(4), b.runtime = b.user = b.free = EPM_AT(4),
	b.utm_base = UTM_AT(4);
	ks_expect("misuse: a fifth enclave in free memory", create_err(b), KS_NO_FREE_RESOURCE);
	ks_expect("misuse: destroy enclave 3", (unsigned long)ks_call(KS_DESTROY, eid[3]).error, 0);
	b = a0, b.utm_base = UTM_AT(3);
	ks_expect("misuse: EPM over another enclave's", create_err(b), KS_PMP_FAILURE);
	b = ks_default_args(3), b.utm_base = EPM_AT(1);
	ks_expect("misuse: UTM over another enclave's EPM", create_err(b), KS_PMP_FAILURE);
	b = ks_default_args(3), b.utm_base = UTM_AT(2);
	ks_expect("misuse: UTM over another enclave's UTM", create_err(b), KS_PMP_FAILURE);
	b = ks_default_args(3), b.epm_base = EPM_AT(2) & ~(2 * EPM_SIZE - 1),
	b.epm_size = 2 * EPM_SIZE, b.runtime = b.user = b.free = b.epm_base + 2 * EPM_SIZE - PAGE;
	ks_expect("misuse: EPM containing another enclave", create_err(b), KS_PMP_FAILURE);

	ks_expect("misuse: double destroy", (unsigned long)ks_call(KS_DESTROY, eid[3]).error,
		  KS_NOT_DESTROYABLE);
	ks_expect("misuse: run of a destroyed enclave", (unsigned long)ks_call(KS_RUN, eid[3]).error,
		  KS_NOT_FRESH);
	ks_expect("misuse: resume of a fresh enclave",
		  (unsigned long)ks_call(KS_RESUME, eid[2]).error, KS_NOT_RESUMABLE);

	/* enclave 0: misbehaves from inside, then stops with a bad reason, then exits */
	{
		struct ks_op *ops = ks_ops(0);
		uint64_t utm = UTM_AT(0), epm = EPM_AT(0);
		unsigned n = 0;

		n = ks_op_ecall(ops, n, KS_EID, KS_CREATE, utm, 0, 0);
		n = ks_op_ecall(ops, n, KS_EID, KS_DESTROY, eid[1], 0, 0);
		n = ks_op_ecall(ops, n, KS_EID, KS_RUN, eid[1], 0, 0);
		n = ks_op_ecall(ops, n, KS_EID, KS_ATTEST, utm + UTM_REPORT, utm, 1025);
		n = ks_op_ecall(ops, n, KS_EID, KS_ATTEST, utm + UTM_REPORT, HOST_ADDR, 8);
		n = ks_op_ecall(ops, n, KS_EID, KS_ATTEST, HOST_ADDR, utm, 8);
		n = ks_op_ecall(ops, n, KS_EID, KS_ATTEST, EPM_AT(1), utm, 8);
		n = ks_op_ecall(ops, n, KS_EID, KS_SEALING_KEY, utm, epm, 8);
		n = ks_op_ecall(ops, n, KS_EID, KS_SEALING_KEY, epm + PAGE, EPM_AT(1), 8);
		n = ks_op_ecall(ops, n, KS_EID, KS_SEALING_KEY, epm + PAGE, ~0UL - 8, 0x20);
		n = ks_op_ecall(ops, n, KS_EID, KS_SEALING_KEY, epm + EPM_SIZE - 64, epm, 8);
		n = ks_op_ecall(ops, n, KS_EID, 5, 0, 0, 0);
		n = ks_op_ecall(ops, n, KS_EID, 3005, 0, 0, 0);
		n = ks_op_ecall(ops, n, KS_EID, 4000, 1, 1, 0);
		n = ks_op_ecall(ops, n, 0x10, 0, 0, 0, 0);
		n = ks_op_ecall(ops, n, KS_EID, KS_RANDOM, 0, 0, 0);
		n = ks_op_ecall(ops, n, KS_EID, KS_RANDOM, 0, 0, 0);
		n = ks_op_ecall(ops, n, KS_EID, KS_STOP, 7, 0, 0);
		ks_op_end(ops, n, 0x600d);

		r = ks_call(KS_RUN, eid[0]);
		ks_expect("misuse: stop with an unknown reason", (unsigned long)r.error,
			  KS_UNKNOWN_ERROR);
		ks_expect("misuse: run of a stopped enclave",
			  (unsigned long)ks_call(KS_RUN, eid[0]).error, KS_NOT_FRESH);
		ks_expect("misuse: destroy of a stopped enclave works later; first resume",
			  (unsigned long)(r = ks_call(KS_RESUME, eid[0])).error, 0);
		ks_expect("misuse: exit value", (unsigned long)r.value, 0x600d);
		ks_expect("misuse: host call CREATE from an enclave", ops[0].w[2], KS_SBI_PROHIBITED);
		ks_expect("misuse: host call DESTROY from an enclave", ops[1].w[2], KS_SBI_PROHIBITED);
		ks_expect("misuse: host call RUN from an enclave", ops[2].w[2], KS_SBI_PROHIBITED);
		ks_expect("misuse: attest with 1025 bytes", ops[3].w[2], KS_ILLEGAL_ARGUMENT);
		ks_expect("misuse: attest data in host memory", ops[4].w[2], KS_NOT_ACCESSIBLE);
		ks_expect("misuse: attest report into host memory", ops[5].w[2],
			  KS_ILLEGAL_ARGUMENT);
		ks_expect("misuse: attest report into another enclave", ops[6].w[2],
			  KS_ILLEGAL_ARGUMENT);
		ks_expect("misuse: sealing key out of the EPM", ops[7].w[2], KS_ILLEGAL_ARGUMENT);
		ks_expect("misuse: sealing ident in another enclave", ops[8].w[2],
			  KS_ILLEGAL_ARGUMENT);
		ks_expect("misuse: sealing ident wrapping", ops[9].w[2], KS_ILLEGAL_ARGUMENT);
		ks_expect("misuse: sealing key crossing the EPM end", ops[10].w[2],
			  KS_ILLEGAL_ARGUMENT);
		ks_expect("misuse: deprecated function from an enclave", ops[11].w[2],
			  KS_DEPRECATED);
		ks_expect("misuse: unknown function from an enclave", ops[12].w[2],
			  KS_NOT_IMPLEMENTED);
		ks_expect("misuse: plugin call", ops[13].w[2], KS_NOT_IMPLEMENTED);
		ks_expect("misuse: other SBI extension from an enclave", ops[14].w[2],
			  (unsigned long)-2);
		ks_expect("misuse: RANDOM without Zkr", ops[15].w[2], 0);
		ks_expect("misuse: two RANDOM values differ", ops[15].w[3] != ops[16].w[3], 1);
	}
	ks_expect("misuse: resume of an exited enclave",
		  (unsigned long)ks_call(KS_RESUME, eid[0]).error, KS_NOT_RESUMABLE);
	ks_expect("misuse: run of an exited enclave", (unsigned long)ks_call(KS_RUN, eid[0]).error,
		  KS_NOT_FRESH);
	for (unsigned i = 0; i < 3; i++)
		ks_expect("misuse: destroy", (unsigned long)ks_call(KS_DESTROY, eid[i]).error, 0);
}

void ks_test_misuse(unsigned long hartid)
{
	(void)hartid;
	host_side();
	table_side();
	ks_finish("keystone-misuse");
}
