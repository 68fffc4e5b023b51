"""Reading a guest's console output: firmware lines, expected lines, exit counts.

The contract (docs/build-contract.md, "Tests") splits the console in two: lines starting with `[`
come from the monitor, every other line from the firmware or payload. A native run has only the
latter, so comparing them line for line shows whether the monitor changed what the firmware did.
"""

import re

# What QEMU itself prints on the same stream (warnings, "terminating on signal N"): never guest output.
_QEMU_NOISE = re.compile(r"^(qemu-system-riscv64|qemu-system-\w+|QEMU)[: ]")
_EXITS = re.compile(r"Number of exits: *(\d+)")
_SWITCHES = re.compile(r"World switches into the firmware: *(\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def lines(text):
    """Console text as lines, CR stripped (the UART driver may print CRLF)."""
    return text.replace("\r", "").split("\n")


def firmware_lines(text):
    """The lines the firmware or payload printed, in order.

    QEMU noise is dropped, and so are empty lines at the very end: whether the
    output ends with a newline depends on when QEMU stopped, not on the guest."""
    out = [ln for ln in lines(text) if not ln.startswith("[") and not _QEMU_NOISE.match(ln)]
    while out and not out[-1].strip():
        out.pop()
    return out


def monitor_lines(text):
    return [ln for ln in lines(text) if ln.startswith("[")]


def missing_expected(text, expected):
    """Return the first expected substring that does not appear, in order, or None.

    Each expected entry must be found on a line after the line that matched the previous
    one (contract: "lines that must appear, in order (substring match)"). Colour codes
    are ignored so a coloured log still matches, unless the expected text itself holds
    an escape sequence (then it is matched against the raw line, to test colours)."""
    raw = lines(text)
    plain = [_ANSI.sub("", ln) for ln in raw]
    pos = 0
    for want in expected:
        view = raw if "\x1b" in want else plain
        while pos < len(view) and want not in view[pos]:
            pos += 1
        if pos == len(plain):
            return want
        pos += 1
    return None


def rejected(text, rejects):
    """The first line (colour codes removed) that holds one of the rejected substrings, as
    (substring, line), or None."""
    for ln in lines(text):
        plain = _ANSI.sub("", ln)
        for bad in rejects:
            if bad in plain:
                return bad, plain
    return None


def first_difference(native, monitor):
    """Compare two lists of firmware lines; None if equal, else a short description."""
    for i, (a, b) in enumerate(zip(native, monitor)):
        if a != b:
            return f"firmware line {i + 1} differs: native {a!r}, monitor {b!r}"
    if len(native) != len(monitor):
        i = min(len(native), len(monitor))
        longer, extra = ("native", native[i]) if len(native) > i else ("monitor", monitor[i])
        return (f"firmware line {i + 1} only in the {longer} run: {extra!r} "
                f"({len(native)} native lines, {len(monitor)} monitor lines)")
    return None


def exit_count(text):
    """The monitor's `Number of exits: N` (spec 1.7, SUCCESS), last one printed, or None."""
    found = _EXITS.findall(_ANSI.sub("", text))
    return int(found[-1]) if found else None


def switch_count(text):
    """exit_counter's `World switches into the firmware: N` (all harts), last one, or None."""
    found = _SWITCHES.findall(_ANSI.sub("", text))
    return int(found[-1]) if found else None


def tail(text, n=30):
    """The last n lines of output, for failure reports."""
    ls = lines(text.rstrip("\n"))
    return ls[-n:] if text.strip() else []
