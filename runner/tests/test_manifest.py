"""runner/manifest.py: field checks and the default selection."""

import unittest

from helpers import RUNNER  # noqa: F401  (sets the import path)

import manifest


class Manifest(unittest.TestCase):
    def test_defaults_filled(self):
        t = manifest.check("x", {"description": "d", "firmware": "default"})
        self.assertEqual((t["config"], t["native"], t["compare"], t["exit_code"], t["timeout"]),
                         ("qemu-virt", False, True, 0, 30.0))

    def test_rejections(self):
        bad = [{"firmware": "f"},                                          # no description
               {"description": "d", "firmware": "f", "native": "yes"},     # wrong type
               {"description": "d", "firmware": "f", "exit_code": True},   # bool is not an int here
               {"description": "d", "firmware": "f", "expect": [1]},       # list of non-strings
               {"description": "d", "firmware": "f", "timeout": 0},
               {"description": "d", "firmware": "f", "expected": []}]      # unknown field
        for raw in bad:
            with self.subTest(raw=raw), self.assertRaises(manifest.ManifestError):
                manifest.check("x", raw)

    def test_script_pairs(self):
        t = manifest.check("x", {"description": "d", "firmware": "f", "script": [["=> ", "poweroff\n"]]})
        self.assertEqual(t["script"], [["=> ", "poweroff\n"]])
        for script in (["=> "], [["=> "]], [["=> ", 1]], [["", "x"]], [["a", "b", "c"]]):
            with self.subTest(script=script), self.assertRaises(manifest.ManifestError):
                manifest.check("x", {"description": "d", "firmware": "f", "script": script})

    def test_monitor_as_firmware(self):
        t = manifest.check("x", {"description": "d", "firmware": "monitor:qemu-virt-nested"})
        self.assertFalse(t["native"])
        for raw in ({"firmware": "monitor:qemu-virt-nested", "native": True}, {"firmware": "monitor:"}):
            with self.subTest(raw=raw), self.assertRaises(manifest.ManifestError):
                manifest.check("x", {"description": "d", **raw})

    def test_optional_tests_only_run_when_named(self):
        tests = {"a": {}, "b": {"optional": True}, "c": {"optional": "oops"}}
        self.assertEqual(manifest.default_names(tests), ["a", "c", *manifest.SPECIAL])
        self.assertEqual(manifest.names(tests), ["a", "b", "c", *manifest.SPECIAL])


if __name__ == "__main__":
    unittest.main()
