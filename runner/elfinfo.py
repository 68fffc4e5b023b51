"""Just enough ELF reading to place images: is a file an ELF, and where does it load?

QEMU loads an ELF at its link address and a raw image wherever it is told, so the runner must
know which one it was given before it picks `-kernel` or a loader address (runner/qemu.py).
"""

import struct


def entry(path):
    """Entry point of a 64-bit little-endian ELF, or None if the file is not one."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError:
        return None
    if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
        return None
    return struct.unpack_from("<Q", head, 0x18)[0]


def load_address(path):
    """Lowest physical address of a PT_LOAD segment of a 64-bit little-endian ELF; None if the
    file is not such an ELF (then it is treated as a raw image)."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
                return None
            phoff, = struct.unpack_from("<Q", head, 0x20)
            phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
            f.seek(phoff)
            table = f.read(phentsize * phnum)
    except OSError:
        return None
    addrs = []
    for i in range(phnum):
        p_type, = struct.unpack_from("<I", table, i * phentsize)
        if p_type == 1:   # PT_LOAD
            # Elf64_Phdr: type, flags, offset, vaddr, paddr, filesz, memsz, align
            paddr, = struct.unpack_from("<Q", table, i * phentsize + 0x18)
            filesz, = struct.unpack_from("<Q", table, i * phentsize + 0x20)
            if filesz:
                addrs.append(paddr)
    return min(addrs) if addrs else None


def section(path, name):
    """(address, size) of the named section of a 64-bit little-endian ELF, or None."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)

    def header(i):
        # Elf64_Shdr: name, type, flags, addr, offset, size, ...
        return struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)

    strtab = header(shstrndx)[4]
    for i in range(shnum):
        sh_name, _, _, addr, _, size = header(i)
        end = data.index(b"\0", strtab + sh_name)
        if data[strtab + sh_name:end].decode() == name:
            return addr, size
    return None
