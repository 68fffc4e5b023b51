#!/usr/bin/env python3
"""Benchmarks of the monitor (issue 9): `make bench`, `make profile`, and make test's bench-smoke.

    bench.py [--build-dir DIR] all [--quick] [--out DIR]
        every benchmark, native and under the monitor: CSV in <out>/results/, PNG plots in
        <out>/plots/, <out>/README.md (default out: benchmarks/)
    bench.py [--build-dir DIR] profile [-c CONFIG] [-f FIRMWARE] [-p PAYLOAD] [--native]
                                       [--window NAME] [--top N] [--qemu-arg A]...
        one run under the insnprof TCG plugin (tools/qemu-plugin): guest instructions per monitor
        function and per image, for the whole run or per iteration of a micro-benchmark's loop
        (--window <op>: between the bench_start_<op> and bench_stop_<op> labels of bench.h)
    bench.py [--build-dir DIR] exits [--out DIR]
        the Linux boot's exits by category and world switches into the firmware, 1 hart
        (icount) and 2 harts (wall time), Sstc on and off, plain monitor, offload and sandbox:
        <out>/results/linux_exits_table.{csv,md} (issue 8's closing table)
    bench.py report [--out DIR]
        README.md and plots again from <out>/results/ (after a change to benchreport.py)
    bench.py [--build-dir DIR] smoke OUTDIR
        a small end-to-end check of this tooling (one suite, one column, CSV, plot, profile)

Instruction counts come from `-icount shift=0,align=off,sleep=off` with one hart: minstret,
instret and the plugin then count guest instructions, the same in every run. Wall times are
the host's and vary; they are medians over several runs.

What is measured, and in which configurations, is data: SUITES, COLUMNS, PROFILES and LINUX
below. A column whose config the validator rejects (a policy module not implemented yet) is
skipped, and the reason is written to results/skipped.csv and the README.
"""

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from bisect import bisect_right
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import config as configmod          # noqa: E402
import images                       # noqa: E402
import qemu                         # noqa: E402
from build import Builder, BuildError, run_make   # noqa: E402

REPO = configmod.REPO
ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]
NO_SSTC = ["-cpu", "rv64,sstc=off"]
BENCH_LOOP = 1000                   # firmware/common/bench.h
NM = "riscv64-unknown-elf-nm"
MONITOR_BASE_TIMEOUT = 120          # seconds per QEMU run

# ---- what is measured (data) ----

# Configurations, one column each. "modules" is added as [modules] modules to a copy of the
# suite's base config, "settings" ({table: {field: value}}) as further fields; a column whose
# config the validator rejects is skipped with its reason.
COLUMNS = [
    {"name": "native", "label": "native OpenSBI / M-mode", "native": True},
    {"name": "monitor", "label": "monitor", "modules": []},
    {"name": "offload", "label": "monitor + offload", "modules": ["offload"]},
    {"name": "sandbox", "label": "monitor + protect_payload", "modules": ["protect_payload"],
     "settings": {"protect_payload": {"expected": "host"}}},
]

# Micro-benchmark suites: a firmware (and payload) printing bench.h lines.
# "skip": {column: why} for a column the suite cannot run in.
SUITES = [
    {"name": "fw", "firmware": "bench-fw", "payload": "bench-ws",
     "config": "benchmarks/configs/bench-virt.toml", "done": "bench-ws: done"},
    {"name": "sbi", "firmware": "opensbi-jump", "payload": "bench-sbi",
     "config": "benchmarks/configs/bench-opensbi.toml", "done": "bench-sbi: done"},
    {"name": "sbi-nosstc", "firmware": "opensbi-jump", "payload": "bench-sbi",
     "config": "benchmarks/configs/bench-opensbi.toml", "done": "bench-sbi: done",
     "qemu_args": NO_SSTC},
]

# Paths profiled per monitor function (every non-native column that runs): suite and bench.h
# window, or the Linux boot (whole run to kernel_power_off).
PROFILES = [
    {"name": "firmware_trap", "suite": "fw", "window": "csrw_mscratch"},
    {"name": "world_switch", "suite": "fw", "window": "world_switch"},
    {"name": "mret", "suite": "fw", "window": "mret"},
    {"name": "sbi_spec_version", "suite": "sbi", "window": "sbi_spec_version"},
    {"name": "sbi_set_timer", "suite": "sbi", "window": "sbi_set_timer"},
    {"name": "sbi_fence_i", "suite": "sbi", "window": "sbi_fence_i"},
    {"name": "linux_boot", "linux": True},
]

LINUX = {"config": "benchmarks/configs/bench-opensbi.toml", "image": "linux",
         "marker": images.LINUX_MARKER, "stop_symbol": "kernel_power_off",
         "harts": [1, 2, 4], "runs": 5, "quick_harts": [1, 2], "quick_runs": 3}

# Runs only for the deepest monitor stack (issue 9 target <= 2 KiB): the deepest path known, an
# Ed25519 signature in Keystone attestation, with every policy and counter on, release build.
STACK_RUNS = [
    {"name": "keystone-attest-all", "config": "configs/qemu-virt-keystone.toml",
     "firmware": "opensbi-jump", "payload": "keystone-attest",
     "done": "keystone-attest: all checks passed",
     "modules": ["keystone", "offload", "protect_payload", "exit_counter",
                 "exit_counter_per_cause", "boot_counter"],
     "settings": {"protect_payload": {"expected": "host"},
                  "target": {"miralis": {"profile": "release"}}}},
]

# Targets and the original's figures (issue 9); "native" comes from the native column.
# metric id -> (label, unit, target, original, how the row is found)
TARGETS = [
    ("fw.csrw_mscratch", "firmware trap (csrw mscratch in vM-mode)", "instr", "<= 150", "386"),
    ("fw.world_switch", "world switch, minimal handler", "instr", "<= 1,000", "2,650"),
    ("fw.world_switch@sandbox", "world switch with the sandbox (protect_payload)", "instr",
     "<= 1,400", "3,304"),
    ("sbi.sbi_set_timer@offload", "set_timer with offload", "instr", "<= 139", "241"),
    ("sbi.rdtime@offload", "rdtime with offload (S-mode)", "instr", "<= 100", "224"),
    ("sbi.sbi_spec_version", "SBI get_spec_version through OpenSBI", "instr", "<= 2,500", "-"),
]

