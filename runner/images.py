#!/usr/bin/env python3
"""Firmware and OS images from Debian packages, built once and cached.

    python3 runner/images.py list                 names, what they are, cached or not
    python3 runner/images.py build [NAME...]      build (or find in the cache) every NAME, default all
    python3 runner/images.py path NAME [KEY]      print the main file of NAME (or its KEY: kernel, initrd...)
    python3 runner/images.py info NAME            print ensure(NAME) as JSON
    python3 runner/images.py verify [--quick]     boot the images natively and time them (see docs/images.md)
    python3 runner/images.py clean                remove cache directories that no current image uses

As a module: `ensure(name, progress=print) -> dict` returns paths and metadata; `native_command()`
gives the QEMU command line that boots an image without the monitor.

OpenSBI and U-Boot are Debian's binaries, used where dpkg put them. Linux is Debian's linux-source-6.1
(tinyconfig + images/linux.config) with a busybox initramfs given to QEMU as -initrd; busybox is Debian's
source package, built static. Built things live in ${XDG_CACHE_HOME:-~/.cache}/miralis-c/<part>-<hash>/,
where the hash covers the Debian package versions, the files under images/ that go in, and a recipe
version per part. A part is built in a temporary directory and renamed into place when complete.
"""

import fcntl
import hashlib
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "images"

# Bump a part's number when its recipe below changes in a way that changes its output.
RECIPE = {"kernel": 1, "busybox": 2, "initramfs": 3, "jump-stub": 1, "u-boot-disk": 2, "debian": 1}

OPENSBI_DIR = Path("/usr/lib/riscv64-linux-gnu/opensbi/generic")
UBOOT_DIR = Path("/usr/lib/u-boot/qemu-riscv64_smode")
LINUX_TARBALL = Path("/usr/src/linux-source-6.1.tar.xz")
# The busybox source we build. If bookworm no longer has it, the current one is used (with a warning)
# and its version is recorded in the part's manifest.json.
BUSYBOX_VERSION = "1:1.35.0-4+deb12u1"

# The monitor's default memory layout (docs/images.md): the monitor owns 0x80000000, Debian's OpenSBI is
# position independent and goes at 0x80100000, the S-mode payload at 0x80200000 (where QEMU puts -kernel,
# and where fw_jump jumps).
MONITOR_ADDR = 0x80000000
FIRMWARE_ADDR = 0x80100000
PAYLOAD_ADDR = 0x80200000
FW_JUMP_FDT_ADDR = 0x82200000

LINUX_APPEND = "console=ttyS0 earlycon"
LINUX_MARKER = "=== MIRALIS-C LINUX INIT OK ==="
SHELL_PROMPT = "/ # "
UBOOT_PROMPT = "=> "
# What a runner types, as [wait for this output, then send this] steps. The lines to expect are not in
# the echoed input ($((...)), ${x}). A key during U-Boot's countdown stops the 2 s autoboot at once.
SHELL_SCRIPT = [[SHELL_PROMPT, "uname -a; echo SHELL-$((6*7)); poweroff -f\n"]]
UBOOT_SCRIPT = [["Hit any key to stop autoboot", " "],
                [UBOOT_PROMPT, "setenv x OK; echo UBOOT-TYPED-${x}; poweroff\n"]]

CROSS = "riscv64-linux-gnu-"
# One fixed date for everything built (kernel version string, busybox banner, cpio mtimes), so that a
# rebuild gives the same bytes.
EPOCH = 1735689600          # 2025-01-01 00:00 UTC

# Debian packages per part: what must be installed; the versions of the `key` ones go in the hash.
PACKAGES = {
    "opensbi": {"need": ["opensbi"], "key": ["opensbi"]},
    "u-boot": {"need": ["u-boot-qemu"], "key": ["u-boot-qemu"]},
    "jump-stub": {"need": ["binutils-riscv64-unknown-elf"], "key": ["binutils-riscv64-unknown-elf"]},
    "u-boot-disk": {"need": ["dosfstools", "mtools"], "key": ["dosfstools", "mtools"]},
    "kernel": {
        "need": ["linux-source-6.1", "gcc-riscv64-linux-gnu", "binutils-riscv64-linux-gnu", "make", "gcc",
                 "libc6-dev", "bc", "bison", "flex", "libssl-dev", "libelf-dev", "cpio", "xz-utils", "kmod",
                 "rsync"],
        "key": ["linux-source-6.1", "gcc-12-riscv64-linux-gnu", "binutils-riscv64-linux-gnu"],
    },
    "busybox": {
        "need": ["gcc-riscv64-linux-gnu", "libc6-dev-riscv64-cross", "dpkg-dev", "bzip2", "xz-utils", "make",
                 "gcc", "libc6-dev"],
        "key": ["gcc-12-riscv64-linux-gnu", "binutils-riscv64-linux-gnu", "libc6-dev-riscv64-cross",
                "linux-libc-dev-riscv64-cross"],
    },
    # made with the kernel's gen_init_cpio; /bin/sigill with the Linux binutils
    "initramfs": {"need": ["binutils-riscv64-linux-gnu"], "key": ["binutils-riscv64-linux-gnu"]},
    "qemu": {"need": ["qemu-system-misc"], "key": []},
    # mmdebstrap runs riscv64 maintainer scripts through qemu-user (binfmt_misc); the disk is made
    # with mkfs.ext4 -d
    "debian": {"need": ["mmdebstrap", "arch-test", "qemu-user-static", "binfmt-support", "e2fsprogs",
                        "debian-archive-keyring"],
               "key": ["mmdebstrap", "qemu-user-static", "e2fsprogs"]},
}

# name -> (description, parts it is made of)
NAMES = {
    "opensbi": ("Debian OpenSBI 1.1 fw_dynamic (next stage from fw_dynamic_info in a2)", ["opensbi"]),
    "opensbi-dynamic": ("same as opensbi", ["opensbi"]),
    "opensbi-jump": ("Debian OpenSBI 1.1 fw_jump (next stage fixed: 0x80200000, FDT copied to 0x82200000)",
                     ["opensbi"]),
    "u-boot": ("Debian U-Boot 2023.01 for S-mode (qemu-riscv64_smode), payload at 0x80200000", ["u-boot"]),
    "u-boot-exit": ("u-boot plus a virtio disk whose boot.scr (autoboot) prints UBOOT-EXIT-OK and powers off",
                    ["u-boot", "u-boot-disk"]),
    "u-boot-typed": ("u-boot plus a script to type at the => prompt that prints UBOOT-TYPED-OK and powers off",
                     ["u-boot"]),
    "linux": ("Linux 6.1 Image + busybox initramfs (-initrd) whose /init prints the marker and powers off",
              ["kernel", "busybox", "initramfs"]),
    "linux-shell": ("same kernel, initramfs whose /init starts an interactive shell on the console",
                    ["kernel", "busybox", "initramfs"]),
    "debian": ("Debian 13 (trixie) riscv64 from the Debian archive (mmdebstrap): Debian's kernel and "
               "initramfs, ext4 virtio disk, root logged in on ttyS0, redis/memcached/mariadb/sysbench/fio",
               ["debian"]),
    "jump-stub": ("raw binary for 0x80000000 (-bios) that jumps to 0x80100000 keeping a0-a2: native runs "
                  "with the monitor's layout", ["jump-stub"]),
}


