# U-Boot script for the "u-boot-exit" image (runner/images.py makes it a legacy script image,
# boot.scr, on the FAT partition of a small virtio disk). U-Boot's autoboot (distro_bootcmd:
# virtio0 -> partition 1 -> /boot.scr) runs it: no typing at the prompt needed.
# `poweroff` goes through SBI SRST: QEMU exits with code 0.
echo UBOOT-EXIT-OK
poweroff
