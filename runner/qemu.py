"""QEMU command lines and supervised runs.

Two ways to boot (docs/build-contract.md, "Firmware and payload builds"):
  monitor: the monitor is the M-mode `-bios`; the firmware sits at target.firmware.start_address
           (`-kernel` for an ELF linked there, a raw loader otherwise); the payload is a loader image.
  native:  the firmware itself is `-bios` at 0x80000000, with the same payload.
"""

import os
import select
import shlex
import shutil
import signal
import subprocess
import time

from elfinfo import entry, load_address

QEMU = "qemu-system-riscv64"


class QemuError(Exception):
    """The QEMU command cannot be formed (missing binary, image at the wrong address)."""


def binary(cfg):
    """qemu.path (a directory) if the config sets it, else PATH."""
    qdir = cfg["qemu"]["path"]
    if qdir:
        exe = os.path.join(qdir, QEMU)
        if not os.access(exe, os.X_OK):
            raise QemuError(f"{cfg['name']}: [qemu] path: no executable {exe}")
        return exe
    exe = shutil.which(QEMU)
    if not exe:
        raise QemuError(f"{QEMU} not found in PATH (runner/deps.sh installs qemu-system-misc)")
    return exe


def _loader(path, addr):
    """A generic-loader device: ELF at its own addresses, raw files at addr."""
    if load_address(path) is not None:
        return ["-device", f"loader,file={path}"]
    return ["-device", f"loader,file={path},addr={addr:#x},force-raw=on"]


# Where QEMU 7.2 virt puts a raw -kernel when the -bios image ends below 2 MiB: the first 2 MiB
# boundary after it (riscv_calc_kernel_start_addr). Raw payloads meant for this address go in
# with -kernel, because QEMU accepts -initrd/-append only together with -kernel.
QEMU_KERNEL_ADDR = 0x80200000


def command(cfg, firmware, payload=None, monitor=None, disk=None, extra=(), stub=None):
    """The QEMU argv. monitor=None means a native run (firmware as -bios).

    stub: for a native run of a firmware that belongs at target.firmware.start_address rather
    than at 0x80000000 (Debian's OpenSBI in the monitor's layout): a boot stub that stands in for
    the monitor as -bios and jumps to that address; the firmware is loaded there."""
    q = cfg["qemu"]
    if q["machine"] is None:
        raise QemuError(f"{cfg['name']}: [platform] name {cfg['platform']['name']!r} is real "
                        f"hardware, which QEMU does not emulate: `make build CONFIG={cfg['name']}` "
                        f"builds the monitor for it (docs/platforms.md)")
    argv = [binary(cfg), "-M", q["machine"], "-nographic", "-no-reboot",
            "-m", q["memory"], "-smp", str(cfg["platform"]["nb_harts"])]
    if q["cpu"] != "none":
        argv += ["-cpu", q["cpu"]]
    kernel_used = False
    if monitor is None and stub:
        argv += ["-bios", stub, *_loader(firmware, cfg["target"]["firmware"]["start_address"])]
    elif monitor is None:
        argv += ["-bios", firmware]
    else:
        # The monitor enters the firmware at the configured address (CONFIG_FIRMWARE_START), so
        # an ELF must start there; its lowest segment may be lower (ELF headers).
        start = cfg["target"]["firmware"]["start_address"]
        at = entry(firmware)
        argv += ["-bios", monitor]
        if at is None:
            argv += _loader(firmware, start)
        elif at == start:
            # -kernel also makes QEMU put the FDT and the boot info where a firmware expects them.
            argv += ["-kernel", firmware]
            kernel_used = True
        else:
            raise QemuError(f"{firmware} has its entry point at {at:#x}, but the monitor enters the "
                            f"firmware at {start:#x} ([target.firmware] start_address)")
    if payload:
        pstart = cfg["target"]["payload"]["start_address"]
        # An ELF payload linked at QEMU's kernel address goes in with -kernel too: QEMU then
        # gives fw_dynamic (natively) its entry as fw_dynamic_info.next_addr.
        if load_address(payload) in (None, QEMU_KERNEL_ADDR) and pstart == QEMU_KERNEL_ADDR \
                and not kernel_used:
            argv += ["-kernel", payload]
        else:
            argv += _loader(payload, pstart)
    if disk:
        argv += ["-drive", f"file={disk},format=raw,if=virtio"]
    return argv + list(extra)


