# Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
"""Tests of the mutation operators (mutants.py) on a small C++ file: each
operator finds what it should, and only that; every mutant's bytes apply."""

import glob
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from mutants import mutants_of  # noqa: E402

SOURCE = r"""
#define IMREF_CHECK(expr) do { if (!(expr)) return 1; } while (0)
#define TRY(x) if (!(x)) return 3
namespace defects { inline bool on(int) { return false; } }
int f(int a, int b);
void g(int& x);
void secure_wipe(int* p, int n) { if (n > 0) *p = 0; }
struct V { void reserve(int) {} };

int limits(int n, int m) {
  if (n < 16) return 2;
  if (defects::on(1) && n > 3) return 9;
  IMREF_CHECK(m != 0);
  TRY(m > 1);
  int total = 0x3F;
  g(total);
  V v;
  v.reserve(n + 1);
  secure_wipe(&total, 1);
  for (int i = 0; i < n; ++i) total = total + i;
  bool ok = !(m == 2) || n >= 4;
  return ok ? f(n, m) : total;
}
"""


def line_of(text):
    return next(n for n, l in enumerate(SOURCE.split("\n"), 1) if text in l)


def mutants():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "sample.cpp")
        with open(path, "w") as f:
            f.write(SOURCE)
        entry = {"command": "c++ -std=c++20 -c " + path}
        rdir = sorted(glob.glob("/usr/lib/llvm-14/lib/clang/*"))[-1]
        return mutants_of(path, "reference/src/x/sample.cpp", "x", entry, rdir)


class MutantsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.all = mutants()

    def changes(self, operator):
        return sorted((m.original, m.replacement) for m in self.all if m.operator == operator)

    def test_boundary_moves_each_relational_by_one(self):
        self.assertEqual(self.changes("boundary"), [("<", "<="), ("<", "<="), (">=", ">")])

    def test_equality_and_logic(self):
        self.assertEqual(self.changes("equality"), [("==", "!=")])
        self.assertEqual(self.changes("logic"), [("||", "&&")])

    def test_arith_only_on_integers(self):
        self.assertEqual(self.changes("arith"), [("+", "-")])

    def test_negate_conditions_of_if_and_for(self):
        self.assertIn(("n < 16", "!(n < 16)"), self.changes("negate"))
        self.assertIn(("i < n", "!(i < n)"), self.changes("negate"))

    def test_skip_check_removes_returning_ifs_and_check_macros(self):
        skipped = [o for o, _ in self.changes("skip-check")]
        self.assertIn("if (n < 16) return 2", skipped)
        self.assertIn("IMREF_CHECK(m != 0)", skipped)

    def test_remove_expression_statements(self):
        removed = [o for o, _ in self.changes("remove")]
        self.assertIn("g(total)", removed)
        self.assertIn("total = total + i", removed)

    def test_swap_args_of_the_same_type(self):
        self.assertEqual(self.changes("swap-args"), [("n, m", "m, n")])

    def test_const_moves_literals_both_ways(self):
        self.assertIn(("16", "17"), self.changes("const"))
        self.assertIn(("16", "15"), self.changes("const"))
        self.assertNotIn(("0", "-1"), self.changes("const"))
        self.assertIn(("0x3F", "0x40"), self.changes("const"))
        self.assertIn(("0x3F", "0x3E"), self.changes("const"))

    def test_macro_expansions_are_not_mutated_piecemeal(self):
        self.assertFalse([m for m in self.all if "TRY" in m.original and m.operator != "skip-check"])
        self.assertFalse([m for m in self.all if m.line == line_of("TRY(m > 1)")
                          and m.operator != "skip-check"])

    def test_unobservable_calls_and_wiping_are_left_alone(self):
        for text in ("v.reserve", "secure_wipe(&total", "*p = 0"):
            line = line_of(text)
            self.assertFalse([m for m in self.all if m.line == line], text)

    def test_not_dropped(self):
        self.assertEqual(self.changes("not"), [("!", "")])

    def test_code_behind_a_defect_switch_is_left_alone(self):
        line = line_of("defects::on")
        self.assertFalse([m for m in self.all if m.line == line])

    def test_every_mutant_applies_to_its_own_bytes(self):
        data = SOURCE.encode()
        for m in self.all:
            self.assertEqual(data[m.start:m.end].decode(), m.original)
            self.assertNotEqual(m.apply(data), data)

    def test_ids_are_unique_and_stable(self):
        ids = [m.id for m in self.all]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(ids, [m.id for m in mutants()])


if __name__ == "__main__":
    unittest.main()
