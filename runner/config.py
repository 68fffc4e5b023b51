"""Monitor configuration: TOML file -> validated settings -> config.h + config.mk.

Field names follow the original Miralis configs (spec 10.1) so its files keep working here,
minus the fields it dropped or we do not implement. Every unknown table or field and every bad
value is rejected before anything is built: a config typo must never silently become a default.
The generated files follow docs/build-contract.md ("Generated configuration").
"""

import difflib
import os
import re
import sys
import tomllib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG_DIR = os.path.join(REPO, "configs")
DEFAULT_CONFIG = "qemu-virt"

LOG_LEVELS = ["off", "error", "warn", "info", "debug", "trace"]   # index = CONFIG_LOG_LEVEL
PROFILES = ["dev", "release"]
# The platforms, by their config name (the original's), with what the runner needs to know of
# each; the monitor's board facts are in src/platform/<src>.c (docs/platforms.md):
#   src      the platform file, src/platform/<src>.c
#   board    the test firmwares' console and exit, firmware/common/board/<board>.c
#   machine  the QEMU -M that emulates it; None: real hardware only (`make build`, no run or test)
#   harts    harts the hardware has (None: as many as QEMU is given)
# A platform file without a row here is real hardware under its file name: adding a board takes
# its file and a config; a row only adds a QEMU machine or a hart limit.
PLATFORM_DIR = os.path.join(REPO, "src", "platform")
_PLATFORM_ROWS = {
    "qemu_virt": {"src": "virt", "board": "virt", "machine": "virt", "harts": None},
    "miralis": {"src": "miralis", "board": "virt", "machine": "virt", "harts": None},
    "spike": {"src": "spike", "board": "spike", "machine": "spike", "harts": None},
    "qemu_sifive_u": {"src": "sifive_u", "board": None, "machine": "sifive_u", "harts": None},
    "visionfive2": {"src": "visionfive2", "board": None, "machine": None, "harts": 5},
    "premierp550": {"src": "premierp550", "board": None, "machine": None, "harts": 4},
}


def _platforms():
    files = sorted(f[:-2] for f in os.listdir(PLATFORM_DIR) if f.endswith(".c")) \
        if os.path.isdir(PLATFORM_DIR) else []
    rows = {n: p for n, p in _PLATFORM_ROWS.items() if p["src"] in files}
    known = {p["src"] for p in rows.values()}
    rows.update({f: {"src": f, "board": None, "machine": None, "harts": None}
                 for f in files if f not in known})
    return rows


PLATFORMS = _platforms()
BUILT_PLATFORMS = {name: p["src"] for name, p in PLATFORMS.items()}
QEMU_MACHINES = sorted({p["machine"] for p in PLATFORMS.values() if p["machine"]})
IMPLEMENTED_MODULES = ["exit_counter", "exit_counter_per_cause", "boot_counter", "offload",
                       "protect_payload", "keystone"]
KNOWN_MODULES = []        # every module of the original is implemented
# [protect_payload] (the sandbox, docs/sandbox.md)
PP_HASH_ALGS = {"sha256": 0, "sha3-256": 1}      # value = enum pp_hash_alg
PP_HOST_DIGEST = "host"                          # expected digest computed by the runner
MAX_HARTS = 8
MAX_PMP = 64              # architectural maximum (priv spec, PMP chapter): 64 pmpaddr registers
U64 = 1 << 64


class ConfigError(Exception):
    """A config is unusable; the message names the file, the field and what is allowed."""


# ---- field validators: each takes (where, value) and returns the value or raises ConfigError ----

def _type_name(v):
    return {bool: "a boolean", int: "an integer", str: "a string", list: "a list",
            dict: "a table", float: "a float"}.get(type(v), type(v).__name__)


def _num(v):
    """Addresses and sizes read best in hex, counts in decimal."""
    return f"{v:#x}" if v >= 0x1000 else str(v)


def _bool(where, v):
    if not isinstance(v, bool):
        raise ConfigError(f"{where}: expected true or false, got {_type_name(v)} ({v!r})")
    return v


