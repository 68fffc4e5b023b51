"""Building what a run needs: the monitor for a config, firmwares and payloads at an address.

Every build goes through the make interfaces of docs/build-contract.md; this file only chooses
the arguments and the output directories:
    <build>/<config>/gen/{config.h,config.mk}   <build>/<config>/monitor.elf
    <build>/firmware/<name>-<ADDR>.elf          <build>/payload/<name>-<ADDR>.elf
    <build>/firmware-<board>/..., <build>/payload-<board>/...   for boards other than virt
    <build>/unit/                               <build>/logs/<what>.log (build output)
A failed build raises BuildError carrying the tail of its log, so the test runner can fail the
tests that needed it and go on with the others.
"""

import importlib
import os
import shlex
import subprocess
import sys

import config as configmod
import output
from elfinfo import load_address

REPO = configmod.REPO
NATIVE_ADDR = 0x80000000          # QEMU virt enters -bios here (toolchain notes 2)
MONITOR_PREFIX = "monitor:"       # firmware = "monitor:<config>": a monitor as the firmware (issue 3)
DEFAULT_BOARD = "virt"            # firmware/common/board/virt.c; other boards build apart
BUILD_TIMEOUT = 900               # seconds; a wedged compiler must not hang CI


class BuildError(Exception):
    def __init__(self, message, log_tail=()):
        super().__init__(message)
        self.log_tail = list(log_tail)


def make_env():
    """The environment for sub-makes, without the calling make's state.

    A top-level `make test O=x TEST=y` exports its command-line variables through MAKEFLAGS;
    they would override the O= of `make -C firmware` and leak into every sub-build."""
    env = dict(os.environ)
    for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MAKE_TERMOUT", "MAKE_TERMERR"):
        env.pop(var, None)
    return env


def run_make(args, log_path, timeout=BUILD_TIMEOUT):
    """Run make with args (-j2: the machine is shared); log everything; raise BuildError."""
    argv = ["make", "--no-print-directory", "-j2", *args]
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "w") as log:
        log.write("$ " + shlex.join(argv) + "\n")
        log.flush()
        try:
            proc = subprocess.run(argv, cwd=REPO, env=make_env(), stdin=subprocess.DEVNULL,
                                  stdout=log, stderr=subprocess.STDOUT, timeout=timeout)
        except subprocess.TimeoutExpired:
            proc = None
    with open(log_path, errors="replace") as log:
        text = log.read()
    if proc is None or proc.returncode != 0:
        why = "timed out" if proc is None else f"failed (exit {proc.returncode})"
        # Compiler command lines are long and say little: the end of the log holds the error.
        tail = [ln if len(ln) <= 160 else ln[:157] + "..." for ln in output.tail(text, 12)]
        raise BuildError(f"`{' '.join(argv)}` {why}; log: {shown(log_path)}", tail)


def shown(path):
    """Paths inside the repo relative to it, others absolute."""
    return os.path.relpath(path, REPO) if path.startswith(REPO + os.sep) else path


def hexaddr(addr):
    return f"{addr:#x}"


def _images_module():
    """runner/images.py (owned by the images work): `ensure(name, progress) -> dict`.

    Keys used here: "kind" ("firmware" or "payload"), the file under that same key, and
    "qemu_args" (extra QEMU arguments such as -initrd/-append). Returns None while the module
    is absent."""
    if not os.path.exists(os.path.join(os.path.dirname(__file__), "images.py")):
        return None
    try:
        mod = importlib.import_module("images")
    except Exception as e:          # a half-written images.py must not take the runner down
        raise BuildError(f"runner/images.py failed to import: {e}") from None
    return mod if hasattr(mod, "ensure") else None


def image_names():
    try:
        mod = _images_module()
    except BuildError:
        return []
    names = (getattr(mod, "names", None) or getattr(mod, "NAMES", None)) if mod else None
    try:
        return sorted(names() if callable(names) else names or [])
    except Exception:
        return []


