/*
 * Trap handling for the virtual hart: emulation of privileged
 * instructions in vM-mode, trap injection into vM-mode, virtual interrupt
 * delivery and the world switches. All portable C.
 */
#ifndef MIRALIS_EMUL_H
#define MIRALIS_EMUL_H

#include <stdbool.h>
#include <stdint.h>

struct vctx;
struct insn;

/* Outcome of handling one trap */
enum exit_result { EXIT_CONTINUE, EXIT_DONE };

/* Dispatch a trap of the guest (ctx->trap filled by arch_run_vcpu). */
enum exit_result vtrap_handle(struct vctx *c);

/*
 * The run loop's short cut for the commonest exit, a CSR access of the
 * firmware that changes nothing the next entry installs (src/virt/trap.c):
 *   FAST_NONE   not such an exit: vtrap_handle it
 *   FAST_DONE   handled exactly as vtrap_handle would; the physical state
 *               for the next entry is already in place
 *   FAST_PREPARE handled; prepare the world before the next entry
 */
enum fast_result { FAST_NONE, FAST_DONE, FAST_PREPARE };
enum fast_result vtrap_handle_fast(struct vctx *c);

/* Emulate an illegal-instruction trap of the firmware (vM-mode). */
void emul_illegal(struct vctx *c);
/* Emulate a decoded privileged instruction; false if not emulated. */
bool emul_priv(struct vctx *c, const struct insn *in, uint32_t raw);
/*
 * A decoded CSR access that emul_csr_exit may take on the fast exit: a
 * read, or a write of a CSR that no interrupt or world state depends on.
 */
bool emul_csr_is_fast(const struct insn *in);
/* Emulate it as emul_illegal would: advance, or inject the illegal instruction. */
void emul_csr_exit(struct vctx *c, const struct insn *in);

/*
 * Deliver an exception to vM-mode as the hardware would (priv. spec
 * 3.1.6.1, 3.1.14-3.1.17): the trap comes from c->mode at c->pc.
 */
void vtrap_inject(struct vctx *c, uint64_t cause, uint64_t tval);
/* The same for a fault of an hlv/hsv run for vM-mode: mtval2/mtinst come
 * from c->trap, gva is what the hart recorded in mstatus.GVA (H spec 8.6.4). */
void vtrap_inject_gva(struct vctx *c, uint64_t cause, uint64_t tval, bool gva);
/* A physical interrupt trapped while the guest ran: update virtual state. */
void vtrap_physical_interrupt(struct vctx *c);
/* Take the highest-priority enabled virtual M-level interrupt, if any. */
bool vtrap_check_interrupts(struct vctx *c);

/* Load/store access faults of the firmware world: devices, MPRV, else inject. */
void vmem_access_fault(struct vctx *c);
/* Payload access fault on a virtual device it may reach: emulated (true). */
bool vmem_payload_device(struct vctx *c);
/* Fetch the instruction at c->pc (physical for the firmware); 0 if unreadable. */
uint32_t vmem_fetch(struct vctx *c);

/* What vmem_decode_fault found behind a load/store access fault. */
enum vmem_decode {
	VMEM_DECODED,	/* an emulatable access that agrees with the hart's record */
	VMEM_OTHER,	/* a memory access the monitor does not emulate: the guest's fault */
	VMEM_RETRY,	/* not what the hart executed (the word changed): run pc again */
};
struct insn;
/*
 * The access behind c->trap (cause 5 or 7): from mtinst when the hart
 * recorded it, else re-read at pc and checked against the cause, mtval
 * and mstatus.FS. *addr is the access's address.
 */
enum vmem_decode vmem_decode_fault(const struct vctx *c, struct insn *in, uint64_t *addr);

/* World switches (src/virt/world.c) */
void world_enter_payload(struct vctx *c);
void world_enter_firmware(struct vctx *c);
/* Install the physical state of the current world before running. */
void world_prepare_run(struct vctx *c);
/* A payload trap: its live S-level mstatus fields into the vCSR. */
void world_sync_payload_mstatus(struct vctx *c);

#endif /* MIRALIS_EMUL_H */
