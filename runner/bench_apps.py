#!/usr/bin/env python3
"""`make bench-apps`: application benchmarks on the `debian` image, native against the monitor.

    python3 runner/bench_apps.py [--runs N] [--cells a,b,...] [--seconds S] [--jobs J] [--list]
    python3 runner/bench_apps.py --quick         a small subset, fast (make bench-apps QUICK=1)
    python3 runner/bench_apps.py --smoke DIR     make test's bench-apps-smoke: one cell, one short run,
                                                 outputs in DIR (not benchmarks/)

As in the paper (SOSP'25 §8), the load generators run outside the guest: QEMU user networking forwards
ports on the host's 127.0.0.1 (and nowhere else) into the guest, where Debian's redis-server,
memcached and MariaDB listen. The host's `redis-benchmark` (Debian redis-tools), `memcaslap` (Debian
libmemcached-tools; memtier_benchmark is not in Debian 12) and `sysbench oltp_read_write` (the paper's
MySQL case; its tables are filled once per boot) drive them; sysbench (CPU) and fio (disk) run inside
the guest. Every cell boots the same cached image once, runs each workload --runs times
(the workloads interleaved: run 1 of each, then run 2 of each, ...), and powers off. Every loop is bounded in count and time (requests per run, seconds per run, a
timeout on every command, a cap on every boot).

Cells: five configurations (native OpenSBI; the monitor without policies; offload; protect_payload;
both) times three CPUs: Sstc (QEMU's default), `nosstc` (-cpu rv64,sstc=off, like the boards) and
`traptime` (sstc=off and [vcpu] trap_payload_time: the payload's `time` reads trap to M-mode, the
VisionFive 2 case; natively OpenSBI cannot make QEMU's time CSR trap, so its baseline is
native-nosstc). 14 cells, one boot each.

Output: benchmarks/results/apps.csv (one row per run, with the host's load average at that moment),
apps-summary.csv (mean, stdev, ratio to the native cell with the same CPU), apps-exits.csv (with
--counters: exit_counter's counts per workload run, read from guest memory through QEMU's monitor), apps.md (the tables with the paper's figures) and
benchmarks/plots/apps.png.
"""

import argparse
import csv
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import build as buildmod            # noqa: E402
import config as configmod          # noqa: E402
import qemu                         # noqa: E402

REPO = configmod.REPO
BASE_CONFIG = os.path.join(REPO, "configs", "qemu-virt-debian.toml")
RESULTS = os.path.join(REPO, "benchmarks", "results")
PLOTS = os.path.join(REPO, "benchmarks", "plots")
PROMPT = "root@debian:~# "
BOOT_CAP = 900.0            # seconds from QEMU start to the root prompt, at most
POWEROFF_CAP = 180.0
SYSTEMD_START_TIMEOUT = 900
# After Linux printed `reboot: Power down` QEMU ends within seconds unless the SBI shutdown came back
# to the kernel (seen with offload: an Oops in the syscon poweroff fallback); do not wait the full cap.
POWERDOWN_GRACE = 30.0
NOSSTC = "rv64,sstc=off"

# Configurations: modules, or None for native OpenSBI alone.
CONFIGS = {
    "native": None,
    "monitor": [],
    "offload": ["offload"],
    "protect_payload": ["protect_payload"],
    "both": ["offload", "protect_payload"],
}
# CPU variants: (cell name suffix, -cpu or None for QEMU's default (Sstc on), trap_payload_time)
CPUS = {
    "sstc": ("", None, False),
    "nosstc": ("-nosstc", NOSSTC, False),
    # The VisionFive 2 case: no Sstc and `time` reads trap to M-mode. Only under the monitor.
    "traptime": ("-traptime", NOSSTC, True),
}
# name -> (modules or None for native OpenSBI alone, -cpu or None, [vcpu] trap_payload_time)
CELLS = {}
for _cpu, (_suffix, _qcpu, _trap) in CPUS.items():
    for _conf, _mods in CONFIGS.items():
        if _mods is None and _trap:
            continue
        CELLS[_conf + _suffix] = (_mods, _qcpu, _trap)
DEFAULT_CELLS = list(CELLS)
QUICK = {"cells": "native,monitor,offload", "runs": 2, "seconds": 3, "requests": 300}
SMOKE = {"cells": "native", "runs": 1, "seconds": 2, "requests": 100}

# The paper's figures (its artifact), ratio to native on the VisionFive 2: (with offload, without).
PAPER = {"redis": (1.076, 0.385), "memcached": (1.063, 0.558), "cpu": (1.000, 0.981)}
PAPER_NOTE = {"redis": "Redis", "memcached": "Memcached", "cpu": "CoreMark-Pro (here: sysbench cpu)"}


