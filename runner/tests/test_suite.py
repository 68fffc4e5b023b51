"""runner.py test end to end, with a stand-in monitor (fake_monitor.S) and tiny guests.

Checks the report format, unknown names, build failures that do not stop the run, the timeout
(QEMU really gone afterwards), exit-code checks, and that the shipped manifest is well formed."""

import os
import subprocess
import sys
import unittest

from helpers import HAVE_CROSS, HAVE_QEMU, REPO, build_asm, tmpdir, write

import config
import manifest

RUNNER_PY = os.path.join(REPO, "runner", "runner.py")
HAVE_DEFAULT_FW = os.path.isdir(os.path.join(REPO, "firmware", "default"))


def qemu_running_with(needle):
    """PIDs of live processes whose command line mentions needle (read-only /proc scan)."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if needle.encode() in f.read():
                    pids.append(int(pid))
        except OSError:
            pass
    return pids


@unittest.skipUnless(HAVE_CROSS and HAVE_QEMU, "needs riscv64-unknown-elf-gcc and qemu-system-riscv64")
class EndToEnd(unittest.TestCase):
    def setUp(self):
        self.dir = tmpdir(self)
        self.fake = build_asm("fake_monitor.S", 0x80000000, self.dir)

    def run_tests(self, manifest_text, *names):
        m = write(os.path.join(self.dir, "manifest.toml"), manifest_text)
        res = subprocess.run([sys.executable, RUNNER_PY, "--no-deps", "--build-dir",
                              os.path.join(self.dir, "build"), "--monitor-elf", self.fake,
                              "test", "--manifest", m, *names],
                             capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        return res.returncode, res.stdout

    def test_unknown_name_fails_and_lists_valid_names(self):
        rc, out = self.run_tests('[test.a]\ndescription = "x"\nfirmware = "default"\n', "nosuch")
        self.assertEqual(rc, 1)
        self.assertIn("FAIL nosuch [unknown]\n", out)
        self.assertIn("valid names: a, unit", out)
        self.assertTrue(out.endswith("\n0 passed, 1 failed\n"), out)

    def test_timeout_kills_qemu(self):
        hang = build_asm("hang.S", 0x80200000, self.dir)
        rc, out = self.run_tests(f'[test.hang]\ndescription = "x"\nfirmware = "{hang}"\ntimeout = 2\n', "hang")
        self.assertEqual(rc, 1)
        self.assertIn("FAIL hang [monitor]\n    TIMEOUT after 2 s", out)
        self.assertEqual(qemu_running_with(hang), [])

    def test_build_failure_fails_only_that_test(self):
        hang = build_asm("hang.S", 0x80200000, self.dir)
        rc, out = self.run_tests('[test.nofw]\ndescription = "x"\nfirmware = "no-such-firmware"\n'
                                 f'[test.hang]\ndescription = "x"\nfirmware = "{hang}"\ntimeout = 1\n',
                                 "nofw", "hang")
        self.assertIn("FAIL nofw [monitor]\n    build failed: unknown firmware 'no-such-firmware'", out)
        self.assertIn("FAIL hang [monitor]", out)       # the run went on after the failure
        self.assertTrue(out.endswith("0 passed, 2 failed\n"), out)

    def test_bad_manifest_entry_fails_that_test(self):
        # named: the default selection also runs the host specials (unit, fuzz, the CBMC proofs)
        rc, out = self.run_tests('[test.typo]\ndescription = "x"\nfirmware = "default"\nexpekt = []\n',
                                 "typo")
        self.assertIn("FAIL typo [manifest]\n    tests/manifest.toml [test.typo]: unknown field 'expekt'", out)

    @unittest.skipUnless(HAVE_DEFAULT_FW, "needs firmware/default")
    def test_native_and_monitor_pass_and_compare(self):
        rc, out = self.run_tests('[test.d]\ndescription = "x"\nfirmware = "default"\nnative = true\n'
                                 'expect = ["Hello from default firmware!"]\n'
                                 'expect_monitor = ["Hello, world!", "Number of exits:"]\n', "d")
        self.assertEqual(out, "PASS d [native]\nPASS d [monitor]\n1 passed, 0 failed\n")
        self.assertEqual(rc, 0)

    @unittest.skipUnless(HAVE_DEFAULT_FW, "needs firmware/default")
    def test_native_only_runs_natively_only(self):
        rc, out = self.run_tests('[test.n]\ndescription = "x"\nfirmware = "default"\nnative_only = true\n'
                                 'expect = ["Hello from default firmware!"]\n', "n")
        self.assertEqual(out, "PASS n [native]\n1 passed, 0 failed\n")
        self.assertEqual(rc, 0)

    @unittest.skipUnless(HAVE_DEFAULT_FW, "needs firmware/default")
    def test_unavailable_image_skips_and_is_not_counted(self):
        os.environ["MIRALIS_SKIP_IMAGES"] = "debian"
        self.addCleanup(os.environ.pop, "MIRALIS_SKIP_IMAGES")
        rc, out = self.run_tests('[test.d]\ndescription = "x"\nfirmware = "default"\nimage = "debian"\n'
                                 '[test.e]\ndescription = "x"\nfirmware = "default"\n', "d", "e")
        self.assertEqual(out, "SKIP d: MIRALIS_SKIP_IMAGES names debian\nPASS e [monitor]\n"
                              "skipped (image not available, see the SKIP lines): d\n1 passed, 0 failed\n")
        self.assertEqual(rc, 0)

    @unittest.skipUnless(HAVE_DEFAULT_FW, "needs firmware/default")
    def test_wrong_exit_code_and_missing_line_fail(self):
        rc, out = self.run_tests('[test.code]\ndescription = "x"\nfirmware = "default"\nexit_code = 3\n'
                                 '[test.line]\ndescription = "x"\nfirmware = "default"\nnative = true\n'
                                 'expect = ["never printed"]\n', "code", "line")
        self.assertIn("FAIL code [monitor]\n    QEMU exit code 0, expected 3", out)
        self.assertIn("FAIL line [native]\n    expected line not found (in order): 'never printed'", out)
        self.assertIn("    | Hello from default firmware!", out)    # the output tail is shown
        self.assertEqual(rc, 1)


class ShippedManifest(unittest.TestCase):
    def test_every_entry_is_valid_and_its_config_loads(self):
        tests = manifest.load()
        self.assertIn("default", tests)
        for name, raw in tests.items():
            with self.subTest(test=name):
                t = manifest.check(name, raw)
                config.load(t["config"])
                self.assertTrue(t["expect"] or t["expect_monitor"] or t["build_only"],
                                "a test must expect something")

    def test_real_firmware_and_nested_tests_run_by_default(self):
        # Issues 3 and 4: these belong to a plain `make test`, none of them optional.
        tests = manifest.load()
        wanted = ["opensbi", "opensbi-multihart", "opensbi-jump", "opensbi-u-boot", "linux",
                  "linux-multicores", "linux-4harts", "linux-nosstc", "linux-multicores-nosstc",
                  "nested-virtualization"]
        default = manifest.default_names(tests)
        for name in wanted:
            with self.subTest(test=name):
                self.assertIn(name, default)
                t = manifest.check(name, tests[name])
                self.assertEqual(t["native"], name != "nested-virtualization")


if __name__ == "__main__":
    unittest.main()
