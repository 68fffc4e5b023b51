#!/usr/bin/env python3
"""Deliberately broken emulations (docs/verification.md): each MUTANT flips one rule of the monitor
in a copy of one source file; the harness named with it must then fail. A harness that still passes
holds for a wrong reason (its assumptions or its comparison miss the rule).

usage: verify/mutants.py --build-dir D --cc CC --cflags F --srcs S --runs N [harness...]
       verify/mutants.py --cbmc DIR --build-dir D --cflags F --srcs S --cbmc-flags F [harness...]
Builds D/mutant-<harness>/verify-random with the mutated file in place of the original and runs
that harness with the random driver; with --cbmc, builds D/mutant-<harness>/monitor.goto with
DIR/bin/goto-cc and requires cbmc to report VERIFICATION FAILED for that harness (a proof, not a
sample, of the breakage being seen). Exit 0 when every selected mutant was caught."""

import argparse
import os
import resource
import shlex
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# mprv_access's step over the replayed instruction, and the same always by 4 bytes
MPRV_NEXT_PC = "\tc->pc += in->len;\n}\n\n/*\n * The physical address"
MPRV_NEXT_PC_4 = "\tc->pc += 4;\n}\n\n/*\n * The physical address"

# harness, file, text, replacement (the text must occur exactly once); a harness may have more
# than one
MUTANTS = [
    ("read_csr", "src/virt/csr.c", "\t\t*v = c->csr.mtvec;\n", "\t\t*v = c->csr.mtvec | 1;\n"),
    ("write_csr", "src/virt/csr.c", "write_tvec(hw, HW_mtvec, &c->csr.mtvec, v);",
     "write_tvec(hw, HW_mtvec, &c->csr.mtvec, v ^ 4);"),
    ("mret", "src/virt/emul.c", "\tms |= MSTATUS_MPIE;\n", "\tms &= ~MSTATUS_MPIE;\n"),
    ("sret", "src/virt/emul.c", "\tms |= MSTATUS_SPIE;\n", "\tms &= ~MSTATUS_SPIE;\n"),
    ("wfi", "src/virt/emul.c", "arch_wfi(c->csr.mie | MIP_MSIP);\n\tc->pc += 4;",
     "arch_wfi(c->csr.mie | MIP_MSIP);\n\tc->pc += 2;"),
    ("fences", "src/virt/emul.c", "in->rs1 != 0, in->rs2 != 0);\n\t\tc->pc += 4;",
     "in->rs1 != 0, in->rs2 != 0);\n\t\tc->pc += 8;"),
    ("exception_virtualization", "src/virt/trap.c", "\tc->csr.mtval = tval;\n",
     "\tc->csr.mtval = tval ^ 1;\n"),
    ("interrupt_virtualization", "src/virt/trap.c",
     "if (!enabled || (c->mode == PRV_M && !(c->csr.mstatus & MSTATUS_MIE)))", "if (!enabled)"),
    ("verify_decoder", "src/decode/decode.c", "out->csr = (uint16_t)bits(raw, 31, 20);",
     "out->csr = (uint16_t)bits(raw, 30, 20);"),
    ("verify_load", "src/virt/memory.c",
     "\t\tif (cause == 0)\n\t\t\tvctx_set_reg(c, in->rd, decode_load_value(in, val));\n\t} else {",
     "\t\tif (cause == 0)\n\t\t\tvctx_set_reg(c, in->rd, decode_load_value(in, val) ^ 1);\n\t} else {"),
    ("verify_stores", "src/virt/memory.c",
     "cause = arch_mprv_store(addr, in->width, mode, vctx_get_reg(c, in->rs2));",
     "cause = arch_mprv_store(addr, in->width, mode, vctx_get_reg(c, in->rs2) ^ 1);"),
    # the RVC register mapping is the decoder's: verify_decoder catches it (the compressed
    # harnesses use decode's proved contract under CBMC); theirs is the 2-byte pc step
    ("verify_decoder", "src/decode/decode.c", "out->rd = (uint8_t)reg;",
     "out->rd = (uint8_t)(reg ^ 1);"),
    ("verify_decoder", "src/decode/decode.c", "out->rs2 = (uint8_t)reg;",
     "out->rs2 = (uint8_t)(reg ^ 1);"),
    ("verify_compressed_loads", "src/virt/memory.c", MPRV_NEXT_PC, MPRV_NEXT_PC_4),
    ("verify_compressed_stores", "src/virt/memory.c", MPRV_NEXT_PC, MPRV_NEXT_PC_4),
    ("pmp_virtualization", "src/pmp/pmp.c",
     "return c->nb_pmp == 0 && !(sec & MSECCFG_MML) ? RWX : 0;",
     "return c->nb_pmp == 0 && !(sec & MSECCFG_MML) ? RWX : PMP_R;"),
    ("world_switch", "src/virt/world.c", "\t\tc->csr.sscratch = csr_read(CSR_SSCRATCH);\n", ""),
    ("monitor_pmp", "src/pmp/pmp.c", "p->addr[p->voff + i] = c->csr.pmpaddr[i];",
     "p->addr[p->voff + i - 1] = c->csr.pmpaddr[i];"),
    ("mprv_pmp", "src/virt/memory.c", "\tpmp_load_payload_world(c->pmp, c);\n\tpmp_commit(c->pmp);",
     "\tpmp_load_firmware_world(c->pmp, c);\n\tpmp_set_off(c->pmp, c->pmp->mprv, 0);\n"
     "\tpmp_commit(c->pmp);"),
]


