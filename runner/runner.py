#!/usr/bin/env python3
"""The project's runner: build, run, test, debug (docs/build-contract.md; README "Quick start").

    runner.py [--build-dir DIR] [--no-deps] [--monitor-elf ELF] COMMAND ...
      build        build the monitor, firmware and payload, print their paths
      run          build, then boot in QEMU (terminal attached)
      debug        as run, with QEMU waiting for gdb on :1234 (-s -S)
      gdb          gdb-multiarch on the monitor with firmware/payload symbols, attached to :1234
      test [NAME]  integration tests from tests/manifest.toml, plus `unit`
      check-config validate configs and print them resolved

Exit status: 0 success, 1 failure (build, test, QEMU's own non-zero status for run), 2 usage or
configuration error (reported before anything is built).
"""

import argparse
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import config as configmod          # noqa: E402  (after the path set-up above)
import manifest                     # noqa: E402
import qemu                         # noqa: E402
import suite                        # noqa: E402
from build import Builder, BuildError   # noqa: E402
from elfinfo import load_address    # noqa: E402

REPO = configmod.REPO
DEPS = os.path.join(REPO, "runner", "deps.sh")
GDB_PORT = 1234                     # QEMU -s listens here


def deps(args, *groups):
    """Install missing packages first (runner/deps.sh is fast when nothing is missing)."""
    if args.no_deps or os.environ.get("RUNNER_NO_DEPS") == "1":
        return
    rc = subprocess.call(["bash", DEPS, *groups])
    if rc:
        sys.exit(f"runner: runner/deps.sh {' '.join(groups)} failed (exit {rc})")


def fail(msg, tail=(), code=1):
    print(f"runner: {msg}", file=sys.stderr)
    for line in tail:
        print(f"    | {line}", file=sys.stderr)
    sys.exit(code)


def load_config(name):
    try:
        return configmod.load(name)
    except configmod.ConfigError as e:
        fail(f"config error: {e}", code=2)


# The config for Debian's images when FIRMWARE names one and CONFIG is not given: OpenSBI at
# 0x80100000, the payload at 0x80200000 (docs/images.md).
IMAGE_CONFIG = "qemu-virt-opensbi"


class Target:
    """What `build`, `run`, `debug` and `gdb` act on, resolved from the command line and config.

    FIRMWARE may name an image of runner/images.py: a firmware image (opensbi, opensbi-jump) runs
    as the firmware, a payload image (linux, linux-shell, u-boot...) as the payload behind the
    config's firmware (OpenSBI); either way CONFIG defaults to qemu-virt-opensbi."""

    def __init__(self, args, builder):
        fw_arg, pl_arg, config = args.firmware, args.payload, args.config
        try:
            kind = builder.image_kind(fw_arg)
        except BuildError as e:
            fail(f"build failed: {e}", e.log_tail)
        if kind in ("firmware", "payload") and not config:
            # An image may name its own config (debian: 2 harts, 2G, the sandbox).
            config = builder.image_info(fw_arg).get("config") or IMAGE_CONFIG
        if kind == "payload":
            if pl_arg:
                fail(f"{fw_arg} is an S-mode payload image, and PAYLOAD={pl_arg} was given too; "
                     f"use PAYLOAD={fw_arg} (with FIRMWARE=opensbi or opensbi-jump) instead", code=2)
            fw_arg, pl_arg = "", fw_arg
        self.cfg = load_config(config)
        self.native = args.native
        fw_spec = fw_arg or self.cfg["target"]["firmware"]["name"]
        pl_spec = pl_arg if pl_arg is not None else self.cfg["target"]["payload"]["name"]
        self.fw_spec, self.pl_spec = fw_spec, pl_spec
        try:
            # An empty name: no firmware to build (a board's comes on its boot medium)
            self.firmware = builder.firmware(self.cfg, fw_spec, self.native) if fw_spec else None
            self.payload = builder.payload(self.cfg, pl_spec)
            self.image_args = builder.firmware_qemu_args(self.cfg, fw_spec) + \
                builder.image_qemu_args(fw_spec, pl_spec)
            self.monitor = None if self.native else builder.monitor_for(self.cfg, self.payload)
            self.stub = builder.native_stub(self.cfg, fw_spec) if self.native else None
            self.disk = builder.disk(self.cfg)
        except BuildError as e:
            fail(f"build failed: {e}", e.log_tail)

    def qemu_argv(self, extra=()):
        try:
            return qemu.command(self.cfg, self.firmware, self.payload, self.monitor, self.disk,
                                [*self.image_args, *extra], stub=self.stub)
        except qemu.QemuError as e:
            fail(str(e))


def cmd_build(args, builder):
    deps(args, "core")
    t = Target(args, builder)
    for what in ("monitor", "firmware", "payload", "disk"):
        if getattr(t, what):
            print(f"{what}: {getattr(t, what)}")
    return 0