def _int(lo, hi, align=1):
    def check(where, v):
        # bool is an int subclass in Python; `true` must not pass as 1.
        if isinstance(v, bool) or not isinstance(v, int):
            raise ConfigError(f"{where}: expected an integer, got {_type_name(v)} ({v!r})")
        if not lo <= v <= hi:
            raise ConfigError(f"{where}: {_num(v)} is out of range, allowed {_num(lo)}..{_num(hi)}")
        if v % align:
            raise ConfigError(f"{where}: {v:#x} must be a multiple of {align:#x}")
        return v
    return check


def _choice(choices, hint=None):
    def check(where, v):
        if not isinstance(v, str):
            raise ConfigError(f"{where}: expected a string, got {_type_name(v)} ({v!r})")
        if v not in choices:
            raise ConfigError(f"{where}: {v!r} is not allowed; allowed: "
                              f"{', '.join(choices)}{_did_you_mean(v, choices)}")
        return v
    return check


def _string(pattern=None, what="a string"):
    def check(where, v):
        if not isinstance(v, str):
            raise ConfigError(f"{where}: expected {what}, got {_type_name(v)} ({v!r})")
        if pattern and not re.fullmatch(pattern, v):
            raise ConfigError(f"{where}: {v!r} is not {what}")
        return v
    return check


# Module paths end up inside a C string literal in config.h: keep them to a safe alphabet.
_MODULE_NAME = r"[A-Za-z0-9_:./-]+"


def _name_list(where, v):
    if not isinstance(v, list):
        raise ConfigError(f"{where}: expected a list of module names, got {_type_name(v)} ({v!r})")
    for i, item in enumerate(v):
        if not isinstance(item, str) or not re.fullmatch(_MODULE_NAME, item):
            raise ConfigError(f"{where}[{i}]: {item!r} is not a module name "
                              f"(letters, digits and _ : . / -)")
    return list(v)


def _modules(where, v):
    _name_list(where, v)
    seen = set()
    for m in v:
        if m in KNOWN_MODULES:
            raise ConfigError(f"{where}: module {m!r} is known from the original Miralis but not "
                              f"implemented yet; implemented: {', '.join(IMPLEMENTED_MODULES)}")
        if m not in IMPLEMENTED_MODULES:
            known = f"; known but not implemented: {', '.join(KNOWN_MODULES)}" if KNOWN_MODULES else ""
            raise ConfigError(f"{where}: unknown module {m!r}; implemented: "
                              f"{', '.join(IMPLEMENTED_MODULES)}{known}"
                              f"{_did_you_mean(m, IMPLEMENTED_MODULES + KNOWN_MODULES)}")
        if m in seen:
            raise ConfigError(f"{where}: module {m!r} is listed twice")
        seen.add(m)
    return list(v)


def _memory(where, v):
    # QEMU's -m takes a plain number of MiB or a number with a K/M/G suffix; the original
    # writes it as a string ("2048M"). An integer is taken as MiB.
    if isinstance(v, int) and not isinstance(v, bool) and v > 0:
        return f"{v}M"
    if isinstance(v, str) and re.fullmatch(r"[1-9][0-9]*[KMG]?", v):
        return v
    raise ConfigError(f"{where}: {v!r} is not a memory size; use e.g. \"256M\", \"2G\" or an "
                      f"integer number of MiB")


_ADDR = _int(0, U64 - 1, 4)
_STACK = _int(0x1000, 0x1000000, 16)


def _target(name, start):
    """[target.miralis|firmware|payload]: same fields as the original (spec 10.1)."""
    return {"name": (_string(), name), "profile": (_choice(PROFILES), "dev"),
            "start_address": (_ADDR, start), "stack_size": (_STACK, 0x8000)}


