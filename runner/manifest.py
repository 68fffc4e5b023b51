"""tests/manifest.toml: one [test.<name>] table per integration test.

The fields of docs/build-contract.md ("Tests") plus runner extensions, all checked here so that a
typo in the manifest fails that test with a clear reason instead of silently testing less.
"""

import os
import tomllib

import checks
import config as configmod

MANIFEST = os.path.join(configmod.REPO, "tests", "manifest.toml")
DEFAULT_TIMEOUT = 30.0
SPECIAL = {"unit": "host unit tests (make unit)",
           "bench-smoke": "the benchmark tooling end to end on bench-fw (runner/bench.py smoke)",
           "bench-apps-smoke": "make bench-apps end to end, one cell (native: the quickest boot) and one "
                               "short run of each workload on the cached debian image (SKIP when it is "
                               "not cached)",
           "fuzz": "a bounded libFuzzer run over the host build (make fuzz SECONDS=30)",
           "verify-random": "proof harnesses with random values, and their broken-emulation checks "
                            "(make verify-random verify-mutants)",
           "verify-fast": "the CBMC proofs that take a minute or two, and CBMC's check of their "
                          "mutants (make verify-fast; builds CBMC once)"}

# field -> (python type(s), default, meaning); None default = required
FIELDS = {
    "description": (str, None, "what the test shows"),
    "firmware": (str, "", "firmware/<name>, a path, or an image name (required unless build_only)"),
    "payload": (str, "", "payload/<name>, a path, or an image name"),
    "config": (str, configmod.DEFAULT_CONFIG, "configs/<name>.toml or a path"),
    "expect": (list, [], "lines that must appear in order (substring), in every mode"),
    "expect_monitor": (list, [], "monitor lines that must appear in order, monitor run only"),
    "reject": (list, [], "substrings that must appear on no line, in every mode"),
    "native": (bool, False, "also run natively and compare firmware lines"),
    "compare": (bool, True, "with native = true: compare the firmware lines line for line"),
    "exit_code": (int, 0, "QEMU exit status the test expects"),
    "timeout": ((int, float), DEFAULT_TIMEOUT, "seconds per run"),
    "qemu_args": (list, [], "extra QEMU arguments (both modes)"),
    "native_only": (bool, False, "run natively only (OpenSBI without the monitor)"),
    "image": (str, "", "a runner/images.py image the test needs: SKIP, not FAIL, when it is "
                       "neither cached nor buildable here (images.unavailable)"),
    "optional": (bool, False, "run only when named (make test TEST=...), not in the default set"),
    "script": (list, [], "[[wait, send], ...]: type send on stdin once wait has appeared"),
    "reference": (bool, False, "instead of the monitor run: the firmware's generator built for "
                               "the reference hart (make ref) must print the native lines"),
    "build_only": (bool, False, "real hardware: build the config's monitor and check its link "
                                "address, run nothing"),
    "baseline_config": (str, "", "config of a second monitor run of the same images (for fewer_switches)"),
    "fewer_switches": (int, 0, "with baseline_config: the baseline run makes at least this many times "
                               "more world switches into the firmware (exit_counter's total line)"),
    "check": (str, "", "host-side check of the monitor run's output (runner/checks.py CHECKS)"),
}


class ManifestError(Exception):
    pass


def load(path=MANIFEST):
    """Return {name: raw table}; raise ManifestError if the file itself is unusable."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ManifestError(f"{path}: missing") from None
    except tomllib.TOMLDecodeError as e:
        raise ManifestError(f"{path}: not valid TOML: {e}") from None
    extra = set(data) - {"test"}
    if extra:
        raise ManifestError(f"{path}: unknown top-level table(s) {', '.join(sorted(extra))}; "
                            f"tests are [test.<name>] tables")
    tests = data.get("test", {})
    clash = set(tests) & set(SPECIAL)
    if clash:
        raise ManifestError(f"{path}: {', '.join(sorted(clash))} is a reserved test name")
    return tests


def check(name, raw):
    """Validate one test table; return it with defaults filled in."""
    where = f"tests/manifest.toml [test.{name}]"
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: expected a table")
    for key in raw:
        if key not in FIELDS:
            raise ManifestError(f"{where}: unknown field {key!r}; allowed: {', '.join(FIELDS)}")
    out = {"name": name}
    for key, (typ, default, _) in FIELDS.items():
        if key not in raw:
            if default is None:
                raise ManifestError(f"{where}: missing required field {key!r}")
            out[key] = list(default) if isinstance(default, list) else default
            continue
        val = raw[key]
        if isinstance(val, bool) and typ is not bool or not isinstance(val, typ):
            raise ManifestError(f"{where}: {key} has the wrong type ({type(val).__name__})")
        if key == "script":
            if not all(isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x)
                       and x[0] for x in val):
                raise ManifestError(f"{where}: script must be a list of [wait, send] pairs of "
                                    f"strings, wait not empty")
        elif typ is list and not all(isinstance(x, str) for x in val):
            raise ManifestError(f"{where}: {key} must be a list of strings")
        out[key] = val
    if out["build_only"]:
        if out["firmware"] or out["native"] or out["expect"]:
            raise ManifestError(f"{where}: a build_only test runs nothing: no firmware, native "
                                f"or expect")
        return out
    if not out["firmware"]:
        raise ManifestError(f"{where}: firmware is empty")
    if out["firmware"].startswith("monitor:"):
        if not out["firmware"][len("monitor:"):]:
            raise ManifestError(f"{where}: firmware \"monitor:<config>\" needs a config name")
        if out["native"]:
            raise ManifestError(f"{where}: a monitor as the firmware ({out['firmware']}) runs only "
                                f"under the monitor; set native = false")
    if out["check"] and out["check"] not in checks.CHECKS:
        raise ManifestError(f"{where}: unknown check {out['check']!r}; known: "
                            f"{', '.join(checks.CHECKS)}")
    if out["reference"] and not out["native"]:
        raise ManifestError(f"{where}: reference = true compares with the native run; set native = true")
    if not 0 <= out["exit_code"] <= 255:
        raise ManifestError(f"{where}: exit_code must be 0..255")
    if out["timeout"] <= 0:
        raise ManifestError(f"{where}: timeout must be positive")
    return out


def names(tests):
    """All test names in manifest order, then the special ones."""
    return list(tests) + list(SPECIAL)


def default_names(tests):
    """What `make test` runs with no TEST: every test not marked optional, then the special ones.
    An entry too malformed to read the flag stays in, so that its error is reported."""
    return [n for n, t in tests.items() if not (isinstance(t, dict) and t.get("optional") is True)] \
        + list(SPECIAL)
