# Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
"""scripts/mutate: how many plausible bugs of reference/src imref check kills.

Makes small mutants of the reference (scripts/mutation/mutants.py: clang AST
operators), builds imref-shim with each one, and runs `imref check` against
it: the check an outside implementation meets, built once from the unmutated
tree, so the oracle never shares the bug. A mutant is killed when a case
fails (or the shim crashes or hangs), survives when every case passes, and is
invalid when it does not compile. Equivalent mutants are listed once, with a
reason, in scripts/mutation/equivalents.txt and are not run.

  scripts/mutate [--sample N] [--seed S] [--budget MINUTES] [--jobs J]
                 [--layer L,...] [--mutant ID,...] [--list] [--out DIR]
                 [--fail-under PERCENT]

Work trees and builds live in build-mutate/ (one per job, rebuilt
incrementally; the repository itself is never edited). The report goes to
--out (default build-mutate/report): report.md, report.json, and a diff per
survivor. docs/conformance.md, "Mutation testing", gives the figures.
"""

import argparse
import concurrent.futures
import fcntl
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(ROOT, "build-mutate")
EQUIVALENTS = os.path.join(ROOT, "scripts", "mutation", "equivalents.txt")

# Files of reference/src that no shim op reaches, with the reason; their
# mutants are listed (--list) but not sampled.
OUT_OF_REACH = {
    "reference/src/defects/defects.cpp":
        "the deliberate-defect switches themselves: off in a conformance run",
    "reference/src/keychain/posix_filesystem.cpp":
        "the shim keeps keychains in memory; the POSIX store is covered by unit tests",
    "reference/src/crypto/rng.cpp":
        "randomness: imref check verifies randomised outputs and never compares them",
}


# The protocol's layers, which the 90% goal is about (docs/conformance.md).
# Below them, "crypto" (the two backends of the seam, mostly error paths of
# the libraries, covered by the Wycheproof unit tests) and "core" (bytes,
# names, results) are measured on request: --layer crypto,core.
PROTOCOL_LAYERS = ["delivery", "device", "directory", "identity", "keychain", "message", "pair"]

# The inner message's codec (bplist, gzip, the <FILE> elements) lives in
# reference/src/delivery but is a layer of its own: no shim op decodes a
# message yet (the message-layer issue adds message.encode/decode).
MESSAGE_FILES = {"message.cpp", "plist.cpp", "gzip.cpp"}


def layer_of(rel):
    parts = rel.split("/")
    if len(parts) <= 3:
        return "core"
    if parts[2] == "delivery" and parts[3] in MESSAGE_FILES:
        return "message"
    return parts[2]


# --- Set-up ---------------------------------------------------------------

def tracked_files():
    """The repository's files: git's list, or, in a tree without .git, every
    file outside the build directories."""
    r = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                       cwd=ROOT, capture_output=True)
    if r.returncode == 0:
        names = r.stdout.decode().split("\0")
    else:
        names = []
        for top, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if not d.startswith(("build", ".git", "out"))]
            names += [os.path.relpath(os.path.join(top, f), ROOT) for f in files]
    return [f for f in names if f and os.path.isfile(os.path.join(ROOT, f))]


def sync_tree(dest):
    """Copies the repository's files into |dest|, touching only those that
    differ, so the build there stays incremental."""
    for rel in tracked_files():
        src, dst = os.path.join(ROOT, rel), os.path.join(dest, rel)
        with open(src, "rb") as f:
            data = f.read()
        if os.path.exists(dst):
            with open(dst, "rb") as f:
                if f.read() == data:
                    continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as f:
            f.write(data)
        shutil.copymode(src, dst)