# Nested dicts are tables; a leaf is (validator, default). A default of None means "not set".
SCHEMA = {
    "log": {
        "level": (_choice(LOG_LEVELS), "info"),
        "color": (_bool, True),
        **{lvl: (_name_list, []) for lvl in LOG_LEVELS[1:]},
    },
    "debug": {
        "max_firmware_exits": (_int(0, U64 - 1), 0),     # 0 = unlimited (contract)
        "nb_iter": (_int(0, U64 - 1), 0),                # 0 = the benchmark firmware's own choice
        # Not in the original: the payload reaches the ABI's exit and log only if set (tests)
        "payload_abi": (_bool, False),
        # Not in the original: hold this hart back until the boot hart runs the payload; -1 = none
        "late_hart": (_int(-1, MAX_HARTS - 1), -1),
    },
    "vcpu": {
        "max_pmp": (_int(0, MAX_PMP), MAX_PMP),
        "delegate_perf_counters": (_bool, False),
        "trap_payload_time": (_bool, False),
    },
    "platform": {
        "name": (_choice(list(PLATFORMS)), "qemu_virt"),
        "nb_harts": (_int(1, MAX_HARTS), 1),
        "boot_hart_id": (_int(0, MAX_HARTS - 1), 0),
    },
    "qemu": {
        # A machine plus options ("virt,aia=aplic"); the default is the platform's machine, and
        # only that machine may be named (a platform file knows one memory map).
        "machine": (_string(rf"({'|'.join(QEMU_MACHINES)})(,[A-Za-z0-9_.=-]+)*",
                            f"one of {', '.join(QEMU_MACHINES)}, maybe with ,<options>"), None),
        "cpu": (_string(r"[A-Za-z0-9_.,=-]+", "a QEMU -cpu value"), "none"),  # none: QEMU default
        "memory": (_memory, "2048M"),
        "disk": (_string(r"[A-Za-z0-9_.+-]+", "an image name"), None),
        "path": (_string(), None),                                             # dir of the QEMU binary
    },
    "target": {
        "miralis": _target("miralis", 0x80000000),
        "firmware": _target("default", 0x80200000),
        "payload": _target("", 0x80400000),
    },
    "modules": {
        "modules": (_modules, []),
        # Ed25519 seed of the keystone policy's device (root) key; unset = the published
        # development key (docs/keystone.md, "Provisioning a device key").
        "keystone_device_key": (_string(r"[0-9a-fA-F]{64}", "64 hex digits (a 32-byte Ed25519 seed)"),
                                None),
    },
    # The sandbox's measurement of the payload (docs/sandbox.md, "Measurement").
    "protect_payload": {
        "hash": (_choice(list(PP_HASH_ALGS)), "sha256"),
        # bytes from [target.payload] start_address; 0 = the size of the payload image loaded
        "size": (_int(0, U64 - 1), 0),
        # 64 hex digits, or "host": the runner computes it from the payload it loads (tests)
        "expected": (_string(r"[0-9a-fA-F]{64}|" + PP_HOST_DIGEST,
                             f"64 hex digits or \"{PP_HOST_DIGEST}\""), None),
        "on_mismatch": (_choice(["stop", "continue"]), "stop"),
    },
}


def _did_you_mean(word, options):
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_table(parts, table, schema):
    """Validate one TOML table (path `parts`) against its schema; return it with defaults."""
    label = "[" + ".".join(parts) + "]" if parts else "top level"
    if not isinstance(table, dict):
        raise ConfigError(f"{label}: expected a table, got {_type_name(table)} ({table!r})")
    kind = "table" if all(isinstance(v, dict) for v in schema.values()) else "field"
    for key in table:
        if key not in schema:
            raise ConfigError(f"{label}: unknown {kind} {key!r}; allowed: "
                              f"{', '.join(schema)}{_did_you_mean(key, schema)}")
    out = {}
    for key, spec in schema.items():
        if isinstance(spec, dict):
            out[key] = _check_table(parts + [key], table.get(key, {}), spec)
        else:
            check, default = spec
            out[key] = check(f"{label} {key}", table[key]) if key in table else default
    return out


