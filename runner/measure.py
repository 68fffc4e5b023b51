"""The sandbox's payload measurement, computed on the host (docs/sandbox.md, "Measurement").

The monitor hashes [payload start, +size) as it is in memory at the first switch to the payload,
followed by the entry pc as 8 little-endian bytes. This computes the same from the payload file
with Python's hashlib, so that a test's expected digest never comes from the monitor's own code:
an ELF is laid out as the loader places it (segments at their physical addresses, gaps and bss
zero), a raw image as its bytes. Usable as a tool:

    python3 runner/measure.py PAYLOAD START [SIZE, 0 = the image] [sha256|sha3-256]
"""

import hashlib
import struct
import sys

ALGS = {"sha256": hashlib.sha256, "sha3-256": hashlib.sha3_256}


def _segments(data):
    """(paddr, file bytes, memsz) of each PT_LOAD of a 64-bit little-endian ELF, or None."""
    if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    out = []
    for i in range(phnum):
        base = phoff + i * phentsize
        p_type, = struct.unpack_from("<I", data, base)
        if p_type != 1:
            continue
        offset, _vaddr, paddr, filesz, memsz = struct.unpack_from("<QQQQQ", data, base + 8)
        if memsz:
            out.append((paddr, data[offset:offset + filesz], memsz))
    return out


def memory_image(path, start):
    """(bytes from start as loaded, entry pc). Raises ValueError for an ELF not above start."""
    with open(path, "rb") as f:
        data = f.read()
    segs = _segments(data)
    if segs is None:
        return data, start
    entry, = struct.unpack_from("<Q", data, 0x18)
    end = max(p + m for p, _, m in segs)
    if min(p for p, _, _ in segs) < start:
        raise ValueError(f"{path}: a segment lies below the payload start {start:#x}")
    image = bytearray(end - start)
    for paddr, body, _ in segs:
        image[paddr - start:paddr - start + len(body)] = body
    return bytes(image), entry


def digest(alg, image, size, entry):
    """Hex digest of image[:size] (zero-padded: RAM is zero where nothing was loaded) + entry."""
    region = image[:size] + bytes(max(0, size - len(image)))
    return ALGS[alg](region + struct.pack("<Q", entry)).hexdigest()


def main(argv):
    if len(argv) not in (3, 4, 5) or (len(argv) == 5 and argv[4] not in ALGS):
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    start = int(argv[2], 0)
    image, entry = memory_image(argv[1], start)
    size = (int(argv[3], 0) if len(argv) > 3 else 0) or len(image)
    alg = argv[4] if len(argv) > 4 else "sha256"
    print(f"{digest(alg, image, size, entry)}  size {size:#x} entry {entry:#x} {alg}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
