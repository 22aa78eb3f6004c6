#!/usr/bin/python3
# Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
"""every_bug_is_found.py IMREF IMREF_SHIM ENGINE SECONDS PLAIN_SECONDS OUT_DIR

REQ-FUZZ-6: `imref fuzz --engine ENGINE --seed 1` must find nothing in the
plain reference shim in PLAIN_SECONDS, and must find every bug switch of
`imref-shim --list-bugs` in SECONDS, fuzzing the targets of the switch's layer
(by the requirement it breaks): exit 1, a saved case file that `imref check
--case` replays as a failure against the buggy shim and as a pass against the
plain one. Prints, per switch, the target that found it and after how many
inputs and seconds."""
import os
import re
import shutil
import subprocess
import sys

PAIR_TARGETS = "identity.decode,identity.encode,pair.open,pair.seal,device.generate"
# The targets that fuzz each layer, by the prefix of the requirement a switch
# breaks (longest prefix first: REQ-KEYCHAIN- before REQ-KEY-).
LAYERS = [("REQ-KEYCHAIN-", "keychain.open,scenario"), ("REQ-ID-", PAIR_TARGETS),
          ("REQ-KEY-", PAIR_TARGETS), ("REQ-PAIR-", PAIR_TARGETS), ("REQ-DIR-", "scenario"),
          ("REQ-VERIFY-", "scenario"), ("REQ-ALERT-", "scenario"), ("REQ-DELIVERY-", "scenario"),
          ("REQ-ATTACH-", "attachment.encrypt,attachment.decrypt,scenario"),
          ("REQ-PLIST-", "envelope.decode,envelope.encode"),
          ("REQ-ENVELOPE-", "envelope.decode,envelope.encode")]
# pair-ec: the format (REQ-PAIREC-1..49) has ops of its own; its use in
# registration and delivery (REQ-PAIREC-50 and up) is reached by the scenarios.
PAIR_EC_TARGETS = "pair-ec.open,prekey.verify,key.expand,key.compact"
# In a sanitizer build (scripts/run-sanitized-tests) a report from imref or a
# shim would otherwise pass for the disagreement a bug switch is expected to cause.
SANITIZER_REPORT = re.compile(r"runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)")


def targets_for(requirement):
    if requirement.startswith("REQ-PAIREC-"):
        return PAIR_EC_TARGETS if int(requirement.split("-")[2]) < 50 else "scenario"
    return next((targets for prefix, targets in LAYERS if requirement.startswith(prefix)), None)


def fuzz(imref, iut, engine, seconds, out, targets=None):
    shutil.rmtree(out, ignore_errors=True)
    args = [imref, "fuzz", "--iut", iut, "--engine", engine, "--seconds", str(seconds), "--seed",
            "1", "--out", out]
    if targets:
        args += ["--target", targets]
    proc = subprocess.run(args, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def replay(imref, iut, case):
    proc = subprocess.run([imref, "check", "--case", case, "--iut", iut],
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def main():
    imref, shim, engine, seconds, plain_seconds, out_dir = sys.argv[1:7]
    plain = f"'{shim}'"
    problems = []

    def sanitizer_check(what, out):
        if SANITIZER_REPORT.search(out):
            problems.append(f"{what}: sanitizer report:\n{out[-6000:]}")

    rc, out = fuzz(imref, plain, engine, plain_seconds, os.path.join(out_dir, "plain"))
    sanitizer_check("the plain shim", out)
    if rc != 0:
        problems.append(f"the plain shim gives a disagreement or did not run (exit {rc}):\n{out}")
    else:
        for line in out.splitlines():
            if re.match(r"^[a-z.]+: \d+ inputs", line):
                print(f"plain shim  {line}")
    bugs = subprocess.run([shim, "--list-bugs"], capture_output=True, text=True, check=True)
    found = 0
    for line in bugs.stdout.splitlines():
        name, rest = line.split(None, 1)
        requirement = rest[1:rest.index(")")]
        targets = targets_for(requirement)
        if targets is None:
            problems.append(f"bug {name} breaks {requirement}, a layer with no fuzz target")
            continue
        iut = f"'{shim}' --bug {name}"
        rc, out = fuzz(imref, iut, engine, seconds, os.path.join(out_dir, name), targets)
        sanitizer_check(f"bug {name}", out)
        cases = re.findall(r"^saved case (\S+) ", out, re.M)
        stops = re.findall(r"^([a-z.]+): (\d+) inputs in ([0-9.]+) s .*stopped at a disagreement",
                           out, re.M)
        if rc != 1 or not cases:
            problems.append(f"bug {name} is not found (exit {rc}):\n{out[-3000:]}")
            continue
        for case in cases:
            rc_bug, out_bug = replay(imref, iut, case)
            rc_plain, out_plain = replay(imref, plain, case)
            sanitizer_check(f"bug {name}: replay of {case}", out_bug + out_plain)
            if rc_bug != 1:
                problems.append(f"bug {name}: {case} does not fail against the buggy shim "
                                f"(exit {rc_bug}):\n{out_bug}")
            if rc_plain != 0:
                problems.append(f"bug {name}: {case} does not pass against the plain shim "
                                f"(exit {rc_plain}):\n{out_plain}")
        found += 1
        print(f"{name:30} {requirement:12} found by " +
              ", ".join(f"{t} after {n} inputs ({s} s)" for t, n, s in stops))
    for p in problems:
        print("PROBLEM:", p)
    print(f"{found} bug switches found, {len(problems)} problem(s)")
    return 1 if problems or found == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
