"""runner/output.py: the firmware/monitor line split and the comparisons built on it."""

import unittest

from helpers import RUNNER  # noqa: F401  (sets the import path)

import output

MON = ("[Info  | core] Hello, world!\r\nHello from fw\r\n[Info  | core] Number of exits: 12\r\n"
       "fw line 2\r\nqemu-system-riscv64: terminating on signal 15\n")
NAT = "Hello from fw\nfw line 2\n"


class Lines(unittest.TestCase):
    def test_firmware_lines_drop_monitor_cr_and_qemu_noise(self):
        self.assertEqual(output.firmware_lines(MON), ["Hello from fw", "fw line 2"])
        self.assertIsNone(output.first_difference(output.firmware_lines(NAT), output.firmware_lines(MON)))

    def test_difference_names_first_differing_line(self):
        d = output.first_difference(["a", "b", "c"], ["a", "x", "c"])
        self.assertIn("line 2", d)
        self.assertIn("'x'", d)
        d = output.first_difference(["a", "b"], ["a"])
        self.assertIn("only in the native run", d)

    def test_expected_lines_in_order(self):
        self.assertIsNone(output.missing_expected(MON, ["Hello, world!", "Number of exits:"]))
        self.assertEqual(output.missing_expected(MON, ["Number of exits:", "Hello, world!"]), "Hello, world!")
        self.assertEqual(output.missing_expected(MON, ["absent"]), "absent")

    def test_colour_codes_do_not_hide_expected_text(self):
        text = "[\x1b[32;1mInfo \x1b[0m | core] Number of exits: 7\n"
        self.assertIsNone(output.missing_expected(text, ["Info  | core] Number of exits: 7"]))
        self.assertEqual(output.exit_count(text), 7)

    def test_kernel_lines_count_for_expect_but_not_for_comparison(self):
        # Linux prints with PRINTK_TIME: its lines start with `[` like the monitor's.
        text = "OpenSBI v1.1\n[    0.031501] smp: Brought up 1 node, 2 CPUs\n=== INIT OK ===\n"
        self.assertIsNone(output.missing_expected(text, ["OpenSBI", "smp: Brought up 1 node, 2 CPUs",
                                                         "INIT OK"]))
        self.assertEqual(output.firmware_lines(text), ["OpenSBI v1.1", "=== INIT OK ==="])

    def test_rejected_text_anywhere(self):
        text = "a\n[    0.0006] riscv-timer: Timer interrupt in S-mode is available via sstc extension\n"
        self.assertEqual(output.rejected(text, ["nothing", "sstc extension"])[0], "sstc extension")
        self.assertIsNone(output.rejected(text, ["sstc=off"]))
        self.assertIsNone(output.rejected(text, []))

    def test_exit_count(self):
        self.assertEqual(output.exit_count(MON), 12)
        self.assertIsNone(output.exit_count(NAT))


if __name__ == "__main__":
    unittest.main()
