#!/bin/sh
# PID 1 of the "linux" image (busybox ash): print the marker the tests wait for, then power off.
# `poweroff -f` calls reboot(RB_POWER_OFF) -> SBI SRST -> QEMU exits with code 0.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin       # the kernel gives init no PATH
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev                 # DEVTMPFS_MOUNT does not apply to an initramfs
echo "init: Linux $(uname -r) $(uname -m), $(grep -c ^processor /proc/cpuinfo) hart(s) online"
# A user program's illegal instructions (16 and 32 bits) reach Linux, which sends SIGILL.
sigill; echo "init: sigill exited with status $?"
sigill 32; echo "init: sigill 32 exited with status $?"
echo "=== MIRALIS-C LINUX INIT OK ==="
poweroff -f