def _cross_checks(path, cfg):
    """Constraints between fields that no single-field check can see."""
    plat, tgt = cfg["platform"], cfg["target"]
    if plat["boot_hart_id"] >= plat["nb_harts"]:
        raise ConfigError(f"{path}: [platform] boot_hart_id {plat['boot_hart_id']} must be below "
                          f"nb_harts ({plat['nb_harts']})")
    p = PLATFORMS[plat["name"]]
    if p["harts"] is not None and plat["nb_harts"] > p["harts"]:
        raise ConfigError(f"{path}: [platform] nb_harts {plat['nb_harts']}: {plat['name']} has "
                          f"{p['harts']} harts")
    q = cfg["qemu"]
    if q["machine"] is None:
        q["machine"] = p["machine"]
    elif q["machine"].split(",")[0] != p["machine"]:
        raise ConfigError(f"{path}: [qemu] machine {q['machine']!r} does not fit [platform] name "
                          f"{plat['name']!r}, which runs on QEMU's {p['machine'] or 'nothing'!r}")
    late = cfg["debug"]["late_hart"]
    if late != -1 and (late >= plat["nb_harts"] or late == plat["boot_hart_id"]):
        raise ConfigError(f"{path}: [debug] late_hart {late} must be below nb_harts "
                          f"({plat['nb_harts']}) and not the boot hart, or -1")
    if "protect_payload" in cfg["modules"]["modules"] and cfg["protect_payload"]["expected"] is None:
        raise ConfigError(f"{path}: module 'protect_payload' needs [protect_payload] expected (the "
                          f"payload's digest, 64 hex digits, or \"{PP_HOST_DIGEST}\")")
    starts = {k: tgt[k]["start_address"] for k in ("miralis", "firmware", "payload")}
    for a, b in (("miralis", "firmware"), ("miralis", "payload"), ("firmware", "payload")):
        if starts[a] == starts[b]:
            raise ConfigError(f"{path}: [target.{a}] and [target.{b}] start_address are both "
                              f"{starts[a]:#x}; each image needs its own place")


def resolve_path(config):
    """A config argument is a path to a .toml file or a name in configs/ (without .toml)."""
    if not config:
        config = DEFAULT_CONFIG
    if os.path.isfile(config):
        return os.path.abspath(config)
    candidate = os.path.join(CONFIG_DIR, config if config.endswith(".toml") else config + ".toml")
    if os.path.isfile(candidate):
        return candidate
    names = sorted(f[:-5] for f in os.listdir(CONFIG_DIR) if f.endswith(".toml")) \
        if os.path.isdir(CONFIG_DIR) else []
    raise ConfigError(f"{config}: no such config file, and not a name in configs/; "
                      f"known: {', '.join(names)}{_did_you_mean(config, names)}")


def load(config):
    """Read and validate a config (name or path). Returns a dict with every field resolved,
    plus 'name' (the file stem, used for the build directory) and 'path'."""
    path = resolve_path(config)
    rel = os.path.relpath(path, REPO) if path.startswith(REPO + os.sep) else path
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{rel}: not valid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"{rel}: cannot read: {e.strerror}") from None
    try:
        cfg = _check_table([], raw, SCHEMA)
    except ConfigError as e:
        # Field-level messages name "[table] field"; the file name is added here, once.
        raise ConfigError(f"{rel}: {e}") from None
    _cross_checks(rel, cfg)
    cfg["name"] = os.path.splitext(os.path.basename(path))[0]
    cfg["path"] = path
    return cfg


# ---- generation ----

def _level(name):
    return LOG_LEVELS.index(name)


def log_filters(cfg):
    """Per-module levels in first-seen order; a module listed at several levels keeps the most
    verbose one, because each list *enables* its level for the module (spec 1.5)."""
    filters = {}
    for lvl in LOG_LEVELS[1:]:
        for mod in cfg["log"][lvl]:
            filters[mod] = max(filters.get(mod, 0), _level(lvl))
    return filters


def _c_int(v):
    """Decimal when small; hex above int range, where a decimal literal could be too large for
    any signed type (GCC warns, and -Werror makes that fatal)."""
    return str(v) if v < 1 << 31 else f"{v:#x}"


def _source(cfg):
    return os.path.relpath(cfg["path"], REPO) if cfg["path"].startswith(REPO + os.sep) else cfg["path"]


def _device_key_lines(cfg):
    key = cfg["modules"].get("keystone_device_key")
    if key is None:
        return []
    return ["#define CONFIG_KEYSTONE_DEVICE_KEY " +
            ", ".join(f"0x{key[i:i + 2].lower()}" for i in range(0, 64, 2))]