# Footnotes for operations whose figures need reading (README, under the suite's table).
OP_NOTES = {
    "mret": "mret: the back-to-back mean also pays for re-arming MPP = M before each mret "
            "(`csrs mstatus` after the previous mret left MPP = U: a write the monitor emulates in "
            "C, while the calibration loop's `csrs`, which changes nothing, is answered in the "
            "trap entry); the single timings measure the mret alone.",
    "world_switch": "world_switch: an S-mode ecall to the 4-instruction handler and back; "
                    "natively the ecall and the 4 handler instructions.",
}

# Monitor functions grouped by what they do, for the fast-path to-do list in the README (first
# matching pattern wins; names as of the profiled commit, anything else is "other").
CATEGORIES = [
    ("trap entry/exit, register save/restore", r"arch_trap_entry|arch_vcpu_enter|arch_run_vcpu"),
    ("PMP switch", r"pmp_.*|commit_pmp|arch_csr_write_num|arch_sfence_vma"),
    ("decode", r"decode.*"),
    ("CSR emulation", r"emul_priv|vcsr_.*|phys_access.*|hw_.*|csr_.*"),
    ("dispatch", r"vtrap_handle|emul_illegal|emul_.*|module_.*|monitor_main|abi_.*|forward_trap"),
    ("run-loop bookkeeping: mstatus, mie, interrupts",
     r"world_prepare_run|vtrap_check_interrupts|irq_.*"),
    ("virtual CLINT: MTIP/MSIP views, mtime", r"vclint_.*"),
    ("world switch", r"world_.*|enter_vm_trap|payload_mstatus|vtrap_inject|vctx_.*|vtrig_.*|stored|"
                     r"install_env"),
    ("device MMIO emulation", r"arch_mmio_.*|vmem_.*|mmio_.*"),
    ("stack guard check", r"stack_guard.*"),
    ("payload measurement (hash)", r"sha256_.*|sha3_.*|sha512_.*|keccak.*"),
    ("policy hooks: sandbox state hiding", r"to_firmware|to_payload|arch_fpr_.*|memcpy"),
]


def category(func):
    for name, pattern in CATEGORIES:
        if re.fullmatch(pattern, func):
            return name
    return "other"


PLOT_OPS = {
    "fw": ["csrw_mscratch", "csrr_mstatus", "csrr_mip", "csrr_mie", "csrr_mepc", "mret", "rdtime",
           "world_switch"],
    "sbi": ["sbi_spec_version", "sbi_set_timer", "sbi_send_ipi", "sbi_fence_i", "sbi_unknown",
            "rdtime"],
}
PLOT_OPS["sbi-nosstc"] = PLOT_OPS["sbi"]


class BenchError(Exception):
    pass


def say(msg):
    print(f"bench: {msg}", flush=True)


# ---- configs ----

def _toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return hex(v) if v >= 0x1000 else str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise BenchError(f"cannot write {v!r} as TOML")