def cmd_run(args, builder, debug=False):
    deps(args, "core", "images")
    t = Target(args, builder)
    extra = list(args.qemu_arg or [])
    if debug:
        extra += ["-s", "-S"]
    argv = t.qemu_argv(extra)
    print("runner: " + shlex.join(argv), flush=True)
    if debug:
        print(f"runner: QEMU waits for gdb on :{GDB_PORT}; in another terminal run `make gdb` "
              f"with the same CONFIG/FIRMWARE/PAYLOAD. Quit QEMU with Ctrl-A X.", flush=True)
    else:
        print("runner: quit QEMU with Ctrl-A X", flush=True)
    return qemu.run_interactive(argv, args.timeout)


def cmd_gdb(args, builder):
    deps(args, "core", "gdb")
    t = Target(args, builder)
    # The monitor ELF (or the native firmware) is the main symbol file; the firmware and payload
    # symbols are added at their own link addresses. Raw images carry no symbols.
    main = t.firmware if t.native else t.monitor
    extra_files = [] if t.native else [t.firmware]
    if t.payload:
        extra_files.append(t.payload)
    argv = ["gdb-multiarch", "-q", main, "-ex", "set confirm off"]
    for f in extra_files:
        if load_address(f) is not None:
            argv += ["-ex", f"add-symbol-file {f}"]
    argv += ["-ex", "set confirm on", "-ex", f"target remote :{GDB_PORT}", *args.gdb_args]
    print("runner: " + shlex.join(argv), flush=True)
    return subprocess.call(argv)


def cmd_test(args, builder):
    deps(args, "core", "images")
    try:
        tests = manifest.load(args.manifest)
    except manifest.ManifestError as e:
        fail(f"manifest error: {e}", code=2)
    names = args.names or manifest.default_names(tests)
    return suite.Suite(builder, args.timeout).run(names, tests)


def cmd_check_config(args, builder):
    paths = []
    for c in args.configs or [configmod.DEFAULT_CONFIG]:
        if os.path.isdir(c):
            paths += sorted(os.path.join(c, f) for f in os.listdir(c) if f.endswith(".toml"))
        else:
            paths.append(c)
    bad = 0
    for p in paths:
        try:
            cfg = configmod.load(p)
        except configmod.ConfigError as e:
            print(f"config error: {e}", file=sys.stderr)
            bad += 1
            continue
        if len(paths) == 1:
            sys.stdout.write(configmod.describe(cfg))
        print(f"ok: {os.path.relpath(cfg['path'], REPO)}")
    return 2 if bad else 0


def parser():
    p = argparse.ArgumentParser(prog="runner.py", description=__doc__.split("\n")[0])
    p.add_argument("--build-dir", default=os.path.join(REPO, "build"), help="output directory (O=)")
    p.add_argument("--no-deps", action="store_true", help="skip runner/deps.sh")
    p.add_argument("--monitor-elf", help="use this monitor ELF instead of building one")
    sub = p.add_subparsers(dest="command", required=True)

    def selection(sp):
        sp.add_argument("-c", "--config", default="", help="configs/<name>.toml or a path")
        sp.add_argument("-f", "--firmware", default="", help="firmware/<name>, a path or an image name")
        sp.add_argument("-p", "--payload", default=None, help="payload/<name>, a path or an image name")
        sp.add_argument("--native", action="store_true", help="run the firmware without the monitor")

    selection(sub.add_parser("build", help="build only"))
    for name in ("run", "debug"):
        sp = sub.add_parser(name, help=f"{name} in QEMU")
        selection(sp)
        sp.add_argument("--timeout", type=float, default=None, help="stop QEMU after S seconds")
        sp.add_argument("--qemu-arg", action="append", help="extra QEMU argument (repeatable)")
    sp = sub.add_parser("gdb", help="attach gdb-multiarch to `debug`")
    selection(sp)
    sp.add_argument("gdb_args", nargs=argparse.REMAINDER, help="extra gdb arguments after --")
    sp = sub.add_parser("test", help="run integration tests")
    sp.add_argument("names", nargs="*", help="tests to run (default: all, plus unit)")
    sp.add_argument("--timeout", type=float, default=None, help="override every test's timeout")
    sp.add_argument("--manifest", default=manifest.MANIFEST)
    sp = sub.add_parser("check-config", help="validate configs")
    sp.add_argument("configs", nargs="*", help="names, files or directories")
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    if getattr(args, "gdb_args", None) and args.gdb_args[0] == "--":
        args.gdb_args = args.gdb_args[1:]
    builder = Builder(args.build_dir, args.monitor_elf, quiet=args.command == "test")
    cmds = {"build": cmd_build, "run": cmd_run, "debug": lambda a, b: cmd_run(a, b, debug=True),
            "gdb": cmd_gdb, "test": cmd_test, "check-config": cmd_check_config}
    return cmds[args.command](args, builder)


if __name__ == "__main__":
    sys.exit(main())