# Built only when named (make images IMAGES=debian, or a test/run that needs it): 10-20 minutes.
EXPLICIT_ONLY = {"debian"}


class ImageError(Exception):
    """An image cannot be built or found; the message says why and what to install."""


def cache_root():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "miralis-c"


# ---------------------------------------------------------------------------------------------------
# Progress and subprocesses

class Progress:
    """Prefixes each line with the seconds elapsed since the ensure() call started."""

    def __init__(self, sink):
        self.sink = sink or (lambda _msg: None)
        self.t0 = time.monotonic()

    def __call__(self, msg):
        self.sink(f"[images +{time.monotonic() - self.t0:6.1f}s] {msg}")


def _tail(path, n=30):
    try:
        lines = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(lines[-n:])


def _run(cmd, log, progress, what, cwd=None, env=None, stdin=subprocess.DEVNULL, every=10.0):
    """Run cmd with its output appended to log; every `every` seconds report the output line count."""
    start = time.monotonic()
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(map(str, cmd))}\n".encode())
        out.flush()
        try:
            proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, stdin=stdin, stdout=out,
                                    stderr=subprocess.STDOUT)
        except FileNotFoundError as e:
            raise ImageError(f"{what}: cannot run {cmd[0]}: {e}") from None
        next_report = start + every
        while True:
            try:
                rc = proc.wait(timeout=1.0)
                break
            except subprocess.TimeoutExpired:
                pass
            except BaseException:
                proc.kill()
                proc.wait()
                raise
            if time.monotonic() >= next_report:
                next_report += every
                with open(log, "rb") as f:
                    data = f.read()
                last = data.decode(errors="replace").strip().rsplit("\n", 1)[-1][:100]
                nlines = data.count(b"\n")
                progress(f"{what}: still running, {time.monotonic() - start:.0f} s ({nlines} lines "
                         f"of output, last: {last})")
    if rc != 0:
        raise ImageError(f"{what} failed (exit {rc}); last lines of {log}:\n{_tail(log)}")
    return time.monotonic() - start


# ---------------------------------------------------------------------------------------------------
# Debian packages

def _dpkg_versions(packages):
    """{package: version} for the installed ones among packages."""
    if not packages:
        return {}
    try:
        res = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${db:Status-Abbrev} ${Version}\n",
                              *packages], capture_output=True, text=True)
    except FileNotFoundError:
        raise ImageError("dpkg-query not found: these recipes need a Debian system") from None
    found = {}
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1].startswith("ii"):
            found[parts[0]] = parts[2]
    return found


def _apt_install(packages, progress):
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=600", *packages]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for attempt in ("install", "update"):
        if attempt == "update":
            progress("apt-get update (first install attempt failed)")
            subprocess.run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
        res = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if res.returncode == 0:
            return
    raise ImageError(f"apt-get install {' '.join(packages)} failed:\n{res.stdout[-2000:]}{res.stderr[-2000:]}")


def require(part, progress=lambda _m: None):
    """Install the Debian packages `part` needs when they are missing (as root, unless MIRALIS_NO_APT is
    set), or raise ImageError naming them."""
    need = PACKAGES[part]["need"]
    missing = [p for p in need if p not in _dpkg_versions(need)]
    if not missing:
        return
    hint = "apt-get install -y --no-install-recommends " + " ".join(missing)
    if os.geteuid() != 0 or os.environ.get("MIRALIS_NO_APT") or not shutil.which("apt-get"):
        raise ImageError(f"{part}: missing Debian package(s): {' '.join(missing)}; install with: {hint}")
    progress(f"{part}: installing missing Debian package(s): {' '.join(missing)}")
    _apt_install(missing, progress)
    still = [p for p in missing if p not in _dpkg_versions(missing)]
    if still:
        raise ImageError(f"{part}: missing Debian package(s) after apt-get: {' '.join(still)}; try: {hint}")


# ---------------------------------------------------------------------------------------------------
# Cache keys and atomic build directories

def _file_digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _file_line(rel):
    return f"file images/{rel} {_file_digest(IMAGES / rel)}"


def _inputs(part, variant):
    """What goes into a part besides Debian packages: our files under images/ and settings."""
    if part == "kernel":
        return [_file_line("linux.config")]
    if part == "busybox":
        return [f"source busybox {BUSYBOX_VERSION}", _file_line("busybox.config")]
    if part == "initramfs":
        return [f"variant {variant}", f"kernel {part_key('kernel')[0]}", f"busybox {part_key('busybox')[0]}",
                _file_line(f"init/{variant}.sh"), _file_line("initramfs.list"), _file_line("sigill.S")]
    if part == "jump-stub":
        return [f"target {FIRMWARE_ADDR:#x}", _file_line("jump-stub.S")]
    if part == "u-boot-disk":
        return [_file_line("u-boot-exit.cmd")]
    if part == "debian":
        return _debian_inputs()
    return []


def part_key(part, variant=None):
    """(cache directory name, key lines) of a part: <part or variant>-<first 12 hex of the sha256 of the
    recipe version, the Debian package versions and the inputs>."""
    versions = _dpkg_versions(PACKAGES[part]["key"])
    lines = [f"recipe {part} {RECIPE[part]}"]
    lines += [f"package {p} {versions.get(p, 'absent')}" for p in PACKAGES[part]["key"]]
    lines += _inputs(part, variant)
    return f"{variant or part}-{hashlib.sha256(chr(10).join(lines).encode()).hexdigest()[:12]}", lines


def cache_dirs(name):
    """The cache directories image `name` is made of (none for Debian's own files)."""
    return [part_key(p, name if p == "initramfs" else None)[0] for p in NAMES[name][1] if p in RECIPE]


def _cached(dirname):
    d = cache_root() / dirname
    return d if (d / "manifest.json").is_file() else None