def _toml_dump(data, prefix=()):
    """The subset of TOML the configs use: nested tables of scalars and lists."""
    lines = []
    scalars = {k: v for k, v in data.items() if not isinstance(v, dict)}
    if scalars:
        if prefix:
            lines.append("[" + ".".join(prefix) + "]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in scalars.items()]
        lines.append("")
    for k, v in data.items():
        if isinstance(v, dict):
            lines += _toml_dump(v, prefix + (k,))
    return lines


def variant_config(base, name, build_dir, modules=None, harts=None, settings=None):
    """A copy of the base config with [modules], nb_harts and other settings, validated.

    Returns (path, None), or (None, reason) when the validator rejects it."""
    with open(os.path.join(REPO, base), "rb") as f:
        data = tomllib.load(f)
    if modules is not None:
        data.setdefault("modules", {})["modules"] = list(modules)
    if harts is not None:
        data.setdefault("platform", {})["nb_harts"] = harts
    for table, fields in (settings or {}).items():
        data.setdefault(table, {}).update(fields)
    out = os.path.join(build_dir, "bench", "configs", name + ".toml")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write(f"# generated by runner/bench.py from {base}\n")
        f.write("\n".join(_toml_dump(data)))
    try:
        configmod.load(out)
    except configmod.ConfigError as e:
        return None, str(e).replace(out, name + ".toml")
    return out, None


# ---- running ----

class Runner:
    def __init__(self, build_dir, quiet=True):
        self.build_dir = os.path.abspath(build_dir)
        self.builder = Builder(self.build_dir, quiet=quiet)
        self.logdir = os.path.join(self.build_dir, "bench", "logs")
        self._plugin = None

    def target(self, config, firmware, payload, native):
        """QEMU argv pieces for one run, through the runner's own Target (runner.py)."""
        import runner as runnermod
        args = SimpleNamespace(firmware=firmware or "", payload=payload, config=config,
                               native=native)
        try:
            return runnermod.Target(args, self.builder)
        except SystemExit as e:
            raise BenchError(f"cannot build {firmware}/{payload} with {config}: {e}") from None

    def plugin(self):
        """Build tools/qemu-plugin against the installed QEMU's qemu-plugin.h (deps.sh bench)."""
        if self._plugin:
            return self._plugin
        ver = subprocess.run(["dpkg-query", "-W", "-f=${source:Version}", "qemu-system-misc"],
                             capture_output=True, text=True).stdout.split(":", 1)[-1]
        inc = os.path.join(str(images.cache_root()), f"qemu-plugin-h-{ver}")
        if not os.path.isfile(os.path.join(inc, "qemu-plugin.h")):
            raise BenchError(f"no qemu-plugin.h in {inc}: run `bash runner/deps.sh bench`")
        out = os.path.join(self.build_dir, "bench", "plugin")
        try:
            run_make(["-C", "tools/qemu-plugin", f"O={out}", f"QEMU_PLUGIN_INC={inc}"],
                     os.path.join(self.logdir, "plugin-build.log"))
        except BuildError as e:
            raise BenchError(f"{e}\n" + "\n".join(e.log_tail)) from None
        self._plugin = os.path.join(out, "libinsnprof.so")
        return self._plugin

    def run(self, t, tag, extra=(), timeout=MONITOR_BASE_TIMEOUT):
        argv = t.qemu_argv(list(extra))
        res = qemu.run_captured(argv, timeout, os.path.join(self.logdir, tag + ".log"))
        if res.timed_out or res.code != 0:
            raise BenchError(f"{tag}: QEMU {'timed out' if res.timed_out else f'exited {res.code}'}"
                             f"; log {os.path.join(self.logdir, tag + '.log')}")
        return res

    def profile(self, t, tag, extra=(), window=None, stop_symbol=None):
        """Run under insnprof; return the parsed profile.

        window: a bench.h op (its bench_start_/bench_stop_ labels in the firmware or payload);
        stop_symbol: a symbol of the payload's ELF (Linux: kernel_power_off) that ends the
        count, which starts at QEMU's reset vector."""
        out = os.path.join(self.logdir, tag + ".prof")
        parg = f"{self.plugin()},out={out}"
        if window:
            start = stop = None
            for img in (t.firmware, t.payload):
                syms = symbols(img) if img and os.path.isfile(img) else {}
                start = start or syms.get(f"bench_start_{window}")
                stop = stop or syms.get(f"bench_stop_{window}")
            if start is None or stop is None:
                raise BenchError(f"{tag}: no bench_start_{window}/bench_stop_{window} label in "
                                 f"{t.firmware} or {t.payload}")
            parg += f",start={start:x},stop={stop:x}"
        elif stop_symbol:
            addr = symbols(stop_symbol[0]).get(stop_symbol[1])
            if addr is None:
                raise BenchError(f"{tag}: no symbol {stop_symbol[1]} in {stop_symbol[0]}")
            parg += f",start={QEMU_RESET_VECTOR:x},stop={addr:x}"
        if os.path.exists(out):
            os.remove(out)
        res = self.run(t, tag, [*extra, "-plugin", parg])
        prof = read_profile(out)
        prof["output"] = res.output
        return prof


QEMU_RESET_VECTOR = 0x1000          # QEMU virt's reset ROM: the first guest instruction
TRAP_VECTOR = "arch_trap_entry"     # the monitor's mtvec (src/arch/metal/trap.S)


def symbols(elf):
    """name -> address of an ELF's symbols (nm), {} for a raw image."""
    p = subprocess.run([NM, "--defined-only", elf], capture_output=True, text=True)
    out = {}
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3:
            out.setdefault(parts[2], int(parts[0], 16))
    return out


def functions(elf):
    """Sorted [(address, name)] of an ELF's text symbols, for address -> function."""
    p = subprocess.run([NM, "-n", "--defined-only", elf], capture_output=True, text=True)
    out = []
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW" and not parts[2].startswith(".L"):
            out.append((int(parts[0], 16), parts[2]))
    return out


def read_profile(path):
    if not os.path.isfile(path):
        raise BenchError(f"the plugin wrote no profile ({path})")
    prof = {"total": 0, "windows": 0, "pcs": {}}
    with open(path) as f:
        if f.readline().strip() != "insnprof 1":
            raise BenchError(f"{path}: not an insnprof profile")
        for line in f:
            a, b = line.split()
            if a in ("total", "windows"):
                prof[a] = int(b)
            else:
                prof["pcs"][int(a, 16)] = int(b)
    return prof


def attribute(prof, monitor_elf, regions):
    """Per monitor function and per image: {"functions": {name: n}, "regions": {name: n}}.

    regions: [(name, lo, hi)] checked in order; the monitor's own range comes first."""
    funcs = functions(monitor_elf) if monitor_elf else []
    addrs = [a for a, _ in funcs]
    syms = symbols(monitor_elf) if monitor_elf else {}
    end = syms.get("_monitor_end")
    by_func, by_region = {}, {}
    # Every exit starts at the trap vector's first instruction.
    exits = prof["pcs"].get(syms.get(TRAP_VECTOR), 0) if monitor_elf else 0
    for pc, n in prof["pcs"].items():
        region = "other (U-mode)"
        if monitor_elf and funcs and addrs[0] <= pc < (end or addrs[-1] + 4096):
            region = "monitor (M)"
            i = bisect_right(addrs, pc) - 1
            name = funcs[i][1] if i >= 0 else "?"
            by_func[name] = by_func.get(name, 0) + n
        else:
            for rname, lo, hi in regions:
                if lo <= pc < hi:
                    region = rname
                    break
        by_region[region] = by_region.get(region, 0) + n
    return {"functions": by_func, "regions": by_region, "exits": exits}


def image_regions(cfg, native):
    """Address ranges of the guest images, labelled with the privilege they run in."""
    fw = cfg["target"]["firmware"]["start_address"]
    pl = cfg["target"]["payload"]["start_address"]
    fw_mode = "M" if native else "vM"
    if native and cfg["target"]["firmware"]["name"] not in ("opensbi", "opensbi-jump"):
        fw = 0x80000000
    lo, hi = sorted([(fw, f"firmware image ({fw_mode})"), (pl, "payload image (S)")])
    return [(lo[1], lo[0], hi[0]), (hi[1], hi[0], 0x100000000),
            ("kernel, virtual (S)", 0xffff000000000000, 1 << 64)]


# ---- parsing guest output ----

B_LINE = re.compile(r"^B (\S+) calib=(\S+) loop=(\d+):(\d+) once=(\S+)\s*$")
STACK = re.compile(r"Maximal stack usage: (\d+) bytes")
EXITS = re.compile(r"Number of exits: (\d+)")
CAUSE = re.compile(r"hart (\d+) (exception|interrupt) (\d+): firmware (\d+), payload (\d+)")
CATEGORY = re.compile(r"hart (\d+) exits: ([a-z ]+ \d+(?:, [a-z ]+ \d+)*)")
SWITCHES = re.compile(r"World switches into the firmware: (\d+)")
# The counting modules a Linux boot is run with, once per column, for exits by cause
# (exit_counter_per_cause), by offload category and world switches (exit_counter).
EXIT_COUNTERS = ["exit_counter_per_cause", "exit_counter"]


def parse_bench(text):
    raw = {}
    for line in text.replace("\r", "").splitlines():
        m = B_LINE.match(line.strip())
        if m:
            once = []
            for item in m.group(5).split(","):
                v, k = item.split("*")
                once += [int(v)] * int(k)
            raw[m.group(1)] = {"calib": m.group(2), "n": int(m.group(3)),
                               "loop": int(m.group(4)), "once": once}
    out = {}
    for name, r in raw.items():
        if r["calib"] == name:
            continue                # a calibration itself
        c = raw.get(r["calib"])
        if c is None:
            raise BenchError(f"bench {name}: calibration {r['calib']} missing from the output")
        base = statistics.median(c["once"])
        costs = sorted(v - base for v in r["once"])
        out[name] = {"mean": (r["loop"] - c["loop"]) / r["n"], "min": costs[0],
                     "p50": pct(costs, 50), "p90": pct(costs, 90), "p99": pct(costs, 99),
                     "max": costs[-1], "samples": len(costs)}
    return out


def pct(sorted_vals, p):
    """Nearest-rank percentile."""
    k = max(0, min(len(sorted_vals) - 1, -(-p * len(sorted_vals) // 100) - 1))
    return sorted_vals[k]


def max_stack(text):
    vals = [int(x) for x in STACK.findall(text)]
    return max(vals) if vals else None


# ---- the benchmark run ----

class Bench:
    def __init__(self, runner, out_dir, quick):
        self.r = runner
        self.out = out_dir
        self.quick = quick
        self.skipped = {}           # column -> reason
        self.skipped_suites = {}    # (suite, column) -> reason
        self.micro = []             # rows
        self.stack = []
        self.image = []
        self.profiles = []
        self.linux_insn = []
        self.linux_wall = []
        self.linux_exits = []
        self.errors = []

    def config_for(self, col, base, harts=None):
        """(config path, native) for a column, or None if skipped."""
        if col.get("native"):
            if harts is None:
                return os.path.join(REPO, base), True
            path, why = variant_config(base, f"{stem(base)}-{harts}h", self.r.build_dir, harts=harts)
            return (path, True) if path else None
        suffix = f"-{harts}h" if harts else ""
        path, why = variant_config(base, f"{stem(base)}-{col['name']}{suffix}", self.r.build_dir,
                                   modules=col["modules"], harts=harts, settings=col.get("settings"))
        if path is None:
            self.skipped.setdefault(col["name"], why)
            return None
        return path, False

    def columns(self):
        return [c for c in COLUMNS]

    # -- micro --
    def run_micro(self, suites=SUITES, columns=None):
        for s in suites:
            for col in columns or self.columns():
                if col["name"] in s.get("skip", {}):
                    self.skipped_suites[(s["name"], col["name"])] = s["skip"][col["name"]]
                    continue
                cfgp = self.config_for(col, s["config"])
                if not cfgp:
                    continue
                tag = f"micro-{s['name']}-{col['name']}"
                say(f"{tag}")
                try:
                    t = self.r.target(cfgp[0], s["firmware"], s["payload"], cfgp[1])
                    res = self.r.run(t, tag, ICOUNT + s.get("qemu_args", []))
                    if s["done"] not in res.output:
                        raise BenchError(f"{tag}: '{s['done']}' missing; log in {self.r.logdir}")
                    ops = parse_bench(res.output)
                except BenchError as e:
                    self.errors.append(str(e))
                    say(f"ERROR {e}")
                    continue
                for op, st in ops.items():
                    self.micro.append({"suite": s["name"], "op": op, "column": col["name"], **st})
                self.note_stack(tag, col, res.output)
                if not cfgp[1]:
                    self.image.append({"column": col["name"], "config": stem(cfgp[0]),
                                       "bytes": os.path.getsize(os.path.splitext(t.monitor)[0] + ".bin")})

    def note_stack(self, tag, col, text):
        s = max_stack(text)
        if s is not None:
            self.stack.append({"run": tag, "column": col["name"], "bytes": s})

    # -- profiles --
    def run_profiles(self, profiles=PROFILES, columns=None):
        suites = {s["name"]: s for s in SUITES}
        for p in profiles:
            for col in columns or self.columns():
                if col.get("native"):
                    continue
                if not p.get("linux") and col["name"] in suites[p["suite"]].get("skip", {}):
                    continue
                base = LINUX["config"] if p.get("linux") else suites[p["suite"]]["config"]
                cfgp = self.config_for(col, base)
                if not cfgp:
                    continue
                tag = f"profile-{p['name']}-{col['name']}"
                say(tag)
                try:
                    if p.get("linux"):
                        t = self.r.target(cfgp[0], LINUX["image"], None, False)
                        info = images.ensure(LINUX["image"], None)
                        prof = self.r.profile(t, tag, ICOUNT,
                                              stop_symbol=(info["elf"], LINUX["stop_symbol"]))
                        per = 1
                    else:
                        s = suites[p["suite"]]
                        t = self.r.target(cfgp[0], s["firmware"], s["payload"], False)
                        prof = self.r.profile(t, tag, ICOUNT + s.get("qemu_args", []),
                                              window=p["window"])
                        if prof["windows"] != 1:
                            raise BenchError(f"{tag}: {prof['windows']} windows closed, expected 1")
                        per = BENCH_LOOP
                except BenchError as e:
                    self.errors.append(str(e))
                    say(f"ERROR {e}")
                    continue
                cfg = configmod.load(cfgp[0])
                att = attribute(prof, t.monitor, image_regions(cfg, False))
                self.profiles.append({"name": p["name"], "column": col["name"], "per": per,
                                      "total": prof["total"], "unit": profile_unit(p["name"]),
                                      **att})

    # -- stack only --
    def run_stack(self, runs=STACK_RUNS):
        for s in runs:
            tag = f"stack-{s['name']}"
            say(tag)
            path, why = variant_config(s["config"], tag, self.r.build_dir, modules=s["modules"],
                                       settings=s["settings"])
            try:
                if path is None:
                    raise BenchError(f"{tag}: {why}")
                t = self.r.target(path, s["firmware"], s["payload"], False)
                res = self.r.run(t, tag, ICOUNT)
                if s["done"] not in res.output:
                    raise BenchError(f"{tag}: '{s['done']}' missing; log in {self.r.logdir}")
            except BenchError as e:
                self.errors.append(str(e))
                say(f"ERROR {e}")
                continue
            self.note_stack(tag, {"name": "all policies"}, res.output)

    # -- Linux --
    def run_linux(self, columns=None):
        info = images.ensure(LINUX["image"], lambda m: say(m))
        stop = (info["elf"], LINUX["stop_symbol"])
        for col in columns or self.columns():
            cfgp = self.config_for(col, LINUX["config"])
            if not cfgp:
                continue
            for sstc in (True, False):
                extra = ICOUNT + ([] if sstc else NO_SSTC)
                tag = f"linux-insn-{col['name']}-{'sstc' if sstc else 'nosstc'}"
                say(tag)
                try:
                    t = self.r.target(cfgp[0], LINUX["image"], None, cfgp[1])
                    prof = self.r.profile(t, tag, extra, stop_symbol=stop)
                except BenchError as e:
                    self.errors.append(str(e))
                    say(f"ERROR {e}")
                    continue
                self.linux_insn.append({"column": col["name"], "sstc": int(sstc),
                                        "instructions": prof["total"]})
                self.note_stack(tag, col, prof["output"])
            if not cfgp[1]:
                self.linux_exit_counts(col)
        harts = LINUX["quick_harts"] if self.quick else LINUX["harts"]
        runs = LINUX["quick_runs"] if self.quick else LINUX["runs"]
        for h in harts:
            for sstc in (True, False):
                self.linux_wall_runs(columns or self.columns(), h, sstc, runs)

    def linux_wall_runs(self, columns, h, sstc, runs):
        """Wall time to the marker; the columns take turns run by run, so that a change in the
        host's load (the machine is shared) does not fall on one column only."""
        cases = []
        for col in columns:
            cfgp = self.config_for(col, LINUX["config"], harts=h)
            if not cfgp:
                continue
            tag = f"linux-wall-{col['name']}-{h}h-{'sstc' if sstc else 'nosstc'}"
            try:
                t = self.r.target(cfgp[0], LINUX["image"], None, cfgp[1])
                cases.append((col, tag, t.qemu_argv([] if sstc else NO_SSTC), []))
            except BenchError as e:
                self.errors.append(str(e))
        say(f"linux-wall {h} hart(s), Sstc {'on' if sstc else 'off'}: {runs} runs of "
            f"{', '.join(c[0]['name'] for c in cases)}")
        for i in range(runs):
            for col, tag, argv, times in cases:
                # The first run goes on to the power-off, for the monitor's stack report; the
                # others stop at the marker, which is all the timing needs.
                r = images.boot(argv, [LINUX["marker"]], exits=i == 0, timeout=60)
                with open(os.path.join(self.r.logdir, f"{tag}-{i}.log"), "w") as f:
                    f.write(r["log"])
                if not r["ok"] or r["marker_s"] is None:
                    self.errors.append(f"{tag} run {i}: no marker or exit {r['rc']}")
                    continue
                times.append(r["marker_s"])
                if i == 0:
                    self.note_stack(tag, col, r["log"])
        for col, tag, argv, times in cases:
            if times:
                self.linux_wall.append({
                    "column": col["name"], "harts": h, "sstc": int(sstc), "runs": len(times),
                    "median_s": round(statistics.median(times), 4),
                    "min_s": round(min(times), 4), "max_s": round(max(times), 4)})

    def linux_exit_counts(self, col, harts=1, icount=True):
        """Exits by cause and by category, and world switches, from the counting modules (their
        own run: counting costs instructions). One hart runs under icount (the same counts every
        run); with more harts icount is off, so the counts depend on timing (wall time)."""
        mods = col["modules"] + EXIT_COUNTERS
        suffix = "" if harts == 1 else f"-{harts}h"
        path, why = variant_config(LINUX["config"], f"bench-opensbi-{col['name']}-counted{suffix}",
                                   self.r.build_dir, modules=mods, harts=harts,
                                   settings=col.get("settings"))
        if not path:
            self.errors.append(f"exit counts for {col['name']}: {why}")
            return
        for sstc in (True, False):
            tag = f"linux-exits-{col['name']}{suffix}-{'sstc' if sstc else 'nosstc'}"
            say(tag)
            try:
                t = self.r.target(path, LINUX["image"], None, False)
                res = self.r.run(t, tag, (ICOUNT if icount else []) + ([] if sstc else NO_SSTC))
            except BenchError as e:
                self.errors.append(str(e))
                continue
            base = {"column": col["name"], "harts": harts, "icount": int(icount),
                    "sstc": int(sstc)}
            for m in CAUSE.finditer(res.output):
                self.linux_exits.append({**base, "hart": int(m[1]), "kind": "cause",
                                         "name": cause_name(m[2], int(m[3])),
                                         "from_firmware": int(m[4]), "from_payload": int(m[5]),
                                         "count": int(m[4]) + int(m[5])})
            for m in CATEGORY.finditer(res.output):
                for item in m[2].split(", "):
                    name, _, n = item.rpartition(" ")
                    self.linux_exits.append({**base, "hart": int(m[1]), "kind": "category",
                                             "name": name, "count": int(n)})
            for rx, name in ((SWITCHES, "world switches into the firmware"), (EXITS, "all exits")):
                m = rx.search(res.output)
                if m:
                    self.linux_exits.append({**base, "hart": "all", "kind": "total", "name": name,
                                             "count": int(m[1])})

    # -- output --
    def write(self, started, seconds):
        res = os.path.join(self.out, "results")
        os.makedirs(res, exist_ok=True)
        write_csv(os.path.join(res, "micro.csv"), self.micro,
                  ["suite", "op", "column", "mean", "min", "p50", "p90", "p99", "max", "samples"])
        write_csv(os.path.join(res, "linux_instructions.csv"), self.linux_insn,
                  ["column", "sstc", "instructions"])
        write_csv(os.path.join(res, "linux_wall.csv"), self.linux_wall,
                  ["column", "harts", "sstc", "runs", "median_s", "min_s", "max_s"])
        write_csv(os.path.join(res, "linux_exits.csv"), self.linux_exits,
                  ["column", "sstc", "hart", "kind", "name", "from_firmware", "from_payload", "count"])
        write_csv(os.path.join(res, "image.csv"), self.image, ["column", "config", "bytes"])
        write_csv(os.path.join(res, "stack.csv"), self.stack, ["run", "column", "bytes"])
        write_csv(os.path.join(res, "skipped.csv"),
                  [{"column": c, "suite": "all", "reason": r} for c, r in self.skipped.items()] +
                  [{"column": c, "suite": s, "reason": r} for (s, c), r in self.skipped_suites.items()],
                  ["column", "suite", "reason"])
        prow = []
        for p in self.profiles:
            prow.append({"path": p["name"], "column": p["column"], "kind": "exits", "name": "exits",
                         "per_op": round(p["exits"] / p["per"], 1)})
            for kind in ("regions", "functions"):
                for k, n in sorted(p[kind].items(), key=lambda kv: -kv[1]):
                    prow.append({"path": p["name"], "column": p["column"], "kind": kind[:-1],
                                 "name": k, "per_op": round(n / p["per"], 1)})
        write_csv(os.path.join(res, "profiles.csv"), prow,
                  ["path", "column", "kind", "name", "per_op"])
        meta = {"started_utc": started, "seconds": round(seconds, 1), "quick": self.quick,
                "commit": git_head(), "qemu": qemu_version(), "errors": self.errors}
        with open(os.path.join(res, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        import benchreport
        benchreport.plots(self, os.path.join(self.out, "plots"))
        benchreport.readme(self, os.path.join(self.out, "README.md"), meta)


CAUSES = {("exception", 2): "illegal instruction", ("exception", 1): "instruction access fault",
          ("exception", 5): "load access fault", ("exception", 7): "store access fault",
          ("exception", 8): "ecall from U", ("exception", 9): "ecall from S",
          ("exception", 3): "breakpoint", ("exception", 4): "load misaligned",
          ("exception", 6): "store misaligned", ("exception", 12): "instruction page fault",
          ("exception", 13): "load page fault", ("exception", 15): "store page fault",
          ("interrupt", 1): "S software", ("interrupt", 3): "M software",
          ("interrupt", 5): "S timer", ("interrupt", 7): "M timer",
          ("interrupt", 9): "S external", ("interrupt", 11): "M external"}


def cause_name(kind, code):
    return CAUSES.get((kind, code), f"{kind} {code}")


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def write_csv(path, rows, fields):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def git_head():
    p = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                       text=True)
    return p.stdout.strip()


def qemu_version():
    p = subprocess.run([qemu.QEMU, "--version"], capture_output=True, text=True)
    return p.stdout.splitlines()[0] if p.stdout else ""


# ---- commands ----

def cmd_all(args):
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    t0 = time.monotonic()
    r = Runner(args.build_dir)
    shutil.rmtree(r.logdir, ignore_errors=True)
    b = Bench(r, os.path.abspath(args.out), args.quick)
    try:
        r.plugin()
        b.run_micro()
        b.run_profiles()
        b.run_linux()
        b.run_stack()
    except BenchError as e:
        b.errors.append(str(e))
        say(f"ERROR {e}")
    b.write(started, time.monotonic() - t0)
    for c, why in b.skipped.items():
        say(f"skipped column {c}: {why}")
    say(f"wrote {os.path.relpath(b.out, os.getcwd())}/README.md, results/, plots/ "
        f"in {time.monotonic() - t0:.0f} s")
    if b.errors:
        say(f"{len(b.errors)} error(s):")
        for e in b.errors:
            print(f"    {e}")
        return 1
    return 0


# ---- the exit table (issue 8's closing table) ----

# Linux boots counted: (harts, icount). 2 harts run without icount (see linux_exit_counts).
EXIT_TABLE_RUNS = [(1, True), (2, False)]
EXIT_TABLE_COLUMNS = ["monitor", "offload", "sandbox"]
EXIT_TABLE_CATEGORIES = ["not offloaded", "read time", "set timer", "misaligned", "ipi",
                         "remote fence", "firmware trap", "page fault"]


def exit_table_rows(linux_exits):
    """One row per (harts, sstc, column): world switches, all exits and the categories summed
    over the harts, and the world switches of the plain monitor divided by this column's."""
    rows = {}
    for e in linux_exits:
        key = (e["harts"], e["sstc"], e["column"])
        r = rows.setdefault(key, {"harts": e["harts"], "icount": e["icount"], "sstc": e["sstc"],
                                  "column": e["column"],
                                  **{c: 0 for c in EXIT_TABLE_CATEGORIES}})
        if e["kind"] == "category":
            r[e["name"]] += e["count"]
        elif e["kind"] == "total":
            r["switches" if e["name"].startswith("world") else "exits"] = e["count"]
    for (h, sstc, col), r in rows.items():
        base = rows.get((h, sstc, "monitor"), {}).get("switches")
        r["switch_reduction"] = round(base / r["switches"], 1) if base and r.get("switches") else ""
    order = {c: i for i, c in enumerate(EXIT_TABLE_COLUMNS)}
    return sorted(rows.values(), key=lambda r: (r["harts"], -r["sstc"], order[r["column"]]))


EXIT_TABLE_FIELDS = ["harts", "icount", "sstc", "column", "switches", "exits",
                     *EXIT_TABLE_CATEGORIES, "switch_reduction"]


def exit_table_markdown(rows, meta):
    cats = [c for c in EXIT_TABLE_CATEGORIES if c != "not offloaded"]
    L = ["# Monitor exits during the Linux boot, by category (issue 8)", "",
         f"`make bench-exits` ({meta['started_utc']}, commit {meta['commit']}, {meta['qemu']}). "
         "Debian's OpenSBI fw_dynamic and the project's Linux (`images/`, the `linux` image: "
         "reset to `kernel_power_off`) under the release monitor, "
         "`benchmarks/configs/bench-opensbi.toml` with `exit_counter` and "
         "`exit_counter_per_cause` added to each column's modules. Sstc off is "
         "`-cpu rv64,sstc=off`.", "",
         "- **1 hart** runs under `-icount shift=0,align=off,sleep=off`: the counts are the same "
         "in every run.",
         "- **2 harts** run without icount (wall time): the counts depend on timing (how often "
         "the timer fires while a hart waits, the order of IPIs) and change from run to run; "
         "compare them by order of magnitude only. Almost all of their firmware traps are "
         "illegal-instruction traps of the firmware itself (privileged instructions emulated "
         "in the monitor, no world switch), mostly on one hart (the per-hart, per-cause counts "
         "are in `build/bench/logs/linux-exits-*-2h-*.log`); why one hart traps that often was "
         "not analysed.",
         "- *world switches* = exits the monitor hands to the firmware (exit_counter's "
         "`not offloaded`, summed over the harts); *all exits* = every trap into the monitor, "
         "including the firmware's own traps (*firmware trap*) that never leave the firmware "
         "world. *reduction* = the plain monitor's world switches / this column's.",
         "- columns: `monitor` (no policy), `offload` (the offload policy), `sandbox` "
         "(`protect_payload`).", "",
         "| harts | Sstc | column | world switches | all exits | " + " | ".join(cats) +
         " | reduction |",
         "|---|---|---|---:|---:|" + "---:|" * len(cats) + "---:|"]
    for r in rows:
        L.append(f"| {r['harts']}{'' if r['icount'] else ' (wall time)'} | "
                 f"{'on' if r['sstc'] else 'off'} | {r['column']} | {r.get('switches', '')} | "
                 f"{r.get('exits', '')} | " + " | ".join(str(r[c]) for c in cats) +
                 f" | {r['switch_reduction']}{'x' if r['switch_reduction'] != '' else ''} |")
    if meta["errors"]:
        L += ["", "Errors in this run:", ""] + [f"- {e}" for e in meta["errors"]]
    return "\n".join(L) + "\n"


def cmd_exits(args):
    """Issue 8's closing table: world switches and exits by category during the Linux boot,
    1 and 2 harts, Sstc on and off, plain monitor, offload and sandbox, in one command."""
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    r = Runner(args.build_dir)
    b = Bench(r, os.path.abspath(args.out), quick=False)
    images.ensure(LINUX["image"], lambda m: say(m))
    for harts, icount in EXIT_TABLE_RUNS:
        for col in COLUMNS:
            if col["name"] in EXIT_TABLE_COLUMNS:
                b.linux_exit_counts(col, harts=harts, icount=icount)
    rows = exit_table_rows(b.linux_exits)
    meta = {"started_utc": started, "commit": git_head(), "qemu": qemu_version(),
            "errors": b.errors}
    res = os.path.join(b.out, "results")
    os.makedirs(res, exist_ok=True)
    write_csv(os.path.join(res, "linux_exits_table.csv"), rows, EXIT_TABLE_FIELDS)
    with open(os.path.join(res, "linux_exits_table.md"), "w") as f:
        f.write(exit_table_markdown(rows, meta))
    say(f"wrote {os.path.relpath(res, os.getcwd())}/linux_exits_table.csv and .md")
    for e in b.errors:
        print(f"    {e}")
    return 1 if b.errors else 0


def load_results(out):
    """A Bench holding what a previous run wrote to <out>/results (bench.py report)."""
    res = os.path.join(out, "results")

    def rows(name):
        with open(os.path.join(res, name), newline="") as f:
            return list(csv.DictReader(f))

    def num(v):
        try:
            return int(v)
        except ValueError:
            try:
                return float(v)
            except ValueError:
                return v

    b = Bench(None, out, False)
    with open(os.path.join(res, "meta.json")) as f:
        meta = json.load(f)
    b.quick, b.errors = meta["quick"], meta["errors"]
    b.micro = [{k: num(v) for k, v in r.items()} for r in rows("micro.csv")]
    b.linux_insn = [{k: num(v) for k, v in r.items()} for r in rows("linux_instructions.csv")]
    b.linux_wall = [{k: num(v) for k, v in r.items()} for r in rows("linux_wall.csv")]
    b.linux_exits = [{k: num(v) for k, v in r.items()} for r in rows("linux_exits.csv")]
    b.image = [{k: num(v) for k, v in r.items()} for r in rows("image.csv")]
    b.stack = [{k: num(v) for k, v in r.items()} for r in rows("stack.csv")]
    for r in rows("skipped.csv"):
        if r["suite"] == "all":
            b.skipped[r["column"]] = r["reason"]
        else:
            b.skipped_suites[(r["suite"], r["column"])] = r["reason"]
    profs = {}
    for r in rows("profiles.csv"):
        p = profs.setdefault((r["path"], r["column"]), {
            "name": r["path"], "column": r["column"], "per": 1, "total": 0, "exits": 0,
            "functions": {}, "regions": {}, "unit": profile_unit(r["path"])})
        n = float(r["per_op"])
        if r["kind"] == "exits":
            p["exits"] = n
        elif r["kind"] == "region":
            p["regions"][r["name"]] = n
            p["total"] += n
        else:
            p["functions"][r["name"]] = n
    b.profiles = list(profs.values())
    return b, meta


def profile_unit(name):
    linux = any(p["name"] == name and p.get("linux") for p in PROFILES)
    return "in the boot" if linux else "per operation"


def cmd_report(args):
    """Rewrite README.md and the plots from results/ (after a change to benchreport.py)."""
    import benchreport
    out = os.path.abspath(args.out)
    b, meta = load_results(out)
    benchreport.plots(b, os.path.join(out, "plots"))
    benchreport.readme(b, os.path.join(out, "README.md"), meta)
    say(f"rewrote {os.path.join(out, 'README.md')} and plots/ from results/")
    return 0


def cmd_smoke(args):
    """make test's bench-smoke: the tooling end to end on the firmware suite, native and monitor.

    Fails unless: both columns give numbers, the CSV and a PNG are written, and the plugin's count
    for one firmware trap agrees with the one bench-fw measured with minstret."""
    out = os.path.abspath(args.outdir)
    shutil.rmtree(out, ignore_errors=True)
    r = Runner(args.build_dir)
    b = Bench(r, out, quick=True)
    cols = [c for c in COLUMNS if c["name"] in ("native", "monitor")]
    b.run_micro(suites=[SUITES[0]], columns=cols)
    b.run_profiles(profiles=[PROFILES[0]], columns=cols)
    b.write(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), 0.0)
    problems = list(b.errors)
    got = {(m["column"], m["op"]): m for m in b.micro}
    for col in ("native", "monitor"):
        if (col, "csrw_mscratch") not in got:
            problems.append(f"no csrw_mscratch result for {col}")
    if ("native", "csrw_mscratch") in got and got[("native", "csrw_mscratch")]["p50"] != 1:
        problems.append(f"native csrw mscratch costs {got[('native', 'csrw_mscratch')]['p50']}, not 1")
    for f in ("results/micro.csv", "results/profiles.csv", "plots/micro_fw.png", "README.md"):
        if not os.path.isfile(os.path.join(out, f)) or not os.path.getsize(os.path.join(out, f)):
            problems.append(f"{f} was not written")
    prof = [p for p in b.profiles if p["name"] == "firmware_trap"]
    if prof and ("monitor", "csrw_mscratch") in got:
        # Per iteration the window holds the csrw, which traps: the plugin counts it, minstret
        # does not (it never retires; the monitor's mret resumes after it), and the loop's
        # addi/bnez, which both count.
        per = prof[0]["total"] / BENCH_LOOP - 2
        mean = got[("monitor", "csrw_mscratch")]["mean"]
        if per != mean + 1:
            problems.append(f"plugin counts {per:.1f} instructions per firmware trap, "
                            f"minstret {mean} (+1 expected for the trapping csrw)")
        else:
            print(f"bench-smoke: firmware trap: minstret {mean:.0f}, plugin {per:.0f} instructions")
    else:
        problems.append("no firmware_trap profile")
    for p in problems:
        print(f"bench-smoke: FAIL: {p}")
    print(f"bench-smoke: {'ok' if not problems else 'FAILED'}")
    return 1 if problems else 0


def cmd_profile(args):
    r = Runner(args.build_dir, quiet=False)
    cfg = args.config or configmod.DEFAULT_CONFIG
    t = r.target(cfg, args.firmware, args.payload, args.native)
    extra = ICOUNT + list(args.qemu_arg or [])
    stop = None
    if args.until:
        elf, _, sym = args.until.rpartition(":")
        stop = (elf, sym)
    prof = r.profile(t, "profile", extra, window=args.window, stop_symbol=stop)
    cfgd = configmod.load(cfg)
    att = attribute(prof, None if args.native else t.monitor, image_regions(cfgd, args.native))
    per = BENCH_LOOP if args.window else 1
    unit = "per iteration" if args.window else "in the run"
    where = f" in the {args.window} loop, {prof['windows']} window(s)" if args.window else ""
    print(f"profile: {prof['total']:,} guest instructions{where}; {unit}:")
    if not args.native:
        print(f"  {att['exits'] / per:14,.1f}  monitor exits ({TRAP_VECTOR} entered)")
    for k, n in sorted(att["regions"].items(), key=lambda kv: -kv[1]):
        print(f"  {n / per:14,.1f}  {k}")
    if att["functions"]:
        print(f"monitor functions ({unit}):")
        for k, n in sorted(att["functions"].items(), key=lambda kv: -kv[1])[:args.top]:
            print(f"  {n / per:14,.1f}  {k}")
    print(f"profile: raw counts in {os.path.join(r.logdir, 'profile.prof')}")
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n")[0])
    p.add_argument("--build-dir", default=os.path.join(REPO, "build"))
    sub = p.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("all", help="every benchmark (make bench)")
    sp.add_argument("--quick", action="store_true", help="fewer Linux wall-time runs and harts")
    sp.add_argument("--out", default=os.path.join(REPO, "benchmarks"))
    sp = sub.add_parser("exits", help="Linux boot exits by category, 1/2 harts, Sstc on/off, "
                                      "monitor/offload/sandbox (make bench-exits)")
    sp.add_argument("--out", default=os.path.join(REPO, "benchmarks"))
    sp = sub.add_parser("report", help="README and plots again from results/")
    sp.add_argument("--out", default=os.path.join(REPO, "benchmarks"))
    sp = sub.add_parser("smoke", help="tooling check (make test's bench-smoke)")
    sp.add_argument("outdir")
    sp = sub.add_parser("profile", help="one run under the insnprof plugin (make profile)")
    sp.add_argument("-c", "--config", default="")
    sp.add_argument("-f", "--firmware", default="")
    sp.add_argument("-p", "--payload", default=None)
    sp.add_argument("--native", action="store_true")
    sp.add_argument("--window", default=None, help="bench.h op: count its loop, per iteration")
    sp.add_argument("--until", default=None, help="ELF:SYMBOL: count from reset until SYMBOL runs")
    sp.add_argument("--top", type=int, default=25)
    sp.add_argument("--qemu-arg", action="append")
    args = p.parse_args(argv)
    try:
        return {"all": cmd_all, "smoke": cmd_smoke, "profile": cmd_profile,
                "report": cmd_report, "exits": cmd_exits}[args.command](args)
    except BenchError as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
