#!/bin/sh
# PID 1 of the "linux-shell" image (busybox ash): an interactive shell on the console.
# The shell runs as a child: if PID 1 exited, the kernel would panic ("Attempted to kill init").
# `exit` or ^D powers off; plain `poweroff` (without -f) would only signal this script, which ignores it.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "init: Linux $(uname -r) $(uname -m), $(grep -c ^processor /proc/cpuinfo) hart(s) online"
echo "=== MIRALIS-C LINUX INIT OK ==="
echo "init: interactive shell on the console; 'poweroff -f', 'exit' or ^D powers off"
setsid cttyhack sh                              # cttyhack reopens the real tty: job control works
poweroff -f