class BenchError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cell_config(name, workdir, counters=False):
    """Write the config of a monitor cell (the debian config with its modules / CPU / time trapping,
    plus exit_counter when counters) and return its path; native cells use the base config (the
    monitor is not involved)."""
    modules, cpu, trap = CELLS[name]
    modules = modules + (["exit_counter"] if counters else [])
    with open(BASE_CONFIG) as f:
        text = f.read()
    text = text.split("\n[modules]")[0].rstrip() + "\n"
    if trap:
        text = text.replace("max_pmp = 8\n", "max_pmp = 8\ntrap_payload_time = true\n")
    if cpu:
        text = text.replace('machine = "virt"\n', f'machine = "virt"\ncpu = "{cpu}"\n')
    if modules:
        text += "\n[modules]\nmodules = [" + ", ".join(f'"{m}"' for m in modules) + "]\n"
    if modules and "protect_payload" in modules:
        text += '\n[protect_payload]\nexpected = "host"\n'
    # the file name is the build directory's: a monitor with exit_counter is not the cell's own
    path = os.path.join(workdir, f"bench-apps-{name}{'-counters' if counters else ''}.toml")
    with open(path, "w") as f:
        f.write(text)
    return path


class Guest:
    """One QEMU run of the debian image with a console we can type on."""

    def __init__(self, argv, log_path):
        self.log = open(log_path, "wb")
        # QEMU stays in our process group: whoever kills the group (make test's timeout, ^C) ends
        # it too, instead of leaving a guest running with nobody reading it.
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.buf = b""
        self.lock = threading.Lock()
        self.start = time.monotonic()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.n = 0

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(65536)
            if not chunk:
                return
            with self.lock:
                self.buf += chunk
            self.log.write(chunk)
            self.log.flush()

    def text(self, since=0):
        with self.lock:
            return self.buf[since:].decode(errors="replace")

    def mark(self):
        with self.lock:
            return len(self.buf)

    def wait_for(self, needle, timeout, since=0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            t = self.text(since)
            if needle in t:
                return t
            if "Kernel panic - not syncing" in t:
                raise BenchError(f"the guest kernel panicked while we waited for {needle!r}: "
                                 + " | ".join(ln for ln in t.splitlines() if "panic" in ln or "run-init" in ln)[-400:])
            if self.proc.poll() is not None:
                raise BenchError(f"QEMU exited ({self.proc.returncode}) while waiting for {needle!r}; "
                                 f"last output: {' | '.join(t.splitlines()[-6:])}")
            time.sleep(0.2)
        raise BenchError(f"timeout ({timeout:.0f} s) waiting for {needle!r}; last output: "
                         f"{' | '.join(self.text(since).splitlines()[-6:])}")

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def run(self, cmd, timeout):
        """Type cmd at the root shell, return what it printed (the end marker is not in the echo)."""
        self.n += 1
        since = self.mark()
        self.send(f"{cmd}; echo @@END-$((1000+{self.n}))@@\n")
        out = self.wait_for(f"@@END-{1000 + self.n}@@", timeout, since)
        return out.split(f"@@END-{1000 + self.n}@@")[0]

    def close(self, poweroff=True):
        """poweroff at the shell (bounded), else kill; poweroff=False: kill at once (no shell)."""
        since = self.mark()
        try:
            if poweroff and self.proc.poll() is None:
                self.send("poweroff\n")
                end = time.monotonic() + POWEROFF_CAP
                down = None
                while self.proc.poll() is None and time.monotonic() < end:
                    if down is None and "reboot: Power down" in self.text(since):
                        down = time.monotonic()
                    if down is not None and time.monotonic() - down > POWERDOWN_GRACE:
                        break
                    time.sleep(0.2)
        except OSError:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        return self.proc.returncode


# ---- workloads: each returns [(metric, unit, value)] ----

def host(cmd, timeout):
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{cmd[0]} did not finish in {timeout} s") from None
    if res.returncode != 0:
        raise BenchError(f"{' '.join(cmd)}: exit {res.returncode}: {(res.stdout + res.stderr)[-400:]}")
    return res.stdout + res.stderr


def w_redis(guest, ports, a):
    out = host(["redis-benchmark", "-h", "127.0.0.1", "-p", str(ports["redis"]), "-n", str(a.requests),
                "-c", "8", "-t", "set,get", "--csv"], timeout=a.seconds * 12 + 60)
    rows = {m.group(1): float(m.group(2)) for m in re.finditer(r'^"(SET|GET)","([0-9.]+)"', out, re.M)}
    if set(rows) != {"SET", "GET"}:
        raise BenchError(f"redis-benchmark: no SET/GET rates in: {out[-300:]}")
    return [("redis-set", "requests/s", rows["SET"]), ("redis-get", "requests/s", rows["GET"])]


def w_memcached(guest, ports, a):
    out = host(["memcaslap", "-s", f"127.0.0.1:{ports['memcached']}", "-t", f"{a.seconds}s", "-T", "2",
                "-c", "8"], timeout=a.seconds * 6 + 60)
    m = re.findall(r"TPS:\s*([0-9.]+)", out)
    if not m:
        raise BenchError(f"memcaslap: no TPS in: {out[-300:]}")
    return [("memcached", "ops/s", float(m[-1]))]


def w_cpu(guest, ports, a):
    out = guest.run(f"sysbench cpu --threads=2 --time={a.seconds} run | grep 'events per second'",
                    timeout=a.seconds * 6 + 60)
    m = re.search(r"events per second:\s*([0-9.]+)", out)
    if not m:
        raise BenchError(f"sysbench: no rate in: {out[-300:]}")
    return [("cpu", "events/s", float(m.group(1)))]


def w_fio(guest, ports, a):
    out = guest.run(f"fio --name=rr --filename=/root/fio.dat --size=32M --rw=randread --bs=4k "
                    f"--ioengine=psync --direct=1 --runtime={a.seconds} --time_based --output-format=terse",
                    timeout=a.seconds * 6 + 120)
    m = re.search(r"3;fio-[^;]*;rr;\d+;\d+;\d+;\d+;(\d+);", out)     # after the shell's escape codes
    if not m:
        raise BenchError(f"fio: no terse line in: {out[-300:]}")
    return [("fio-randread", "IOPS", float(m.group(1)))]


def sysbench_db(ports, *args):
    return ["sysbench", "oltp_read_write", "--db-driver=mysql", "--mysql-host=127.0.0.1",
            f"--mysql-port={ports['mariadb']}", "--mysql-user=sbtest", "--mysql-password=sbtest",
            "--mysql-db=sbtest", f"--tables={MARIADB_TABLES}", f"--table-size={MARIADB_ROWS}", *args]


def mariadb_setup(guest, ports, a):
    """Once per boot: bootstrap MariaDB's system tables (the image leaves them out: the bootstrap does
    not finish under qemu-user at build time, see images/debian-mariadb-hook.sh; the disk is a
    snapshot overlay, so every boot does it), start the server (off at boot) and fill sysbench's
    tables from the host, as the paper's MySQL runs do before measuring."""
    out = guest.run("test -d /var/lib/mysql/mysql || mariadb-install-db --user=mysql --skip-test-db "
                    "--disable-log-bin >/root/mariadb-install.log 2>&1; echo INSTALL-$?; systemctl start "
                    "mariadb; for i in $(seq 120); do systemctl is-active -q mariadb && break; sleep 1; done; "
                    "echo DB-$(systemctl is-active mariadb)", 900)
    if "INSTALL-0" not in out or "DB-active" not in out:
        tail = guest.run("tail -n 5 /root/mariadb-install.log; journalctl -u mariadb -n 5 --no-pager", 60)
        raise BenchError(f"mariadb not active: {out[-200:]} {tail[-600:]}")
    host(sysbench_db(ports, "cleanup"), timeout=300)
    host(sysbench_db(ports, "prepare"), timeout=900)


def w_mariadb(guest, ports, a):
    # sysbench 1.0.20 gives its workers a fixed 30 s to connect and prepare their statements; under
    # TCG on a loaded host 8 workers did not make it (seen in CI). Fewer workers, statements not
    # prepared on the server, and one more try when that is the only failure.
    argv = sysbench_db(ports, f"--threads={MARIADB_THREADS}", "--db-ps-mode=disable", f"--time={a.seconds}",
                       "--report-interval=0", "run")
    try:
        out = host(argv, timeout=a.seconds * 6 + 120)
    except BenchError as e:
        if "failed to initialize" not in str(e):
            raise
        out = host(argv, timeout=a.seconds * 6 + 120)
    m = re.search(r"transactions:\s+\d+\s+\(([0-9.]+) per sec", out)
    if not m:
        raise BenchError(f"sysbench oltp_read_write: no transaction rate in: {out[-300:]}")
    return [("mariadb-oltp", "transactions/s", float(m.group(1)))]


# sysbench oltp_read_write's data set: small enough to fill in well under a minute under TCG
MARIADB_TABLES, MARIADB_ROWS, MARIADB_THREADS = 2, 10000, 4
WORKLOADS = {"redis": w_redis, "memcached": w_memcached, "mariadb": w_mariadb, "cpu": w_cpu, "fio": w_fio}
WORKLOAD_METRICS = {"redis": ["redis-set", "redis-get"], "memcached": ["memcached"],
                    "mariadb": ["mariadb-oltp"], "cpu": ["cpu"], "fio": ["fio-randread"]}
# Run once per boot before the first run of a workload.
WORKLOAD_SETUP = {"mariadb": mariadb_setup}


def qemu_argv(builder, name, workdir, ports, counters=False):
    modules, cpu, _ = CELLS[name]
    native = modules is None
    cfg = configmod.load(BASE_CONFIG if native else cell_config(name, workdir, counters))
    if native and cpu:
        cfg["qemu"]["cpu"] = cpu
    fw = builder.firmware(cfg, "opensbi", native)
    pl = builder.payload(cfg, "debian")
    mon = None if native else builder.monitor_for(cfg, pl)
    stub = builder.native_stub(cfg, "opensbi") if native else None
    net = ["-netdev", f"user,id=n0,hostfwd=tcp:127.0.0.1:{ports['redis']}-:6379,"
                      f"hostfwd=tcp:127.0.0.1:{ports['memcached']}-:11211,"
                      f"hostfwd=tcp:127.0.0.1:{ports['mariadb']}-:3306",
           "-device", "virtio-net-device,netdev=n0"]
    extra = builder.image_qemu_args("opensbi", "debian") + net
    # systemd gives a unit 90 s to start: under the monitor without offload and without Sstc, on a
    # loaded host, journald and networkd took longer and failed (no network, no benchmark). The
    # kernel command line is not measured by the sandbox, the image's key does not change.
    i = extra.index("-append") + 1
    extra[i] += f" systemd.default_timeout_start_sec={SYSTEMD_START_TIMEOUT}"
    return qemu.command(cfg, fw, pl, mon, None, extra, stub=stub)


# exit_counter's categories (include/miralis/exit_category.h), in the order of its per-hart array
EXIT_CATEGORIES = ["not offloaded", "read time", "set timer", "misaligned", "ipi", "remote fence",
                   "firmware trap", "page fault"]
NB_HARTS = 2


def counts_address(elf):
    """Physical address of exit_counter's `counts` array (static, in the monitor's .bss: M-mode runs
    without translation, so the symbol's address is where QEMU holds it)."""
    nm = subprocess.run(["riscv64-unknown-elf-nm", elf], capture_output=True, text=True, timeout=60)
    found = [int(ln.split()[0], 16) for ln in nm.stdout.splitlines()
             if ln.split()[1:] in (["b", "counts"], ["B", "counts"], ["d", "counts"])]
    if len(found) != 1:
        raise BenchError(f"{elf}: {len(found)} `counts` symbols (exit_counter's array), expected one")
    return found[0]


def parse_xp(text, n):
    """The n 64-bit values of an HMP `xp /<n>gx` answer."""
    vals = [int(v, 16) for ln in text.splitlines() if re.match(r"^[0-9a-f]+:", ln.strip())
            for v in re.findall(r"0x([0-9a-f]+)", ln.split(":", 1)[1])]
    if len(vals) != n:
        raise BenchError(f"QEMU monitor: {len(vals)} values where {n} were asked for: {text[-200:]!r}")
    return vals


class Counters:
    """exit_counter's counts read from guest memory through QEMU's HMP monitor socket, while the
    guest runs: per workload, not only at shutdown (which an offload cell does not reach cleanly)."""

    def __init__(self, sock_path, addr):
        self.addr = addr
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(30)
        self.sock.connect(sock_path)
        self._until_prompt()

    def _until_prompt(self):
        buf = b""
        while not buf.rstrip().endswith(b"(qemu)"):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise BenchError("QEMU monitor socket closed")
            buf += chunk
        return _ANSI.sub("", buf.decode(errors="replace"))

    def read(self):
        """{category: total over the harts}"""
        n = NB_HARTS * len(EXIT_CATEGORIES)
        self.sock.sendall(f"xp /{n}gx {self.addr:#x}\n".encode())
        vals = parse_xp(self._until_prompt(), n)
        k = len(EXIT_CATEGORIES)
        return {c: sum(vals[h * k + i] for h in range(NB_HARTS)) for i, c in enumerate(EXIT_CATEGORIES)}

    def close(self):
        self.sock.close()


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def prepare_cell(builder, name, a, workdir):
    """Build what the cell boots (in the main thread: one make at a time) -> (argv, ports); with
    --counters a monitor cell also gets an HMP socket (ports["hmp"]) and the address of the counts."""
    ports = {"redis": free_port(), "memcached": free_port(), "mariadb": free_port()}
    argv = qemu_argv(builder, name, workdir, ports, a.counters)
    if a.counters and CELLS[name][0] is not None:
        elf = argv[argv.index("-bios") + 1] if "-bios" in argv else None
        if not elf or not elf.endswith(".elf"):
            raise BenchError(f"{name}: no monitor ELF in the QEMU command line to find the counters in")
        ports["hmp"] = os.path.join(workdir, f"{name}.hmp")
        ports["counts"] = counts_address(elf)
        if os.path.exists(ports["hmp"]):
            os.unlink(ports["hmp"])
        argv += ["-monitor", f"unix:{ports['hmp']},server=on,wait=off"]
    return argv, ports


def run_cell(name, argv, ports, a, workdir, writer, progress):
    log = os.path.join(workdir, f"bench-apps-{name}.log")
    progress(f"{name}: booting ({' '.join(argv[:3])} ...), console log {log}")
    g = Guest(argv, log)
    shell = False
    try:
        g.wait_for(PROMPT, a.boot_cap)
        shell = True
        boot_s = time.monotonic() - g.start
        progress(f"{name}: root shell after {boot_s:.0f} s")
        writer(name, "boot", "seconds", 0, boot_s)
        out = g.run("for i in $(seq 60); do systemctl is-active -q redis-server memcached && "
                    "ip -4 addr show | grep -q 10.0.2.15 && break; sleep 1; done; "
                    "echo SVC-$(systemctl is-active redis-server)-$(systemctl is-active memcached)", 180)
        if "SVC-active-active" not in out:
            raise BenchError(f"{name}: redis-server / memcached not active: {out[-200:]}")
        counters = Counters(ports["hmp"], ports["counts"]) if "hmp" in ports else None
        for w in a.workloads:
            if w in WORKLOAD_SETUP:
                progress(f"{name}: setting up {w}")
                WORKLOAD_SETUP[w](g, ports, a)
        if counters:
            writer.exits(name, "boot", 0, boot_s, counters.read())
        for run in range(1, a.runs + 1):
            for w in a.workloads:
                before, t = counters.read() if counters else None, time.monotonic()
                for metric, unit, value in WORKLOADS[w](g, ports, a):
                    writer(name, metric, unit, run, value)
                    progress(f"{name}: run {run}/{a.runs} {metric} {value:.1f} {unit}")
                if counters:
                    after = counters.read()
                    writer.exits(name, w, run, time.monotonic() - t, {k: after[k] - before[k] for k in after})
    finally:
        rc = g.close(poweroff=shell)
        progress(f"{name}: QEMU exited with {rc}")


def summarise(rows):
    """{(cell, metric): (mean, stdev, n)}"""
    by = {}
    for r in rows:
        if r["metric"] == "boot" or r["value"] == "":
            continue
        by.setdefault((r["cell"], r["metric"]), []).append(float(r["value"]))
    return {k: (statistics.mean(v), statistics.stdev(v) if len(v) > 1 else 0.0, len(v)) for k, v in by.items()}


def native_of(cell):
    return "native-nosstc" if CELLS[cell][1] == NOSSTC else "native"


def paper_text(metric):
    key = "redis" if metric.startswith("redis") else metric
    paper = PAPER.get(key)
    return (f"{paper[0]:.3f} / {paper[1]:.3f} ({PAPER_NOTE[key]})" if paper else "-"), paper


def ratio_text(summary, cell, metric):
    if (cell, metric) not in summary:
        return "-"
    mean, sd, _ = summary[(cell, metric)]
    base = summary.get((native_of(cell), metric))
    if base and base[0]:
        return f"{mean / base[0]:.3f} (±{sd / base[0]:.3f})"
    return f"{mean:.0f}"


CPU_TITLES = {"sstc": "Sstc on (QEMU's default CPU); ratio to `native`",
              "nosstc": "Sstc off (`-cpu rv64,sstc=off`, like the boards); ratio to `native-nosstc`",
              "traptime": "Sstc off and the payload's `time` reads trapping (`[vcpu] trap_payload_time`: the "
                          "VisionFive 2 case); ratio to `native-nosstc` (natively QEMU's time CSR cannot be "
                          "made to trap)"}


def write_outputs(rows, cells, meta, exits, results, plots):
    os.makedirs(results, exist_ok=True)
    os.makedirs(plots, exist_ok=True)
    summary = summarise(rows)
    metrics = sorted({m for (_, m) in summary})
    with open(os.path.join(results, "apps-summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["cell", "metric", "mean", "stdev", "runs", "native_cell", "ratio_to_native"])
        for c in cells:
            for m in metrics:
                if (c, m) not in summary:
                    continue
                mean, sd, n = summary[(c, m)]
                base = summary.get((native_of(c), m))
                ratio = f"{mean / base[0]:.3f}" if base and base[0] else ""
                w.writerow([c, m, f"{mean:.2f}", f"{sd:.2f}", n, native_of(c), ratio])
    if exits:
        with open(os.path.join(results, "apps-exits.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["cell", "workload", "run", "seconds"] + EXIT_CATEGORIES)
            w.writeheader()
            w.writerows(exits)
    boots = {r["cell"]: float(r["value"]) for r in rows if r["metric"] == "boot"}
    lines = ["# Application benchmarks on Debian 13 (make bench-apps)", "",
             f"{meta}", "",
             "Ratio = mean throughput of the cell / mean of the native cell with the same CPU; higher is "
             "better, 1.0 = as fast as native. ± is the standard deviation over the runs divided by the "
             "same native mean (mean ± sd in absolute units in apps-summary.csv, every run in apps.csv "
             "with the host's load average when it ended). QEMU TCG on a shared 2-core x86 host: the "
             "absolute numbers mean little, and the spread says how much the ratios do. The paper's "
             "column is its VisionFive 2 result (no Sstc, `time` traps): compare it with the "
             "`traptime` table.", ""]
    shown = [c for c in cells if any((c, m) in summary for m in metrics)]
    for cpu, (suffix, qcpu, trap) in CPUS.items():
        group = [c for c in shown if CELLS[c][1] == qcpu and CELLS[c][2] == trap]
        if not group:
            continue
        lines += [f"### {CPU_TITLES[cpu]}", ""]
        lines.append("| workload | " + " | ".join(group) + " | paper (VisionFive 2): offload / no offload |")
        lines.append("|---" * (len(group) + 2) + "|")
        for m in metrics:
            lines.append(f"| {m} | " + " | ".join(ratio_text(summary, c, m) for c in group)
                         + f" | {paper_text(m)[0]} |")
        lines.append("")
    lines += ["Boot to the root shell (s): " + ", ".join(f"{c} {boots[c]:.0f}" for c in cells if c in boots), ""]
    if exits:
        lines += ["exit_counter (--counters), exits per second of each workload, mean over its runs, both "
                  "harts (boot: the whole boot); every run in apps-exits.csv:", "",
                  "| cell | workload | " + " | ".join(EXIT_CATEGORIES) + " |",
                  "|---" * (len(EXIT_CATEGORIES) + 2) + "|"]
        keys = []
        for e in exits:
            if (e["cell"], e["workload"]) not in keys:
                keys.append((e["cell"], e["workload"]))
        for c, wl in keys:
            es = [e for e in exits if (e["cell"], e["workload"]) == (c, wl)]
            secs = sum(float(e["seconds"]) for e in es)
            lines.append(f"| {c} | {wl} | " + " | ".join(f"{sum(e[k] for e in es) / secs:.0f}" if secs else "-"
                                                       for k in EXIT_CATEGORIES) + " |")
        lines.append("")
    with open(os.path.join(results, "apps.md"), "w") as f:
        f.write("\n".join(lines))
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench-apps: matplotlib missing (apt-get install python3-matplotlib): no plot", file=sys.stderr)
        return
    groups = []
    for cpu, (suffix, qcpu, trap) in CPUS.items():
        mon = [c for c in shown if CELLS[c][0] is not None and CELLS[c][1] == qcpu and CELLS[c][2] == trap]
        if mon:
            groups.append((cpu, mon))
    if not groups:
        return
    fig, axes = plt.subplots(len(groups), 1, figsize=(max(7, 1.1 * len(metrics) * 2), 3.2 * len(groups)),
                             squeeze=False)
    for ax, (cpu, mon) in zip(axes[:, 0], groups):
        width = 0.8 / len(mon)
        for i, c in enumerate(mon):
            vals, errs = [], []
            for m in metrics:
                s, base = summary.get((c, m)), summary.get((native_of(c), m))
                ok = s and base and base[0]
                vals.append(s[0] / base[0] if ok else 0)
                errs.append(s[1] / base[0] if ok else 0)
            ax.bar([j + i * width for j in range(len(metrics))], vals, width, yerr=errs, label=c)
        if cpu == "traptime":
            for j, m in enumerate(metrics):
                p = paper_text(m)[1]
                if p:
                    ax.plot([j - width / 2, j + 0.8 - width / 2], [p[0], p[0]], "k--", linewidth=0.8)
                    ax.plot([j - width / 2, j + 0.8 - width / 2], [p[1], p[1]], "k:", linewidth=0.8)
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(metrics))])
        ax.set_xticklabels(metrics)
        ax.set_ylabel("throughput / native")
        ax.set_title(cpu + (" (dashed: paper with offload, dotted: without)" if cpu == "traptime" else ""),
                     fontsize="medium")
        ax.legend(fontsize="x-small", ncol=2)
    fig.suptitle("Debian 13 under the monitor, ratio to native OpenSBI (QEMU TCG, shared host)")
    fig.tight_layout()
    fig.savefig(os.path.join(plots, "apps.png"), dpi=100)


class Writer:
    """Rows of apps.csv as they come (several cells may run at once: one lock)."""

    FIELDS = ["date", "cell", "modules", "cpu", "trap_payload_time", "metric", "unit", "run", "value", "load1"]

    def __init__(self, f, stamp):
        self.f, self.stamp = f, stamp
        self.w = csv.DictWriter(f, fieldnames=self.FIELDS)
        self.w.writeheader()
        self.rows, self.exit_counts, self.loads = [], [], []
        self.lock = threading.Lock()

    def add(self, row):
        with self.lock:
            self.rows.append(row)
            self.w.writerow(row)
            self.f.flush()

    def __call__(self, cell, metric, unit, run, value):
        mods, cpu, trap = CELLS[cell]
        load1 = os.getloadavg()[0]
        self.loads.append(load1)
        self.add({"date": self.stamp, "cell": cell,
                  "modules": "native" if mods is None else "+".join(mods) or "none",
                  "cpu": cpu or "default", "trap_payload_time": int(trap), "metric": metric, "unit": unit,
                  "run": run, "value": f"{value:.3f}", "load1": f"{load1:.2f}"})

    def exits(self, cell, workload, run, seconds, counts):
        with self.lock:
            self.exit_counts.append({"cell": cell, "workload": workload, "run": run,
                                     "seconds": f"{seconds:.2f}", **counts})


def report(results, plots, note):
    """--report: the outputs again from the CSVs of an earlier run."""
    try:
        with open(os.path.join(results, "apps.csv")) as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        print(f"bench-apps: --report: {e}", file=sys.stderr)
        return 1
    exits = []
    if os.path.exists(os.path.join(results, "apps-exits.csv")):
        with open(os.path.join(results, "apps-exits.csv")) as f:
            exits = [{k: (int(v) if k in EXIT_CATEGORIES else v) for k, v in r.items()} for r in csv.DictReader(f)]
    cells = [c for c in CELLS if any(r["cell"] == c for r in rows)]
    loads = [float(r["load1"]) for r in rows if r.get("load1")]
    runs = max((int(r["run"]) for r in rows), default=0)
    meta = (f"{', '.join(sorted({r['date'] for r in rows}))}; cells {', '.join(cells)}; up to {runs} runs per cell"
            + (f"; load average (1 min) of the 2-core host during the runs {min(loads):.1f}-{max(loads):.1f} "
               f"(mean {statistics.mean(loads):.1f})" if loads else "")
            + " (tables rewritten from apps.csv with --report)" + (f". {note}" if note else ""))
    write_outputs(rows, cells, meta, exits, results, plots)
    print(f"bench-apps: {os.path.join(results, 'apps.md')} rewritten from {len(rows)} rows")
    return 0


def favour(nice):
    """Give this process, its children (QEMU, the load generators) and its session's scheduler
    autogroup the nice value `nice`. With CONFIG_SCHED_AUTOGROUP (Debian's kernels), the CFS shares
    CPU between sessions first: a process's own nice only orders it against its own session, so the
    autogroup's must be set too (sched(7), "The autogroup feature")."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    except OSError as e:
        print(f"bench-apps: --favour {nice}: {e} (a negative nice needs root)", file=sys.stderr)
        return False
    try:
        with open("/proc/self/autogroup", "w") as f:
            f.write(str(nice))
    except FileNotFoundError:
        pass            # a kernel without autogroups: the process's nice is the whole story
    except OSError as e:
        print(f"bench-apps: --favour {nice}: /proc/self/autogroup: {e}", file=sys.stderr)
        return False
    return True


def main(argv):
    ap = argparse.ArgumentParser(prog="bench_apps.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per workload and cell (default 5)")
    ap.add_argument("--seconds", type=int, default=10, help="seconds per timed run (sysbench, fio, memcaslap)")
    ap.add_argument("--requests", type=int, default=2000, help="redis-benchmark requests per test and run")
    ap.add_argument("--cells", default=",".join(DEFAULT_CELLS), help=f"comma list of {', '.join(CELLS)}")
    ap.add_argument("--workloads", default=",".join(WORKLOADS), help="comma list of " + ", ".join(WORKLOADS)
                    + " (empty: boot and power off only)")
    ap.add_argument("--jobs", type=int, default=1, help="cells booted at the same time (default 1; more "
                    "shortens the wall time and adds noise: the cells share the host's cores)")
    ap.add_argument("--counters", action="store_true", help="add exit_counter to every monitor cell and "
                    "read its counts through QEMU's monitor before and after every workload run (apps-exits.csv; exit_counter costs a little on every exit)")
    ap.add_argument("--quick", action="store_true", help="a small subset fast: " + ", ".join(
                    f"--{k} {v}" for k, v in QUICK.items()))
    ap.add_argument("--smoke", metavar="DIR", help="make test's tooling check: " + ", ".join(
                    f"--{k} {v}" for k, v in SMOKE.items()) + "; outputs in DIR; exit 77 when the image "
                    "is not cached (never builds it)")
    ap.add_argument("--out", metavar="DIR", help="write the CSVs, table and plot in DIR instead of "
                    "benchmarks/results and benchmarks/plots")
    ap.add_argument("--boot-cap", type=int, default=int(BOOT_CAP), help=f"seconds from QEMU's start to the "
                    f"root prompt before a cell fails (default {BOOT_CAP:.0f})")
    ap.add_argument("--merge", default="", help="an earlier apps.csv whose cells this run does not repeat are "
                    "added to the tables (when a full matrix does not fit in one sitting; the table says so)")
    ap.add_argument("--report", action="store_true", help="boot nothing: rewrite the tables, summary and plot "
                    "from the apps.csv (and apps-exits.csv) already in the results directory (after a run that "
                    "was stopped, or to add --note)")
    ap.add_argument("--note", default="", help="a sentence added to the table's header line")
    ap.add_argument("--favour", type=int, default=0, metavar="NICE", help="run the cells at nice NICE "
                    "(-20..-1, root only) for this tool and its QEMUs and load generators, and for its "
                    "scheduler autogroup, so that other work on a shared host takes CPU from the cells "
                    "as little as possible (default 0: unchanged)")
    ap.add_argument("--list", action="store_true", help="the cells and exit")
    # --quick and --smoke set defaults: options given beside them still win
    pre, _ = ap.parse_known_args(argv)
    for preset in ([QUICK] if pre.quick else []) + ([SMOKE] if pre.smoke else []):
        ap.set_defaults(**preset)
    a = ap.parse_args(argv)
    # A SIGTERM (make interrupted, a CI timeout) unwinds like ^C: every guest is powered off or killed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if a.list:
        for c, (mods, cpu, trap) in CELLS.items():
            print(f"{c:26} modules={mods} cpu={cpu or 'default (Sstc)'} trap_payload_time={trap}")
        return 0
    cells = [c for c in a.cells.split(",") if c]
    a.workloads = [w for w in a.workloads.split(",") if w]
    bad = [c for c in cells if c not in CELLS] + [w for w in a.workloads if w not in WORKLOADS]
    if bad or not cells or not (-20 <= a.favour <= 0) or not (1 <= a.runs <= 50) or not (1 <= a.seconds <= 120) \
            or not (1 <= a.requests <= 10**6) or not (1 <= a.jobs <= 4) or not (30 <= a.boot_cap <= 3600):
        print(f"bench-apps: bad arguments {bad or ''} (cells from --list, runs 1-50, seconds 1-120, "
              "requests up to 1e6, jobs 1-4, boot-cap 30-3600, favour -20-0)", file=sys.stderr)
        return 2
    if a.favour and not favour(a.favour):
        return 2
    for tool, pkg in (("redis-benchmark", "redis-tools"), ("memcaslap", "libmemcached-tools"),
                      ("sysbench", "sysbench")):
        if not any(os.access(os.path.join(d, tool), os.X_OK) for d in os.environ["PATH"].split(":")):
            print(f"bench-apps: {tool} missing: apt-get install {pkg} (runner/deps.sh bench-apps)", file=sys.stderr)
            return 2
    a.out = a.smoke or a.out
    results, plots = (a.out, a.out) if a.out else (RESULTS, PLOTS)
    if a.report:
        return report(results, plots, a.note)
    workdir = os.path.join(a.out, "work") if a.out else os.path.join(REPO, "build", "bench-apps")
    os.makedirs(workdir, exist_ok=True)
    os.makedirs(results, exist_ok=True)
    builder = buildmod.Builder(os.path.join(REPO, "build"))
    t0 = time.monotonic()

    def progress(msg):
        print(f"[bench-apps +{time.monotonic() - t0:6.0f}s] {msg}", flush=True)
    if a.smoke:
        import images
        if not images.is_cached("debian"):
            print("bench-apps: SKIP: the debian image is not cached (make images IMAGES=debian)")
            return 77
    try:
        builder.image_info("debian")
    except buildmod.BuildError as e:
        print(f"bench-apps: {e}", file=sys.stderr)
        return 1
    merged = []
    if a.merge:
        with open(a.merge) as f:
            merged = [r for r in csv.DictReader(f) if r["cell"] not in cells and r["cell"] in CELLS]
    path = os.path.join(results, "apps.csv")
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    load_start = os.getloadavg()
    failed = []
    with open(path, "w", newline="") as f:
        writer = Writer(f, stamp)
        for r in merged:
            writer.add({k: r.get(k, "") for k in Writer.FIELDS})

        def one(c, argv, ports):
            try:
                run_cell(c, argv, ports, a, workdir, writer, progress)
            except BenchError as e:
                progress(f"{c}: FAILED: {e}")
                failed.append(c)
        # Each cell's monitor is built here (one make at a time), then the cell runs in a thread with
        # its own QEMU; --jobs of them at once.
        pending = list(cells)
        running = []
        while pending or running:
            running = [t for t in running if t.is_alive()]
            while pending and len(running) < a.jobs:
                c = pending.pop(0)
                try:
                    argv, ports = prepare_cell(builder, c, a, workdir)
                except (buildmod.BuildError, qemu.QemuError, configmod.ConfigError) as e:
                    progress(f"{c}: FAILED: {e}")
                    failed.append(c)
                    continue
                t = threading.Thread(target=one, args=(c, argv, ports), daemon=True)
                t.start()
                running.append(t)
                if pending and a.jobs > 1:
                    time.sleep(15)      # two boots do not start at the same moment
            time.sleep(0.5)
    old_cells = sorted({r["cell"] for r in merged})
    cells = [c for c in CELLS if c in old_cells] + cells
    wall = time.monotonic() - t0
    loads = writer.loads or [load_start[0]]
    meta = ((f"Cells {', '.join(old_cells)} come from an earlier run ({merged[0]['date']}, --merge); " if merged else "")
            + f"{stamp}; cells {', '.join(cells)}; {a.runs} runs per cell; {a.seconds} s per timed run; "
            f"redis-benchmark -n {a.requests} -c 8 -t set,get; memcaslap -T 2 -c 8; "
            f"sysbench oltp_read_write --threads={MARIADB_THREADS} --tables={MARIADB_TABLES} --table-size={MARIADB_ROWS}; "
            f"sysbench cpu --threads=2; "
            f"fio 4k randread psync direct; 2 harts, 2G; QEMU user-net port forwarding on 127.0.0.1; "
            f"{a.jobs} cell(s) at a time"
            + (f", at nice {a.favour} (process and autogroup: --favour)" if a.favour else "")
            + f"; total wall time {wall / 60:.1f} min. Host: {os.cpu_count()} cores "
            f"shared with other work, load average (1 min) during the runs {min(loads):.1f}-{max(loads):.1f} "
            f"(mean {statistics.mean(loads):.1f})"
            + (f"; FAILED cells: {', '.join(failed)}" if failed else "") + (f". {a.note}" if a.note else ""))
    write_outputs(writer.rows, cells, meta, writer.exit_counts, results, plots)
    progress(f"done in {wall:.0f} s: {path}, {os.path.join(results, 'apps.md')}, {os.path.join(plots, 'apps.png')}"
             + (f"; failed cells: {', '.join(failed)}" if failed else ""))
    if a.smoke and not failed:
        got = {r["metric"] for r in writer.rows}
        want = {m for w in a.workloads for m in WORKLOAD_METRICS[w]} | {"boot"}
        # the plot shows ratios of monitor cells to native: a native-only run has none to draw
        plot = os.path.exists(os.path.join(plots, "apps.png")) or all(CELLS[c][0] is None for c in cells)
        tables = all(os.path.exists(os.path.join(results, n)) for n in ("apps.md", "apps-summary.csv"))
        if got != want or not plot or not tables:
            print(f"bench-apps: smoke: metrics {sorted(got)}, expected {sorted(want)}, plot "
                  f"{'ok' if plot else 'missing'}, tables {'ok' if tables else 'missing'}")
            return 1
        print("bench-apps: smoke: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
