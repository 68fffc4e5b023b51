#!/usr/bin/env python3
"""Run every test firmware natively on QEMU and check its outcome.

For each firmware, the 0x80000000 build runs as -bios, and the 0x80200000
build (the one the monitor loads) runs behind a jump stub; both must print
exactly the same lines, since a firmware's output must not depend on where
it is linked. csr-fuzz is run twice to check that it is deterministic.
sandbox and device only pass under the monitor: natively they must fail
with a FAIL line (and not hang).

usage: firmware/tools/native-check.py <abs build dir> [name ...]
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FW = os.path.dirname(HERE)
ROOT = os.path.dirname(FW)
PAYLOAD = "hello_world-0x80400000.elf"
MONITOR_ONLY = {"sandbox", "device"}
TIMEOUT = 30


def sh(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def build(out):
    sh(["make", "-s", "-C", FW, "O=" + out, "all"])
    sh(["make", "-s", "-C", os.path.join(ROOT, "payload"), "O=" + out, "all"])
    stub = os.path.join(out, "jump-stub.elf")
    cc = "riscv64-unknown-elf-gcc"
    sh([cc, "-march=rv64imac_zicsr_zifencei", "-mabi=lp64", "-nostdlib",
        "-Wl,-Ttext=0x80000000", os.path.join(HERE, "jump-stub.S"), "-o", stub])
    sh(["riscv64-unknown-elf-objcopy", "-O", "binary", stub, stub[:-4] + ".bin"])


def run(out, name, addr):
    elf = os.path.join(out, "%s-%s.elf" % (name, addr))
    if addr == "0x80000000":
        boot = ["-bios", elf]
    else:
        boot = ["-bios", os.path.join(out, "jump-stub.bin"),
                "-device", "loader,file=" + elf]
    cmd = ["timeout", str(TIMEOUT), "qemu-system-riscv64", "-M", "virt",
           "-nographic", "-m", "256M"] + boot + \
          ["-device", "loader,file=" + os.path.join(out, PAYLOAD)]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode(errors="replace").splitlines()


def check(out, name):
    rc, lines = run(out, name, "0x80000000")
    rc2, lines2 = run(out, name, "0x80200000")
    problems = []
    if rc == 124:
        problems.append("timed out")
    if name in MONITOR_ONLY:
        if rc == 0 or not any(l.startswith("FAIL: ") for l in lines):
            problems.append("expected a clear native failure, got exit %d" % rc)
    elif rc != 0:
        problems.append("exit %d: %s" % (rc, lines[-1] if lines else ""))
    if (rc, lines) != (rc2, lines2):
        problems.append("output differs between link addresses")
    if any(l.startswith("[") for l in lines):
        problems.append("a line starts with '['")
    if name.startswith("csr-fuzz") and run(out, name, "0x80000000") != (rc, lines):
        problems.append("two runs differ")
    status = "ok" if not problems else "BAD: " + "; ".join(problems)
    print("%-16s exit %-3d %6d lines  %s" % (name, rc, len(lines), status))
    return not problems


def main():
    if len(sys.argv) < 2 or not os.path.isabs(sys.argv[1]):
        sys.exit(__doc__)
    out = sys.argv[1]
    try:
        build(out)
    except subprocess.CalledProcessError as e:
        sys.exit("build failed: %s" % " ".join(e.cmd))
    names = sys.argv[2:] or sorted(
        d for d in os.listdir(FW)
        if d not in ("common", "tools") and os.path.isdir(os.path.join(FW, d)))
    ok = all([check(out, n) for n in names])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