class Result:
    def __init__(self, code, output, timed_out, seconds):
        self.code = code            # QEMU's exit status (None on timeout)
        self.output = output        # stdout and stderr, interleaved
        self.timed_out = timed_out
        self.seconds = seconds
        self.typed = []             # [(seconds, text)] script steps typed
        self.pending = []           # [(wait, text)] script steps never reached


def run_captured(argv, timeout, log_path=None, env=None, script=()):
    """Run argv capturing the console; kill its whole process group on timeout.

    QEMU runs in its own session so that the kill reaches it and anything it spawned, and so
    that it never reads the terminal (U-Boot stops autoboot if stdin is a terminal). Without a
    script stdin is /dev/null. With one, stdin is a pipe and the script ([wait, send] pairs) is
    typed: `send` once `wait` has appeared in the output after the previous step's `wait`."""
    start = time.monotonic()
    steps = [(str(w), str(t)) for w, t in script]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if steps else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, env=env)
    timed_out = False
    chunks = []
    typed = []                  # (seconds, text) of each step, for the log
    try:
        fd = proc.stdout.fileno()
        seen = b""              # output so far, for the script's waits
        pos = 0                 # where the next wait may start
        deadline = start + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([fd], [], [], min(left, 0.5))
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break           # QEMU closed its output: it is exiting
            chunks.append(chunk)
            if steps:
                seen += chunk
                while steps:
                    at = seen.find(steps[0][0].encode(), pos)
                    if at < 0:
                        break
                    wait, text = steps.pop(0)
                    pos = at + len(wait.encode())
                    typed.append((time.monotonic() - start, text))
                    try:
                        proc.stdin.write(text.encode())
                        proc.stdin.flush()
                    except BrokenPipeError:
                        steps = []
        if timed_out:
            kill_group(proc)
        try:
            proc.wait(timeout=max(deadline - time.monotonic(), 5.0))
        except subprocess.TimeoutExpired:
            timed_out = True
            kill_group(proc)
            proc.wait()
        rest = proc.stdout.read()
        if rest:
            chunks.append(rest)
    except BaseException:
        kill_group(proc)        # Ctrl-C on the runner must not leave QEMU behind
        proc.wait()
        raise
    finally:
        for f in (proc.stdin, proc.stdout):
            if f:
                try:
                    f.close()
                except OSError:
                    pass
    text = b"".join(chunks).decode("utf-8", errors="replace")
    res = Result(None if timed_out else proc.returncode, text, timed_out, time.monotonic() - start)
    res.typed, res.pending = typed, steps
    if log_path:
        os.makedirs(os.path.dirname(log_path), exist_ok=True)
        with open(log_path, "w") as f:
            f.write("$ " + shlex.join(argv) + "\n")
            f.write(text)
            for sec, sent in typed:
                f.write(f"\n# typed at {sec:.1f} s: {sent!r}")
            f.write(f"\n# {'TIMEOUT' if timed_out else f'exit code {proc.returncode}'} "
                    f"after {res.seconds:.1f} s\n")
    return res


def kill_group(proc):
    """SIGTERM the process group, then SIGKILL whatever is left a moment later."""
    for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def run_interactive(argv, timeout=None):
    """Run with the terminal attached (make run / make debug); return QEMU's exit status.

    QEMU stays in the terminal's process group here, or it could not read the keyboard."""
    proc = subprocess.Popen(argv)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"\nrunner: stopping QEMU after the {timeout} s timeout", flush=True)
        code = 124          # as coreutils timeout
    except KeyboardInterrupt:
        code = 130
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return code
