"""runner/bench.py: parsing of bench.h lines, percentiles, config variants and their rejection."""

import os
import tomllib
import unittest

from helpers import tmpdir

import bench


class ParseBench(unittest.TestCase):
    def test_calibration_is_subtracted_and_stats_computed(self):
        text = ("noise\r\n"
                "B empty calib=empty loop=1000:2434 once=434*1000\n"
                "B op calib=empty loop=1000:524434 once=956*998,960*1,1000*1\n")
        r = bench.parse_bench(text)
        self.assertEqual(list(r), ["op"])           # calibrations are not results
        op = r["op"]
        self.assertEqual(op["mean"], 522.0)
        self.assertEqual((op["min"], op["p50"], op["p99"], op["max"]), (522, 522, 522, 566))
        self.assertEqual(op["samples"], 1000)

    def test_missing_calibration_is_an_error(self):
        with self.assertRaises(bench.BenchError):
            bench.parse_bench("B op calib=nothere loop=10:5 once=1*10\n")

    def test_nearest_rank_percentiles(self):
        vals = list(range(1, 101))
        self.assertEqual([bench.pct(vals, p) for p in (50, 90, 99, 100)], [50, 90, 99, 100])
        self.assertEqual(bench.pct([7], 99), 7)


class Variants(unittest.TestCase):
    def test_harts_and_modules_written_and_validated(self):
        d = tmpdir(self)
        path, why = bench.variant_config("benchmarks/configs/bench-opensbi.toml", "v", d,
                                         modules=["exit_counter"], harts=2)
        self.assertIsNone(why)
        with open(path, "rb") as f:
            data = tomllib.load(f)
        self.assertEqual(data["platform"]["nb_harts"], 2)
        self.assertEqual(data["modules"]["modules"], ["exit_counter"])
        self.assertEqual(data["target"]["payload"]["start_address"], 0x80200000)

    def test_rejected_module_gives_a_reason_not_a_config(self):
        path, why = bench.variant_config("benchmarks/configs/bench-virt.toml", "v", tmpdir(self),
                                         modules=["no_such_module"])
        self.assertIsNone(path)
        self.assertIn("no_such_module", why)

    def test_every_column_base_config_is_valid(self):
        for s in bench.SUITES:
            path, why = bench.variant_config(s["config"], "v", tmpdir(self), modules=[])
            self.assertIsNone(why, s["config"])


class ExitLines(unittest.TestCase):
    def test_category_line_splits_into_named_counts(self):
        line = ("[Info | exit_counter] hart 0 exits: not offloaded 348, read time 0, set timer 12, "
                "page fault 3")
        m = bench.CATEGORY.search(line)
        self.assertEqual(m[1], "0")
        items = [i.rpartition(" ") for i in m[2].split(", ")]
        self.assertEqual([(n, int(v)) for n, _, v in items],
                         [("not offloaded", 348), ("read time", 0), ("set timer", 12), ("page fault", 3)])


if __name__ == "__main__":
    unittest.main()
