"""Plots and benchmarks/README.md for runner/bench.py (make bench).

Reads only the Bench object's rows (the same data the CSV files hold), so the README and the
plots always agree with results/*.csv.
"""

import os

import bench as B

PROFILE_TOP = 12            # monitor functions listed per profiled path


def _fmt(v):
    if v is None or v == "":
        return "-"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.1f}"
    return f"{int(v):,}"


def _micro(b, suite, op, col):
    for m in b.micro:
        if m["suite"] == suite and m["op"] == op and m["column"] == col:
            return m
    return None


def _insn(b, col, sstc=1):
    for r in b.linux_insn:
        if r["column"] == col and r["sstc"] == sstc:
            return r["instructions"]
    return None


def _wall(b, col, harts, sstc=1):
    for r in b.linux_wall:
        if r["column"] == col and r["harts"] == harts and r["sstc"] == sstc:
            return r
    return None


def _ran(b):
    """The columns that produced anything, in COLUMNS order."""
    seen = {m["column"] for m in b.micro} | {r["column"] for r in b.linux_insn} | \
        {r["column"] for r in b.linux_wall}
    return [c for c in B.COLUMNS if c["name"] in seen]


# ---- plots ----

def plots(b, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    os.makedirs(out, exist_ok=True)
    cols = _ran(b)
    for suite, ops in B.PLOT_OPS.items():
        have = [op for op in ops if any(_micro(b, suite, op, c["name"]) for c in cols)]
        if not have:
            continue
        fig, ax = plt.subplots(figsize=(10, 4.5))
        width = 0.8 / max(1, len(cols))
        for i, c in enumerate(cols):
            vals = [(_micro(b, suite, op, c["name"]) or {}).get("mean", 0) or 0 for op in have]
            xs = [x + i * width for x in range(len(have))]
            ax.bar(xs, [max(v, 0.5) for v in vals], width, label=c["label"])
        ax.set_yscale("log")
        ax.set_xticks([x + width * (len(cols) - 1) / 2 for x in range(len(have))])
        ax.set_xticklabels(have, rotation=20, ha="right")
        ax.set_ylabel("guest instructions per operation (log)")
        ax.set_title(f"micro-benchmarks ({suite}), icount, 1 hart: mean of {B.BENCH_LOOP} back to back")
        ax.legend()
        fig.tight_layout()
        fig.savefig(os.path.join(out, f"micro_{suite}.png"), dpi=90)
        plt.close(fig)

    if b.linux_wall:
        fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
        for ax, sstc in zip(axes, (1, 0)):
            harts = sorted({r["harts"] for r in b.linux_wall})
            width = 0.8 / max(1, len(cols))
            for i, c in enumerate(cols):
                rows = [_wall(b, c["name"], h, sstc) for h in harts]
                med = [r["median_s"] if r else 0 for r in rows]
                lo = [r["median_s"] - r["min_s"] if r else 0 for r in rows]
                hi = [r["max_s"] - r["median_s"] if r else 0 for r in rows]
                xs = [x + i * width for x in range(len(harts))]
                ax.bar(xs, med, width, yerr=[lo, hi], capsize=3, label=c["label"])
            ax.set_xticks([x + width * (len(cols) - 1) / 2 for x in range(len(harts))])
            ax.set_xticklabels([f"{h} hart{'s' if h > 1 else ''}" for h in harts])
            ax.set_title(f"Linux to the init marker, Sstc {'on' if sstc else 'off'}")
        axes[0].set_ylabel("wall time, s (median, min..max)")
        axes[0].legend()
        fig.tight_layout()
        fig.savefig(os.path.join(out, "linux_wall.png"), dpi=90)
        plt.close(fig)

    for p in b.profiles:
        if p["column"] != "monitor":
            continue
        top = sorted(p["functions"].items(), key=lambda kv: -kv[1])[:PROFILE_TOP]
        if not top:
            continue
        fig, ax = plt.subplots(figsize=(8, 0.35 * len(top) + 1.2))
        ax.barh([k for k, _ in reversed(top)], [n / p["per"] for _, n in reversed(top)])
        unit = p["unit"]
        ax.set_xlabel(f"monitor instructions {unit}")
        ax.set_title(f"where the monitor's instructions go: {p['name']}")
        fig.tight_layout()
        fig.savefig(os.path.join(out, f"profile_{p['name']}.png"), dpi=90)
        plt.close(fig)


# ---- README ----

def _target_rows(b, cols):
    rows = []
    plain = {key for key, *_ in B.TARGETS if "@" not in key}
    for key, label, unit, target, orig in B.TARGETS:
        metric, _, at = key.partition("@")
        suite, op = metric.split(".")
        # a metric that has its own row already: this one is about its column alone
        shown = [c for c in cols if not at or metric not in plain or c["name"] == at]
        vals = {c["name"]: (_micro(b, suite, op, c["name"]) or {}).get("mean") for c in shown}
        rows.append((label + (f" [{at}]" if at else ""), target, orig, vals))
    nat = _insn(b, "native")
    rows.append(("Linux boot to kernel_power_off, 1 hart, instructions (ratio to native) [offload]",
                 "<= 1.01 x", "-",
                 {c["name"]: (f"{_insn(b, c['name']):,} ({_insn(b, c['name']) / nat:.3f} x)"
                              if _insn(b, c["name"]) and nat else None) for c in cols}))
    for h in (1, 2):
        natw = _wall(b, "native", h)
        rows.append((f"Linux boot wall time to the init marker, {h} hart{'s' if h > 1 else ''}, "
                     f"median s (ratio) [offload]", "<= 1.10 x", "-",
                     {c["name"]: (f"{_wall(b, c['name'], h)['median_s']:.3f} "
                                  f"({_wall(b, c['name'], h)['median_s'] / natw['median_s']:.2f} x)"
                                  if _wall(b, c["name"], h) and natw else None) for c in cols}))
    img = {r["column"]: r["bytes"] for r in b.image}
    rows.append(("release image, bytes (monitor.bin)", "<= 32,768", "65,376",
                 {c["name"]: img.get(c["name"]) for c in cols}))
    stk = {}
    for r in b.stack:
        stk[r["column"]] = max(stk.get(r["column"], 0), r["bytes"])
    rows.append(("deepest monitor stack over all runs, bytes", "<= 2,048", "4,232",
                 {c["name"]: stk.get(c["name"]) for c in cols}))
    return rows


def _cell(v):
    return v if isinstance(v, str) else _fmt(v)


def readme(b, path, meta):
    cols = [c for c in B.COLUMNS]
    ran = {c["name"] for c in _ran(b)}
    L = []
    L += ["# Benchmarks", "",
          "Generated by `make bench` (runner/bench.py, runner/benchreport.py); do not edit by hand.",
          f"Run {meta['started_utc']} on commit `{meta['commit']}`, {meta['qemu']}, "
          f"{meta['seconds']:.0f} s{' (quick mode)' if meta['quick'] else ''}.", "",
          "- **Instructions** are guest instructions in every privilege mode, counted by QEMU under "
          "`-icount shift=0,align=off,sleep=off` with 1 hart (minstret/instret read by the "
          "benchmark, or the insnprof plugin of tools/qemu-plugin): the micro-benchmarks are "
          "identical from run to run; a Linux boot varies by up to a few thousand instructions "
          "(< 0.003 %; probably the console: the UART's transmit status follows the host's "
          "reading of QEMU's output). The original Miralis reports cycles on Spike, which "
          "retires about one instruction per cycle.",
          "- **Micro-benchmarks** (firmware/bench-fw with payload/bench-ws, payload/bench-sbi, harness "
          "firmware/common/bench.h): the mean of "
          f"{B.BENCH_LOOP} operations back to back, and {B.BENCH_LOOP} single timings for "
          "min/p50/p90/p99/max. A counter read around the operation is calibrated away (the "
          "same harness without the operation), so an operation costs the instructions retired "
          "because of it: natively 1 for a CSR access. The world switch is an S-mode `ecall` to a "
          "4-instruction firmware handler (`csrr mepc`, `addi`, `csrw mepc`, `mret`): natively 5 "
          "(the ecall and the handler; the issue's \"6\" is the raw counter delta, one more); "
          "its S-mode side is a separate payload (bench-ws), so the sandbox measures and "
          "protects it.",
          "- **SBI calls** run through Debian's OpenSBI 1.1 fw_jump with the payload in S-mode, "
          "natively (OpenSBI in M-mode) and under the monitor (OpenSBI in virtual M-mode).",
          "- **Linux**: the project's Linux 6.1 + busybox image (runner/images.py) through OpenSBI "
          "fw_dynamic. Instructions from reset to `kernel_power_off` (1 hart, icount); wall time "
          "from QEMU's start to the init marker on the console, without icount, median of "
          "several runs (min..max), on a shared 2-core host: only the ratios mean much.",
          "- Columns: " + "; ".join(f"`{c['name']}` = {c['label']}" for c in cols) + ".", ""]
    if b.skipped:
        L += ["**Skipped columns** (the config validator rejects their modules):", ""]
        L += [f"- `{c}`: {why}" for c, why in b.skipped.items()]
        L += [""]
    if b.skipped_suites:
        L += ["**Suites not run in a column:**", ""]
        L += [f"- `{s}` in `{c}`: {why}" for (s, c), why in b.skipped_suites.items()]
        L += [""]
    if meta["errors"]:
        L += ["**Errors in this run:**", ""] + [f"- {e}" for e in meta["errors"]] + [""]

    L += ["## Targets (issue 9)", "",
          "| metric | target | original (Spike) | " + " | ".join(c["name"] for c in cols) + " |",
          "|---|---|---|" + "---|" * len(cols)]
    for label, target, orig, vals in _target_rows(b, cols):
        L.append(f"| {label} | {target} | {orig} | " +
                 " | ".join(_cell(vals.get(c["name"])) if c["name"] in ran else "skipped"
                            for c in cols) + " |")
    L += ["", "[offload], [sandbox]: the column the target is about; the others are shown for "
          "comparison, except in a row whose measurement has a row of its own above (the world "
          "switch with the sandbox): there only its column.", ""]

    for suite in B.SUITES:
        ops = sorted({m["op"] for m in b.micro if m["suite"] == suite["name"]},
                     key=lambda o: (B.PLOT_OPS.get(suite["name"], []) + [o]).index(o))
        if not ops:
            continue
        L += [f"## Micro-benchmarks: {suite['name']} ({suite['firmware']}"
              f"{' + ' + suite['payload'] if suite['payload'] else ''}"
              f"{', QEMU ' + ' '.join(suite['qemu_args']) if suite.get('qemu_args') else ''})", "",
              "Instructions per operation: mean (back to back) / p50 / p99 / max of the single "
              "timings.", "",
              "| operation | " + " | ".join(c["name"] for c in cols) + " |",
              "|---|" + "---|" * len(cols)]
        for op in ops:
            cells = []
            for c in cols:
                m = _micro(b, suite["name"], op, c["name"])
                cells.append("skipped" if c["name"] not in ran else "-" if not m else
                             f"{_fmt(m['mean'])} / {_fmt(m['p50'])} / {_fmt(m['p99'])} / "
                             f"{_fmt(m['max'])}")
            L.append(f"| {op} | " + " | ".join(cells) + " |")
        notes = [B.OP_NOTES[op] for op in ops if op in B.OP_NOTES]
        if notes:
            L += [""] + [f"- {n}" for n in notes]
        L += ["", f"![{suite['name']}](plots/micro_{suite['name']}.png)", ""]

    if b.linux_insn or b.linux_wall:
        L += ["## Linux boot", "", "Instructions from reset to `kernel_power_off`, 1 hart:", "",
              "| Sstc | " + " | ".join(c["name"] for c in cols) + " |",
              "|---|" + "---|" * len(cols)]
        for sstc in (1, 0):
            nat = _insn(b, "native", sstc)
            cells = []
            for c in cols:
                v = _insn(b, c["name"], sstc)
                cells.append("-" if v is None else
                             f"{v:,}" + (f" ({v / nat:.3f} x)" if nat and c["name"] != "native" else ""))
            L.append(f"| {'on' if sstc else 'off'} | " + " | ".join(cells) + " |")
        L += ["", "Wall time to the init marker, s: median (min..max) of the runs:", "",
              "| harts | Sstc | " + " | ".join(c["name"] for c in cols) + " |",
              "|---|---|" + "---|" * len(cols)]
        for h in sorted({r["harts"] for r in b.linux_wall}):
            for sstc in (1, 0):
                cells = []
                for c in cols:
                    w = _wall(b, c["name"], h, sstc)
                    cells.append("-" if not w else
                                 f"{w['median_s']:.3f} ({w['min_s']:.3f}..{w['max_s']:.3f}, n={w['runs']})")
                L.append(f"| {h} | {'on' if sstc else 'off'} | " + " | ".join(cells) + " |")
        L += ["", "![Linux wall time](plots/linux_wall.png)", ""]
    if b.linux_exits:
        L += ["Monitor exits during the boot (1 hart, icount), counted in a separate run with the "
              "modules " + ", ".join(f"`{m}`" for m in B.EXIT_COUNTERS) + ": by cause and by the world "
              "that trapped, by category (what the exit was for), and in total:", "",
              "| column | Sstc | kind | what | from firmware | from payload | count |",
              "|---|---|---|---|---|---|---|"]
        for r in b.linux_exits:
            L.append(f"| {r['column']} | {'on' if r['sstc'] else 'off'} | {r['kind']} | {r['name']} | "
                     f"{_fmt(r.get('from_firmware'))} | {_fmt(r.get('from_payload'))} | "
                     f"{_fmt(r.get('count'))} |")
        L += ["", "The same counts with 2 harts as well, Sstc on and off, summed per column with the "
              "offload reduction: [results/linux_exits_table.md](results/linux_exits_table.md) "
              "(`make bench-exits`).", ""]

    if b.profiles:
        L += ["## Where the monitor's instructions go", "",
              "Counted per instruction address with the insnprof TCG plugin (tools/qemu-plugin), "
              "1 hart, icount, mapped to the monitor's functions by its symbol table; per "
              "operation for the micro-benchmark loops (the window between the loop's labels), for "
              "the whole boot for Linux. Images: the monitor runs in M-mode, the firmware image in "
              "virtual M-mode (physically U), payload "
              "and kernel in S-mode, the rest is Linux user space. Reproduce one with "
              "`make profile FIRMWARE=bench-fw PAYLOAD=bench-ws "
              "CONFIG=benchmarks/configs/bench-virt.toml WINDOW=csrw_mscratch`.", ""]
        for p in b.profiles:
            unit = p["unit"]
            L += [f"### {p['name']} ({p['column']}): {p['total'] / p['per']:,.1f} guest "
                  f"instructions and {p['exits'] / p['per']:,.1f} exits {unit}", "",
                  "| where | instructions |", "|---|---|"]
            for k, n in sorted(p["regions"].items(), key=lambda kv: -kv[1]):
                L.append(f"| {k} | {_fmt(n / p['per'])} |")
            cats = {}
            for k, n in p["functions"].items():
                cats[B.category(k)] = cats.get(B.category(k), 0) + n
            for k, n in sorted(cats.items(), key=lambda kv: -kv[1]):
                L.append(f"| monitor: {k} | {_fmt(n / p['per'])} |")
            for k, n in sorted(p["functions"].items(), key=lambda kv: -kv[1])[:PROFILE_TOP]:
                L.append(f"| `{k}` ({B.category(k)}) | {_fmt(n / p['per'])} |")
            if p["column"] == "monitor" and os.path.exists(
                    os.path.join(os.path.dirname(path), "plots", f"profile_{p['name']}.png")):
                L += ["", f"![{p['name']}](plots/profile_{p['name']}.png)"]
            L += [""]

    if b.stack:
        L += ["## Deepest monitor stack per run", "", "| run | bytes |", "|---|---|"]
        L += [f"| {r['run']} | {r['bytes']:,} |" for r in b.stack]
        L += [""]
    L += ["## Files", "",
          "[fast-path.md](fast-path.md): the profile of the monitor before the fast-path work, "
          "read as a to-do list (written by hand).", "",
          "`results/`: micro.csv, linux_instructions.csv, linux_wall.csv, linux_exits.csv, "
          "profiles.csv, image.csv, stack.csv, skipped.csv, meta.json. `plots/`: PNG. Raw QEMU logs "
          "and plugin profiles of the last run: build/bench/logs/.", ""]
    with open(path, "w") as f:
        f.write("\n".join(L))
