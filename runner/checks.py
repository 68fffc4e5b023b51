"""Host-side checks of a test's output, named by a manifest test's `check` field.

Each check takes the monitor run's output text and a Context (config, monitor ELF) and returns
None when everything holds, or a one-line reason. They verify the monitor's claims with code that
shares nothing with it (Python's hashlib, python3-cryptography).
"""

import hashlib
import os
import re

import elfinfo


class Context:
    def __init__(self, cfg, monitor_elf, rerun=None):
        self.cfg = cfg
        self.monitor_elf = monitor_elf
        # rerun(): boots the same command once more and returns its output (None: timed out)
        self.rerun = rerun


# ---- keystone-attest (docs/keystone.md, "Attestation") ----

# src/policy/keystone_attest.c: the published development device seed.
KEYSTONE_DEV_SEED = b"MIRALIS-C KEYSTONE DEV KEY, TEST"
REPORT_SIZE = 1352
SEALING_SIZE = 192


def _hex_block(output, tag):
    """Concatenate the `keystone-attest: <tag> <offset> <hex>` lines, checking the offsets."""
    out = bytearray()
    for m in re.finditer(rf"^keystone-attest: {tag} ([0-9a-f]{{4}}) ([0-9a-f]*)\s*$", output, re.M):
        if int(m.group(1), 16) != len(out):
            return None
        out += bytes.fromhex(m.group(2))
    return bytes(out)


def _monitor_measurement(monitor_elf):
    """SHA3-512 of the monitor's code and read-only data, from the built image: the ELF entry
    (the start of .text) to the end of .rodata, read from monitor.bin (same bytes as loaded)."""
    start = elfinfo.entry(monitor_elf)
    rodata = elfinfo.section(monitor_elf, ".rodata")
    if start is None or rodata is None:
        return None
    with open(os.path.splitext(monitor_elf)[0] + ".bin", "rb") as f:
        image = f.read()
    end = rodata[0] + rodata[1]
    return hashlib.sha3_512(image[:end - start]).digest() if end - start <= len(image) else None


def keystone_attest(output, ctx):
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (Ed25519PrivateKey,
                                                                   Ed25519PublicKey)
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    m = re.search(r"^keystone-attest: sizes ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)\s*$", output, re.M)
    epm, report, sealing = (_hex_block(output, t) for t in ("epm", "report", "sealing"))
    if not m or epm is None or report is None or sealing is None:
        return "keystone-attest: sizes/epm/report/sealing lines missing or out of order"
    if len(report) != REPORT_SIZE or len(sealing) != SEALING_SIZE:
        return f"report is {len(report)} bytes, sealing key {len(sealing)} (want 1352, 192)"
    sizes = [int(g, 16) for g in m.groups()]
    if sum(sizes) != len(epm) or any(s % 0x1000 for s in sizes):
        return f"segment sizes {sizes} do not match the {len(epm)} EPM bytes printed"
    want_hash = hashlib.sha3_512(b"".join(s.to_bytes(8, "little") for s in sizes) + epm).digest()

    enc_hash, data_len = report[0:64], int.from_bytes(report[64:72], "little")
    enc_sig, sm_hash, sm_pub = report[1096:1160], report[1160:1224], report[1224:1256]
    sm_sig, dev_pub = report[1256:1320], report[1320:1352]
    if enc_hash != want_hash:
        return "enclave hash in the report is not SHA3-512 of the sizes and EPM pages"
    if data_len != 64 or report[72:136] != bytes(0xa0 + i for i in range(64)):
        return f"report data is not the 64 bytes the enclave passed (data_len {data_len})"
    key = ctx.cfg["modules"].get("keystone_device_key")
    seed = bytes.fromhex(key) if key else KEYSTONE_DEV_SEED
    want_dev = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw)
    if dev_pub != want_dev:
        return "dev_public_key is not the configured device key's"
    want_sm = _monitor_measurement(ctx.monitor_elf)
    if want_sm is None:
        return f"cannot measure {ctx.monitor_elf} (entry or .rodata missing)"
    if sm_hash != want_sm:
        return "sm.hash is not SHA3-512 of the monitor's .text..end of .rodata"
    checks = ((dev_pub, sm_sig, sm_hash + sm_pub, "sm.signature (device key)"),
              (sm_pub, enc_sig, report[0:72 + data_len], "enclave.signature (SM key)"),
              (sm_pub, sealing[128:], sealing[:128], "sealing key signature (SM key)"))
    for pub, sig, msg, what in checks:
        try:
            Ed25519PublicKey.from_public_bytes(pub).verify(sig, msg)
        except InvalidSignature:
            return f"{what} does not verify"
    return None


# ---- keystone-random (docs/keystone.md, "Randomness") ----

def _random_values(output):
    return re.findall(r"keystone-random: value \d+: (0x[0-9a-f]{16})", output)


def _random_second_boot(output, ctx):
    """The values of this boot and of a second boot of the same command, or a reason."""
    first = _random_values(output)
    if len(first) != 4:
        return None, f"expected 4 keystone-random values, found {len(first)}"
    again = ctx.rerun()
    if again is None:
        return None, "the second boot timed out"
    second = _random_values(again)
    if len(second) != 4:
        return None, f"second boot: expected 4 keystone-random values, found {len(second)}"
    return (first, second), None


def keystone_random_fresh(output, ctx):
    """Under -icount only the entropy source differs between two boots: with Zkr the values
    must differ, else its bits were not absorbed."""
    runs, why = _random_second_boot(output, ctx)
    if why:
        return why
    same = set(runs[0]) & set(runs[1])
    return f"a value came back in a second boot: {sorted(same)}" if same else None


def keystone_random_repeats(output, ctx):
    """Without Zkr the ratchet is deterministic under -icount: the second boot repeats the
    values (what docs/keystone.md says, and proof that keystone_random_fresh can fail)."""
    runs, why = _random_second_boot(output, ctx)
    if why:
        return why
    return None if runs[0] == runs[1] else f"values differ between boots: {runs[0]} {runs[1]}"


CHECKS = {"keystone_attest": keystone_attest, "keystone_random_fresh": keystone_random_fresh,
          "keystone_random_repeats": keystone_random_repeats}