def image_info(name, progress=None):
    """ensure(name) of runner/images.py, or None if it does not know the name."""
    mod = _images_module()
    if mod is None or name not in image_names():
        return None
    progress = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
    try:
        return mod.ensure(name, progress)
    except Exception as e:
        raise BuildError(f"image {name!r}: {e}") from None


class Builder:
    """Builds on demand and remembers results (and failures) for one runner invocation."""

    def __init__(self, build_dir, monitor_elf=None, quiet=False):
        self.build_dir = os.path.abspath(build_dir)
        self.monitor_elf = monitor_elf and os.path.abspath(monitor_elf)
        self.quiet = quiet
        self._done = {}

    def _once(self, key, fn):
        if key not in self._done:
            try:
                self._done[key] = (True, fn())
            except BuildError as e:
                self._done[key] = (False, e)
        ok, val = self._done[key]
        if not ok:
            raise val
        return val

    def _say(self, msg):
        if not self.quiet:
            print(f"runner: {msg}", flush=True)

    def log(self, what):
        return os.path.join(self.build_dir, "logs", what + ".log")

    # ---- the monitor ----

    def config_dir(self, cfg):
        out = os.path.join(self.build_dir, cfg["name"])
        return configmod.generate(cfg, os.path.join(out, "gen"))

    def monitor(self, cfg, use_given=True):
        """<build>/<config>/monitor.elf (or the --monitor-elf given to the runner, except for an
        inner monitor: use_given=False)."""
        if self.monitor_elf and use_given:
            return self.monitor_elf

        def build():
            # The nested build (monitor as a firmware) comes later; say so instead of a make error.
            if cfg["platform"]["name"] == "miralis" and \
                    not os.path.exists(os.path.join(REPO, "src", "platform", "miralis.c")):
                raise BuildError(f"{cfg['name']}: [platform] name 'miralis' (nested build) is not "
                                 f"implemented yet: src/platform/miralis.c does not exist")
            out = os.path.join(self.build_dir, cfg["name"])
            gen = self.config_dir(cfg)
            self._say(f"building the monitor ({cfg['name']})")
            run_make(["monitor", f"O={out}", f"CONFIG_DIR={gen}"], self.log(f"monitor-{cfg['name']}"))
            elf = os.path.join(out, "monitor.elf")
            if not os.path.isfile(elf):
                raise BuildError(f"make monitor succeeded but {elf} is missing")
            return elf
        return self._once(("monitor", cfg["name"]), build)

    def monitor_for(self, cfg, payload):
        """The monitor for a run of `payload`: with the sandbox, its measurement settings are
        resolved from that payload first (config.resolve_measurement)."""
        try:
            resolved = configmod.resolve_measurement(cfg, payload)
        except (configmod.ConfigError, ValueError, OSError) as e:
            raise BuildError(f"payload measurement: {e}") from None
        return self.monitor(resolved)

    # ---- firmwares and payloads ----

    def image_info(self, name):
        """ensure(name) of runner/images.py (building the image on first use, with progress on
        stderr), or None for a name it does not know. Remembered, failures too: a Linux build
        that failed once is not retried by every test that needs it."""
        if name not in image_names():
            return None

        def progress(msg):
            print(msg, file=sys.stderr, flush=True)
        return self._once(("image", name), lambda: image_info(name, progress))

    def image_unavailable(self, name):
        """Why image `name` can be neither found in the cache nor built here, or None."""
        mod = _images_module()
        check = getattr(mod, "unavailable", None) if mod else None
        return check(name) if check else None

    def image(self, kind, spec, addr, board=DEFAULT_BOARD):
        """kind is "firmware" or "payload"; spec a directory name under kind/, a file path, or an
        image name known to runner/images.py. Returns the path of a file to load. A local guest
        is built for `board` (firmware/common/board/<board>.c: its console and exit)."""
        if self.is_local(kind, spec):
            return self._once((kind, spec, addr, board),
                              lambda: self._make_image(kind, spec, addr, board))
        if os.path.isfile(spec):
            return os.path.abspath(spec)
        if kind == "firmware" and spec.startswith(MONITOR_PREFIX):
            raise BuildError(f"{spec!r}: a monitor as the firmware needs the monitor's own config "
                             f"(Builder.firmware)")
        info = self.image_info(spec)
        if info is not None:
            if not info.get(kind):
                raise BuildError(f"image {spec!r} is a {info.get('kind', 'different kind of image')}, "
                                 f"not a {kind}")
            return info[kind]
        local = sorted(d for d in os.listdir(os.path.join(REPO, kind))
                       if self.is_local(kind, d)) if os.path.isdir(os.path.join(REPO, kind)) else []
        images = image_names()
        raise BuildError(f"unknown {kind} {spec!r}: not a directory in {kind}/ "
                         f"({', '.join(local) or 'none'}), not a file, not an image "
                         f"({', '.join(images) or 'runner/images.py has none yet'})")

    def _image_specs(self, specs):
        """The infos of the specs that name runner/images.py images."""
        out = []
        for spec in specs:
            if spec and not self.is_local("firmware", spec) and not self.is_local("payload", spec) \
                    and not os.path.isfile(spec) and not spec.startswith(MONITOR_PREFIX):
                info = self.image_info(spec)
                if info:
                    out.append(info)
        return out

    def image_qemu_args(self, *specs):
        """Extra QEMU arguments that named images need (Linux: -initrd, -append)."""
        return [a for info in self._image_specs(specs) for a in info.get("qemu_args", [])]

    def image_script(self, *specs):
        """The first [[wait, send], ...] script of a named image (u-boot-typed), or []."""
        for info in self._image_specs(specs):
            if info.get("script"):
                return [list(step) for step in info["script"]]
        return []

    def image_kind(self, spec):
        """"firmware", "payload" or "boot-stub" for a runner/images.py image name, else None."""
        info = None if not spec or self.is_local("firmware", spec) or self.is_local("payload", spec) \
            or os.path.isfile(spec) or spec.startswith(MONITOR_PREFIX) else self.image_info(spec)
        return info.get("kind") if info else None

    def native_stub(self, cfg, spec):
        """For a native run: the jump stub that stands in for the monitor at 0x80000000, when the
        firmware is an image meant for the monitor's layout (Debian's OpenSBI at 0x80100000), so
        that it runs at the same address as under the monitor. None for every other firmware."""
        infos = self._image_specs([spec]) if spec else []
        if not infos or infos[0].get("kind") != "firmware" or infos[0].get("load_addr") in (None, NATIVE_ADDR):
            return None
        stub = self.image_info("jump-stub")
        if not stub:
            raise BuildError("runner/images.py has no jump-stub image for native runs of " + spec)
        start = cfg["target"]["firmware"]["start_address"]
        if stub.get("target") != start:
            raise BuildError(f"native {spec}: the jump stub enters {stub.get('target', 0):#x}, but "
                             f"{cfg['name']} puts the firmware at {start:#x} ([target.firmware] "
                             f"start_address)")
        return stub["firmware"]

    def nested(self, cfg, spec):
        """firmware = "monitor:<config>": the monitor built from configs/<config>.toml, to run as
        the firmware of the monitor of cfg (issue 3). Returns (inner monitor ELF, extra QEMU
        arguments loading the inner config's own firmware and payload at their addresses)."""
        name = spec[len(MONITOR_PREFIX):]
        try:
            inner = configmod.load(name)
        except configmod.ConfigError as e:
            raise BuildError(f"firmware {spec!r}: {e}") from None
        start = cfg["target"]["firmware"]["start_address"]
        if inner["target"]["miralis"]["start_address"] != start:
            raise BuildError(f"firmware {spec!r}: the inner monitor is linked at "
                             f"{inner['target']['miralis']['start_address']:#x} ([target.miralis] "
                             f"start_address of {inner['name']}), but {cfg['name']} enters its "
                             f"firmware at {start:#x}")
        if inner["name"] == cfg["name"]:
            raise BuildError(f"firmware {spec!r}: the inner monitor needs a config of its own")
        elf = self.monitor(inner, use_given=False)
        extra = []
        fw = inner["target"]["firmware"]["name"]
        fw_file = self.firmware(inner, fw, native=False)
        extra += ["-device", f"loader,file={fw_file}"] if load_address(fw_file) is not None else \
            ["-device", f"loader,file={fw_file},addr={inner['target']['firmware']['start_address']:#x},"
                        f"force-raw=on"]
        pl_file = self.payload(inner, inner["target"]["payload"]["name"])
        if pl_file:
            extra += ["-device", f"loader,file={pl_file}"] if load_address(pl_file) is not None else \
                ["-device", f"loader,file={pl_file},addr={inner['target']['payload']['start_address']:#x},"
                            f"force-raw=on"]
        return elf, extra

    @staticmethod
    def is_local(kind, spec):
        """A firmware/<name>/ or payload/<name>/ source directory, by the same rule as
        firmware/Makefile: it holds .c sources or a build.mk (common/ is the runtime)."""
        d = os.path.join(REPO, kind, spec)
        if "/" in spec or spec in ("common", ".", "..") or not os.path.isdir(d):
            return False
        return any(f.endswith(".c") or f == "build.mk" for f in os.listdir(d))

    def _make_image(self, kind, name, addr, board):
        sub = kind if board == DEFAULT_BOARD else f"{kind}-{board}"
        out = os.path.join(self.build_dir, sub)
        self._say(f"building {kind} {name} at {hexaddr(addr)}"
                  + ("" if board == DEFAULT_BOARD else f" for {board}"))
        run_make(["-C", kind, f"O={out}", f"BOARD={board}", f"NAME={name}", f"ADDR={hexaddr(addr)}"],
                 self.log(f"{sub}-{name}-{hexaddr(addr)}"))
        elf = os.path.join(out, f"{name}-{hexaddr(addr)}.elf")
        if not os.path.isfile(elf):
            raise BuildError(f"{kind} build succeeded but {elf} is missing")
        return elf

    def firmware(self, cfg, spec, native):
        if spec.startswith(MONITOR_PREFIX):
            if native:
                raise BuildError(f"firmware {spec!r} (a monitor) runs only under the monitor; "
                                 f"set native = false")
            return self.nested(cfg, spec)[0]
        addr = NATIVE_ADDR if native else cfg["target"]["firmware"]["start_address"]
        return self.image("firmware", spec, addr, self.board(cfg, "firmware", spec))

    def firmware_qemu_args(self, cfg, spec):
        """Extra QEMU arguments of the firmware spec: a nested monitor's own firmware."""
        return self.nested(cfg, spec)[1] if spec.startswith(MONITOR_PREFIX) else []

    def payload(self, cfg, spec):
        if not spec:
            return None
        return self.image("payload", spec, cfg["target"]["payload"]["start_address"],
                          self.board(cfg, "payload", spec))

    def board(self, cfg, kind, spec):
        """The board a local firmware or payload is built for: the config's platform's."""
        board = configmod.PLATFORMS[cfg["platform"]["name"]]["board"]
        if board is None and self.is_local(kind, spec):
            raise BuildError(f"{cfg['name']}: the test {kind}s have no console or exit for "
                             f"{cfg['platform']['name']} (real hardware): use a firmware image "
                             f"or file (docs/platforms.md)")
        return board or DEFAULT_BOARD

    def disk(self, cfg):
        """[qemu] disk: a raw disk image from runner/images.py, or None."""
        name = cfg["qemu"]["disk"]
        if not name:
            return None
        paths = self.image_info(name)
        if not paths or not paths.get("disk"):
            raise BuildError(f"{cfg['name']}: [qemu] disk {name!r}: runner/images.py provides no such "
                             f"disk ({', '.join(image_names()) or 'no images yet'})")
        return paths["disk"]