def _build_atomically(dirname, key_lines, build, progress):
    """Return cache_root()/dirname, running build(tmpdir) first when it is not there yet.

    build() fills a temporary directory next to the final one; the rename makes it visible. A lock file
    keeps two processes from building the same part at once."""
    root = cache_root()
    final = root / dirname
    if (final / "manifest.json").is_file():
        return final
    (root / ".locks").mkdir(parents=True, exist_ok=True)
    with open(root / ".locks" / f"{dirname}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (final / "manifest.json").is_file():
            return final
        tmp = root / f".tmp-{dirname}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        start = time.monotonic()
        try:
            info = build(tmp) or {}
            info.update(key=key_lines, build_seconds=round(time.monotonic() - start, 1),
                        built=time.strftime("%Y-%m-%d %H:%M:%S"))
            (tmp / "manifest.json").write_text(json.dumps(info, indent=1) + "\n")
            shutil.rmtree(final, ignore_errors=True)
            os.rename(tmp, final)
        except BaseException:
            if not os.environ.get("MIRALIS_KEEP_FAILED"):
                shutil.rmtree(tmp, ignore_errors=True)
            raise
    return final


# ---------------------------------------------------------------------------------------------------
# Kconfig fragments (Linux and busybox)

_KCONFIG_LINE = re.compile(r"^(?:(CONFIG_\w+)=(.*)|# (CONFIG_\w+) is not set)$")


def _read_fragment(path):
    """{symbol: value}, value None for `# CONFIG_X is not set`. Other comments are ignored."""
    wanted = {}
    for line in Path(path).read_text().splitlines():
        m = _KCONFIG_LINE.match(line.strip())
        if m:
            if m.group(1):
                wanted[m.group(1)] = m.group(2)
            else:
                wanted[m.group(3)] = None
    return wanted


def _merge_fragment(config, wanted):
    """Rewrite .config with the fragment's values in place of the existing ones."""
    kept = []
    for line in Path(config).read_text().splitlines():
        m = _KCONFIG_LINE.match(line)
        if m and (m.group(1) or m.group(3)) in wanted:
            continue
        kept.append(line)
    for sym, val in wanted.items():
        kept.append(f"{sym}={val}" if val is not None else f"# {sym} is not set")
    Path(config).write_text("\n".join(kept) + "\n")


def _check_fragment(config, wanted, what):
    have = _read_fragment(config)
    bad = [f"{sym} wanted {val if val is not None else 'n'}, got {have.get(sym, 'unset')}"
           for sym, val in wanted.items()
           if have.get(sym) != val and not (val is None and sym not in have)]
    if bad:
        raise ImageError(f"{what}: olddefconfig did not keep the fragment (missing dependency?):\n  "
                         + "\n  ".join(bad))


# ---------------------------------------------------------------------------------------------------
# Parts

def _kernel(progress):
    require("kernel", progress)
    if not LINUX_TARBALL.is_file():
        raise ImageError(f"{LINUX_TARBALL} is missing although linux-source-6.1 is installed; reinstall it: "
                         f"apt-get install --reinstall linux-source-6.1")
    fragment = IMAGES / "linux.config"
    dirname, lines = part_key("kernel")

    def build(tmp):
        env = dict(os.environ, ARCH="riscv", CROSS_COMPILE=CROSS, KBUILD_BUILD_USER="miralis-c",
                   KBUILD_BUILD_HOST="images", KBUILD_BUILD_VERSION="1",
                   KBUILD_BUILD_TIMESTAMP=time.strftime("%Y-%m-%d", time.gmtime(EPOCH)))
        env.pop("MAKEFLAGS", None)
        env.pop("MFLAGS", None)
        log = tmp / "build.log"
        progress(f"kernel: untar {LINUX_TARBALL}")
        t = _run(["tar", "xf", LINUX_TARBALL, "-C", tmp], log, progress, "kernel: untar")
        src = tmp / "linux-source-6.1"
        progress(f"kernel: untar done ({t:.1f} s)")
        t = _run(["make", "tinyconfig"], log, progress, "kernel: make tinyconfig", cwd=src, env=env)
        wanted = _read_fragment(fragment)
        _merge_fragment(src / ".config", wanted)
        t += _run(["make", "olddefconfig"], log, progress, "kernel: make olddefconfig", cwd=src, env=env)
        _check_fragment(src / ".config", wanted, "kernel config")
        progress(f"kernel: config done ({t:.1f} s): tinyconfig + images/linux.config ({len(wanted)} symbols)")
        jobs = os.environ.get("MIRALIS_JOBS") or str(os.cpu_count() or 2)
        progress(f"kernel: make -j{jobs} Image (about 2-7 min on 2 cores)")
        t = _run(["make", f"-j{jobs}", "Image"], log, progress, "kernel: build", cwd=src, env=env)
        progress(f"kernel: build done ({t:.1f} s)")
        shutil.copy2(src / "arch/riscv/boot/Image", tmp / "Image")
        shutil.copy2(src / "vmlinux", tmp / "vmlinux")          # symbols, for gdb
        shutil.copy2(src / "System.map", tmp / "System.map")
        shutil.copy2(src / ".config", tmp / "config")
        shutil.copy2(src / "usr/gen_init_cpio", tmp / "gen_init_cpio")
        release = (src / "include/config/kernel.release").read_text().strip()
        progress("kernel: removing the build tree")
        shutil.rmtree(src)
        return {"part": "kernel", "release": release, "image_bytes": (tmp / "Image").stat().st_size}

    return _build_atomically(dirname, lines, build, progress)


def _apt_source_busybox(dest, progress):
    """Download busybox's Debian source with a private apt configuration that knows only bookworm's
    source index (the system's apt configuration is not touched)."""
    apt = cache_root() / "apt-src"
    for sub in ("lists/partial", "cache/archives/partial", "etc"):
        (apt / sub).mkdir(parents=True, exist_ok=True)
    uri = "http://deb.debian.org/debian"
    sources = Path("/etc/apt/sources.list.d/debian.sources")
    if sources.is_file():
        m = re.search(r"^URIs:\s*(\S+)", sources.read_text(), re.M)
        if m:
            uri = m.group(1)
    (apt / "etc/sources.list").write_text(f"deb-src {uri} bookworm main\n")
    opts = [f"-oDir::State::Lists={apt}/lists", f"-oDir::Etc::SourceList={apt}/etc/sources.list",
            "-oDir::Etc::SourceParts=/nonexistent", f"-oDir::Cache={apt}/cache"]
    log = dest / "build.log"
    _run(["apt-get", *opts, "update"], log, progress, "busybox: apt-get update (bookworm sources)")
    try:
        _run(["apt-get", *opts, "source", "--download-only", f"busybox={BUSYBOX_VERSION}"], log, progress,
             "busybox: apt-get source", cwd=dest)
    except ImageError:
        progress(f"busybox: WARNING: source {BUSYBOX_VERSION} is gone from bookworm, using the current one")
        _run(["apt-get", *opts, "source", "--download-only", "busybox"], log, progress,
             "busybox: apt-get source", cwd=dest)
    dsc = sorted(dest.glob("busybox_*.dsc"))
    if not dsc:
        raise ImageError(f"busybox: apt-get source left no .dsc in {dest}")
    version = re.search(r"^Version:\s*(\S+)", dsc[-1].read_text(), re.M).group(1)
    return dsc[-1], version


def _busybox(progress):
    require("busybox", progress)
    fragment = IMAGES / "busybox.config"
    dirname, lines = part_key("busybox")

    def build(tmp):
        env = dict(os.environ, ARCH="riscv", CROSS_COMPILE=CROSS, SOURCE_DATE_EPOCH=str(EPOCH))
        env.pop("MAKEFLAGS", None)
        env.pop("MFLAGS", None)
        log = tmp / "build.log"
        progress("busybox: download Debian source package")
        dsc, version = _apt_source_busybox(tmp, progress)
        src = tmp / "src"
        t = _run(["dpkg-source", "-x", dsc, src], log, progress, "busybox: dpkg-source -x")
        progress(f"busybox: source {version} unpacked, Debian patches applied ({t:.1f} s)")
        t = _run(["make", "defconfig"], log, progress, "busybox: make defconfig", cwd=src, env=env)
        wanted = _read_fragment(fragment)
        _merge_fragment(src / ".config", wanted)
        t += _run(["make", "oldconfig"], log, progress, "busybox: make oldconfig", cwd=src, env=env)
        _check_fragment(src / ".config", wanted, "busybox config")
        progress(f"busybox: config done ({t:.1f} s)")
        jobs = os.environ.get("MIRALIS_JOBS") or str(os.cpu_count() or 2)
        t = _run(["make", f"-j{jobs}"], log, progress, "busybox: build", cwd=src, env=env)
        _run(["make", "busybox.links"], log, progress, "busybox: busybox.links", cwd=src, env=env)
        progress(f"busybox: build done ({t:.1f} s)")
        for f in ("busybox", "busybox.links"):
            shutil.copy2(src / f, tmp / f)
            os.utime(tmp / f, (EPOCH, EPOCH))
        shutil.copy2(src / ".config", tmp / "config")
        shutil.rmtree(src)
        for f in tmp.glob("busybox_*"):
            f.unlink()
        return {"part": "busybox", "source_version": version, "bytes": (tmp / "busybox").stat().st_size}

    return _build_atomically(dirname, lines, build, progress)


def _sigill(tmp, progress):
    """/bin/sigill (images/sigill.S): a static Linux program with no libc (it only makes
    syscalls), assembled and linked with Debian's Linux cross binutils."""
    log = tmp / "sigill.log"
    _run(["riscv64-linux-gnu-as", "-march=rv64imac_zicsr", "-o", tmp / "sigill.o", IMAGES / "sigill.S"],
         log, progress, "sigill: as")
    _run(["riscv64-linux-gnu-ld", "-static", "-Ttext", "0x10000", "-o", tmp / "sigill", tmp / "sigill.o"],
         log, progress, "sigill: ld")
    os.utime(tmp / "sigill", (EPOCH, EPOCH))


def _initramfs(variant, progress):
    """The cpio for image `variant` ("linux" or "linux-shell"); the kernel is shared."""
    kdir = _kernel(progress)
    bdir = _busybox(progress)
    init = IMAGES / "init" / f"{variant}.sh"
    template = IMAGES / "initramfs.list"
    dirname, lines = part_key("initramfs", variant)

    def build(tmp):
        shutil.copy2(init, tmp / "init")
        os.utime(tmp / "init", (EPOCH, EPOCH))
        _sigill(tmp, progress)
        listing = template.read_text().replace("@BUSYBOX@", str(bdir / "busybox")).replace("@INIT@", "init") \
            .replace("@SIGILL@", "sigill")
        applets = sorted({a.strip() for a in (bdir / "busybox.links").read_text().splitlines()}
                         - {"", "/linuxrc", "/bin/busybox"})
        listing += "".join(f"slink {a} /bin/busybox 0777 0 0\n" for a in applets)
        (tmp / "initramfs.list").write_text(listing)
        with open(tmp / "initramfs.cpio", "wb") as out:
            res = subprocess.run([kdir / "gen_init_cpio", "-t", str(EPOCH), "initramfs.list"], cwd=tmp,
                                 stdout=out, stderr=subprocess.PIPE, text=True)
        if res.returncode != 0:
            raise ImageError(f"initramfs: gen_init_cpio failed: {res.stderr}")
        size = (tmp / "initramfs.cpio").stat().st_size
        progress(f"{variant}: initramfs.cpio {size} bytes, {len(applets)} applet links")
        return {"part": "initramfs", "variant": variant, "kernel": str(kdir), "busybox": str(bdir),
                "cpio_bytes": size}

    return _build_atomically(dirname, lines, build, progress), kdir


def _jump_stub(progress):
    target = FIRMWARE_ADDR
    require("jump-stub", progress)
    src = IMAGES / "jump-stub.S"
    dirname, lines = part_key("jump-stub")

    def build(tmp):
        log = tmp / "build.log"
        _run(["riscv64-unknown-elf-as", "-march=rv64imac_zicsr", f"--defsym=TARGET={target:#x}", "-o",
              tmp / "jump-stub.o", src], log, progress, "jump-stub: as")
        _run(["riscv64-unknown-elf-ld", "-Ttext", f"{MONITOR_ADDR:#x}", "-o", tmp / "jump-stub.elf",
              tmp / "jump-stub.o"], log, progress, "jump-stub: ld")
        _run(["riscv64-unknown-elf-objcopy", "-O", "binary", tmp / "jump-stub.elf", tmp / "jump-stub.bin"],
             log, progress, "jump-stub: objcopy")
        (tmp / "jump-stub.o").unlink()
        return {"part": "jump-stub", "target": target}

    return _build_atomically(dirname, lines, build, progress)


def _script_image(text, name):
    """U-Boot legacy script image (what `mkimage -T script -C none` makes): a 64-byte big-endian header
    (magic, header CRC, time, size, load, entry, data CRC, os, arch, type, compression, name), then the
    payload: a 0-terminated list of part lengths and the script itself."""
    data = struct.pack(">II", len(text), 0) + text
    fields = [0x27051956, 0, 0, len(data), 0, 0, zlib.crc32(data)]
    head = struct.pack(">7I4B32s", *fields, 5, 26, 6, 0, name.encode()[:31])   # Linux, RISC-V, script, none
    head = struct.pack(">II", 0x27051956, zlib.crc32(head)) + head[8:]
    return head + data


def _uboot_disk(progress):
    """Raw disk: an MBR with one bootable FAT partition at 1 MiB that holds /boot.scr."""
    require("u-boot-disk", progress)
    script = IMAGES / "u-boot-exit.cmd"
    dirname, lines = part_key("u-boot-disk")

    def build(tmp):
        log = tmp / "build.log"
        text = "".join(ln + "\n" for ln in script.read_text().splitlines() if ln and not ln.startswith("#"))
        (tmp / "boot.scr").write_bytes(_script_image(text.encode(), "miralis-c u-boot-exit"))
        part, start, sectors = tmp / "part.img", 2048, 4096               # 2 MiB FAT12 at 1 MiB
        env = dict(os.environ, MTOOLS_SKIP_CHECK="1", SOURCE_DATE_EPOCH=str(EPOCH))
        os.utime(tmp / "boot.scr", (EPOCH, EPOCH))
        _run(["mkfs.vfat", "--invariant", "-C", "-n", "UBOOTEXIT", part, str(sectors // 2)], log, progress,
             "u-boot-disk: mkfs.vfat", env=env)
        _run(["mcopy", "-m", "-i", part, tmp / "boot.scr", "::boot.scr"], log, progress, "u-boot-disk: mcopy",
             env=env)
        entry = struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", 0x01, b"\xfe\xff\xff", start, sectors)
        mbr = bytearray(512)
        mbr[440:444] = b"MIRA"                                               # disk signature
        mbr[446:462] = entry
        mbr[510:512] = b"\x55\xaa"
        with open(tmp / "disk.img", "wb") as out:
            out.write(mbr + bytes(start * 512 - 512) + part.read_bytes())
        part.unlink()
        return {"part": "u-boot-disk", "script": text}

    return _build_atomically(dirname, lines, build, progress)


# The `debian` image: Debian 13 (trixie) riscv64 from the archive, with Debian's kernel and initramfs.
DEBIAN_SUITE = "trixie"
DEBIAN_PACKAGES = ["systemd-sysv", "udev", "login", "passwd", "procps", "iproute2", "kmod", "zstd",
                   "initramfs-tools", "linux-image-riscv64",
                   "redis-server", "memcached", "mariadb-server", "sysbench", "fio"]
# Kept out of the root file system (docs, man pages, translations): less for qemu-user to unpack.
DEBIAN_EXCLUDE = ["/usr/share/man/*", "/usr/share/doc/*", "/usr/share/locale/*", "/usr/share/info/*"]
# systemd waits 90 s for a device by default; under TCG on a loaded host udev can take longer to
# announce ttyS0, and serial-getty (our console) then fails. 15 min, like the test timeouts.
DEBIAN_APPEND = "root=/dev/vda rw console=ttyS0 earlycon quiet systemd.default_device_timeout_sec=900"
DEBIAN_PROMPT = "root@debian:~# "
# Typed at the auto-logged-in root shell; the expected lines are not in the echoed input. The
# console can log in before redis-server has finished starting (seen under load: "activating"):
# wait for both services, at most 180 s, before reporting them.
DEBIAN_SCRIPT = [[DEBIAN_PROMPT, "uname -a; cat /etc/os-release; for i in $(seq 180); do systemctl is-active"
                  " -q redis-server memcached && break; sleep 1; done; echo REDIS-$(systemctl is-active"
                  " redis-server) MEMCACHED-$(systemctl is-active memcached); echo DEBIAN-$((6*7)); poweroff\n"]]
# Errors of mmdebstrap / apt that mean a missing package or an unreachable mirror, and what to say.
_APT_ERRORS = [
    (re.compile(r"(Unable to locate package \S+|Package '?\S+'? has no installation candidate|"
                r"E: Package '\S+' has no installation candidate)"), "a package is missing from {suite}"),
    (re.compile(r"((?:Failed to fetch|Could not resolve|Temporary failure resolving|Unable to connect"
                r"|does not have a Release file|NO_PUBKEY)\s*.*)"), "the mirror {mirror} is not usable"),
]


def debian_mirror():
    """The mirror apt is already configured with (or MIRALIS_DEBIAN_MIRROR)."""
    uri = os.environ.get("MIRALIS_DEBIAN_MIRROR")
    if uri:
        return uri
    sources = Path("/etc/apt/sources.list.d/debian.sources")
    if sources.is_file():
        m = re.search(r"^URIs:\s*(\S+)", sources.read_text(), re.M)
        if m:
            return m.group(1)
    lst = Path("/etc/apt/sources.list")
    if lst.is_file():
        m = re.search(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)", lst.read_text(), re.M)
        if m:
            return m.group(1)
    return "http://deb.debian.org/debian"


def _binfmt_riscv64(progress):
    """riscv64 binaries must run through qemu-user for mmdebstrap's maintainer scripts."""
    misc = Path("/proc/sys/fs/binfmt_misc")
    if not (misc / "status").exists():
        if os.geteuid() != 0:
            raise ImageError("debian: binfmt_misc is not mounted (needs root: "
                             "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc)")
        subprocess.run(["mount", "-t", "binfmt_misc", "binfmt_misc", str(misc)], capture_output=True)
    if not (misc / "qemu-riscv64").exists():
        progress("debian: enabling the qemu-riscv64 binfmt handler")
        subprocess.run(["update-binfmts", "--enable", "qemu-riscv64"], capture_output=True)
    entry = misc / "qemu-riscv64"
    if not entry.exists() or "enabled" not in entry.read_text():
        raise ImageError("debian: no qemu-riscv64 binfmt_misc handler (package qemu-user-static; "
                         "as root: update-binfmts --enable qemu-riscv64)")


def _dpkg_status(root):
    """{package: version} installed in a root file system, read from its dpkg status file."""
    found, pkg = {}, None
    for line in (Path(root) / "var/lib/dpkg/status").read_text(errors="replace").splitlines():
        if line.startswith("Package: "):
            pkg = line.split()[1]
        elif line.startswith("Version: ") and pkg:
            found[pkg] = line.split()[1]
    return found


def _debian_inputs():
    return [f"suite {DEBIAN_SUITE} riscv64 main", f"mirror {debian_mirror()}",
            "packages " + " ".join(DEBIAN_PACKAGES), "exclude " + " ".join(DEBIAN_EXCLUDE),
            _file_line("debian-customize.sh"), _file_line("debian-mariadb-hook.sh"),
            _file_line("debian-mariadb.cnf")]


def _debian(progress):
    require("debian", progress)
    if os.geteuid() != 0:
        raise ImageError("debian: mmdebstrap (root mode) and mkfs.ext4 -d with owners need root")
    _binfmt_riscv64(progress)
    dirname, lines = part_key("debian")
    mirror = debian_mirror()

    def build(tmp):
        log = tmp / "build.log"
        root = tmp / "root"
        cmd = ["mmdebstrap", "--verbose", "--mode=root", "--arch=riscv64", "--variant=apt", "--components=main",
               "--include=" + ",".join(DEBIAN_PACKAGES),
               *[f"--dpkgopt=path-exclude={p}" for p in DEBIAN_EXCLUDE],
               "--dpkgopt=path-include=/usr/share/doc/*/copyright",
               f"--essential-hook=sh {IMAGES / 'debian-mariadb-hook.sh'} \"$1\"",
               f"--customize-hook=sh {IMAGES / 'debian-customize.sh'} \"$1\"",
               DEBIAN_SUITE, root, mirror]
        progress(f"debian: mmdebstrap {DEBIAN_SUITE} riscv64 from {mirror}, {len(DEBIAN_PACKAGES)} packages "
                 f"and their dependencies (qemu-user runs the maintainer scripts: 5-20 min on 2 cores)")
        try:
            t = _run(cmd, log, progress, "debian: mmdebstrap", every=20.0)
        except ImageError as e:
            text = log.read_text(errors="replace")
            for pattern, what in _APT_ERRORS:
                hits = sorted(set(m.group(1).strip() for m in pattern.finditer(text)))
                if hits:
                    raise ImageError(f"debian: {what.format(suite=DEBIAN_SUITE, mirror=mirror)}: "
                                     + "; ".join(hits[:8]) + f" (log: {log})") from None
            raise e
        progress(f"debian: mmdebstrap done ({t:.0f} s)")
        mmdebstrap_s = t
        boot = root / "boot"
        kernels = sorted(boot.glob("vmlinu[xz]-*"))
        initrds = sorted(boot.glob("initrd.img-*"))
        if not kernels or not initrds:
            raise ImageError(f"debian: no kernel or initramfs in {boot}: {sorted(p.name for p in boot.iterdir())}")
        kernel = kernels[-1].read_bytes()
        if kernel[:2] == b"\x1f\x8b":                       # QEMU 7.2 loads no gzip for riscv
            import gzip
            kernel = gzip.decompress(kernel)
        (tmp / "Image").write_bytes(kernel)
        shutil.copy2(initrds[-1], tmp / "initrd.img")
        release = kernels[-1].name.split("-", 1)[1]
        for f in (f"config-{release}", f"System.map-{release}"):
            if (boot / f).exists():
                shutil.copy2(boot / f, tmp / f.split("-")[0])
        versions = _dpkg_status(root)
        (tmp / "packages.txt").write_text("".join(f"{p} {v}\n" for p, v in sorted(versions.items())))
        used = int(subprocess.run(["du", "-sb", str(root)], capture_output=True, text=True).stdout.split()[0])
        size_mb = (used * 13 // 10 >> 20) + 768                # room for logs and the benchmarks' files
        progress(f"debian: root file system {used >> 20} MiB, {len(versions)} packages; mkfs.ext4 -d "
                 f"({size_mb} MiB disk)")
        t = _run(["mkfs.ext4", "-q", "-F", "-L", "debian", "-d", root, tmp / "disk.img", f"{size_mb}M"],
                 log, progress, "debian: mkfs.ext4")
        progress(f"debian: disk.img done ({t:.0f} s); removing the root directory")
        shutil.rmtree(root)
        return {"part": "debian", "release": release, "mirror": mirror, "suite": DEBIAN_SUITE,
                "kernel_bytes": len(kernel), "initrd_bytes": (tmp / "initrd.img").stat().st_size,
                "disk_mb": size_mb, "packages": len(versions),
                "versions": {p: versions.get(p) for p in DEBIAN_PACKAGES + ["systemd", "libc6"]},
                "mmdebstrap_seconds": round(mmdebstrap_s, 1)}

    return _build_atomically(dirname, lines, build, progress)


def _debian_file(path, package):
    if not Path(path).is_file():
        raise ImageError(f"{path} is missing; it comes from Debian package {package} "
                         f"(apt-get install -y --no-install-recommends {package})")
    return str(path)


# ---------------------------------------------------------------------------------------------------
# Public interface

def ensure(name, progress=print):
    """Make sure image `name` exists (building it if needed) and describe it.

    Keys: name, kind ("firmware": runs in (virtual) M-mode; "payload": runs in S-mode; "boot-stub"),
    the file paths (firmware / payload / kernel / initrd / elf), load_addr (where it runs by default in the
    monitor's layout; the OpenSBI builds are position independent), fw_type ("dynamic" or "jump"),
    qemu_args (extra QEMU arguments the image needs), expect (strings that must show, in order), exits
    (QEMU exits by itself, code 0 on success), and for the interactive images script: [[wait, send], ...],
    type `send` once `wait` has shown after the previous step (QEMU's stdin must be a pipe, not a tty)."""
    if name not in NAMES:
        raise ImageError(f"unknown image {name!r}; known: {', '.join(NAMES)}")
    prog = Progress(progress)
    start = time.monotonic()
    info = {"name": name, "description": NAMES[name][0]}

    if name in ("opensbi", "opensbi-dynamic", "opensbi-jump"):
        require("opensbi", prog)
        flavour = "jump" if name == "opensbi-jump" else "dynamic"
        info.update(kind="firmware", fw_type=flavour, position_independent=True, load_addr=FIRMWARE_ADDR,
                    firmware=_debian_file(OPENSBI_DIR / f"fw_{flavour}.bin", "opensbi"),
                    elf=_debian_file(OPENSBI_DIR / f"fw_{flavour}.elf", "opensbi"),
                    version="opensbi " + _dpkg_versions(["opensbi"]).get("opensbi", "?"),
                    expect=["OpenSBI v1.1"], qemu_args=[])
        if flavour == "jump":
            info.update(next_addr=PAYLOAD_ADDR, fdt_addr=FW_JUMP_FDT_ADDR)
    elif name in ("u-boot", "u-boot-exit", "u-boot-typed"):
        require("u-boot", prog)
        info.update(kind="payload", load_addr=PAYLOAD_ADDR,
                    payload=_debian_file(UBOOT_DIR / "u-boot.bin", "u-boot-qemu"),
                    elf=_debian_file(UBOOT_DIR / "uboot.elf", "u-boot-qemu"),
                    version="u-boot-qemu " + _dpkg_versions(["u-boot-qemu"]).get("u-boot-qemu", "?"),
                    prompt=UBOOT_PROMPT, qemu_args=[])
        if name == "u-boot-exit":
            disk = str(_uboot_disk(prog) / "disk.img")
            info.update(disk=disk, expect=["UBOOT-EXIT-OK"], exits=True,
                        qemu_args=["-drive", f"file={disk},format=raw,if=virtio,readonly=on"])
        elif name == "u-boot-typed":
            info.update(script=UBOOT_SCRIPT, expect=["UBOOT-TYPED-OK"], exits=True)
        else:
            info.update(expect=[UBOOT_PROMPT], exits=False)
    elif name in ("linux", "linux-shell"):
        d, kdir = _initramfs(name, prog)
        kman = json.loads((kdir / "manifest.json").read_text())
        info.update(kind="payload", load_addr=PAYLOAD_ADDR, payload=str(kdir / "Image"),
                    kernel=str(kdir / "Image"), elf=str(kdir / "vmlinux"), initrd=str(d / "initramfs.cpio"),
                    append=LINUX_APPEND, release=kman.get("release"), cache_dir=str(d),
                    qemu_args=["-initrd", str(d / "initramfs.cpio"), "-append", LINUX_APPEND],
                    expect=[LINUX_MARKER], exits=True)
        if name == "linux-shell":
            info.update(prompt=SHELL_PROMPT, script=SHELL_SCRIPT, expect=[LINUX_MARKER, "SHELL-42"])
    elif name == "debian":
        d = _debian(prog)
        man = json.loads((d / "manifest.json").read_text())
        disk = str(d / "disk.img")
        # snapshot=on: writes go to a temporary overlay, the cached disk stays as built.
        info.update(kind="payload", load_addr=PAYLOAD_ADDR, payload=str(d / "Image"), kernel=str(d / "Image"),
                    initrd=str(d / "initrd.img"), disk=disk, append=DEBIAN_APPEND, release=man.get("release"),
                    cache_dir=str(d), prompt=DEBIAN_PROMPT, script=DEBIAN_SCRIPT, exits=True,
                    qemu_args=["-initrd", str(d / "initrd.img"), "-append", DEBIAN_APPEND,
                               "-drive", f"file={disk},format=raw,if=virtio,snapshot=on"],
                    expect=["Debian GNU/Linux 13", "REDIS-active MEMCACHED-active", "DEBIAN-42"],
                    config="qemu-virt-debian")
    elif name == "jump-stub":
        d = _jump_stub(prog)
        info.update(kind="boot-stub", load_addr=MONITOR_ADDR, target=FIRMWARE_ADDR,
                    firmware=str(d / "jump-stub.bin"), elf=str(d / "jump-stub.elf"), qemu_args=[])
    if time.monotonic() - start > 1.0:
        prog(f"{name}: ready (total {time.monotonic() - start:.1f} s)")
    return info


def unavailable(name):
    """None when image `name` is cached or can be built here; else why not (tests SKIP with it).
    MIRALIS_SKIP_IMAGES="debian ..." skips on purpose (e.g. no time for a 10-20 min build)."""
    if name in os.environ.get("MIRALIS_SKIP_IMAGES", "").replace(",", " ").split():
        return f"MIRALIS_SKIP_IMAGES names {name}"
    if is_cached(name):
        return None
    if name != "debian":
        return None
    if os.geteuid() != 0:
        return "the debian image is not cached and building it needs root (mmdebstrap, binfmt_misc)"
    if not shutil.which("apt-get"):
        return "the debian image is not cached and this is not a Debian system (no apt-get)"
    import urllib.request
    url = f"{debian_mirror().rstrip('/')}/dists/{DEBIAN_SUITE}/InRelease"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10):
            pass
    except Exception as e:
        return f"the debian image is not cached and the mirror does not answer ({url}: {e})"
    return None


def is_cached(name):
    """True when ensure(name) would not build anything."""
    try:
        if name.startswith("opensbi") and not (OPENSBI_DIR / "fw_dynamic.bin").is_file():
            return False
        if name.startswith("u-boot") and not (UBOOT_DIR / "u-boot.bin").is_file():
            return False
        return all(_cached(d) for d in cache_dirs(name))
    except OSError:
        return False


def clean(progress=print):
    """Remove cache directories that no current image uses (old keys, failed builds)."""
    keep = {d for n in NAMES for d in cache_dirs(n)} | {"apt-src", ".locks"}
    root = cache_root()
    for d in sorted(root.iterdir()) if root.is_dir() else []:
        m = re.match(r"\.tmp-.*-(\d+)$", d.name)
        if d.name in keep or (m and Path(f"/proc/{m.group(1)}").exists()):
            continue
        progress(f"removing {d}")
        shutil.rmtree(d, ignore_errors=True)


def native_command(name, layout="standard", smp=1, cpu=None, firmware="opensbi-jump", memory="256M",
                   progress=None):
    """QEMU argv that boots image `name` without the monitor.

    layout "standard": -bios <OpenSBI> -kernel <payload> (OpenSBI at 0x80000000).
    layout "monitor": the monitor's layout: jump-stub at 0x80000000 (-bios), OpenSBI loaded at 0x80100000
    with -device loader, the payload at 0x80200000 (-kernel). Firmware images run as the firmware,
    payload images behind `firmware`."""
    img = ensure(name, progress)
    fw = img if img["kind"] == "firmware" else ensure(firmware, progress)
    cmd = ["qemu-system-riscv64", "-M", "virt", "-m", memory, "-smp", str(smp), "-nographic"]
    if cpu:
        cmd += ["-cpu", cpu]
    if layout == "standard":
        cmd += ["-bios", fw["firmware"]]
    elif layout == "monitor":
        cmd += ["-bios", ensure("jump-stub", progress)["firmware"],
                "-device", f"loader,file={fw['firmware']},addr={FIRMWARE_ADDR:#x}"]
    else:
        raise ValueError(f"layout must be 'standard' or 'monitor', not {layout!r}")
    if img["kind"] == "payload":
        cmd += ["-kernel", img["payload"], *img["qemu_args"]]
    return cmd


# ---------------------------------------------------------------------------------------------------
# Native boot check (verify)

def boot(cmd, expect, script=(), exits=True, timeout=30.0, marker=None):
    """Run QEMU with stdin a pipe, play `script` ([[wait, send], ...]) and time it. An image that does not
    exit by itself is killed once every expect string has shown.

    Result: {"rc", "marker_s" (marker, default expect[0], seen), "script_s" (last step sent), "exit_s",
    "ok", "log"};
    ok = every expect string in the output, in order, and for an image that exits, exit code 0."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    res = {"rc": None, "marker_s": None, "script_s": None, "exit_s": None}
    steps, seen = list(script), 0
    marker = marker or (expect[0] if expect else None)

    def in_order(text):
        pos = 0
        for e in expect:
            pos = text.find(e, pos)
            if pos < 0:
                return False
            pos += len(e)
        return True

    try:
        while time.monotonic() - start < timeout:
            ready, _, _ = select.select([proc.stdout], [], [], 0.2)
            if not ready:
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
            now = time.monotonic() - start
            text = out.decode(errors="replace")
            if res["marker_s"] is None and marker and marker in text:
                res["marker_s"] = now
            while steps and text.find(steps[0][0], seen) >= 0:
                wait, send = steps.pop(0)
                seen = text.find(wait, seen) + len(wait)
                proc.stdin.write(send.encode())
                proc.stdin.flush()
                res["script_s"] = now
            if not exits and in_order(text):
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        res["rc"] = proc.wait()
        res["exit_s"] = time.monotonic() - start
    text = out.decode(errors="replace").replace("\r", "")
    res["ok"] = in_order(text) and (res["rc"] == 0 or not exits)
    res["log"] = text
    return res


def verify(quick=False, progress=print):
    """Boot every image natively in both layouts and print a timing table."""
    require("qemu", progress)
    rows = []
    smps = (1, 2) if quick else (1, 2, 4)
    cpus = (None, "rv64,sstc=off")
    cases = []
    for layout in ("standard", "monitor"):
        for fw in ("opensbi-jump", "opensbi-dynamic"):
            for smp in smps:
                for cpu in cpus:
                    cases.append(("linux", layout, fw, smp, cpu))
            cases.append(("linux-shell", layout, fw, 1, None))
            cases.append(("linux-shell", layout, fw, 2, "rv64,sstc=off"))
            cases.append(("u-boot", layout, fw, 1, None))
            cases.append(("u-boot-exit", layout, fw, 1, None))
            cases.append(("u-boot-exit", layout, fw, 2, "rv64,sstc=off"))
            cases.append(("u-boot-typed", layout, fw, 1, None))
            cases.append(("u-boot-typed", layout, fw, 2, "rv64,sstc=off"))
    failures = 0
    progress(f"{'image':12} {'layout':8} {'firmware':15} smp {'cpu':14} {'marker/prompt':>13} {'exit':>6} rc  ok")
    for name, layout, fw, smp, cpu in cases:
        img = ensure(name, None)
        cmd = native_command(name, layout=layout, smp=smp, cpu=cpu, firmware=fw)
        # Beyond the image's own expect: OpenSBI ran where the layout puts it, Linux saw every hart.
        expect = [f"Firmware Base             : {MONITOR_ADDR if layout == 'standard' else FIRMWARE_ADDR:#x}"]
        if name.startswith("linux") and smp > 1:
            expect.append(f"smp: Brought up 1 node, {smp} CPUs")
        if name.startswith("linux"):
            expect.append(f"{smp} hart(s) online")
        r = boot(cmd, expect + img["expect"], script=img.get("script", ()), exits=img.get("exits", True),
                 timeout=60, marker=img["expect"][0])
        first = r["script_s"] if img.get("script") else r["marker_s"]
        failures += not r["ok"]
        rows.append((name, layout, fw, smp, cpu, first, r["exit_s"], r["rc"], r["ok"]))
        fmt = lambda v: "-" if v is None else f"{v:.2f}"
        progress(f"{name:12} {layout:8} {fw:15} {smp:3} {cpu or 'default':14} {fmt(first):>13} "
                 f"{fmt(r['exit_s']):>6} {r['rc']:3} {'ok' if r['ok'] else 'FAIL'}")
        if not r["ok"]:
            progress("  " + " ".join(cmd))
            progress("  last output: " + " | ".join(r["log"].splitlines()[-8:]))
    return failures


# ---------------------------------------------------------------------------------------------------
# CLI

def main(argv):
    import argparse
    ap = argparse.ArgumentParser(prog="images.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="the image names")
    b = sub.add_parser("build", help="build or find in the cache")
    b.add_argument("names", nargs="*")
    p = sub.add_parser("path", help="the main file of an image (or one of its keys)")
    p.add_argument("name")
    p.add_argument("key", nargs="?")
    i = sub.add_parser("info", help="ensure(NAME) as JSON")
    i.add_argument("name")
    sub.add_parser("clean", help="remove cache directories no current image uses")
    v = sub.add_parser("verify", help="native boot checks with timings")
    v.add_argument("--quick", action="store_true", help="smp 1 and 2 only")
    args = ap.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr, flush=True)
    try:
        if args.cmd == "list":
            for n, (desc, _) in NAMES.items():
                print(f"{n:16} {'cached' if is_cached(n) else 'to build':9} {desc}")
        elif args.cmd == "build":
            total = time.monotonic()
            for n in args.names or [n for n in NAMES if n not in EXPLICIT_ONLY]:
                info = ensure(n, log)
                main_file = info.get("firmware") or info.get("payload")
                print(f"{n}: {main_file}" + (f" (initrd {info['initrd']})" if "initrd" in info else ""))
            log(f"[images] all done in {time.monotonic() - total:.1f} s")
        elif args.cmd == "path":
            info = ensure(args.name, log)
            key = args.key or ("firmware" if "firmware" in info else "payload")
            if key not in info:
                raise ImageError(f"{args.name} has no {key!r}; keys: {', '.join(info)}")
            print(info[key])
        elif args.cmd == "info":
            print(json.dumps(ensure(args.name, log), indent=1))
        elif args.cmd == "clean":
            clean(lambda m: print(m, flush=True))
        elif args.cmd == "verify":
            return 1 if verify(args.quick, lambda m: print(m, flush=True)) else 0
    except ImageError as e:
        print(f"images.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
