#!/bin/sh
# mmdebstrap --essential-hook for the `debian` image (runner/images.py): $1 is the root directory.
# Runs after the Essential packages, before the image's packages.
#
# mariadb-server's postinst bootstraps the system tables with mariadb-install-db. Under qemu-user
# that bootstrap (mariadbd --bootstrap) does not finish: it grew past 20 GB of host memory, with the
# default configuration and with a 64 MiB buffer pool alike. So the real script is diverted for the
# duration of the install (a no-op stands in for it; debian-customize.sh puts it back) and bench-apps
# bootstraps the data directory inside the guest, on the emulated machine, before the first start.
set -eu
R="$1"
chroot "$R" dpkg-divert --quiet --local --rename --divert /usr/bin/mariadb-install-db.real \
    --add /usr/bin/mariadb-install-db
printf '#!/bin/sh\n# build-time stand-in, see images/debian-mariadb-hook.sh\nexit 0\n' > "$R/usr/bin/mariadb-install-db"
chmod 755 "$R/usr/bin/mariadb-install-db"
mkdir -p "$R/etc/mysql/mariadb.conf.d"
cp "$(dirname "$0")/debian-mariadb.cnf" "$R/etc/mysql/mariadb.conf.d/60-bench.cnf"
