"""Shared set-up for the runner's own tests: import path, tiny guest images built on demand."""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.dirname(HERE)
REPO = os.path.dirname(RUNNER)
sys.path.insert(0, RUNNER)

CROSS = "riscv64-unknown-elf-gcc"
HAVE_CROSS = shutil.which(CROSS) is not None
HAVE_QEMU = shutil.which("qemu-system-riscv64") is not None


def build_asm(src, addr, out_dir):
    """Assemble runner/tests/<src> into an ELF linked at addr; return its path."""
    out = os.path.join(out_dir, os.path.splitext(src)[0] + f"-{addr:#x}.elf")
    subprocess.run([CROSS, "-march=rv64imac_zicsr", "-mabi=lp64", "-mcmodel=medany", "-nostdlib",
                    "-static", f"-Wl,-Ttext={addr:#x}", "-Wl,--no-warn-rwx-segments",
                    os.path.join(HERE, src), "-o", out], check=True)
    return out


def tmpdir(testcase):
    d = tempfile.mkdtemp(prefix="runner-test-")
    testcase.addCleanup(shutil.rmtree, d, ignore_errors=True)
    return d


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path
