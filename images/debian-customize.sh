#!/bin/sh
# mmdebstrap --customize-hook for the `debian` image (runner/images.py): $1 is the root directory.
# Runs on the host; only `chroot` steps execute riscv64 code (through qemu-user).
set -eu
R="$1"

echo debian > "$R/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$R/etc/hosts"
# The disk is /dev/vda (virtio-blk), one ext4 file system without a partition table. No fsck at boot:
# every run uses a throw-away overlay (QEMU snapshot=on), the cached image is never written.
printf '/dev/vda\t/\text4\terrors=remount-ro\t0\t0\n' > "$R/etc/fstab"

# Root is logged in on the serial console without a password.
mkdir -p "$R/etc/systemd/system/serial-getty@ttyS0.service.d"
cat > "$R/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf" <<'UNIT'
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin root --noclear --keep-baud 115200,57600,38400,9600 - $TERM
UNIT
chroot "$R" passwd -d root >/dev/null

# QEMU user networking: the guest is 10.0.2.15/24, the host (and its forwarded ports) 10.0.2.2.
# A static address: no DHCP wait during boot.
cat > "$R/etc/systemd/network/10-virtio.network" <<'NET'
[Match]
Name=en* eth*

[Network]
Address=10.0.2.15/24
Gateway=10.0.2.2
DNS=10.0.2.3
NET
chroot "$R" systemctl enable systemd-networkd.service >/dev/null 2>&1

# The servers take connections from the host through QEMU's port forwarding, which reaches the guest
# from 10.0.2.2: listen on the guest's address (QEMU forwards from the host's 127.0.0.1 only).
sed -i -e 's/^bind .*/bind 0.0.0.0/' -e 's/^protected-mode yes/protected-mode no/' "$R/etc/redis/redis.conf"
sed -i -e 's/^-l .*/-l 0.0.0.0/' "$R/etc/memcached.conf"
# MariaDB (the paper's MySQL case, driven by the host's sysbench oltp_read_write): off at boot, so the
# `debian` boot test does not wait for it; bench-apps starts it. Read after 50-server.cnf, so these
# win (images/debian-mariadb.cnf, put in place before the packages by debian-mariadb-hook.sh):
# listen for the forwarded port, and a benchmark database and user (created at every start, the
# statements are idempotent; the image itself is never written, runs use a snapshot overlay).
cat > "$R/etc/mysql/bench-init.sql" <<'SQL'
CREATE DATABASE IF NOT EXISTS sbtest;
CREATE USER IF NOT EXISTS 'sbtest'@'%' IDENTIFIED BY 'sbtest';
GRANT ALL PRIVILEGES ON sbtest.* TO 'sbtest'@'%';
SQL
chroot "$R" systemctl disable mariadb.service >/dev/null 2>&1
# The real mariadb-install-db back in place (diverted during the install: debian-mariadb-hook.sh);
# the data directory stays empty until bench-apps bootstraps it in the guest.
rm -f "$R/usr/bin/mariadb-install-db"
chroot "$R" dpkg-divert --quiet --local --rename --remove /usr/bin/mariadb-install-db
test -x "$R/usr/bin/mariadb-install-db"

# Nothing periodic or slow during the benchmarks and the boot test.
for u in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer e2scrub_reap.service \
         fstrim.timer dpkg-db-backup.timer systemd-timesyncd.service systemd-networkd-wait-online.service \
         console-getty.service getty@tty1.service; do
    ln -sf /dev/null "$R/etc/systemd/system/$u"
done
# A short kernel log on the console: the test reads the shell, not the boot messages.
rm -f "$R/etc/machine-id"
: > "$R/etc/machine-id"
