"""runner/config.py: rejection of bad configs, and the generated config.h / config.mk."""

import io
import os
import subprocess
import sys
import time
import unittest
from contextlib import redirect_stderr

from helpers import REPO, tmpdir, write

import config


class Rejects(unittest.TestCase):
    def err(self, text):
        path = write(os.path.join(tmpdir(self), "c.toml"), text)
        with self.assertRaises(config.ConfigError) as cm:
            config.load(path)
        msg = str(cm.exception)
        self.assertIn("c.toml", msg)        # every message names the file
        return msg

    def test_unknown_field_names_table_field_and_allowed(self):
        msg = self.err('[log]\nlevle = "info"\n')
        self.assertIn("[log]", msg)
        self.assertIn("'levle'", msg)
        self.assertIn("level, color", msg)

    def test_unknown_table(self):
        self.assertIn("unknown table 'benchmark'", self.err("[benchmark]\nenable = false\n"))

    def test_wrong_types(self):
        self.assertIn("[vcpu] max_pmp: expected an integer", self.err('[vcpu]\nmax_pmp = "8"\n'))
        self.assertIn("[log] color: expected true or false", self.err("[log]\ncolor = 1\n"))
        self.assertIn("expected an integer", self.err("[debug]\nmax_firmware_exits = true\n"))

    def test_ranges_and_choices(self):
        self.assertIn("allowed 0..64", self.err("[vcpu]\nmax_pmp = 65\n"))
        self.assertIn("allowed 1..8", self.err("[platform]\nnb_harts = 9\n"))
        self.assertIn("trace", self.err('[log]\nlevel = "verbose"\n'))
        self.assertIn("boot_hart_id", self.err("[platform]\nnb_harts = 2\nboot_hart_id = 2\n"))
        self.assertIn("[debug] late_hart", self.err("[platform]\nnb_harts = 2\n[debug]\nlate_hart = 2\n"))
        self.assertIn("[debug] late_hart", self.err("[debug]\nlate_hart = 0\n"))
        self.assertIn("allowed -1..7", self.err("[debug]\nlate_hart = -2\n"))
        self.assertIn("[debug] payload_abi: expected true or false", self.err("[debug]\npayload_abi = 1\n"))

    def test_platform_facts_and_unbuilt_module(self):
        self.assertIn("allowed: qemu_virt", self.err('[platform]\nname = "hifive"\n'))
        self.assertIn("has 5 harts", self.err('[platform]\nname = "visionfive2"\nnb_harts = 6\n'))
        self.assertIn("does not fit", self.err('[platform]\nname = "spike"\n[qemu]\nmachine = "virt"\n'))
        self.assertIn("implemented: exit_counter", self.err('[modules]\nmodules = ["nope"]\n'))
        self.assertIn("unknown module", self.err('[modules]\nmodules = ["nope"]\n'))

    def test_keystone_device_key(self):
        self.assertIn("64 hex digits", self.err('[modules]\nkeystone_device_key = "abc"\n'))
        cfg = config.load(write(os.path.join(tmpdir(self), "k.toml"),
                                '[modules]\nmodules = ["keystone"]\nkeystone_device_key = "' +
                                "0A" * 31 + 'ff"\n'))
        header = config.render_header(cfg)
        self.assertIn("#define CONFIG_KEYSTONE_DEVICE_KEY 0x0a, 0x0a,", header)
        self.assertIn(", 0xff\n", header)
        self.assertNotIn("KEYSTONE", config.render_header(config.load("qemu-virt")))

    def test_bad_toml(self):
        self.assertIn("not valid TOML", self.err("[log\n"))

    def test_cli_exits_2_with_message(self):
        path = write(os.path.join(tmpdir(self), "bad.toml"), "[vcpu]\nmax_pmp = -1\n")
        res = subprocess.run([sys.executable, os.path.join(REPO, "runner", "runner.py"), "--no-deps",
                              "check-config", path], capture_output=True, text=True)
        self.assertEqual(res.returncode, 2)
        self.assertIn("[vcpu] max_pmp", res.stderr)