# Each cbmc under the same caps as verify/run-cbmc.sh (CBMC_MEMORY_KIB, CBMC_TIMEOUT).
CBMC_MEMORY = int(os.environ.get("CBMC_MEMORY_KIB", "12582912")) * 1024
CBMC_TIMEOUT = int(os.environ.get("CBMC_TIMEOUT", "600"))


def cbmc_limits():
    resource.setrlimit(resource.RLIMIT_AS, (CBMC_MEMORY, CBMC_MEMORY))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--cc", default="")
    ap.add_argument("--cflags", required=True)
    ap.add_argument("--srcs", required=True)
    ap.add_argument("--runs", default="3000")
    ap.add_argument("--cbmc", help="CBMC directory (bin/cbmc, bin/goto-cc): check with CBMC")
    ap.add_argument("--cbmc-flags", default="")
    ap.add_argument("--spec-decode", default="",
                    help="harnesses proved with decode() replaced by verify_decode_spec")
    ap.add_argument("--spec-calls", default="", help="their goto-instrument options")
    ap.add_argument("harness", nargs="*")
    a = ap.parse_args()
    missed = 0
    for harness, path, old, new in MUTANTS:
        if a.harness and harness not in a.harness:
            continue
        with open(os.path.join(REPO, path)) as f:
            text = f.read()
        if text.count(old) != 1:
            print(f"mutant {harness}: {path}: the text to flip occurs {text.count(old)} times "
                  f"(the source changed: update verify/mutants.py)")
            missed += 1
            continue
        out = os.path.join(a.build_dir, f"mutant-{harness}")
        os.makedirs(out, exist_ok=True)
        mutated = os.path.join(out, os.path.basename(path))
        with open(mutated, "w") as f:
            f.write(text.replace(old, new))
        srcs = [mutated if s == path else s for s in a.srcs.split()]
        if a.cbmc:
            binary = os.path.join(out, "monitor.goto")
            cc = [os.path.join(a.cbmc, "bin", "goto-cc")]
        else:
            binary = os.path.join(out, "verify-random")
            cc = shlex.split(a.cc)
        cmd = cc + shlex.split(a.cflags) + ["-I" + os.path.dirname(path), "-o", binary] + srcs
        b = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        if b.returncode == 0 and a.cbmc and harness in a.spec_decode.split():
            # as make verify: decode() replaced by its proved contract (verify/harness.c)
            b = subprocess.run([os.path.join(a.cbmc, "bin", "goto-instrument")] +
                               shlex.split(a.spec_calls) + [binary, binary],
                               cwd=REPO, capture_output=True, text=True)
        if b.returncode != 0:
            print(f"mutant {harness}: build failed:\n{b.stderr[-2000:]}")
            missed += 1
            continue
        if a.cbmc:
            t0 = time.monotonic()
            try:
                r = subprocess.run([os.path.join(a.cbmc, "bin", "cbmc")] +
                                   shlex.split(a.cbmc_flags) + ["--function", harness, binary],
                                   cwd=REPO, capture_output=True, text=True, timeout=CBMC_TIMEOUT,
                                   preexec_fn=cbmc_limits)
            except subprocess.TimeoutExpired:
                r = subprocess.CompletedProcess([], 124, "", f"stopped after {CBMC_TIMEOUT} s")
            failed = [line for line in r.stdout.splitlines() if line.endswith("FAILURE")]
            secs = time.monotonic() - t0
            if r.returncode == 10 and "VERIFICATION FAILED" in r.stdout and failed:
                print(f"mutant {harness} ({path}): caught by CBMC in {secs:.0f} s: "
                      f"{failed[0].strip()}")
            else:
                tail = (r.stdout + r.stderr).strip()[-300:]
                print(f"mutant {harness} ({path}): NOT caught by CBMC (exit {r.returncode}, "
                      f"{secs:.0f} s): {tail}")
                missed += 1
            continue
        r = subprocess.run([binary, a.runs, harness], cwd=REPO, capture_output=True, text=True)
        if r.returncode != 0 and "ASSERTION FAILED" in r.stdout:
            print(f"mutant {harness} ({path}): caught: {r.stdout.strip().splitlines()[-1]}")
        else:
            print(f"mutant {harness} ({path}): NOT caught: {r.stdout.strip()[-300:]}")
            missed += 1
    print(f"verify-mutants: {missed} not caught" if missed else "verify-mutants: all caught")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