def render_header(cfg):
    t, log = cfg["target"], cfg["log"]
    filters = log_filters(cfg)
    level = _level(log["level"])
    max_level = max([level, *filters.values()])
    # Each pair carries its own trailing comma so both `{ CONFIG_LOG_FILTERS }` and
    # `{ CONFIG_LOG_FILTERS { NULL, 0 } }` are valid C11 initialisers, even with no filter.
    filt = " ".join(f'{{ "{m}", {lv} }},' for m, lv in filters.items())
    mods = " ".join(f"X({m})" for m in cfg["modules"]["modules"])
    release = 1 if t["miralis"]["profile"] == "release" else 0
    lines = [
        f"/* Generated by runner/config.py from {_source(cfg)}; do not edit. */",
        "/* Plain integer literals (no UL suffix) so that assembly files may include it too. */",
        "#ifndef MIRALIS_GEN_CONFIG_H",
        "#define MIRALIS_GEN_CONFIG_H",
        "",
        f'#define CONFIG_PLATFORM_NAME "{cfg["platform"]["name"]}"',
        f"#define CONFIG_NB_HARTS {cfg['platform']['nb_harts']}",
        f"#define CONFIG_BOOT_HART_ID {cfg['platform']['boot_hart_id']}",
        f"#define CONFIG_MONITOR_START {t['miralis']['start_address']:#x}",
        f"#define CONFIG_STACK_SIZE {t['miralis']['stack_size']:#x}",
        f"#define CONFIG_FIRMWARE_START {t['firmware']['start_address']:#x}",
        f"#define CONFIG_PAYLOAD_START {t['payload']['start_address']:#x}",
        f"#define CONFIG_LOG_LEVEL {level} /* {log['level']} */",
        f"#define CONFIG_LOG_MAX_LEVEL {max_level}",
        f"#define CONFIG_LOG_FILTERS {filt}".rstrip(),
        f"#define CONFIG_LOG_NB_FILTERS {len(filters)}",
        f"#define CONFIG_LOG_COLOR {int(log['color'])}",
        f"#define CONFIG_MAX_FIRMWARE_EXITS {_c_int(cfg['debug']['max_firmware_exits'])}",
        f"#define CONFIG_NB_ITER {_c_int(cfg['debug']['nb_iter'])}",
        f"#define CONFIG_PAYLOAD_ABI {int(cfg['debug']['payload_abi'])}",
        f"#define CONFIG_LATE_HART ({cfg['debug']['late_hart']})",
        f"#define CONFIG_VCPU_MAX_PMP {cfg['vcpu']['max_pmp']}",
        f"#define CONFIG_DELEGATE_PERF_COUNTERS {int(cfg['vcpu']['delegate_perf_counters'])}",
        f"#define CONFIG_TRAP_PAYLOAD_TIME {int(cfg['vcpu']['trap_payload_time'])}",
        f"#define CONFIG_RELEASE {release}",
        f"#define CONFIG_MODULES(X) {mods}".rstrip(),
        *_render_protect_payload(cfg),
        *_device_key_lines(cfg),
        "",
        "#endif /* MIRALIS_GEN_CONFIG_H */",
        "",
    ]
    return "\n".join(lines)


def _render_protect_payload(cfg):
    """The sandbox's measurement settings; the digest and size must be resolved by then
    (resolve_measurement) when the module is installed."""
    pp = cfg["protect_payload"]
    digest = pp["expected"] if pp["expected"] not in (None, PP_HOST_DIGEST) else "00" * 32
    if "protect_payload" in cfg["modules"]["modules"] and \
            (pp["expected"] in (None, PP_HOST_DIGEST) or pp["size"] == 0):
        raise ConfigError(f"{cfg['name']}: [protect_payload] expected/size are resolved from the "
                          f"payload image, and this run has none")
    data = ", ".join(f"0x{digest[i:i + 2].lower()}" for i in range(0, 64, 2))
    return [
        f"#define CONFIG_PP_HASH_ALG {PP_HASH_ALGS[pp['hash']]}",
        f'#define CONFIG_PP_HASH_NAME "{pp["hash"]}"',
        f"#define CONFIG_PP_HASH_SIZE {_c_int(pp['size'])}",
        f"#define CONFIG_PP_EXPECTED_DIGEST {{ {data} }}",
        f"#define CONFIG_PP_STOP_ON_MISMATCH {int(pp['on_mismatch'] == 'stop')}",
    ]


