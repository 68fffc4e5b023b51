#!/usr/bin/env python3
"""`make bench-apps`: application benchmarks on the `debian` image, native against the monitor.

    python3 runner/bench_apps.py [--runs N] [--cells a,b,...] [--seconds S] [--list]

As in the paper (SOSP'25 §8), the load generators run outside the guest: QEMU user networking forwards
ports on the host's 127.0.0.1 (and nowhere else) into the guest, where Debian's redis-server and
memcached listen. The host's `redis-benchmark` (Debian redis-tools) and `memcaslap` (Debian
libmemcached-tools; memtier_benchmark is not in Debian 12) drive them; sysbench (CPU) and fio (disk)
run inside the guest. Every cell boots the same cached image once, runs each workload --runs times,
and powers off. Every loop is bounded in count and time (requests per run, seconds per run, a
timeout on every command, a cap on every boot).

Output: benchmarks/results/apps.csv (one row per run), apps-summary.csv (mean, stdev, ratio to the
native cell with the same CPU), apps.md (the table with the paper's figures) and
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
NOSSTC = "rv64,sstc=off"

# name -> (modules or None for native OpenSBI alone, -cpu or None for QEMU's default (Sstc on),
#          [vcpu] trap_payload_time)
CELLS = {
    "native": (None, None, False),
    "monitor": ([], None, False),
    "offload": (["offload"], None, False),
    "protect_payload": (["protect_payload"], None, False),
    "both": (["offload", "protect_payload"], None, False),
    "native-nosstc": (None, NOSSTC, False),
    "monitor-nosstc": ([], NOSSTC, False),
    "offload-nosstc": (["offload"], NOSSTC, False),
    "protect_payload-nosstc": (["protect_payload"], NOSSTC, False),
    "both-nosstc": (["offload", "protect_payload"], NOSSTC, False),
    # The VisionFive 2 case: no Sstc and `time` reads trap to M-mode.
    "offload-nosstc-traptime": (["offload"], NOSSTC, True),
    "monitor-nosstc-traptime": ([], NOSSTC, True),
}
DEFAULT_CELLS = ["native", "monitor", "offload", "protect_payload", "both",
                 "native-nosstc", "offload-nosstc", "both-nosstc", "offload-nosstc-traptime"]

# The paper's figures (its artifact), ratio to native on the VisionFive 2: (with offload, without).
PAPER = {"redis": (1.076, 0.385), "memcached": (1.063, 0.558), "cpu": (1.000, 0.981)}
PAPER_NOTE = {"redis": "Redis", "memcached": "Memcached", "cpu": "CoreMark-Pro (here: sysbench cpu)"}


class BenchError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cell_config(name, workdir):
    """Write the config of a monitor cell (the debian config with its modules / CPU / time trapping)
    and return its path; native cells use the base config (the monitor is not involved)."""
    modules, cpu, trap = CELLS[name]
    text = open(BASE_CONFIG).read()
    text = text.split("\n[modules]")[0].rstrip() + "\n"
    if trap:
        text = text.replace("max_pmp = 8\n", "max_pmp = 8\ntrap_payload_time = true\n")
    if cpu:
        text = text.replace('machine = "virt"\n', f'machine = "virt"\ncpu = "{cpu}"\n')
    if modules:
        text += "\n[modules]\nmodules = [" + ", ".join(f'"{m}"' for m in modules) + "]\n"
    if modules and "protect_payload" in modules:
        text += '\n[protect_payload]\nexpected = "host"\n'
    path = os.path.join(workdir, f"bench-apps-{name}.toml")
    with open(path, "w") as f:
        f.write(text)
    return path


class Guest:
    """One QEMU run of the debian image with a console we can type on."""

    def __init__(self, argv, log_path):
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
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

    def close(self):
        try:
            if self.proc.poll() is None:
                self.send("poweroff\n")
                self.proc.wait(timeout=POWEROFF_CAP)
        except (subprocess.TimeoutExpired, OSError):
            pass
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
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


WORKLOADS = {"redis": w_redis, "memcached": w_memcached, "cpu": w_cpu, "fio": w_fio}


def qemu_argv(builder, name, workdir, ports):
    modules, cpu, _ = CELLS[name]
    native = modules is None
    cfg = configmod.load(BASE_CONFIG if native else cell_config(name, workdir))
    if native and cpu:
        cfg["qemu"]["cpu"] = cpu
    fw = builder.firmware(cfg, "opensbi", native)
    pl = builder.payload(cfg, "debian")
    mon = None if native else builder.monitor_for(cfg, pl)
    stub = builder.native_stub(cfg, "opensbi") if native else None
    net = ["-netdev", f"user,id=n0,hostfwd=tcp:127.0.0.1:{ports['redis']}-:6379,"
                      f"hostfwd=tcp:127.0.0.1:{ports['memcached']}-:11211",
           "-device", "virtio-net-device,netdev=n0"]
    extra = builder.image_qemu_args("opensbi", "debian") + net
    return qemu.command(cfg, fw, pl, mon, None, extra, stub=stub)


def run_cell(builder, name, a, workdir, writer, progress):
    ports = {"redis": free_port(), "memcached": free_port()}
    argv = qemu_argv(builder, name, workdir, ports)
    log = os.path.join(workdir, f"bench-apps-{name}.log")
    progress(f"{name}: booting ({' '.join(argv[:3])} ...), console log {log}")
    g = Guest(argv, log)
    try:
        g.wait_for(PROMPT, BOOT_CAP)
        boot_s = time.monotonic() - g.start
        progress(f"{name}: root shell after {boot_s:.0f} s")
        writer(name, "boot", "seconds", 0, boot_s)
        out = g.run("for i in $(seq 60); do systemctl is-active -q redis-server memcached && "
                    "ip -4 addr show | grep -q 10.0.2.15 && break; sleep 1; done; "
                    "echo SVC-$(systemctl is-active redis-server)-$(systemctl is-active memcached)", 180)
        if "SVC-active-active" not in out:
            raise BenchError(f"{name}: redis-server / memcached not active: {out[-200:]}")
        for run in range(1, a.runs + 1):
            for w in a.workloads:
                for metric, unit, value in WORKLOADS[w](g, ports, a):
                    writer(name, metric, unit, run, value)
                    progress(f"{name}: run {run}/{a.runs} {metric} {value:.1f} {unit}")
    finally:
        rc = g.close()
        progress(f"{name}: QEMU exited with {rc}")


def summarise(rows, cells):
    """{(cell, metric): (mean, stdev, n)}"""
    by = {}
    for r in rows:
        if r["metric"] == "boot" or r["value"] == "":
            continue
        by.setdefault((r["cell"], r["metric"]), []).append(float(r["value"]))
    return {k: (statistics.mean(v), statistics.stdev(v) if len(v) > 1 else 0.0, len(v)) for k, v in by.items()}


def native_of(cell):
    return "native-nosstc" if CELLS[cell][1] == NOSSTC else "native"


def write_outputs(rows, cells, meta):
    os.makedirs(RESULTS, exist_ok=True)
    os.makedirs(PLOTS, exist_ok=True)
    summary = summarise(rows, cells)
    metrics = sorted({m for (_, m) in summary})
    with open(os.path.join(RESULTS, "apps-summary.csv"), "w", newline="") as f:
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
    boots = {r["cell"]: float(r["value"]) for r in rows if r["metric"] == "boot"}
    lines = ["# Application benchmarks on Debian 13 (make bench-apps)", "",
             f"{meta}", "",
             "Ratio = mean throughput of the cell / mean of the native cell with the same CPU (Sstc on: "
             "`native`; Sstc off: `native-nosstc`); higher is better, 1.0 = as fast as native. "
             "± is the standard deviation over the runs (mean ± sd in absolute units in "
             "apps-summary.csv). QEMU TCG on a shared 2-core x86 host: the absolute numbers mean "
             "little, the ratios are the point.", ""]
    shown = [c for c in cells if any((c, m) in summary for m in metrics)]
    lines.append("| workload | " + " | ".join(shown) + " | paper (VisionFive 2): offload / no offload |")
    lines.append("|---" * (len(shown) + 2) + "|")
    for m in metrics:
        cellsr = []
        for c in shown:
            if (c, m) not in summary:
                cellsr.append("-")
                continue
            mean, sd, n = summary[(c, m)]
            base = summary.get((native_of(c), m))
            if base and base[0]:
                cellsr.append(f"{mean / base[0]:.3f} (±{sd / base[0]:.3f})")
            else:
                cellsr.append(f"{mean:.0f}")
        key = "redis" if m.startswith("redis") else m
        paper = PAPER.get(key)
        ptxt = f"{paper[0]:.3f} / {paper[1]:.3f} ({PAPER_NOTE[key]})" if paper else "-"
        lines.append(f"| {m} | " + " | ".join(cellsr) + f" | {ptxt} |")
    lines += ["", "Boot to the root shell (s): " + ", ".join(f"{c} {boots[c]:.0f}" for c in cells if c in boots),
              ""]
    with open(os.path.join(RESULTS, "apps.md"), "w") as f:
        f.write("\n".join(lines))
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench-apps: matplotlib missing (apt-get install python3-matplotlib): no plot", file=sys.stderr)
        return
    mon = [c for c in shown if not c.startswith("native")]
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(metrics) * max(1, len(mon)) / 2), 4))
    width = 0.8 / max(1, len(mon))
    for i, c in enumerate(mon):
        vals, errs = [], []
        for m in metrics:
            s, base = summary.get((c, m)), summary.get((native_of(c), m))
            ok = s and base and base[0]
            vals.append(s[0] / base[0] if ok else 0)
            errs.append(s[1] / base[0] if ok else 0)
        ax.bar([j + i * width for j in range(len(metrics))], vals, width, yerr=errs, label=c)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(metrics))])
    ax.set_xticklabels(metrics)
    ax.set_ylabel("throughput / native")
    ax.set_title("Debian 13 under the monitor, ratio to native OpenSBI (QEMU TCG)")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(os.path.join(PLOTS, "apps.png"), dpi=110)


def main(argv):
    ap = argparse.ArgumentParser(prog="bench_apps.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per workload and cell (default 5)")
    ap.add_argument("--seconds", type=int, default=10, help="seconds per timed run (sysbench, fio, memcaslap)")
    ap.add_argument("--requests", type=int, default=2000, help="redis-benchmark requests per test and run")
    ap.add_argument("--cells", default=",".join(DEFAULT_CELLS), help=f"comma list of {', '.join(CELLS)}")
    ap.add_argument("--workloads", default=",".join(WORKLOADS), help="comma list of " + ", ".join(WORKLOADS))
    ap.add_argument("--merge", default="", help="an earlier apps.csv whose cells this run does not repeat are "
                    "added to the tables (when a full matrix does not fit in one sitting; the table says so)")
    ap.add_argument("--list", action="store_true", help="the cells and exit")
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
    if bad or not (1 <= a.runs <= 50) or not (1 <= a.seconds <= 120) or not (1 <= a.requests <= 10**6):
        print(f"bench-apps: bad arguments {bad or ''} (runs 1-50, seconds 1-120, requests up to 1e6)",
              file=sys.stderr)
        return 2
    for tool, pkg in (("redis-benchmark", "redis-tools"), ("memcaslap", "libmemcached-tools")):
        if not any(os.access(os.path.join(d, tool), os.X_OK) for d in os.environ["PATH"].split(":")):
            print(f"bench-apps: {tool} missing: apt-get install {pkg} (runner/deps.sh bench)", file=sys.stderr)
            return 2
    workdir = os.path.join(REPO, "build", "bench-apps")
    os.makedirs(workdir, exist_ok=True)
    os.makedirs(RESULTS, exist_ok=True)
    builder = buildmod.Builder(os.path.join(REPO, "build"))
    t0 = time.monotonic()

    def progress(msg):
        print(f"[bench-apps +{time.monotonic() - t0:6.0f}s] {msg}", flush=True)
    try:
        builder.image_info("debian")
    except buildmod.BuildError as e:
        print(f"bench-apps: {e}", file=sys.stderr)
        return 1
    rows = []
    merged = []
    if a.merge:
        with open(a.merge) as f:
            merged = [r for r in csv.DictReader(f) if r["cell"] not in cells and r["cell"] in CELLS]
    path = os.path.join(RESULTS, "apps.csv")
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    fields = ["date", "cell", "modules", "cpu", "trap_payload_time", "metric", "unit", "run", "value"]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()

        for r in merged:
            rows.append(r)
            w.writerow(r)

        def writer(cell, metric, unit, run, value):
            mods, cpu, trap = CELLS[cell]
            row = {"date": stamp, "cell": cell, "modules": "native" if mods is None else "+".join(mods) or "none",
                   "cpu": cpu or "default", "trap_payload_time": int(trap), "metric": metric, "unit": unit,
                   "run": run, "value": f"{value:.3f}"}
            rows.append(row)
            w.writerow(row)
            f.flush()
        failed = []
        for c in cells:
            try:
                run_cell(builder, c, a, workdir, writer, progress)
            except (BenchError, buildmod.BuildError, qemu.QemuError, configmod.ConfigError) as e:
                progress(f"{c}: FAILED: {e}")
                failed.append(c)
    old_cells = sorted({r["cell"] for r in merged})
    cells = [c for c in CELLS if c in old_cells] + cells
    meta = ((f"Cells {', '.join(old_cells)} come from an earlier run ({merged[0]['date']}, --merge); " if merged else "")
            + f"{stamp}; cells {', '.join(cells)}; {a.runs} runs per cell; {a.seconds} s per timed run; "
            f"redis-benchmark -n {a.requests} -c 8 -t set,get; memcaslap -T 2 -c 8; sysbench cpu --threads=2; "
            f"fio 4k randread psync direct; 2 harts, 2G; QEMU user-net port forwarding on 127.0.0.1"
            + (f"; FAILED cells: {', '.join(failed)}" if failed else ""))
    write_outputs(rows, cells, meta)
    progress(f"done: {path}, {os.path.join(RESULTS, 'apps.md')}, {os.path.join(PLOTS, 'apps.png')}"
             + (f"; failed cells: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
