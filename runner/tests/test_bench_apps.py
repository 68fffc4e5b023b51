"""runner/bench_apps.py: the cell matrix, each cell's config, exit_counter parsing, the tables."""

import os
import tomllib
import unittest

from helpers import tmpdir

import bench_apps
import config


class Cells(unittest.TestCase):
    def test_matrix_is_five_configs_by_three_cpus_without_native_time_trapping(self):
        cells = bench_apps.CELLS
        self.assertEqual(len(cells), 14)
        for conf in bench_apps.CONFIGS:
            self.assertIn(conf, cells)
            self.assertIn(conf + "-nosstc", cells)
        self.assertNotIn("native-traptime", cells)
        for conf in ("monitor", "offload", "protect_payload", "both"):
            mods, cpu, trap = cells[conf + "-traptime"]
            self.assertEqual((cpu, trap), (bench_apps.NOSSTC, True))
            self.assertEqual(bench_apps.native_of(conf + "-traptime"), "native-nosstc")
        self.assertEqual(bench_apps.native_of("both"), "native")

    def _cfg(self, name, counters=False):
        path = bench_apps.cell_config(name, tmpdir(self), counters)
        with open(path, "rb") as f:
            raw = tomllib.load(f)
        return raw, config.load(path)

    def test_cell_configs_are_valid_and_say_what_the_cell_is(self):
        raw, cfg = self._cfg("both-traptime")
        self.assertEqual(raw["vcpu"]["trap_payload_time"], True)
        self.assertEqual(raw["qemu"]["cpu"], bench_apps.NOSSTC)
        self.assertEqual(raw["modules"]["modules"], ["offload", "protect_payload"])
        self.assertEqual(raw["protect_payload"]["expected"], "host")
        raw, cfg = self._cfg("monitor")
        self.assertNotIn("modules", raw)
        self.assertNotIn("cpu", raw["qemu"])
        self.assertFalse(cfg["vcpu"]["trap_payload_time"])

    def test_counters_add_exit_counter(self):
        raw, _ = self._cfg("monitor", counters=True)
        self.assertEqual(raw["modules"]["modules"], ["exit_counter"])
        raw, _ = self._cfg("offload-nosstc", counters=True)
        self.assertEqual(raw["modules"]["modules"], ["offload", "exit_counter"])


class Counters(unittest.TestCase):
    def test_xp_answer_is_parsed_and_checked(self):
        text = ("xp /4gx 0x8000fed8\r\n"
                "000000008000fed8: 0x0000000000000010 0x0000000000000005\r\n"
                "000000008000fee8: 0x0000000000000000 0x00000000000000ff\r\n(qemu) ")
        self.assertEqual(bench_apps.parse_xp(text, 4), [16, 5, 0, 255])
        with self.assertRaises(bench_apps.BenchError):
            bench_apps.parse_xp(text, 16)


def read(path):
    with open(path) as f:
        return f.read()


class Tables(unittest.TestCase):
    def test_ratios_to_the_native_cell_of_the_same_cpu_and_the_paper_column(self):
        rows = []
        for cell, vals in (("native", [100, 100]), ("offload", [50, 70]),
                           ("native-nosstc", [200, 200]), ("offload-traptime", [100, 100])):
            for i, v in enumerate(vals):
                rows.append({"cell": cell, "metric": "redis-get", "value": str(v), "run": i + 1})
        rows.append({"cell": "native", "metric": "boot", "value": "70", "run": 0})
        d = tmpdir(self)
        bench_apps.write_outputs(rows, ["native", "offload", "native-nosstc", "offload-traptime"], "meta",
                                 [{"cell": "offload", "workload": "redis", "run": 1, "seconds": "2.00",
                                   **{k: 0 for k in bench_apps.EXIT_CATEGORIES}, "read time": 500}], d, d)
        md = read(os.path.join(d, "apps.md"))
        self.assertIn("| redis-get | 1.000 (±0.000) | 0.600 (±0.141) | 1.076 / 0.385 (Redis) |", md)
        self.assertIn("| redis-get | 0.500 (±0.000) | 1.076 / 0.385 (Redis) |", md)   # traptime table
        summary = read(os.path.join(d, "apps-summary.csv"))
        self.assertIn("offload-traptime,redis-get,100.00,0.00,2,native-nosstc,0.500", summary)
        self.assertIn("offload,redis,1,2.00,0,500,0", read(os.path.join(d, "apps-exits.csv")))
        self.assertIn("| offload | redis | 0 | 250 | 0 |", md)                     # per second


class Arguments(unittest.TestCase):
    def test_bad_arguments_are_refused(self):
        self.assertEqual(bench_apps.main(["--cells", "nosuch"]), 2)
        self.assertEqual(bench_apps.main(["--runs", "0"]), 2)
        self.assertEqual(bench_apps.main(["--jobs", "9"]), 2)


if __name__ == "__main__":
    unittest.main()