def resolve_measurement(cfg, payload):
    """For the sandbox: fill [protect_payload] size 0 and expected "host" from the payload file
    this run loads (the digest computed here with hashlib, never by the monitor). Returns cfg
    itself when nothing is to resolve, else a copy whose name (build directory) carries the
    digest."""
    pp = cfg["protect_payload"]
    if "protect_payload" not in cfg["modules"]["modules"] or \
            (pp["expected"] != PP_HOST_DIGEST and pp["size"] != 0):
        return cfg
    if not payload:
        raise ConfigError(f"{cfg['name']}: [protect_payload] expected = \"{PP_HOST_DIGEST}\" or "
                          f"size = 0 needs a payload to measure")
    import measure
    start = cfg["target"]["payload"]["start_address"]
    image, entry = measure.memory_image(payload, start)
    size = pp["size"] or len(image)
    expected = pp["expected"]
    if expected == PP_HOST_DIGEST:
        expected = measure.digest(pp["hash"], image, size, entry)
    out = dict(cfg)
    out["protect_payload"] = dict(pp, size=size, expected=expected)
    out["name"] = f"{cfg['name']}-pp{expected[:12].lower()}-{size:x}"
    return out


def render_mk(cfg):
    t = cfg["target"]
    return "\n".join([
        f"# Generated by runner/config.py from {_source(cfg)}; do not edit.",
        f"PROFILE   := {t['miralis']['profile']}",
        f"PLATFORM  := {BUILT_PLATFORMS[cfg['platform']['name']]}",
        f"NB_HARTS  := {cfg['platform']['nb_harts']}",
        f"MONITOR_START := {t['miralis']['start_address']:#x}",
        "",
    ])


def _write_if_changed(path, text):
    """Leave an up-to-date file untouched so make does not rebuild the monitor for nothing."""
    try:
        with open(path) as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


def generate(cfg, out_dir):
    """Write config.h and config.mk into out_dir; return the directory."""
    os.makedirs(out_dir, exist_ok=True)
    _write_if_changed(os.path.join(out_dir, "config.h"), render_header(cfg))
    _write_if_changed(os.path.join(out_dir, "config.mk"), render_mk(cfg))
    return out_dir


def describe(cfg):
    """The resolved config as TOML-like text (every field, defaults included)."""
    def fmt(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return f"{v:#x}" if v >= 0x1000 else str(v)
        if isinstance(v, list):
            return "[" + ", ".join(f'"{x}"' for x in v) + "]"
        return f'"{v}"'
    out = [f"# {cfg['path']} (resolved, defaults included)"]
    def walk(parts, schema, values):
        leaves = [k for k, v in schema.items() if not isinstance(v, dict)]
        if leaves:
            out.append("\n[" + ".".join(parts) + "]")
            out.extend(f"# {k}: not set" if values[k] is None else f"{k} = {fmt(values[k])}"
                       for k in leaves)
        for k, v in schema.items():
            if isinstance(v, dict):
                walk(parts + [k], v, values[k])
    walk([], SCHEMA, cfg)
    return "\n".join(out) + "\n"


def main(argv):
    """python3 runner/config.py CONFIG [OUT_DIR]: validate (and generate if OUT_DIR is given)."""
    if len(argv) not in (2, 3):
        print("usage: config.py CONFIG [OUT_DIR]", file=sys.stderr)
        return 2
    try:
        cfg = load(argv[1])
    except ConfigError as e:
        print(f"config error: {e}", file=sys.stderr)
        return 2
    if len(argv) == 3:
        generate(cfg, argv[2])
    else:
        sys.stdout.write(describe(cfg))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
