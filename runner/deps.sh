#!/usr/bin/env bash
# Install what the build and the tests need, and only what is missing (Debian 12, apt only).
#
# usage: runner/deps.sh [GROUP...]      groups: core (default), images, gdb, bench, fuzz, verify, debian,
#                                       bench-apps
#   core    QEMU, the bare-metal RISC-V toolchain, host gcc with ASan/UBSan, dtc,
#           python3-cryptography (independent crypto checks)
#   images  Debian's OpenSBI and U-Boot, and everything runner/images.py needs to build Linux 6.1
#           and busybox from Debian sources (the image tests are part of `make test`)
#   gdb     gdb-multiarch (make gdb)
#   bench   matplotlib (make bench plots) and QEMU's TCG plugin header qemu-plugin.h, which no
#           Debian 12 binary package ships: it is taken from Debian's qemu source package of the
#           installed QEMU into the cache (qemu_plugin_header below; tools/qemu-plugin/ uses it)
#   fuzz    clang and its libFuzzer runtime (make fuzz)
#   verify  what CBMC needs (make verify): to run, libminisat (minisat) and gcc (goto-cc
#           preprocesses with it); to build it from trixie's source package (verify/cbmc-build.sh,
#           which calls this group), bison, flex, g++, zlib, patch, xz
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
# clang -print-file-name works the same way.
has_clang_lib() { has clang && [ -f "$(clang -print-file-name="$1")" ]; }
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
	fuzz)
		# libFuzzer (make fuzz): Debian's clang and its runtime libraries
		need clang has clang
		need libclang-rt-14-dev has_clang_lib libclang_rt.fuzzer-x86_64.a
		;;
	verify)
		need minisat test -f /usr/include/minisat/core/Solver.h
		need gcc has gcc
		for p in bison flex g++ make patch xz-utils; do need "$p" has "${p%-utils}"; done
		need zlib1g-dev test -f /usr/include/zlib.h
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
	bench)
		need python3-matplotlib /usr/bin/python3 -c 'import matplotlib'
		need xz-utils has xz
		want_plugin_header=1
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
		need sysbench has sysbench
		# Debian's own python3 (the one python3-matplotlib is for, whatever python3 is first in PATH)
		need python3-matplotlib /usr/bin/python3 -c 'import matplotlib'
		;;
	*)
		echo "deps.sh: unknown group '$g' (core, images, gdb, bench, fuzz, verify, debian, bench-apps)" >&2
		exit 2
		;;
	esac
done

# qemu-plugin.h of the installed QEMU: Debian's source package qemu (same source version as
# qemu-system-misc), downloaded with a private apt configuration that only knows bookworm's source
# index (the system's apt configuration is not touched), then the one header is extracted. No
# Debian patch of 7.2 touches that file, so the upstream orig tarball's copy is Debian's.
qemu_plugin_header() {
	local ver cache dir apt uri o tmp
	ver=$(dpkg-query -W -f='${source:Version}' qemu-system-misc)
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/miralis-c
	dir=$cache/qemu-plugin-h-${ver#*:}
	[ -f "$dir/qemu-plugin.h" ] && return 0
	echo "deps: fetching qemu-plugin.h from Debian's qemu $ver source package"
	apt=$cache/apt-src
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/etc"
	uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	echo "deb-src ${uri:-http://deb.debian.org/debian} bookworm main" >"$apt/etc/sources.list"
	o=(-oDir::State::Lists="$apt/lists" -oDir::Etc::SourceList="$apt/etc/sources.list"
		-oDir::Etc::SourceParts=/nonexistent -oDir::Cache="$apt/cache" -oAPT::Sandbox::User=root)
	tmp=$(mktemp -d)
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" RETURN
	if ! apt-get "${o[@]}" -q update >/dev/null ||
		! (cd "$tmp" && apt-get "${o[@]}" -q source --download-only "qemu=$ver" >"$tmp/log" 2>&1) ||
		! tar -xJf "$tmp"/qemu_*.orig.tar.xz -C "$tmp" --wildcards '*/include/qemu/qemu-plugin.h'; then
		[ -f "$tmp/log" ] && tail -5 "$tmp/log" >&2
		echo "deps: could not get qemu-plugin.h from Debian's qemu $ver source package" >&2
		return 1
	fi
	mkdir -p "$dir.tmp"
	cp "$tmp"/*/include/qemu/qemu-plugin.h "$dir.tmp/"
	rm -rf "$dir" && mv "$dir.tmp" "$dir"
	echo "deps: $dir/qemu-plugin.h"
}

if [ ${#missing[@]} -eq 0 ]; then
	if [ "${want_plugin_header:-}" = 1 ] && [ "${DEPS_DRY_RUN:-}" != 1 ]; then
		qemu_plugin_header
	fi
	exit 0
fi

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
if [ "${want_plugin_header:-}" = 1 ]; then
	qemu_plugin_header
fi
