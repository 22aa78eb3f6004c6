#!/usr/bin/python3
"""check_reports.py IMREF DIR: runs `imref check --suite identity,pair --level
guide` with --json and --junit into DIR and checks that both reports show the
run's level and each case's level and wall time (REQ-CHECK-10, REQ-CHECK-11)."""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET


def main() -> int:
    imref, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    report, junit = os.path.join(out, "report.json"), os.path.join(out, "report.xml")
    run = subprocess.run([imref, "check", "--seed", "1", "--suite", "identity,pair", "--level",
                          "guide", "--json", report, "--junit", junit],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    data = json.load(open(report))
    assert data["level"] == "guide", data["level"]
    levels = {}
    for case in data["cases"]:
        assert case["level"] in ("wire", "guide", "strict"), case
        assert isinstance(case["duration"], (int, float)) and case["duration"] >= 0, case
        levels[case["id"]] = case["level"]
        # A case above the level is skipped, and says so.
        if case["level"] == "strict":
            assert case["status"] == "skip" and "above --level guide" in case["reason"], case
    assert levels["identity/decode/1"] == "wire", levels["identity/decode/1"]
    assert levels["pair/seal/15"] == "guide", levels["pair/seal/15"]  # acceptable_errors
    assert data["passed"] > 0 and data["failed"] == 0 and data["skipped"] > 0, data
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.find("properties/property[@name='level']").get("value") == "guide"
    cases = suite.findall("testcase")
    assert len(cases) == len(data["cases"])
    for case in cases:
        float(case.get("time"))
        assert case.find("properties/property[@name='level']").get("value") == levels[case.get("name")]
    print("reports ok: %d cases, level guide" % len(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
