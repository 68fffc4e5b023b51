"""`runner.py test`: run named tests from tests/manifest.toml and report one line per test and mode.

Report format (kept stable: CI and people grep it):
    PASS <name> [native]            one line per test and mode
    FAIL <name> [monitor]
        <reason>                    indented lines follow a FAIL only
        | <last lines of output>
    SKIP <name>: <reason>           a test whose image (manifest `image`) cannot be had here;
                                    counted neither as passed nor as failed
    <N> passed, <M> failed          last line, column 0; a test passes when all its modes pass
Per-run logs go to <build>/tests/<name>.<mode>.log and a summary to <build>/tests/results.json.
"""

import glob
import json
import os
import subprocess
import sys

import checks
import config as configmod
import elfinfo
import manifest
import output
import qemu
import build
from build import BuildError

TAIL = 30


class Outcome:
    def __init__(self, name, mode, reason=None, tail=(), seconds=0.0, exits=None, log=None):
        self.name, self.mode, self.reason = name, mode, reason
        self.tail, self.seconds, self.exits, self.log = list(tail), seconds, exits, log

    @property
    def passed(self):
        return self.reason is None


def report(o):
    print(f"{'PASS' if o.passed else 'FAIL'} {o.name} [{o.mode}]", flush=True)
    if o.passed:
        return
    for line in o.reason.split("\n"):
        print(f"    {line}")
    if o.tail:
        where = f" (full log: {o.log})" if o.log else ""
        print(f"    last {len(o.tail)} lines of output{where}:")
        for line in o.tail:
            print(f"    | {line}")
    print(end="", flush=True)


