#!/usr/bin/env bash
# Install what the build and the tests need, and only what is missing (Debian 12, apt only).
#
# usage: runner/deps.sh [GROUP...]      groups: core (default), images, gdb, debian, bench-apps
#   core    QEMU, the bare-metal RISC-V toolchain, host gcc with ASan/UBSan, dtc,
#           python3-cryptography (independent crypto checks)
#   images  Debian's OpenSBI and U-Boot, and everything runner/images.py needs to build Linux 6.1
#           and busybox from Debian sources (the image tests are part of `make test`)
#   gdb     gdb-multiarch (make gdb)
#   debian  the `debian` image: mmdebstrap of riscv64 trixie through qemu-user (binfmt_misc)
#   bench-apps  make bench-apps: the host's load generators and matplotlib
#
# It checks for files and commands first, so when everything is present it runs no apt at all
# (make run and make test call it every time). Package names: /work/shared/toolchain-notes.md 1.
set -euo pipefail

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(core)

missing=()
need() {    # need PACKAGE TEST...: queue PACKAGE unless the test command succeeds
	local pkg=$1
	shift
	if ! "$@" >/dev/null 2>&1; then
		case " ${missing[*]-} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
	fi
}
has() { command -v "$1"; }
# Debian packages that are installed ("ii"), asked once: dpkg-query per package would cost 20 ms each.
installed=" "
installed_pkgs() {
	installed=" $(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null |
		awk '$2 ~ /^ii/ { printf "%s ", $1 }' || true)"
}
is_installed() { case $installed in *" $1 "*) return 0 ;; esac; return 1; }
# gcc -print-file-name echoes the bare name back when it does not find the file.
has_gcc_lib() { has gcc && [ "$(gcc -print-file-name="$1")" != "$1" ]; }

for g in "${groups[@]}"; do
	case $g in
	core)
		need qemu-system-misc has qemu-system-riscv64
		need gcc-riscv64-unknown-elf has riscv64-unknown-elf-gcc
		need binutils-riscv64-unknown-elf has riscv64-unknown-elf-objcopy
		need gcc has gcc
		# The unit tests link -fsanitize=address,undefined; gcc's own dependencies bring the
		# runtimes, libc6-dev the headers and crt files.
		need gcc has_gcc_lib libasan.so
		need gcc has_gcc_lib libubsan.so
		need libc6-dev test -f /usr/include/stdio.h
		need device-tree-compiler has dtc
		need make has make
		# The crypto unit tests and the keystone attestation check verify with an independent
		# implementation: Python's hashlib and python3-cryptography's Ed25519.
		need python3-cryptography python3 -c 'import cryptography.hazmat.primitives.asymmetric.ed25519'
		;;
	images)
		need opensbi test -f /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
		need u-boot-qemu test -f /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
		# Linux (linux-source-6.1 + kernel build tools + the riscv64 Linux cross compiler), busybox
		# (apt-get source + dpkg-source: dpkg-dev; static against libc6-dev-riscv64-cross), the
		# U-Boot test disk (dosfstools, mtools). runner/images.py lists them per part too
		# (PACKAGES) and installs stragglers itself; here they come in one apt-get run.
		pkgs=(linux-source-6.1 build-essential bc bison flex libssl-dev libelf-dev cpio xz-utils
			bzip2 kmod rsync dosfstools mtools dpkg-dev gcc-riscv64-linux-gnu
			binutils-riscv64-linux-gnu libc6-dev-riscv64-cross ca-certificates)
		installed_pkgs "${pkgs[@]}"
		for p in "${pkgs[@]}"; do
			need "$p" is_installed "$p"
		done
		;;
	gdb)
		need gdb-multiarch has gdb-multiarch
		;;
	debian)
		need mmdebstrap has mmdebstrap
		need arch-test has arch-test
		need qemu-user-static test -x /usr/bin/qemu-riscv64-static
		need binfmt-support has update-binfmts
		need e2fsprogs has mkfs.ext4
		;;
	bench-apps)
		need redis-tools has redis-benchmark
		need libmemcached-tools has memcaslap
		# Debian's own python3 (the one python3-matplotlib is for, whatever python3 is first in PATH)
		need python3-matplotlib /usr/bin/python3 -c 'import matplotlib'
		;;
	*)
		echo "deps.sh: unknown group '$g' (core, images, gdb, debian, bench-apps)" >&2
		exit 2
		;;
	esac
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
# DEPS_DRY_RUN=1 stops here: lets the checks be tested without touching the system.
[ "${DEPS_DRY_RUN:-}" = 1 ] && exit 0
sudo=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo=(sudo -n)
	else
		echo "deps: not root and no password-less sudo; as root run:" >&2
		echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
		exit 1
	fi
fi
# -q keeps CI logs short; errors still show.
"${sudo[@]}" apt-get update -q >/dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps: installed ${missing[*]}"
