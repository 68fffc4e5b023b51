/* The monitor ABI (include/miralis/abi.h, spec §1.7). */
#define LOG_MODULE "abi"

#include <miralis/abi.h>
#include <miralis/arch.h>
#include <miralis/log.h>
#include <miralis/module.h>
#include <miralis/monitor.h>
#include <miralis/riscv/encoding.h>
#include <miralis/virt.h>

#define LOG_MSG_MAX 256

/* Who the log marks as the author of a guest message */
static const char *author(const struct vctx *c)
{
	return c->mode == PRV_M ? "firmware" : "payload";
}

/*
 * Guest text is data, not terminal control: every byte outside printable
 * ASCII (C0 controls with CR/LF, DEL, and the 8-bit C1 range, whose 0x9b
 * is a CSI on some terminals) becomes '?', so a message can neither start
 * a line of its own nor drive the terminal (docs/security.md).
 */
static char printable(uint64_t b)
{
	return b >= 0x20 && b < 0x7f ? (char)b : '?';
}

/* Copy a guest string through the guest's own view of memory */
static unsigned read_guest(const struct vctx *c, uint64_t ptr, uint64_t len, char *out)
{
	unsigned mode = c->mode == PRV_M ? PRV_U : c->mode, n;

	for (n = 0; n < len && n < LOG_MSG_MAX - 1; n++) {
		uint64_t b;

		if (arch_mprv_load(ptr + n, 1, mode, &b) != 0)
			break;
		if (b == 0)
			break;
		out[n] = printable(b);
	}
	out[n] = '\0';
	return n;
}

static void abi_log(struct vctx *c)
{
	uint64_t level = vctx_get_reg(c, 10);
	char msg[LOG_MSG_MAX];

	read_guest(c, vctx_get_reg(c, 11), vctx_get_reg(c, 12), msg);
	if (level >= LOG_ERROR && level <= LOG_TRACE)
		LOG_AT((enum log_level)level, "%s> %s", author(c), msg);
	else
		log_info("Log call with invalid level %lu: %s> %s", level, author(c), msg);
	vctx_set_reg(c, 10, 0);
	vctx_set_reg(c, 11, 0);
}

bool abi_handle(struct vctx *c)
{
	uint64_t fid = vctx_get_reg(c, 16);

	if (module_abi(c)) {
		c->pc += 4;
		return true;
	}
	/*
	 * Ending the machine and writing to the monitor's log are the
	 * firmware's (it controls the platform's power-off anyway); the
	 * payload gets them only from a test config. Otherwise its call is an
	 * SBI call like any other, for the firmware to answer.
	 */
	if (c->mode != PRV_M && !CONFIG_PAYLOAD_ABI)
		return false;
	switch (fid) {
	case ABI_FAILURE:
		log_error("Firmware or payload panicked!");
		/* the monitor's panic path: cause, trapped context, exit failure */
		monitor_panic("%s reported a failure through the monitor ABI",
			      c->mode == PRV_M ? "the firmware" : "the payload");
	case ABI_SUCCESS:
		log_info("Success!");
		monitor_exit(0);
	case ABI_LOG:
		abi_log(c);
		break;
	default:
		log_warn_ratelimited("invalid monitor ABI function 0x%lx", fid);
		vctx_set_reg(c, 10, (uint64_t)-2);	/* SBI_ERR_NOT_SUPPORTED */
		break;
	}
	c->pc += 4;
	return true;
}