class Worker:
    def __init__(self, index, sanitize=False):
        self.dir = os.path.join(WORK, f"w{index}")
        self.src = os.path.join(self.dir, "src")
        self.build = os.path.join(self.dir, "build-asan" if sanitize else "build")
        self.sanitize = sanitize
        self.shim = os.path.join(self.build, "conformance", "imref-shim")

    def prepare(self, targets):
        sync_tree(self.src)
        args = ["cmake", "-S", self.src, "-B", self.build, "-DCMAKE_BUILD_TYPE=Release",
                "-DIMREF_BUILD_TESTS=OFF", "-DIMREF_BUILD_BENCH=OFF", "-DIMREF_WERROR=OFF",
                "-DIMREF_SANITIZE=" + ("ON" if self.sanitize else "OFF")]
        if shutil.which("ccache"):
            args += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DCMAKE_C_COMPILER_LAUNCHER=ccache"]
        run_quiet(args, "configure " + self.dir, self.src)
        run_quiet(["cmake", "--build", self.build, "-j", str(os.cpu_count() or 2), "--target"]
                  + targets, "build " + self.dir, self.src)

    def compile(self, timeout):
        """Builds imref-shim; False when the mutant does not compile."""
        try:
            r = subprocess.run(["cmake", "--build", self.build, "-j", "1", "--target", "imref-shim"],
                               capture_output=True, timeout=timeout, env=build_env(self.src))
            return r.returncode == 0
        except subprocess.TimeoutExpired:
            return False


def build_env(src):
    return dict(os.environ, CCACHE_BASEDIR=src)


def run_quiet(args, what, src):
    r = subprocess.run(args, capture_output=True, text=True, env=build_env(src))
    if r.returncode != 0:
        sys.stderr.write(r.stdout[-4000:] + r.stderr[-4000:])
        sys.exit(f"mutate: {what} failed")


# --- The oracle ------------------------------------------------------------

