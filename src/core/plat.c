/*
 * The platform accessors over the linked board's record (plat_board,
 * <miralis/platform.h>): one implementation for every board.
 */
#include <miralis/platform.h>

const char *plat_name(void)
{
	return plat_board.name;
}

const uint8_t *plat_irq_order(size_t *count)
{
	*count = plat_board.nb_irq_order;
	return plat_board.irq_order;
}

int plat_csr_access(unsigned csr, bool write, uint64_t *val)
{
	return plat_board.csr_access ? plat_board.csr_access(csr, write, val) : -1;
}

const struct vdevice *const *plat_devices(size_t *count)
{
	*count = plat_board.nb_devices;
	return plat_board.devices;
}
