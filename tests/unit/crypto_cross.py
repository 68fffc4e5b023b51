#!/usr/bin/env python3
"""Independent check of the monitor's crypto (tests/unit/test_crypto_cross.c).

Reads lines `seed public_key message signature` (hex, message may be "-" for empty) plus the
monitor's SHA-256, SHA-512, SHA3-256 and SHA3-512 of the message, and checks every value with
Python's hashlib and the `cryptography` package (Debian python3-cryptography), which share no
code with ours: the public key derived from the seed, the signature verifying under it, and the
signature being byte-identical to the library's own (Ed25519 signing is deterministic).
Prints one line per mismatch and `crypto_cross: N ok`; exit status 1 on any mismatch, 2 when
the library is missing.
"""
import hashlib
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (Ed25519PrivateKey,
                                                                   Ed25519PublicKey)
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
except ImportError as e:
    print(f"crypto_cross: python3-cryptography missing ({e}); run runner/deps.sh", file=sys.stderr)
    sys.exit(2)

MAX_REPORTED = 5


def check(fields):
    seed, pub, msg, sig, h256, h512, h3_256, h3_512 = (
        b"" if f == "-" else bytes.fromhex(f) for f in fields)
    errors = []
    key = Ed25519PrivateKey.from_private_bytes(seed)
    want_pub = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if pub != want_pub:
        errors.append(f"public key {pub.hex()} != {want_pub.hex()}")
    try:
        Ed25519PublicKey.from_public_bytes(pub).verify(sig, msg)
    except InvalidSignature:
        errors.append("signature does not verify")
    if sig != key.sign(msg):
        errors.append("signature differs from the library's")
    for name, got in (("sha256", h256), ("sha512", h512), ("sha3_256", h3_256),
                      ("sha3_512", h3_512)):
        if got != hashlib.new(name, msg).digest():
            errors.append(f"{name} mismatch")
    return errors


def main():
    n = bad = 0
    for line in sys.stdin:
        fields = line.split()
        if not fields:
            continue
        n += 1
        errors = check(fields)
        bad += bool(errors)
        for e in errors[:MAX_REPORTED] if bad <= MAX_REPORTED else []:
            print(f"crypto_cross: case {n} (message of {len(fields[2]) // 2} bytes): {e}")
    print(f"crypto_cross: {n - bad} of {n} cases ok")
    sys.exit(1 if bad or n == 0 else 0)


if __name__ == "__main__":
    main()