class Oracle:
    def __init__(self, imref, seed):
        self.imref, self.seed = imref, seed

    def command(self, shim, backend):
        iut = f"'{shim}' --backend {backend}"
        return [self.imref, "check", "--iut", iut, "--fail-fast", "--seed", str(self.seed),
                "--vectors", os.path.join(ROOT, "vectors"), "--timeout", "10",
                "--save-cases", os.path.join(WORK, "failures")]

    def run(self, shim, backend, timeout):
        """'killed' with the first failure, or 'survived'."""
        try:
            r = subprocess.run(self.command(shim, backend), capture_output=True, text=True,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return "killed", "timeout: imref check took over %d s" % timeout
        if r.returncode == 0:
            return "survived", ""
        first = next((l for l in r.stdout.splitlines() if l.startswith("FAIL ")), "")
        if not first:
            first = (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[-1]
        return "killed", first[:300]


def backend_of(rel):
    return "botan" if rel.endswith("botan_provider.cpp") else "openssl"


# --- Mutants ---------------------------------------------------------------

def resource_dir():
    found = sorted(glob.glob("/usr/lib/llvm-14/lib/clang/*"))
    if not found:
        sys.exit("mutate: no clang resource directory under /usr/lib/llvm-14/lib/clang")
    return found[-1]


def all_mutants(worker):
    sys.path.insert(0, os.path.join(ROOT, "scripts", "mutation"))
    from mutants import mutants_of
    entries = json.load(open(os.path.join(worker.build, "compile_commands.json")))
    by_file = {os.path.normpath(e["file"]): e for e in entries}
    found = []
    rdir = resource_dir()
    base = os.path.join(worker.src, "reference", "src")
    for path in sorted(glob.glob(os.path.join(base, "**", "*.cpp"), recursive=True)):
        rel = os.path.relpath(path, worker.src)
        entry = by_file.get(os.path.normpath(path))
        if entry is None:
            continue  # not part of this build
        found += mutants_of(path, rel, layer_of(rel), entry, rdir)
    return found


def load_equivalents():
    marked = {}
    with open(EQUIVALENTS) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            mid, _, reason = line.partition(" ")
            if not reason.strip():
                sys.exit(f"mutate: {EQUIVALENTS}:{n}: {mid} needs a reason")
            marked[mid] = reason.strip()
    return marked


def sample(mutants, size, seed):
    """|size| mutants, shared out evenly among the layers (a layer with fewer
    gives its share to the others), the same for the same seed and tree."""
    rng = random.Random(seed)
    by_layer = {}
    for m in mutants:
        by_layer.setdefault(m.layer, []).append(m)
    for ms in by_layer.values():
        rng.shuffle(ms)
    quota = {layer: 0 for layer in by_layer}
    left = size
    while left > 0 and any(quota[l] < len(by_layer[l]) for l in quota):
        for layer in sorted(quota):
            if left > 0 and quota[layer] < len(by_layer[layer]):
                quota[layer] += 1
                left -= 1
    # Round robin over the layers, so that a budget cut short leaves every
    # layer measured alike.
    picked = []
    for i in range(max(quota.values(), default=0)):
        for layer in sorted(by_layer):
            if i < quota[layer]:
                picked.append(by_layer[layer][i])
    return picked


def diff_of(m, text):
    line_start = text.rfind(b"\n", 0, m.start) + 1
    line_end = text.find(b"\n", m.end)
    before = text[line_start:line_end].decode()
    after = (text[line_start:m.start] + m.replacement.encode() + text[m.end:line_end]).decode()
    return f"--- {m.path}:{m.line} ({m.function})\n-{before}\n+{after}\n"


# --- Running ---------------------------------------------------------------

class Progress:
    def __init__(self, total):
        self.total, self.done, self.lock = total, 0, threading.Lock()
        self.tty = sys.stderr.isatty()

    def step(self, m, outcome):
        with self.lock:
            self.done += 1
            line = f"[{self.done}/{self.total}] {m.id} {m.operator} {m.path}:{m.line}: {outcome}"
            sys.stderr.write(("\r\033[K" + line) if self.tty else line + "\n")
            sys.stderr.flush()


def run_mutant(worker, oracle, m, check_timeout):
    path = os.path.join(worker.src, m.path)
    with open(path, "rb") as f:
        original = f.read()
    started = time.monotonic()
    try:
        with open(path, "wb") as f:
            f.write(m.apply(original))
        if not worker.compile(timeout=600):
            outcome, detail = "invalid", "does not compile"
        else:
            outcome, detail = oracle.run(worker.shim, backend_of(m.path), check_timeout)
    finally:
        with open(path, "wb") as f:
            f.write(original)
    return {"id": m.id, "layer": m.layer, "operator": m.operator, "path": m.path,
            "line": m.line, "function": m.function, "outcome": outcome, "detail": detail,
            "seconds": round(time.monotonic() - started, 1), "diff": diff_of(m, original)}


def run_all(workers, oracle, todo, budget_s, check_timeout, on_result=None):
    deadline = time.monotonic() + budget_s
    progress = Progress(len(todo))
    queue = list(todo)
    lock = threading.Lock()
    results = []

    def drain(worker):
        while True:
            with lock:
                if not queue or time.monotonic() > deadline:
                    return
                m = queue.pop(0)
            r = run_mutant(worker, oracle, m, check_timeout)
            progress.step(m, r["outcome"])
            with lock:
                results.append(r)
                if on_result:
                    on_result(results)

    with concurrent.futures.ThreadPoolExecutor(len(workers)) as pool:
        for f in [pool.submit(drain, w) for w in workers]:
            f.result()
    if progress.tty:
        sys.stderr.write("\n")
    not_run = [m.id for m in queue]
    return results, not_run


# --- Reporting -------------------------------------------------------------

def summarise(results, equivalents_sampled):
    layers = {}
    for r in results:
        s = layers.setdefault(r["layer"], {"killed": 0, "survived": 0, "invalid": 0,
                                           "equivalent": 0})
        s[r["outcome"]] += 1
    for m in equivalents_sampled:
        layers.setdefault(m.layer, {"killed": 0, "survived": 0, "invalid": 0,
                                    "equivalent": 0})["equivalent"] += 1
    for s in layers.values():
        live = s["killed"] + s["survived"]
        s["rate"] = round(100.0 * s["killed"] / live, 1) if live else None
    return layers


def write_report(out, args, layers, results, not_run, total_by_layer, seconds):
    survivors_dir = os.path.join(out, "survivors")
    os.makedirs(survivors_dir, exist_ok=True)
    for old in glob.glob(os.path.join(survivors_dir, "*.diff")):
        os.remove(old)  # an earlier run's: this report lists only its own
    killed = sum(s["killed"] for s in layers.values())
    live = killed + sum(s["survived"] for s in layers.values())
    overall = round(100.0 * killed / live, 1) if live else None
    report = {"seed": args.seed, "sample": args.sample, "sanitize": args.sanitize,
              "seconds": round(seconds),
              "overall_rate": overall, "layers": layers, "mutants_per_layer": total_by_layer,
              "not_run": not_run, "results": sorted(results, key=lambda r: r["id"])}
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump(report, f, indent=1, sort_keys=True)
    mode = ", mutants built with ASan + UBSan" if args.sanitize else ""
    lines = [f"# Mutation testing: seed {args.seed}, sample {args.sample}{mode}", "",
             f"imref check killed {killed} of {live} non-equivalent mutants that compiled "
             f"({overall}%), in {round(seconds / 60, 1)} min.", "",
             "| layer | mutants | sampled | killed | survived | invalid | equivalent | kill rate |",
             "|---|---|---|---|---|---|---|---|"]
    for layer in sorted(layers):
        s = layers[layer]
        sampled = s["killed"] + s["survived"] + s["invalid"] + s["equivalent"]
        rate = "-" if s["rate"] is None else f"{s['rate']}%"
        lines.append(f"| {layer} | {total_by_layer.get(layer, 0)} | {sampled} | {s['killed']} | "
                     f"{s['survived']} | {s['invalid']} | {s['equivalent']} | {rate} |")
    if not_run:
        lines += ["", f"{len(not_run)} sampled mutants were not run: the budget ran out."]
    survivors = sorted((r for r in results if r["outcome"] == "survived"), key=lambda r: r["id"])
    lines += ["", "## Survivors", ""]
    for r in survivors:
        lines += [f"### {r['id']} ({r['layer']}, {r['operator']})", "", "```diff", r["diff"].rstrip(),
                  "```", ""]
        with open(os.path.join(out, "survivors", r["id"] + ".diff"), "w") as f:
            f.write(r["diff"])
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return overall


# --- Main ------------------------------------------------------------------

def parse_args():
    p = argparse.ArgumentParser(prog="scripts/mutate", description=__doc__.split("\n\n")[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sample", type=int, default=210, help="mutants to run (default 210)")
    p.add_argument("--seed", type=int, default=1, help="sampling and imref check seed")
    p.add_argument("--budget", type=float, default=240, help="minutes; no mutant starts after")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel work trees")
    p.add_argument("--layer", default="", help="these layers (comma-separated; 'all'); "
                   "default: " + ",".join(PROTOCOL_LAYERS))
    p.add_argument("--mutant", default="", help="only these mutant ids (comma-separated)")
    p.add_argument("--list", action="store_true", help="list every mutant and stop")
    p.add_argument("--sanitize", action="store_true",
                   help="build the mutants with ASan + UBSan, so that a removed bounds check "
                   "that only reads past the end is a crash (slower)")
    p.add_argument("--out", default=os.path.join(WORK, "report"), help="report directory")
    p.add_argument("--fail-under", type=float, default=None,
                   help="exit 1 when the overall kill rate is below PERCENT")
    return p.parse_args()


def lock_work_dir():
    """One run at a time: a second one would write over the first one's
    mutants in the shared work trees."""
    os.makedirs(WORK, exist_ok=True)
    lock = open(os.path.join(WORK, ".lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"mutate: another scripts/mutate is running in {WORK}")
    return lock


def main():
    args = parse_args()
    lock = lock_work_dir()  # noqa: F841 (held until the process ends)
    started = time.monotonic()
    workers = [Worker(i, args.sanitize) for i in range(max(1, args.jobs))]
    sys.stderr.write(f"mutate: preparing {len(workers)} work tree(s) in {WORK}\n")
    workers[0].prepare(["imref-cli", "imref-shim"])
    mutants = all_mutants(workers[0])
    equivalents = load_equivalents()
    if args.list:
        for m in mutants:
            mark = " (out of reach)" if m.path in OUT_OF_REACH else (
                " (equivalent)" if m.id in equivalents else "")
            print(f"{m.id}\t{m.layer}\t{m.operator}\t{m.path}:{m.line}\t"
                  f"{m.original!r} -> {m.replacement!r}{mark}")
        return 0
    stale = sorted(set(equivalents) - {m.id for m in mutants})
    for mid in stale:
        sys.stderr.write(f"mutate: {EQUIVALENTS} names {mid}, which no longer exists\n")
    in_reach = [m for m in mutants if m.path not in OUT_OF_REACH]
    wanted = set(args.layer.split(",")) if args.layer else set(PROTOCOL_LAYERS)
    if "all" in wanted:
        wanted = {m.layer for m in in_reach}
    in_reach = [m for m in in_reach if m.layer in wanted]
    total_by_layer = {}
    for m in in_reach:
        total_by_layer[m.layer] = total_by_layer.get(m.layer, 0) + 1
    if args.mutant:
        wanted = set(args.mutant.split(","))
        picked = [m for m in mutants if m.id in wanted]
    else:
        picked = sample(in_reach, args.sample, args.seed)
    equivalent = [m for m in picked if m.id in equivalents]
    todo = [m for m in picked if m.id not in equivalents]

    oracle_dir = os.path.join(WORK, "oracle")
    os.makedirs(oracle_dir, exist_ok=True)
    imref = os.path.join(oracle_dir, "imref")
    shutil.copy2(os.path.join(workers[0].build, "conformance", "imref"), imref)
    oracle = Oracle(imref, args.seed)
    for w in workers[1:]:
        w.prepare(["imref-shim"])
    # The unmutated shim passes, and sets the time a mutant may take.
    t0 = time.monotonic()
    for backend in sorted({backend_of(m.path) for m in todo} or {"openssl"}):
        outcome, detail = oracle.run(workers[0].shim, backend, 900)
        if outcome != "survived":
            sys.exit(f"mutate: the unmutated reference fails imref check ({backend}): {detail}")
    baseline = time.monotonic() - t0
    check_timeout = max(60, 5 * baseline)
    sys.stderr.write(f"mutate: baseline check {baseline:.0f} s; {len(todo)} mutants to run "
                     f"({len(equivalent)} sampled are marked equivalent), {len(workers)} at a "
                     f"time, budget {args.budget} min\n")
    def partial(results):  # a report so far, every ten mutants
        if len(results) % 10 == 0:
            write_report(args.out, args, summarise(results, equivalent), results,
                         [], total_by_layer, time.monotonic() - started)

    results, not_run = run_all(workers, oracle, todo, args.budget * 60, check_timeout, partial)
    layers = summarise(results, equivalent)
    overall = write_report(args.out, args, layers, results, not_run, total_by_layer,
                           time.monotonic() - started)
    with open(os.path.join(args.out, "report.md")) as f:
        print(f.read().split("\n## Survivors")[0])
    print(f"report: {os.path.join(args.out, 'report.md')}")
    if args.fail_under is not None and (overall is None or overall < args.fail_under):
        print(f"mutate: kill rate {overall}% is under {args.fail_under}%")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