class Suite:
    def __init__(self, builder, timeout_override=None):
        self.b = builder
        self.timeout_override = timeout_override
        self.outcomes = []
        self.skipped = []
        self.logdir = os.path.join(builder.build_dir, "tests")

    def _record(self, o):
        self.outcomes.append(o)
        report(o)
        return o

    def _rel(self, path):
        return build.shown(path)

    # ---- one QEMU run ----

    def _run(self, t, cfg, mode):
        """Build what `mode` needs, boot it, check exit code and expected lines. Returns
        (Outcome, output text or None)."""
        native = mode == "native"
        log = os.path.join(self.logdir, f"{t['name']}.{mode}.log")
        try:
            fw = self.b.firmware(cfg, t["firmware"], native)
            pl = self.b.payload(cfg, t["payload"])
            mon = None if native else self.b.monitor_for(cfg, pl)
            stub = self.b.native_stub(cfg, t["firmware"]) if native else None
            extra = self.b.firmware_qemu_args(cfg, t["firmware"]) + \
                self.b.image_qemu_args(t["firmware"], t["payload"]) + t["qemu_args"]
            script = t["script"] or self.b.image_script(t["firmware"], t["payload"])
            argv = qemu.command(cfg, fw, pl, mon, self.b.disk(cfg), extra, stub=stub)
        except BuildError as e:
            return Outcome(t["name"], mode, f"build failed: {e}", e.log_tail), None
        except qemu.QemuError as e:
            return Outcome(t["name"], mode, str(e)), None
        timeout = self.timeout_override or t["timeout"]
        res = qemu.run_captured(argv, timeout, log, script=script)
        o = Outcome(t["name"], mode, None, output.tail(res.output, TAIL), res.seconds,
                    output.exit_count(res.output), self._rel(log))
        # A script step that never came explains a timeout or a missing line best.
        waiting = f"; the script still waited for {res.pending[0][0]!r}" if res.pending else ""
        if res.timed_out:
            o.reason = f"TIMEOUT after {timeout:g} s (QEMU killed){waiting}"
        elif res.code != t["exit_code"]:
            o.reason = f"QEMU exit code {res.code}, expected {t['exit_code']}{waiting}"
        else:
            miss = output.missing_expected(res.output, t["expect"])
            if miss is None and mode == "monitor":
                miss = output.missing_expected(res.output, t["expect_monitor"])
            bad = output.rejected(res.output, t["reject"])
            if miss is not None:
                o.reason = f"expected line not found (in order): {miss!r}{waiting}"
            elif bad is not None:
                o.reason = f"rejected text {bad[0]!r} appeared: {bad[1]!r}"
            elif res.pending:
                o.reason = f"script step not reached: waited for {res.pending[0][0]!r}"
            elif t["check"] and not native:
                def rerun():
                    again = qemu.run_captured(argv, timeout, log + ".rerun", script=script)
                    return None if again.timed_out else again.output
                o.reason = checks.CHECKS[t["check"]](res.output, checks.Context(cfg, mon, rerun))
        return o, res.output

    # ---- one test ----

    def run_test(self, name, tests):
        if name not in tests:
            valid = ", ".join(manifest.names(tests))
            return [self._record(Outcome(name, "unknown", f"no test {name!r}; valid names: {valid}"))]
        try:
            t = manifest.check(name, tests[name])
        except manifest.ManifestError as e:
            return [self._record(Outcome(name, "manifest", str(e)))]
        if t["image"]:
            why = self.b.image_unavailable(t["image"])
            if why:
                print(f"SKIP {name}: {why}", flush=True)
                self.skipped.append(name)
                return None
        second = "reference" if t["reference"] else "monitor"
        modes = ["build"] if t["build_only"] else ["native"] if t["native_only"] else \
            ["native", second] if t["native"] else ["monitor"]
        try:
            cfg = configmod.load(t["config"])
        except configmod.ConfigError as e:
            return [self._record(Outcome(name, m, f"config error: {e}")) for m in modes]
        if t["build_only"]:
            return [self._record(self._build_only(t, cfg))]
        if t["native_only"]:
            return [self._record(self._run(t, cfg, "native")[0])]
        results = []
        native_out = None
        if t["native"]:
            o, native_out = self._run(t, cfg, "native")
            results.append(self._record(o))
            if not o.passed:
                native_out = None       # nothing trustworthy to compare against
        if t["reference"]:
            o, mon_out = self._run_reference(t)
        else:
            o, mon_out = self._run(t, cfg, "monitor")
        if o.passed and native_out is not None and t["compare"]:
            diff = output.first_difference(output.firmware_lines(native_out),
                                           output.firmware_lines(mon_out))
            if diff:
                o.reason = f"native and {o.mode} runs differ: " + diff
        if o.passed and t["baseline_config"]:
            results.append(self._baseline(t, o, mon_out))
        results.append(self._record(o))
        return results

    def _run_reference(self, t):
        """The firmware's generator on the reference hart (mk/ref.mk, docs/verification.md): a host
        program whose lines must equal the native QEMU run's. Returns (Outcome, output or None)."""
        log = os.path.join(self.logdir, f"{t['name']}.reference.log")
        out = os.path.join(self.b.build_dir, "ref")
        argv = ["make", "--no-print-directory", "-s", "-C", configmod.REPO, "ref", f"O={out}",
                f"REF={t['firmware']}"]
        res = qemu.run_captured(argv, build.BUILD_TIMEOUT, log + ".build", env=build.make_env())
        o = Outcome(t["name"], "reference", None, output.tail(res.output, TAIL), res.seconds, None,
                    self._rel(log + ".build"))
        if res.code != 0:
            o.reason = f"make ref failed (exit {res.code})"
            return o, None
        timeout = self.timeout_override or t["timeout"]
        res = qemu.run_captured([os.path.join(out, "ref", t["firmware"])], timeout, log)
        o = Outcome(t["name"], "reference", None, output.tail(res.output, TAIL), res.seconds, None,
                    self._rel(log))
        if res.timed_out:
            o.reason = f"TIMEOUT after {timeout:g} s (reference program killed)"
        elif res.code != 0:
            o.reason = f"reference program exit code {res.code}"
        else:
            miss = output.missing_expected(res.output, t["expect"])
            if miss is not None:
                o.reason = f"expected line not found (in order): {miss!r}"
        return o, res.output

    def _build_only(self, t, cfg):
        """A monitor for real hardware: it must build, with its entry at the configured address."""
        o = Outcome(t["name"], "build")
        try:
            elf = self.b.monitor(cfg)
        except BuildError as e:
            o.reason, o.tail = f"build failed: {e}", e.log_tail
            return o
        want = cfg["target"]["miralis"]["start_address"]
        if elfinfo.entry(elf) != want:
            o.reason = f"{elf}: entry {elfinfo.entry(elf)!r}, expected {want:#x} ([target.miralis])"
        return o
    def _baseline(self, t, o, mon_out):
        """Run the same images under baseline_config; o fails unless the baseline made
        fewer_switches times more world switches into the firmware."""
        try:
            cfg = configmod.load(t["baseline_config"])
        except configmod.ConfigError as e:
            return self._record(Outcome(t["name"], "baseline", f"config error: {e}"))
        b, base_out = self._run(t, cfg, "baseline")
        if b.passed:
            mine, base = output.switch_count(mon_out), output.switch_count(base_out)
            if mine is None or base is None:
                o.reason = ("no `World switches into the firmware` line (exit_counter) in the "
                            + ("monitor" if mine is None else "baseline") + " run")
            elif base < t["fewer_switches"] * mine:
                o.reason = (f"{mine} world switches into the firmware against {base} in the "
                            f"baseline: less than {t['fewer_switches']}x fewer")
            else:
                print(f"  {t['name']}: {mine} world switches into the firmware, baseline {base}",
                      flush=True)
        return self._record(b)

    def _run_host(self, name, argv, timeout, failed, env=None, killed=None, may_skip=False):
        """A host-side check of the suite (a make target or a runner tool): passes when argv exits
        with 0 within timeout. failed(code) says why a non-zero exit fails it; killed names what
        the timeout stopped. Returns the recorded Outcome, or None when may_skip and argv exits with
        77 (the check's input is not available: the caller says SKIP)."""
        log = os.path.join(self.logdir, f"{name}.host.log")
        res = qemu.run_captured(argv, timeout, log, env=env)
        if may_skip and res.code == 77:
            return None
        o = Outcome(name, "host", None, output.tail(res.output, TAIL), res.seconds, None,
                    self._rel(log))
        if res.timed_out:
            o.reason = f"TIMEOUT ({killed or ' '.join(argv[:2])} killed after {timeout:g} s)"
        elif res.code != 0:
            o.reason = failed(res.code)
        return self._record(o)

    def _make(self, *targets, **variables):
        """argv of `make -C REPO targets VAR=value...`."""
        return (["make", "--no-print-directory", "-C", configmod.REPO, *targets]
                + [f"{k}={v}" for k, v in variables.items()])

    @staticmethod
    def _python():
        """Debian's python3 runs the bench tools: python3-matplotlib is installed for it."""
        return "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

    def run_unit(self):
        o = self._run_host("unit", self._make("unit", O=os.path.join(self.b.build_dir, "unit")),
                           build.BUILD_TIMEOUT, lambda c: f"make unit failed (exit {c})",
                           env=build.make_env(), killed="make unit")
        return [o]

    def run_bench_smoke(self):
        """runner/bench.py smoke: micro-benchmark CSV, plot and profile of bench-fw (issue 9)."""
        subprocess.run(["bash", os.path.join(configmod.REPO, "runner", "deps.sh"), "bench"],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        argv = [self._python(), os.path.join(configmod.REPO, "runner", "bench.py"), "--build-dir",
                self.b.build_dir, "smoke", os.path.join(self.b.build_dir, "bench", "smoke")]
        return [self._run_host("bench-smoke", argv, 300,
                               lambda c: f"bench.py smoke failed (exit {c})",
                               killed="bench.py smoke")]

    BENCH_APPS_SMOKE_TIMEOUT = 900

    def run_bench_apps_smoke(self):
        """runner/bench_apps.py --smoke (issue 12): the native cell booting the cached debian image,
        one short run of every workload, the CSVs, table and plot in the build directory. Never
        builds the image (10-20 min): SKIP when it is not cached (its exit code 77)."""
        argv = [self._python(), os.path.join(configmod.REPO, "runner", "bench_apps.py"), "--smoke",
                os.path.join(self.b.build_dir, "bench-apps-smoke")]
        o = self._run_host("bench-apps-smoke", argv, self.BENCH_APPS_SMOKE_TIMEOUT,
                           lambda c: f"bench_apps.py --smoke failed (exit {c})",
                           killed="bench_apps.py --smoke", may_skip=True)
        if o is None:
            why = "the debian image is not cached (make images IMAGES=debian)"
            print(f"SKIP bench-apps-smoke: {why}", flush=True)
            self.skipped.append("bench-apps-smoke")
            return None
        return [o]

    FUZZ_SECONDS = 30

    def run_fuzz(self):
        """make fuzz for FUZZ_SECONDS (docs/verification.md): no crash, no sanitizer report, no
        broken invariant. The statistics line with the executions goes to the log."""
        crashes = self._rel(os.path.join(self.b.build_dir, "fuzz"))
        return [self._run_host("fuzz", self._make("fuzz", O=self.b.build_dir, SECONDS=self.FUZZ_SECONDS),
                               build.BUILD_TIMEOUT,
                               lambda c: f"make fuzz failed (exit {c}): a crash or a broken "
                                         f"invariant, input saved as {crashes}/crash-*",
                               env=build.make_env(), killed="make fuzz")]

    def run_verify_random(self):
        """The proof harnesses driven by random values, then every deliberate breakage of
        verify/mutants.py must make its harness fail (docs/verification.md)."""
        argv = self._make("verify-random", "verify-mutants", O=self.b.build_dir, RUNS=1000)
        return [self._run_host("verify-random", argv, build.BUILD_TIMEOUT,
                               lambda c: f"a harness failed or a broken emulation was not caught "
                                         f"(exit {c})",
                               env=build.make_env(), killed="make verify-random verify-mutants")]

    # A fresh machine builds CBMC first (verify/cbmc-build.sh, about 26 minutes on 2 cores).
    VERIFY_FAST_TIMEOUT = 3600

    def run_verify_fast(self):
        """The CBMC proofs of make verify-fast, then CBMC must fail each of their mutants
        (docs/verification.md). CBMC is built into the cache when missing, with progress lines."""
        cache = os.environ.get("MIRALIS_CACHE", os.path.expanduser("~/.cache/miralis-c"))
        if not glob.glob(os.path.join(cache, "cbmc-*", "bin", "cbmc")):
            print("  verify-fast: CBMC is not in the cache yet: building it (about 26 min on 2 "
                  "cores, progress in the log)", flush=True)
        return [self._run_host("verify-fast", self._make("verify-fast", O=self.b.build_dir),
                               self.VERIFY_FAST_TIMEOUT,
                               lambda c: f"a proof failed or CBMC missed a mutant (exit {c})",
                               env=build.make_env(), killed="make verify-fast")]

    # ---- the whole selection ----

    def run(self, names, tests):
        per_test = []
        for name in names:
            special = {"unit": self.run_unit, "bench-smoke": self.run_bench_smoke,
                       "bench-apps-smoke": self.run_bench_apps_smoke,
                       "fuzz": self.run_fuzz,
                       "verify-random": self.run_verify_random,
                       "verify-fast": self.run_verify_fast}.get(name)
            outs = special() if special else self.run_test(name, tests)
            if outs is not None:
                per_test.append(all(o.passed for o in outs))
        self._write_results()
        if self.skipped:
            print(f"skipped (image not available, see the SKIP lines): {', '.join(self.skipped)}", flush=True)
        passed = sum(per_test)
        print(f"{passed} passed, {len(per_test) - passed} failed", flush=True)
        return 0 if passed == len(per_test) else 1

    def _write_results(self):
        os.makedirs(self.logdir, exist_ok=True)
        data = [{"name": o.name, "mode": o.mode, "passed": o.passed, "reason": o.reason,
                 "seconds": round(o.seconds, 3), "exits": o.exits, "log": o.log}
                for o in self.outcomes]
        with open(os.path.join(self.logdir, "results.json"), "w") as f:
            json.dump(data, f, indent=1)