class Generates(unittest.TestCase):
    def gen(self, text):
        d = tmpdir(self)
        cfg = config.load(write(os.path.join(d, "g.toml"), text))
        out = config.generate(cfg, os.path.join(d, "gen"))
        with open(os.path.join(out, "config.h")) as h, open(os.path.join(out, "config.mk")) as m:
            return h.read(), m.read(), out

    def test_defaults(self):
        h, mk, _ = self.gen("")
        self.assertIn('#define CONFIG_PLATFORM_NAME "qemu_virt"', h)
        self.assertIn("#define CONFIG_MONITOR_START 0x80000000", h)
        self.assertIn("#define CONFIG_FIRMWARE_START 0x80200000", h)
        self.assertIn("#define CONFIG_PAYLOAD_START 0x80400000", h)
        self.assertIn("#define CONFIG_MAX_FIRMWARE_EXITS 0", h)
        self.assertIn("#define CONFIG_RELEASE 0", h)
        self.assertIn("#define CONFIG_PAYLOAD_ABI 0", h)      # the payload reaches no exit/log
        self.assertIn("#define CONFIG_LATE_HART (-1)", h)
        self.assertIn("PROFILE   := dev", mk)
        self.assertIn("PLATFORM  := virt", mk)

    def test_release_modules_and_filters(self):
        h, mk, _ = self.gen('[log]\nlevel = "warn"\ndebug = ["virt"]\ntrace = ["virt", "pmp"]\n'
                            '[modules]\nmodules = ["exit_counter"]\n'
                            '[target.miralis]\nprofile = "release"\n')
        self.assertIn("#define CONFIG_RELEASE 1", h)
        self.assertIn("PROFILE   := release", mk)
        self.assertIn("#define CONFIG_MODULES(X) X(exit_counter)", h)
        self.assertIn('#define CONFIG_LOG_FILTERS { "virt", 5 }, { "pmp", 5 },', h)
        self.assertIn("#define CONFIG_LOG_LEVEL 2", h)
        self.assertIn("#define CONFIG_LOG_MAX_LEVEL 5", h)

    def test_policy_modules_and_trap_payload_time(self):
        h, _, _ = self.gen('[vcpu]\ntrap_payload_time = true\n[modules]\n'
                           'modules = ["offload", "exit_counter", "exit_counter_per_cause", "boot_counter"]\n')
        self.assertIn("#define CONFIG_MODULES(X) X(offload) X(exit_counter) X(exit_counter_per_cause) "
                      "X(boot_counter)", h)
        self.assertIn("#define CONFIG_TRAP_PAYLOAD_TIME 1", h)
        h, _, _ = self.gen("")
        self.assertIn("#define CONFIG_TRAP_PAYLOAD_TIME 0", h)

    def test_header_compiles_as_c11_with_and_without_filters(self):
        cc = "gcc"
        for text in ("", '[log]\ninfo = ["a::b"]\n[modules]\nmodules = ["exit_counter"]\n'):
            _, _, out = self.gen(text)
            src = write(os.path.join(out, "t.c"),
                        '#include <stddef.h>\n#include "config.h"\n'
                        "struct f { const char *m; int l; };\n"
                        "static const struct f fs[] = { CONFIG_LOG_FILTERS { NULL, 0 } };\n"
                        "#define N(x) +1\nint n = 0 CONFIG_MODULES(N);\n"
                        "unsigned long long e = CONFIG_MAX_FIRMWARE_EXITS;\n"
                        "int main(void) { return (int)(sizeof fs / sizeof fs[0]) - 1 - CONFIG_LOG_NB_FILTERS; }\n")
            exe = os.path.join(out, "t")
            subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", src, "-o", exe], check=True)
            self.assertEqual(subprocess.run([exe]).returncode, 0)

    def test_unchanged_files_are_not_rewritten(self):
        _, _, out = self.gen("")
        h = os.path.join(out, "config.h")
        os.utime(h, (1, 1))
        cfg = config.load(os.path.join(os.path.dirname(out), "g.toml"))
        config.generate(cfg, out)
        self.assertEqual(os.stat(h).st_mtime, 1)

    def test_all_shipped_configs_are_valid(self):
        for f in sorted(os.listdir(config.CONFIG_DIR)):
            if f.endswith(".toml"):
                with self.subTest(config=f):
                    config.load(os.path.join(config.CONFIG_DIR, f))

    def test_example_documents_every_field(self):
        with open(os.path.join(config.CONFIG_DIR, "example.toml")) as f:
            text = f.read()

        def walk(schema, prefix):
            for k, v in schema.items():
                if isinstance(v, dict):
                    walk(v, prefix + [k])
                else:
                    self.assertRegex(text, rf"(?m)^#? ?{k} = ", f"[{'.'.join(prefix)}] {k}")
        walk(config.SCHEMA, [])


