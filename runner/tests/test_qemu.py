"""runner/qemu.py: typing a script on stdin (run_captured) and the command lines of the image layout.

The script tests drive a shell instead of QEMU: run_captured does not care what it runs."""

import os
import sys
import time
import unittest

from helpers import RUNNER, tmpdir, write  # noqa: F401  (sets the import path)

import config
import qemu

# Prints a prompt, reads a line, answers; a second prompt only after the first answer.
ECHO = ("printf 'boot...\\nname? '; read a; echo \"got-$a\"; printf 'again? '; read b; "
        "echo \"got-$b\"; exit 3")


class Script(unittest.TestCase):
    def test_steps_are_typed_in_order_after_their_wait(self):
        res = qemu.run_captured(["sh", "-c", ECHO], 20, script=[["name? ", "x1\n"], ["again? ", "x2\n"]])
        self.assertFalse(res.timed_out)
        self.assertEqual(res.code, 3)
        self.assertIn("got-x1\nagain? got-x2\n", res.output)
        self.assertEqual([t for _, t in res.typed], ["x1\n", "x2\n"])
        self.assertEqual(res.pending, [])

    def test_a_wait_must_come_after_the_previous_one(self):
        # "boot" is printed before "name? ", so the second step waits for a second "boot".
        log = os.path.join(tmpdir(self), "t.log")
        res = qemu.run_captured(["sh", "-c", ECHO], 2, log, script=[["name? ", "x1\n"], ["boot", "x2\n"]])
        self.assertTrue(res.timed_out)
        self.assertEqual(res.pending, [("boot", "x2\n")])
        with open(log) as f:
            text = f.read()
        self.assertIn("# typed at", text)
        self.assertIn("TIMEOUT", text)

    def test_without_a_script_stdin_is_null(self):
        start = time.monotonic()
        res = qemu.run_captured(["sh", "-c", "read a || echo eof"], 20)
        self.assertLess(time.monotonic() - start, 10)
        self.assertIn("eof", res.output)


def elf_at(addr, d):
    """A minimal ELF64 RISC-V executable with one PT_LOAD at addr (elfinfo reads headers only)."""
    import struct
    eh = struct.pack("<4sBBBBB7xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0, 2, 243, 1, addr, 64, 0, 0,
                     64, 56, 1, 64, 0, 0)
    ph = struct.pack("<IIQQQQQQ", 1, 5, 0x1000, addr, addr, 4, 4, 0x1000)
    path = os.path.join(d, f"elf-{addr:#x}.elf")
    with open(path, "wb") as f:
        f.write(eh + ph + bytes(0x1000 - 120) + b"\x13\x00\x00\x00")
    return path


class Layout(unittest.TestCase):
    def setUp(self):
        self.d = tmpdir(self)
        self.cfg = config.load(os.path.join(config.CONFIG_DIR, "qemu-virt-opensbi.toml"))
        self.cfg["qemu"]["path"] = os.path.dirname(write(os.path.join(self.d, qemu.QEMU), ""))
        os.chmod(os.path.join(self.d, qemu.QEMU), 0o755)
        self.sbi = write(os.path.join(self.d, "fw_dynamic.bin"), "raw")

    def test_native_with_the_jump_stub(self):
        payload = elf_at(0x80200000, self.d)
        argv = qemu.command(self.cfg, self.sbi, payload, stub="/stub.bin")
        i = argv.index("-bios")
        self.assertEqual(argv[i + 1], "/stub.bin")
        self.assertIn(f"loader,file={self.sbi},addr=0x80100000,force-raw=on", argv)
        # fw_dynamic learns its next stage from QEMU's fw_dynamic_info only with -kernel.
        self.assertEqual(argv[argv.index("-kernel") + 1], payload)

    def test_monitor_run_of_the_same(self):
        payload = elf_at(0x80200000, self.d)
        argv = qemu.command(self.cfg, self.sbi, payload, monitor="/monitor.elf")
        self.assertEqual(argv[argv.index("-bios") + 1], "/monitor.elf")
        self.assertIn(f"loader,file={self.sbi},addr=0x80100000,force-raw=on", argv)
        self.assertEqual(argv[argv.index("-kernel") + 1], payload)

    def test_payload_elsewhere_stays_a_loader(self):
        self.cfg["target"]["payload"]["start_address"] = 0x80400000
        payload = elf_at(0x80400000, self.d)
        argv = qemu.command(self.cfg, self.sbi, payload, monitor="/monitor.elf")
        self.assertNotIn("-kernel", argv)
        self.assertIn(f"loader,file={payload}", argv)


class Nested(unittest.TestCase):
    """firmware = "monitor:<config>": the checks made before anything is built."""

    def setUp(self):
        from build import Builder
        self.d = tmpdir(self)
        self.b = Builder(os.path.join(self.d, "build"))
        self.outer = config.load("qemu-virt")

    def test_inner_monitor_must_sit_where_the_outer_enters_its_firmware(self):
        from build import BuildError
        inner = write(os.path.join(self.d, "inner.toml"),
                      "[target.miralis]\nstart_address = 0x80800000\n"
                      "[target.firmware]\nstart_address = 0x80600000\n")
        with self.assertRaisesRegex(BuildError, "linked at 0x80800000.*enters its firmware at 0x80200000"):
            self.b.firmware(self.outer, f"monitor:{inner}", native=False)
        with self.assertRaisesRegex(BuildError, "runs only under the monitor"):
            self.b.firmware(self.outer, f"monitor:{inner}", native=True)
        with self.assertRaisesRegex(BuildError, "no such config"):
            self.b.firmware(self.outer, "monitor:no-such-config", native=False)

    def test_shipped_nested_config_fits_the_default_one(self):
        inner = config.load("qemu-virt-nested")
        self.assertEqual(inner["target"]["miralis"]["start_address"],
                         self.outer["target"]["firmware"]["start_address"])
        self.assertEqual(inner["platform"]["nb_harts"], self.outer["platform"]["nb_harts"])


if __name__ == "__main__":
    unittest.main()