if __name__ == "__main__":
    unittest.main()


class ProtectPayload(unittest.TestCase):
    """[protect_payload]: the sandbox's measurement settings (docs/sandbox.md)."""

    def load(self, text):
        return config.load(write(os.path.join(tmpdir(self), "c.toml"), text))

    def test_module_needs_an_expected_digest(self):
        with self.assertRaises(config.ConfigError) as cm:
            self.load('[modules]\nmodules = ["protect_payload"]\n')
        self.assertIn("[protect_payload] expected", str(cm.exception))

    def test_bad_digest_and_choices(self):
        for bad in ('expected = "abc"', 'expected = "' + "g" * 64 + '"', 'hash = "md5"',
                    'on_mismatch = "ignore"', "size = -1"):
            with self.assertRaises(config.ConfigError, msg=bad):
                self.load(f"[protect_payload]\n{bad}\n")

    def test_host_digest_is_hashlib_of_the_loaded_elf_and_entry(self):
        import hashlib
        import struct
        d = tmpdir(self)
        # A one-segment ELF: 16 bytes at 0x80400010, memsz 32 (bss), entry 0x80400010.
        body = bytes(range(16))
        ph = struct.pack("<IIQQQQQQ", 1, 5, 0x1000, 0x80400010, 0x80400010, 16, 32, 0x1000)
        eh = b"\x7fELF\x02\x01\x01" + bytes(9) + struct.pack("<HHIQQQIHHHHHH", 2, 243, 1,
                                                               0x80400010, 64, 0, 0, 64, 56, 1, 0, 0, 0)
        elf = eh + ph
        elf += bytes(0x1000 - len(elf)) + body
        path = os.path.join(d, "p.elf")
        with open(path, "wb") as f:
            f.write(elf)
        cfg = self.load('[modules]\nmodules = ["protect_payload"]\n[protect_payload]\nexpected = "host"\n'
                        'hash = "sha3-256"\n')
        out = config.resolve_measurement(cfg, path)
        region = bytes(16) + body + bytes(16)        # gap, file bytes, bss
        self.assertEqual(out["protect_payload"]["size"], 48)
        self.assertEqual(out["protect_payload"]["expected"],
                         hashlib.sha3_256(region + struct.pack("<Q", 0x80400010)).hexdigest())
        self.assertNotEqual(out["name"], cfg["name"])   # its own build directory
        self.assertIn("CONFIG_PP_HASH_ALG 1", config.render_header(out))

    def test_unresolved_digest_is_not_rendered(self):
        cfg = self.load('[modules]\nmodules = ["protect_payload"]\n[protect_payload]\nexpected = "host"\n')
        with self.assertRaises(config.ConfigError):
            config.render_header(cfg)
        with self.assertRaises(config.ConfigError):
            config.resolve_measurement(cfg, None)
